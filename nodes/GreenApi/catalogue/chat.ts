import type { MethodEntry } from './types';
import { chat, choice, messageId } from '../fields';

export const chatEntries: MethodEntry[] = [
	{
		resource: 'chat',
		operation: 'readChat',
		method: 'readChat',
		rateLimitRps: 10,
		name: 'Mark as Read',
		action: 'Mark a chat as read',
		description:
			'Mark the incoming messages of a chat, or a single message, as read; the sender sees read receipts. Returns setRead: true on success.',
		verb: 'POST',
		host: 'api',
		safeToRetry: true,
		fields: [
			chat(),
			messageId({
				required: false,
				description: 'ID of one incoming message to mark as read; leave empty to mark the whole chat',
			}),
		],
	},
	{
		resource: 'chat',
		operation: 'archiveChat',
		method: 'archiveChat',
		rateLimitRps: 10,
		name: 'Archive',
		action: 'Archive a chat',
		description:
			'Move a chat to the archive; it fails for chats without messages known to the instance. Returns an empty response on success.',
		verb: 'POST',
		host: 'api',
		safeToRetry: true,
		fields: [chat()],
	},
	{
		resource: 'chat',
		operation: 'unarchiveChat',
		method: 'unarchiveChat',
		rateLimitRps: 10,
		name: 'Unarchive',
		action: 'Unarchive a chat',
		description: 'Move a chat out of the archive. Returns an empty response on success.',
		verb: 'POST',
		host: 'api',
		safeToRetry: true,
		fields: [chat()],
	},
	{
		resource: 'chat',
		operation: 'setDisappearingChat',
		method: 'setDisappearingChat',
		rateLimitRps: 1,
		name: 'Set Disappearing Messages',
		action: 'Set disappearing messages for a chat',
		description:
			'Switch disappearing messages on (24 hours, 7 days or 90 days) or off for a chat; it affects new messages only. Returns chatId, disappearingMessagesInChat and ephemeralExpiration.',
		verb: 'POST',
		host: 'api',
		fields: [
			chat(),
			// Optional on the older page, mandatory on newer ones: always sent.
			choice({
				name: 'ephemeralExpiration',
				displayName: 'Messages Disappear After',
				description: 'How long new messages stay in the chat',
				required: true,
				options: [
					{ name: 'Off', value: 0 },
					{ name: '24 Hours', value: 86400 },
					{ name: '7 Days', value: 604800 },
					{ name: '90 Days', value: 7776000 },
				],
				default: 604800,
			}),
		],
	},
];
