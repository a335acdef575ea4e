/** Building, storing and reading messages of an instance's chats. */
import { THUMBNAIL_BASE64 } from './media';
import { type Instance, type MessageData, type StoredMessage, getChat, phoneOf } from './state';
import { chatKind } from './validate';

/** Keeps the phone book in step with chats: every personal chat partner becomes a contact. */
export function touchContact(inst: Instance, chatId: string, name?: string, contactName?: string): void {
	if (chatKind(chatId) !== 'personal' && chatKind(chatId) !== 'lid') return;
	const contact = inst.contacts.get(chatId) ?? { chatId, name: '', contactName: '' };
	if (name) contact.name = name;
	if (contactName) contact.contactName = contactName;
	inst.contacts.set(chatId, contact);
}

export function storeMessage(inst: Instance, msg: StoredMessage): void {
	getChat(inst, msg.chatId).messages.push(msg);
	touchContact(inst, msg.chatId);
	if (msg.type === 'incoming') touchContact(inst, msg.senderId, msg.senderName, msg.senderContactName);
}

export function removeMessage(inst: Instance, msg: StoredMessage): void {
	const chat = inst.chats.get(msg.chatId);
	if (chat) chat.messages = chat.messages.filter((m) => m !== msg);
}

export function fileData(data: MessageData): Record<string, unknown> | undefined {
	const file = data.fileMessageData;
	return file && typeof file === 'object' ? (file as Record<string, unknown>) : undefined;
}

/** The text of text-like messages (text, link preview, reply, reaction, edit, caption). */
export function textOf(data: MessageData): string | undefined {
	const pick = (key: string, field: string): string | undefined => {
		const obj = data[key] as Record<string, unknown> | undefined;
		const value = obj?.[field];
		return typeof value === 'string' ? value : undefined;
	};
	return (
		pick('textMessageData', 'textMessage') ??
		pick('extendedTextMessageData', 'text') ??
		pick('editedMessageData', 'textMessage') ??
		pick('fileMessageData', 'caption')
	);
}

/**
 * The quotedMessage object for a reply to `target`: stanzaId, participant, typeMessage and the
 * type-specific content, as webhooks.json describes for quotedMessage.
 */
export function quotedMessageOf(target: StoredMessage): Record<string, unknown> {
	const data = target.messageData;
	const base: Record<string, unknown> = {
		stanzaId: target.idMessage,
		participant: target.senderId,
		typeMessage: data.typeMessage,
	};
	const file = fileData(data);
	if (file) {
		return {
			...base,
			downloadUrl: file.downloadUrl,
			caption: file.caption ?? '',
			jpegThumbnail: file.jpegThumbnail ?? THUMBNAIL_BASE64,
		};
	}
	const location = data.locationMessageData as Record<string, unknown> | undefined;
	if (location) return { ...base, location: { ...location } };
	const contact = data.contactMessageData as Record<string, unknown> | undefined;
	if (contact) return { ...base, contact: { displayName: contact.displayName, vcard: contact.vcard } };
	if (data.typeMessage === 'extendedTextMessage') {
		const ext = data.extendedTextMessageData as Record<string, unknown>;
		return { ...base, textMessage: ext.text ?? '', extendedTextMessage: { ...ext } };
	}
	return { ...base, textMessage: textOf(data) ?? '' };
}

export function findById(inst: Instance, idMessage: string): StoredMessage | undefined {
	for (const chat of inst.chats.values()) {
		const found = chat.messages.find((m) => m.idMessage === idMessage);
		if (found) return found;
	}
	return undefined;
}

/** Latest message in a chat matching a predicate (used for defaults of replies, votes, edits). */
export function latestInChat(inst: Instance, chatId: string, match: (m: StoredMessage) => boolean): StoredMessage | undefined {
	const messages = inst.chats.get(chatId)?.messages ?? [];
	for (let i = messages.length - 1; i >= 0; i--) if (match(messages[i])) return messages[i];
	return undefined;
}

export function vcardFor(phone: string, first: string, last = '', middle = '', company = ''): string {
	const full = [first, middle, last].filter(Boolean).join(' ') || company || phone;
	const lines = ['BEGIN:VCARD', 'VERSION:3.0', `N:${last};${first};${middle};;`, `FN:${full}`];
	if (company) lines.push(`ORG:${company}`);
	lines.push(`TEL;type=CELL;waid=${phone}:+${phone}`, 'END:VCARD');
	return lines.join('\n');
}

export const senderPhone = (msg: StoredMessage) => phoneOf(msg.senderId);
