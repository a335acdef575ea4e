import { isGroupChat } from '../fields';
import { chatIdOf, isMessageEvent, typeMessageOf, type Notification } from './notification';
import type { TriggerOptions } from './triggerOptions';

/** Whether the user asked for this notification: event, message type, chat and sender. */
export function wanted(notification: Notification, options: TriggerOptions): boolean {
	const { typeWebhook } = notification;
	if (!options.events.includes(typeWebhook)) return false;

	if (isMessageEvent(typeWebhook)) {
		const typeMessage = typeMessageOf(notification);
		if (options.messageTypes.length && !options.messageTypes.includes(typeMessage ?? '')) return false;
		if (options.ignoreOwnMessages) {
			const own = notification.instanceData?.wid;
			const fromInstance = typeWebhook !== 'incomingMessageReceived' || (!!own && notification.senderData?.sender === own);
			if (fromInstance) return false;
		}
	}

	const chatId = chatIdOf(notification);
	if (!chatId) return true;
	switch (options.chats) {
		case 'personal':
			return !isGroupChat(chatId);
		case 'group':
			return isGroupChat(chatId);
		case 'list':
			return options.chatList.has(chatId);
		default:
			return true;
	}
}
