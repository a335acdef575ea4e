/** Notification bodies, shaped and ordered like the examples in webhooks.json. */
import { nowSeconds } from './ids';
import type { NotificationBody } from './notifications';
import { type Instance, type StoredMessage, visibleWid } from './state';

export function instanceData(inst: Instance) {
	return { idInstance: inst.idInstance, wid: visibleWid(inst), typeInstance: 'whatsapp' };
}

/** Name shown for a chat: the contact's WhatsApp name (or phone-book name), the group subject. */
export function chatNameOf(inst: Instance, chatId: string): string {
	const group = inst.groups.get(chatId);
	if (group) return group.subject;
	const contact = inst.contacts.get(chatId);
	return contact?.name || contact?.contactName || '';
}

export type MessageWebhookType = 'incomingMessageReceived' | 'outgoingMessageReceived' | 'outgoingAPIMessageReceived';

export function messageNotification(typeWebhook: MessageWebhookType, inst: Instance, msg: StoredMessage): NotificationBody {
	return {
		typeWebhook,
		instanceData: instanceData(inst),
		timestamp: msg.timestamp,
		idMessage: msg.idMessage,
		senderData: {
			chatId: msg.chatId,
			chatName: chatNameOf(inst, msg.chatId),
			sender: msg.senderId,
			senderName: msg.senderName,
			senderContactName: msg.senderContactName,
		},
		messageData: msg.messageData,
	};
}

export function outgoingStatusNotification(
	inst: Instance,
	msg: Pick<StoredMessage, 'chatId' | 'idMessage' | 'sendByApi'>,
	status: string,
	description?: string,
): NotificationBody {
	return {
		typeWebhook: 'outgoingMessageStatus',
		chatId: msg.chatId,
		instanceData: instanceData(inst),
		timestamp: nowSeconds(),
		idMessage: msg.idMessage,
		status,
		...(description !== undefined ? { description } : {}),
		sendByApi: msg.sendByApi,
	};
}

export function stateInstanceNotification(inst: Instance): NotificationBody {
	return {
		typeWebhook: 'stateInstanceChanged',
		instanceData: instanceData(inst),
		timestamp: nowSeconds(),
		stateInstance: inst.stateInstance,
	};
}

export function statusInstanceNotification(inst: Instance, statusInstance: 'online' | 'offline'): NotificationBody {
	return {
		typeWebhook: 'statusInstanceChanged',
		instanceData: instanceData(inst),
		timestamp: nowSeconds(),
		statusInstance,
	};
}

export function incomingCallNotification(inst: Instance, from: string, status: string, idMessage: string): NotificationBody {
	return {
		from,
		typeWebhook: 'incomingCall',
		instanceData: instanceData(inst),
		status,
		timestamp: nowSeconds(),
		idMessage,
	};
}

export interface OutgoingCallData {
	idMessage: string;
	from: string;
	isVideo: boolean;
	duration: number;
	status: string;
	participants: { id: string; status: string }[];
}

export function outgoingCallNotification(inst: Instance, call: OutgoingCallData): NotificationBody {
	return {
		typeWebhook: 'outgoingCall',
		instanceData: instanceData(inst),
		timestamp: nowSeconds(),
		idMessage: call.idMessage,
		from: call.from,
		isVideo: call.isVideo,
		duration: call.duration,
		status: call.status,
		participants: call.participants,
	};
}

/** Types whose body is envelope + one data field (deviceInfo, incomingBlock, quotaExceeded, avatarInfo). */
export function simpleNotification(inst: Instance, typeWebhook: string, fields: Record<string, unknown>): NotificationBody {
	return { typeWebhook, instanceData: instanceData(inst), timestamp: nowSeconds(), ...fields };
}
