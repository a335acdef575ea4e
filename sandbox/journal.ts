/**
 * Journal entries (getChatHistory, getMessage, lastIncomingMessages, lastOutgoingMessages): the
 * flat shape of the methods.json examples, built from the stored notification messageData.
 */
import type { StoredMessage } from './state';

type Obj = Record<string, unknown>;

function typeSpecific(msg: StoredMessage): Obj {
	const data = msg.messageData;
	const out: Obj = {};
	const ext = data.extendedTextMessageData as Obj | undefined;
	switch (data.typeMessage) {
		case 'textMessage':
			out.textMessage = (data.textMessageData as Obj).textMessage;
			break;
		case 'extendedTextMessage':
		case 'quotedMessage':
		case 'reactionMessage':
			out.textMessage = ext?.text ?? '';
			out.extendedTextMessage = { ...ext };
			break;
		case 'imageMessage':
		case 'videoMessage':
		case 'documentMessage':
		case 'audioMessage':
		case 'stickerMessage': {
			const file = data.fileMessageData as Obj;
			out.downloadUrl = file.downloadUrl;
			out.caption = file.caption ?? '';
			out.fileName = file.fileName ?? '';
			out.jpegThumbnail = file.jpegThumbnail ?? '';
			out.mimeType = file.mimeType;
			if (data.typeMessage === 'stickerMessage') out.isAnimated = file.isAnimated ?? false;
			break;
		}
		case 'locationMessage': {
			const { nameLocation, address, latitude, longitude, jpegThumbnail } = data.locationMessageData as Obj;
			out.location = { nameLocation, address, latitude, longitude, jpegThumbnail };
			break;
		}
		case 'contactMessage': {
			const { displayName, vcard } = data.contactMessageData as Obj;
			out.contact = { displayName, vcard };
			break;
		}
		case 'editedMessage': {
			const edited = data.editedMessageData as Obj;
			out.textMessage = edited.textMessage ?? edited.caption ?? '';
			out.editedMessageId = edited.stanzaId;
			break;
		}
		case 'deletedMessage':
			out.deletedMessageId = (data.deletedMessageData as Obj).stanzaId;
			break;
		default: {
			// Kinds the journal docs do not detail (polls, contacts arrays, buttons...): the
			// notification's data object under its own key.
			for (const [key, value] of Object.entries(data)) {
				if (key !== 'typeMessage' && key !== 'quotedMessage') out[key] = value;
			}
		}
	}
	if (data.quotedMessage) out.quotedMessage = data.quotedMessage;
	return out;
}

function forwarding(msg: StoredMessage): { isForwarded: boolean; forwardingScore: number } {
	for (const value of Object.values(msg.messageData)) {
		if (value && typeof value === 'object' && 'isForwarded' in value) {
			const v = value as Obj;
			return {
				isForwarded: v.isForwarded === true,
				forwardingScore: Number(v.forwardingScore ?? 0),
			};
		}
	}
	return { isForwarded: false, forwardingScore: 0 };
}

export function journalItem(msg: StoredMessage): Obj {
	const item: Obj = {
		type: msg.type,
		idMessage: msg.idMessage,
		timestamp: msg.timestamp,
		typeMessage: msg.messageData.typeMessage,
		chatId: msg.chatId,
	};
	const fwd = forwarding(msg);
	if (msg.type === 'incoming') {
		item.senderId = msg.senderId;
		item.senderName = msg.senderName;
		item.senderContactName = msg.senderContactName;
		Object.assign(item, typeSpecific(msg));
		item.isForwarded = fwd.isForwarded;
		item.forwardingScore = fwd.forwardingScore;
	} else {
		item.statusMessage = msg.statusMessage ?? 'sent';
		item.sendByApi = msg.sendByApi;
		Object.assign(item, typeSpecific(msg));
		if (fwd.isForwarded) {
			item.isForwarded = true;
			item.forwardingScore = fwd.forwardingScore;
		}
	}
	if (msg.isEdited) item.isEdited = true;
	if (msg.isDeleted) item.isDeleted = true;
	return item;
}
