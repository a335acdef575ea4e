import type { MethodEntry, ResourceOption } from './types';
import { chatEntries } from './chat';
import { contactEntries } from './contact';
import { fileEntries } from './file';
import { groupEntries } from './group';
import { instanceEntries } from './instance';
import { journalEntries } from './journal';
import { liveQrEntry } from './liveQr';
import { messageEntries } from './message';
import { notificationEntries } from './notification';
import { partnerEntries } from './partner';
import { queueEntries } from './queue';
import { sendAndWaitEntry } from './sendAndWait';
import { statusEntries } from './status';

/** The node's resources, sorted by name as n8n's UI expects. */
export const RESOURCES: ResourceOption[] = [
	{ value: 'chat', name: 'Chat', description: 'Mark chats as read, archive them and set disappearing messages' },
	{ value: 'contact', name: 'Contact', description: 'Check numbers, list contacts and get their details and avatars' },
	{ value: 'file', name: 'File', description: 'Send files from binary data or links, upload and download files' },
	{ value: 'group', name: 'Group', description: 'Create groups, rename them and manage participants and admins' },
	{ value: 'instance', name: 'Instance', description: 'Link the WhatsApp account, read its state and change the settings' },
	{ value: 'journal', name: 'Journal', description: 'Read chat history and recently received or sent messages' },
	{ value: 'message', name: 'Message', description: 'Send texts, polls, locations, contacts and buttons; edit, forward and delete' },
	{ value: 'notification', name: 'Notification', description: 'Poll the incoming notification queue instead of using webhooks' },
	{ value: 'partner', name: 'Partner', description: 'Create, list and delete instances with a partner token' },
	{ value: 'queue', name: 'Send Queue', description: 'See or clear the messages waiting to be sent' },
	{ value: 'status', name: 'Status', description: 'Post, delete and track statuses (stories)' },
];

/** Every GREEN-API method the node offers, grouped by resource in the order of RESOURCES. */
export const CATALOGUE: readonly MethodEntry[] = [
	...chatEntries,
	...contactEntries,
	...fileEntries,
	...groupEntries,
	...instanceEntries,
	liveQrEntry,
	...journalEntries,
	...messageEntries,
	sendAndWaitEntry,
	...notificationEntries,
	...partnerEntries,
	...queueEntries,
	...statusEntries,
];
