import type { MethodEntry } from './types';
import { chat, choice, phoneNumber } from '../fields';

export const contactEntries: MethodEntry[] = [
	{
		resource: 'contact',
		operation: 'checkWhatsapp',
		method: 'checkWhatsapp',
		rateLimitRps: 10,
		name: 'Check WhatsApp',
		action: 'Check whether a phone number is registered',
		description: 'Check whether a phone number has a WhatsApp account before writing to it. Returns existsWhatsapp: true or false.',
		verb: 'POST',
		host: 'api',
		safeToRetry: true,
		fields: [phoneNumber({ description: 'Phone number to check, with country code, e.g. +7 900 123-45-67' })],
	},
	{
		resource: 'contact',
		operation: 'getAvatar',
		method: 'getAvatar',
		rateLimitRps: 10,
		name: 'Get Avatar',
		action: 'Get the avatar of a contact or group',
		description:
			'Get the profile picture of a person or group (use your own chat ID for your own). Returns urlAvatar, empty when there is none, and reason when the lookup failed; with Download Avatar on, the picture is attached as binary data.',
		verb: 'POST',
		host: 'api',
		safeToRetry: true,
		output: {
			kind: 'file',
			source: 'url',
			key: 'urlAvatar',
			downloadByDefault: false,
			switchName: 'Download Avatar',
			fileName: 'avatar.jpg',
			mimeType: 'image/jpeg',
		},
		fields: [chat()],
	},
	{
		resource: 'contact',
		operation: 'getContacts',
		method: 'getContacts',
		rateLimitRps: 1,
		name: 'Get Contacts',
		action: 'Get the contacts and groups',
		description:
			'Get the contacts and groups of the account: one item per chat with its chat ID, name, contactName (phone book name) and type (user or group). May be empty for a few minutes after linking while contacts sync.',
		verb: 'GET',
		host: 'api',
		safeToRetry: true,
		output: { kind: 'list', limitParam: { in: 'query', key: 'count' } },
		fields: [
			choice({
				name: 'group',
				in: 'query',
				displayName: 'Include',
				description: 'Which chats to return',
				options: [
					{ name: 'Groups and People', value: '' },
					{ name: 'Groups Only', value: true },
					{ name: 'People Only', value: false },
				],
				default: '',
				onNode: true,
			}),
		],
	},
	{
		resource: 'contact',
		operation: 'getContactInfo',
		method: 'getContactInfo',
		rateLimitRps: 1,
		name: 'Get Contact Info',
		action: 'Get information about a contact',
		description:
			"Get a person's WhatsApp details: name, contactName, avatar, lastSeen, whether the chat is archived, muted or disappearing, and business details (email, category, description, products). For groups use Get Group.",
		verb: 'POST',
		host: 'api',
		safeToRetry: true,
		fields: [
			chat({
				kind: 'person',
				description: 'Phone number with country code (any format) or a personal chat ID ending in @c.us or @lid',
			}),
		],
	},
];
