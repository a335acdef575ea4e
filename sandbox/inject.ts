/**
 * Messages that arrive from outside the API: from contacts (incomingMessageReceived) or from the
 * phone (outgoingMessageReceived). Every typeMessage of webhooks.json can be produced; fields not
 * given default to the contract's example, media get a working downloadUrl from the file store.
 */
import { findMessageType } from './contract';
import { ControlError, type SandboxCore } from './core';
import { messageNotification } from './events';
import { incomingMessageId, nowSeconds } from './ids';
import { kindForFileName, mimeForFileName, sampleFile, THUMBNAIL_BASE64, type FileMessageKind } from './media';
import { contactData, dataKeyOf, fileData, linkData, locationData, pollData, quotedTextData, textData } from './messageData';
import { findById, latestInChat, quotedMessageOf, storeMessage, vcardFor } from './messages';
import { createGroupRecord } from './methods/groups';
import { type Instance, type MessageData, type StoredMessage, phoneOf } from './state';
import { chatKind, isPlainObject } from './validate';

export interface InjectedFile {
	/** File content, base64. */
	base64: string;
	fileName?: string;
	mimeType?: string;
}

export interface ContactCardInput {
	displayName?: string;
	phone?: string;
	vcard?: string;
}

export interface MessageInput {
	/** Any typeMessage of webhooks.json (case-insensitive). Default 'textMessage'. */
	typeMessage?: string;
	/** Default '79001234567@c.us'. A new '…@g.us' id creates the group. */
	chatId?: string;
	/** Author in groups (incoming only). Default: the chat itself, or 79001234567@c.us in groups. */
	sender?: string;
	senderName?: string;
	senderContactName?: string;
	/** Group subject when the group is new. */
	chatName?: string;
	idMessage?: string;
	timestamp?: number;
	/** Text, link text, reply text, reaction emoji, edited text; the caption of media if caption is not given. */
	text?: string;
	caption?: string;
	/** Media content; without it (and without url) a sample file of the right kind is used. */
	file?: InjectedFile;
	/** Media given by link: used as downloadUrl as-is (not fetched). */
	url?: string;
	fileName?: string;
	mimeType?: string;
	latitude?: number;
	longitude?: number;
	nameLocation?: string;
	address?: string;
	contact?: ContactCardInput;
	contacts?: ContactCardInput[];
	poll?: { name?: string; options?: string[]; multipleAnswers?: boolean };
	/** pollUpdateMessage: option names the sender has chosen. Default: the first option. */
	votes?: string[];
	/** Target of a reply or reaction. Default: the latest message in the chat. */
	quotedMessageId?: string;
	/** Target of an edit, delete, vote or button reply. Default: a fitting recent message in the chat. */
	stanzaId?: string;
	isForwarded?: boolean;
	forwardingScore?: number;
	/** Merged into the data object last, for anything not covered above. */
	data?: Record<string, unknown>;
}

export const DEFAULT_CHAT = '79001234567@c.us';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const EVENT_KINDS = ['editedMessage', 'deletedMessage', 'reactionMessage', 'pollUpdateMessage'];

/** Contract name for a typeMessage given in any case (also the singular templateButtonReplyMessage spelling). */
export function contractTypeMessage(input: string | undefined): string {
	const name = input ?? 'textMessage';
	if (name.toLowerCase() === 'templatebuttonreplymessage') return 'templateButtonsReplyMessage';
	const found = findMessageType(name);
	if (!found) throw new ControlError(400, `unknown typeMessage '${name}'`);
	return found.name;
}

function exampleData(typeMessage: string): MessageData {
	const example = findMessageType(typeMessage)?.example;
	return clone(example ?? { typeMessage }) as MessageData;
}

/** Stores (or links) the file of an injected media message. */
export function mediaFile(
	core: SandboxCore,
	inst: Instance,
	kind: FileMessageKind,
	input: Pick<MessageInput, 'file' | 'url' | 'fileName' | 'mimeType'>,
) {
	if (input.file) {
		if (typeof input.file.base64 !== 'string') throw new ControlError(400, "'file.base64' must be a string");
		const data = Buffer.from(input.file.base64, 'base64');
		const sample = sampleFile(kind);
		const fileName = input.file.fileName ?? input.fileName ?? sample.fileName;
		const mimeType = input.file.mimeType ?? input.mimeType ?? mimeForFileName(fileName);
		const stored = core.files.put({ idInstance: inst.idInstance, data, mimeType, fileName });
		return { downloadUrl: stored.url, fileName, mimeType };
	}
	if (input.url) {
		const fileName = input.fileName ?? (new URL(input.url).pathname.split('/').pop() || 'file');
		return {
			downloadUrl: input.url,
			fileName,
			mimeType: input.mimeType ?? mimeForFileName(fileName),
		};
	}
	const sample = sampleFile(kind);
	const fileName = input.fileName ?? sample.fileName;
	const stored = core.files.put({
		idInstance: inst.idInstance,
		data: sample.data,
		mimeType: sample.mimeType,
		fileName,
	});
	return { downloadUrl: stored.url, fileName, mimeType: input.mimeType ?? sample.mimeType };
}

function contactCard(card: ContactCardInput, fallback: { displayName: string; vcard: string }) {
	const phone = card.phone?.replace(/\D/g, '');
	const displayName = card.displayName ?? (phone ? `+${phone}` : fallback.displayName);
	const vcard = card.vcard ?? (phone ? vcardFor(phone, displayName) : fallback.vcard);
	return { displayName, vcard };
}

/** Media kind for a file the caller gave without choosing the typeMessage explicitly. */
export function mediaKindFor(fileName: string): FileMessageKind {
	return kindForFileName(fileName);
}

interface Built {
	messageData: MessageData;
	/** A message the new one changes (edit/delete), applied after the new one is stored. */
	apply?: () => void;
}

function build(
	core: SandboxCore,
	inst: Instance,
	typeMessage: string,
	chatId: string,
	sender: string,
	input: MessageInput,
	own: boolean,
): Built {
	const base = exampleData(typeMessage);
	const key = dataKeyOf(typeMessage);
	const text = input.text;
	const target = (id: string | undefined, match: (m: StoredMessage) => boolean) =>
		(id ? findById(inst, id) : undefined) ?? (id ? undefined : latestInChat(inst, chatId, match));
	const plain = (m: StoredMessage) => !EVENT_KINDS.includes(m.messageData.typeMessage) && !m.isDeleted;

	switch (typeMessage) {
		case 'textMessage':
			return {
				messageData: textData(text ?? String((base.textMessageData as { textMessage: string }).textMessage)),
			};
		case 'extendedTextMessage': {
			const data = base.extendedTextMessageData as Record<string, unknown>;
			const built = linkData(text ?? String(data.text), {
				title: String(data.title),
				description: String(data.description),
			});
			return { messageData: built };
		}
		case 'quotedMessage': {
			const quoted = target(input.quotedMessageId, plain);
			const replyText = text ?? String((base.extendedTextMessageData as { text: string }).text);
			if (quoted) return { messageData: quotedTextData(replyText, quoted) };
			(base.extendedTextMessageData as Record<string, unknown>).text = replyText;
			return { messageData: base };
		}
		case 'imageMessage':
		case 'videoMessage':
		case 'documentMessage':
		case 'audioMessage':
		case 'stickerMessage': {
			const file = mediaFile(core, inst, typeMessage, input);
			const caption = input.caption ?? text ?? '';
			const quoted = input.quotedMessageId ? findById(inst, input.quotedMessageId) : undefined;
			return { messageData: fileData(typeMessage, { ...file, caption }, quoted) };
		}
		case 'locationMessage': {
			const example = base.locationMessageData as Record<string, unknown>;
			return {
				messageData: locationData({
					nameLocation: input.nameLocation ?? String(example.nameLocation),
					address: input.address ?? String(example.address),
					latitude: input.latitude ?? Number(example.latitude),
					longitude: input.longitude ?? Number(example.longitude),
				}),
			};
		}
		case 'contactMessage': {
			const example = base.contactMessageData as { displayName: string; vcard: string };
			const card = contactCard(input.contact ?? {}, example);
			return { messageData: contactData(card.displayName, card.vcard) };
		}
		case 'contactsArrayMessage': {
			const example = base.messageData as { contacts: { displayName: string; vcard: string }[] };
			if (input.contacts) {
				const contacts = input.contacts.map((c, i) => contactCard(c, example.contacts[i % example.contacts.length]));
				(base.messageData as Record<string, unknown>).contacts = contacts;
			}
			return { messageData: base };
		}
		case 'reactionMessage': {
			const quoted = target(input.quotedMessageId, plain);
			(base.extendedTextMessageData as Record<string, unknown>).text = text ?? '👍';
			if (quoted) base.quotedMessage = quotedMessageOf(quoted);
			return { messageData: base };
		}
		case 'pollMessage': {
			const example = base.pollMessageData as {
				name: string;
				options: { optionName: string }[];
				multipleAnswers: boolean;
			};
			const poll = input.poll ?? {};
			return {
				messageData: pollData(
					poll.name ?? text ?? example.name,
					poll.options ?? example.options.map((o) => o.optionName),
					poll.multipleAnswers ?? example.multipleAnswers,
				),
			};
		}
		case 'pollUpdateMessage': {
			const poll = target(input.stanzaId, (m) => m.messageData.typeMessage === 'pollMessage');
			const data = base.pollMessageData as Record<string, unknown>;
			if (poll) {
				const created = poll.messageData.pollMessageData as {
					name: string;
					options: { optionName: string }[];
					multipleAnswers: boolean;
				};
				data.stanzaId = poll.idMessage;
				data.name = created.name;
				data.multipleAnswers = created.multipleAnswers;
				const chosen = input.votes ?? [created.options[0]?.optionName];
				data.votes = created.options.map((o) => ({
					optionName: o.optionName,
					optionVoters: chosen.includes(o.optionName) ? [sender] : [],
				}));
			} else {
				if (input.stanzaId) data.stanzaId = input.stanzaId;
				const votes = data.votes as { optionName: string; optionVoters: string[] }[];
				const chosen = input.votes ?? [votes[0]?.optionName];
				data.votes = votes.map((v) => ({
					optionName: v.optionName,
					optionVoters: chosen.includes(v.optionName) ? [sender] : [],
				}));
			}
			return { messageData: base };
		}
		case 'editedMessage':
		case 'deletedMessage': {
			const bySender = (m: StoredMessage) => plain(m) && m.senderId === sender;
			const original = target(input.stanzaId, bySender);
			const stanzaId = original?.idMessage ?? input.stanzaId ?? String((base[key ?? ''] as { stanzaId: string }).stanzaId);
			if (typeMessage === 'deletedMessage') {
				const apply = () => {
					if (original) original.isDeleted = true;
				};
				return { messageData: { typeMessage, deletedMessageData: { stanzaId } }, apply };
			}
			const newText = text ?? 'Corrected text';
			const isFile = original?.messageData.fileMessageData !== undefined;
			const editedMessageData = isFile ? { caption: newText, stanzaId } : { textMessage: newText, stanzaId };
			const apply = () => {
				if (!original) return;
				original.isEdited = true;
				const data = original.messageData;
				if (data.textMessageData) data.textMessageData = { ...(data.textMessageData as object), textMessage: newText };
				else if (data.extendedTextMessageData)
					data.extendedTextMessageData = {
						...(data.extendedTextMessageData as object),
						text: newText,
					};
				else if (data.fileMessageData) data.fileMessageData = { ...(data.fileMessageData as object), caption: newText };
			};
			return { messageData: { typeMessage, editedMessageData }, apply };
		}
		case 'groupInviteMessage': {
			const data = base.groupInviteMessageData as Record<string, unknown>;
			data.jpegThumbnail = THUMBNAIL_BASE64;
			if (text !== undefined) data.caption = text;
			return { messageData: base };
		}
		case 'buttonsResponseMessage':
		case 'templateButtonsReplyMessage':
		case 'listResponseMessage':
		case 'interactiveButtonsResponse': {
			// Presses answer a message the instance sent; default to the latest one in the chat.
			const answered = target(input.stanzaId, (m) => m.type === (own ? 'incoming' : 'outgoing') && plain(m));
			const data = base[key ?? ''] as Record<string, unknown>;
			if (answered) data.stanzaId = answered.idMessage;
			else if (input.stanzaId) data.stanzaId = input.stanzaId;
			return { messageData: base };
		}
		default:
			return { messageData: base };
	}
}

function finish(built: Built, key: string | undefined, input: MessageInput): MessageData {
	const data = built.messageData;
	const payload = key && isPlainObject(data[key]) ? (data[key] as Record<string, unknown>) : undefined;
	if (payload) {
		if (input.isForwarded !== undefined) payload.isForwarded = input.isForwarded;
		if (input.forwardingScore !== undefined) payload.forwardingScore = input.forwardingScore;
		if (input.data) Object.assign(payload, input.data);
	} else if (input.data && key) {
		data[key] = { ...input.data };
	}
	return data;
}

const DEFAULT_NAMES: Record<string, [string, string]> = { '79001234567': ['Ivan', 'Ivan Petrov'] };

function senderNames(inst: Instance, sender: string, input: MessageInput): [string, string] {
	const contact = inst.contacts.get(sender);
	const phone = phoneOf(sender);
	const fallback = DEFAULT_NAMES[phone] ?? [`User ${phone.slice(-4)}`, ''];
	return [input.senderName ?? (contact?.name || fallback[0]), input.senderContactName ?? (contact?.contactName || fallback[1])];
}

function checkChat(chatId: string): void {
	if (!chatKind(chatId)) throw new ControlError(400, `invalid chatId '${chatId}'`);
}

/** A message from a contact: stored in the chat and sent as incomingMessageReceived. */
export function injectIncoming(core: SandboxCore, inst: Instance, input: MessageInput): StoredMessage {
	const typeMessage = contractTypeMessage(input.typeMessage);
	const chatId = input.chatId ?? DEFAULT_CHAT;
	checkChat(chatId);
	const isGroup = chatKind(chatId) === 'group';
	const sender = input.sender ?? (isGroup ? DEFAULT_CHAT : chatId);
	checkChat(sender);
	if (isGroup && !inst.groups.has(chatId)) {
		createGroupRecord(inst, input.chatName ?? 'Sandbox group', sender, [{ id: sender, isAdmin: true }, { id: inst.wid }], chatId);
	}
	const [senderName, senderContactName] = senderNames(inst, sender, input);
	const built = build(core, inst, typeMessage, chatId, sender, input, false);
	const msg: StoredMessage = {
		idMessage: input.idMessage ?? incomingMessageId(),
		chatId,
		type: 'incoming',
		timestamp: input.timestamp ?? nowSeconds(),
		messageData: finish(built, dataKeyOf(typeMessage), input),
		senderId: sender,
		senderName,
		senderContactName,
		sendByApi: false,
		journaled: inst.settings.incomingWebhook === 'yes',
		read: inst.settings.markIncomingMessagesReaded === 'yes' && inst.settings.markIncomingMessagesReadedOnReply !== 'yes',
		isEdited: false,
		isDeleted: false,
	};
	storeMessage(inst, msg);
	built.apply?.();
	core.emit(inst, messageNotification('incomingMessageReceived', inst, msg));
	core.changed(inst);
	return msg;
}

/** A message sent from the phone (not through the API): outgoingMessageReceived. */
export function injectFromPhone(core: SandboxCore, inst: Instance, input: MessageInput): StoredMessage {
	const typeMessage = contractTypeMessage(input.typeMessage);
	const chatId = input.chatId ?? DEFAULT_CHAT;
	checkChat(chatId);
	const built = build(core, inst, typeMessage, chatId, inst.wid, input, true);
	const msg: StoredMessage = {
		idMessage: input.idMessage ?? incomingMessageId(),
		chatId,
		type: 'outgoing',
		timestamp: input.timestamp ?? nowSeconds(),
		messageData: finish(built, dataKeyOf(typeMessage), input),
		senderId: inst.wid,
		senderName: inst.name,
		senderContactName: '',
		sendByApi: false,
		statusMessage: 'sent',
		journaled: inst.settings.outgoingMessageWebhook === 'yes',
		read: true,
		isEdited: false,
		isDeleted: false,
	};
	storeMessage(inst, msg);
	built.apply?.();
	core.emit(inst, messageNotification('outgoingMessageReceived', inst, msg));
	core.changed(inst);
	return msg;
}
