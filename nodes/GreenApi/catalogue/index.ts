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

/**
 * The node's resources, sorted by name as n8n's UI expects. `defaultOperation` is what a saved
 * node that never changed its Operation runs (n8n does not save default values): never change it
 * for a released node version.
 */
export const RESOURCES: ResourceOption[] = [
	{
		value: 'chat',
		defaultOperation: 'readChat',
		name: 'Chat',
		description: 'Mark chats as read, archive them and set disappearing messages',
	},
	{
		value: 'contact',
		defaultOperation: 'checkWhatsapp',
		name: 'Contact',
		description: 'Check numbers, list contacts and get their details and avatars',
	},
	{
		value: 'file',
		defaultOperation: 'sendFileByUpload',
		name: 'File',
		description: 'Send files from binary data or links, upload and download files',
	},
	{
		value: 'group',
		defaultOperation: 'createGroup',
		name: 'Group',
		description: 'Create groups, rename them and manage participants and admins',
	},
	{
		value: 'instance',
		defaultOperation: 'getSettings',
		name: 'Instance',
		description: 'Link the WhatsApp account, read its state and change the settings',
	},
	{
		value: 'journal',
		defaultOperation: 'getChatHistory',
		name: 'Journal',
		description: 'Read chat history and recently received or sent messages',
	},
	{
		value: 'message',
		defaultOperation: 'sendMessage',
		name: 'Message',
		description: 'Send texts, polls, locations, contacts and buttons; edit, forward and delete',
	},
	{
		value: 'notification',
		defaultOperation: 'receiveNotification',
		name: 'Notification',
		description: 'Poll the incoming notification queue instead of using webhooks',
	},
	{
		value: 'partner',
		defaultOperation: 'getInstances',
		name: 'Partner',
		description: 'Create, list and delete instances with a partner token',
	},
	{
		value: 'queue',
		defaultOperation: 'showMessagesQueue',
		name: 'Send Queue',
		description: 'See or clear the messages waiting to be sent',
	},
	{ value: 'status', defaultOperation: 'sendTextStatus', name: 'Status', description: 'Post, delete and track statuses (stories)' },
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
