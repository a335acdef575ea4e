import type { IDataObject } from 'n8n-workflow';

import { MESSAGE_KINDS, WEBHOOK_TYPES } from '../events/eventCatalogue';

/** A GREEN-API notification body, as POSTed to a webhook or returned by receiveNotification. */
export interface Notification extends IDataObject {
	typeWebhook: string;
	instanceData?: { idInstance?: number; wid?: string; typeInstance?: string };
	timestamp?: number;
	idMessage?: string;
	senderData?: {
		chatId?: string;
		chatName?: string;
		sender?: string;
		senderName?: string;
		senderContactName?: string;
	};
	messageData?: IDataObject & { typeMessage?: string };
}

export const isNotification = (body: unknown): body is Notification =>
	!!body &&
	typeof body === 'object' &&
	!Array.isArray(body) &&
	typeof (body as IDataObject).typeWebhook === 'string' &&
	(body as IDataObject).typeWebhook !== '';

const MESSAGE_EVENTS = new Set(WEBHOOK_TYPES.filter((type) => type.isMessage).map((type) => type.value));
export const isMessageEvent = (typeWebhook: string) => MESSAGE_EVENTS.has(typeWebhook);

const KNOWN_EVENTS = new Set(WEBHOOK_TYPES.map((type) => type.value));
/** A typeWebhook this version does not know cannot have been chosen in Events. */
export const isKnownEvent = (typeWebhook: string) => KNOWN_EVENTS.has(typeWebhook);

// GREEN-API's docs spell the template reply's typeMessage both ways: the table templateButtonsReplyMessage,
// the example templateButtonReplyMessage (contract/green-api/webhooks.json, typeMessage templateButtonsReplyMessage).
const TYPE_MESSAGE_ALIASES: Record<string, string> = { templateButtonReplyMessage: 'templateButtonsReplyMessage' };

export function typeMessageOf(notification: Notification): string | undefined {
	const type = notification.messageData?.typeMessage;
	return typeof type === 'string' ? (TYPE_MESSAGE_ALIASES[type] ?? type) : undefined;
}

/** The chat a notification is about, when it is about one. */
export function chatIdOf(notification: Notification): string | undefined {
	// Calls name the other party in `from`, for outgoing calls too (the chat called).
	const isCall = notification.typeWebhook === 'incomingCall' || notification.typeWebhook === 'outgoingCall';
	const candidates = [notification.senderData?.chatId, notification.chatId, isCall ? notification.from : undefined];
	return candidates.find((value): value is string => typeof value === 'string' && value !== '');
}

export const isMediaKind = (typeMessage?: string) => MESSAGE_KINDS.some((kind) => kind.value === typeMessage && kind.isMedia);
