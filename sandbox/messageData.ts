/** `messageData` objects for each message kind, shaped like the webhooks.json examples. */
import { MESSAGE_KINDS } from '../nodes/GreenApi/events/eventCatalogue';
import { THUMBNAIL_BASE64, type FileMessageKind } from './media';
import { quotedMessageOf } from './messages';
import type { MessageData, StoredMessage } from './state';

const notForwarded = { isForwarded: false, forwardingScore: 0 };

export const URL_IN_TEXT = /https?:\/\/[^\s]+/i;

export function textData(text: string): MessageData {
	return { typeMessage: 'textMessage', textMessageData: { textMessage: text } };
}

export interface PreviewInput {
	title?: string;
	description?: string;
}

/** Text with a link preview. */
export function linkData(text: string, preview: PreviewInput = {}): MessageData {
	const link = URL_IN_TEXT.exec(text)?.[0] ?? '';
	let host = '';
	try {
		host = link ? new URL(link).hostname : '';
	} catch {
		host = '';
	}
	return {
		typeMessage: 'extendedTextMessage',
		extendedTextMessageData: {
			text,
			description: preview.description ?? '',
			title: preview.title ?? host,
			previewType: 'None',
			jpegThumbnail: THUMBNAIL_BASE64,
			...notForwarded,
		},
	};
}

/** A text reply: extendedTextMessageData with stanzaId/participant plus quotedMessage. */
export function quotedTextData(text: string, target: StoredMessage): MessageData {
	return {
		typeMessage: 'quotedMessage',
		extendedTextMessageData: { text, stanzaId: target.idMessage, participant: target.senderId },
		quotedMessage: quotedMessageOf(target),
	};
}

export interface FileInput {
	downloadUrl: string;
	caption: string;
	fileName: string;
	mimeType: string;
}

export function fileData(kind: FileMessageKind, file: FileInput, quoted?: StoredMessage): MessageData {
	const data: MessageData = {
		typeMessage: kind,
		fileMessageData: {
			downloadUrl: file.downloadUrl,
			caption: file.caption,
			fileName: file.fileName,
			jpegThumbnail: THUMBNAIL_BASE64,
			mimeType: file.mimeType,
			...notForwarded,
			...(kind === 'stickerMessage' ? { isAnimated: false } : {}),
		},
	};
	if (quoted) data.quotedMessage = quotedMessageOf(quoted);
	return data;
}

export interface LocationInput {
	nameLocation: string;
	address: string;
	latitude: number;
	longitude: number;
}

export function locationData(location: LocationInput, quoted?: StoredMessage): MessageData {
	const data: MessageData = {
		typeMessage: 'locationMessage',
		locationMessageData: { ...location, jpegThumbnail: THUMBNAIL_BASE64, ...notForwarded },
	};
	if (quoted) data.quotedMessage = quotedMessageOf(quoted);
	return data;
}

export function contactData(displayName: string, vcard: string, quoted?: StoredMessage): MessageData {
	const data: MessageData = {
		typeMessage: 'contactMessage',
		contactMessageData: { displayName, vcard, ...notForwarded },
	};
	if (quoted) data.quotedMessage = quotedMessageOf(quoted);
	return data;
}

export function pollData(name: string, options: string[], multipleAnswers: boolean, quoted?: StoredMessage): MessageData {
	const data: MessageData = {
		typeMessage: 'pollMessage',
		pollMessageData: {
			name,
			options: options.map((optionName) => ({ optionName })),
			multipleAnswers,
		},
	};
	if (quoted) data.quotedMessage = quotedMessageOf(quoted);
	return data;
}

/** The data key a message kind keeps its payload under (shared event catalogue). */
export function dataKeyOf(typeMessage: string): string | undefined {
	const lower = typeMessage.toLowerCase();
	return MESSAGE_KINDS.find((k) => k.value.toLowerCase() === lower)?.dataKey;
}

/** A copy of a message as forwardMessages sends it: marked forwarded, score + 1, no quote. */
export function forwardedData(original: MessageData): MessageData {
	const copy = JSON.parse(JSON.stringify(original)) as MessageData;
	delete copy.quotedMessage;
	if (copy.typeMessage === 'quotedMessage' || copy.typeMessage === 'reactionMessage') {
		const text = String((copy.extendedTextMessageData as Record<string, unknown>)?.text ?? '');
		return {
			typeMessage: 'textMessage',
			textMessageData: { textMessage: text, isForwarded: true, forwardingScore: 1 },
		};
	}
	const key = dataKeyOf(copy.typeMessage);
	const payload = key ? (copy[key] as Record<string, unknown> | undefined) : undefined;
	if (payload && typeof payload === 'object') {
		payload.isForwarded = true;
		payload.forwardingScore = Number(payload.forwardingScore ?? 0) + 1;
	}
	return copy;
}
