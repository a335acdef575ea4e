import type { IDataObject } from 'n8n-workflow';

import { MESSAGE_KINDS } from '../events/eventCatalogue';
import { isGroupChat } from '../fields';
import { chatIdOf, isMessageEvent, typeMessageOf, type Notification } from './notification';

const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** The human-readable text of a message, whatever kind it is. */
function textOf(data: IDataObject): string | undefined {
	const pick = (key: string, ...fields: string[]) => {
		const part = data[key] as IDataObject | undefined;
		return part ? fields.map((field) => str(part[field])).find(Boolean) : undefined;
	};
	return (
		pick('textMessageData', 'textMessage') ??
		pick('extendedTextMessageData', 'text') ??
		pick('fileMessageData', 'caption') ??
		pick('editedMessageData', 'textMessage') ??
		pick('pollMessageData', 'name') ??
		pick('locationMessageData', 'nameLocation', 'address') ??
		pick('contactMessageData', 'displayName') ??
		pick('groupInviteMessageData', 'caption', 'groupName') ??
		pick('buttonsResponseMessage', 'selectedButtonText') ??
		pick('templateButtonReplyMessage', 'selectedDisplayText') ??
		pick('listResponseMessage', 'title') ??
		pick('interactiveButtonsResponse', 'selectedDisplayText', 'selectedButtonText')
	);
}

/** The id of the message this one answers, edits, deletes, reacts to or votes in. */
function referencedIdOf(data: IDataObject): string | undefined {
	for (const value of Object.values(data)) {
		const id = value && typeof value === 'object' ? str((value as IDataObject).stanzaId) : undefined;
		if (id) return id;
	}
	return undefined;
}

const drop = (object: IDataObject): IDataObject => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));

/**
 * A flat view for expressions like {{ $json.text }} and {{ $json.chatId }}: what happened, in
 * which chat, from whom, with what content. Fields that do not apply are left out.
 */
export function simplify(notification: Notification): IDataObject {
	const chatId = chatIdOf(notification);
	const timestamp = typeof notification.timestamp === 'number' ? notification.timestamp : undefined;
	const base: IDataObject = {
		event: notification.typeWebhook,
		instanceId: notification.instanceData?.idInstance,
		chatId,
		isGroup: chatId ? isGroupChat(chatId) : undefined,
		idMessage: str(notification.idMessage),
		timestamp,
		date: timestamp ? new Date(timestamp * 1000).toISOString() : undefined,
	};
	if (!isMessageEvent(notification.typeWebhook)) {
		const details: IDataObject = { ...notification };
		for (const key of ['typeWebhook', 'instanceData', 'timestamp', 'idMessage']) delete details[key];
		return drop({ ...base, ...details });
	}

	const data = (notification.messageData ?? {}) as IDataObject;
	const typeMessage = typeMessageOf(notification);
	const kind = MESSAGE_KINDS.find((entry) => entry.value === typeMessage);
	const payload = kind ? ((data[kind.dataKey] as IDataObject | undefined) ?? {}) : {};
	const sender = notification.senderData ?? {};
	return drop({
		...base,
		messageType: typeMessage,
		fromMe: notification.typeWebhook !== 'incomingMessageReceived',
		text: textOf(data),
		chatName: str(sender.chatName),
		sender: str(sender.sender),
		senderName: str(sender.senderName),
		senderContactName: str(sender.senderContactName),
		referencedMessageId: referencedIdOf(data),
		fileName: kind?.isMedia ? str(payload.fileName) : undefined,
		mimeType: kind?.isMedia ? str(payload.mimeType) : undefined,
		downloadUrl: kind?.isMedia ? str(payload.downloadUrl) : undefined,
		latitude: typeMessage === 'locationMessage' ? payload.latitude : undefined,
		longitude: typeMessage === 'locationMessage' ? payload.longitude : undefined,
		isForwarded: payload.isForwarded,
	});
}
