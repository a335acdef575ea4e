import type { MethodEntry } from './types';
import { chat, messageId } from '../fields';
import { minutes } from './period';

const messageFields =
	'type (incoming or outgoing), idMessage, timestamp, typeMessage, chatId, the sender or delivery status and the content';

export const journalEntries: MethodEntry[] = [
	{
		resource: 'journal',
		operation: 'getChatHistory',
		method: 'getChatHistory',
		rateLimitRps: 1,
		name: 'Get Chat History',
		action: 'Get the message history of a chat',
		description: `Get the latest messages of a chat, newest first: one item per message with ${messageFields}. Only messages logged while the matching notification switches were on are included. Return All asks for GREEN-API's default, the latest 100 messages; set a Limit to get more.`,
		verb: 'POST',
		host: 'api',
		safeToRetry: true,
		output: { kind: 'list', limitParam: { in: 'body', key: 'count' } },
		fields: [chat()],
	},
	{
		resource: 'journal',
		operation: 'getMessage',
		method: 'getMessage',
		rateLimitRps: 10,
		name: 'Get Message',
		action: 'Get a message',
		description: `Get one message of a chat by its ID. Returns ${messageFields}.`,
		verb: 'POST',
		host: 'api',
		safeToRetry: true,
		fields: [chat(), messageId()],
	},
	{
		resource: 'journal',
		operation: 'lastIncomingMessages',
		method: 'lastIncomingMessages',
		rateLimitRps: 1,
		name: 'Get Incoming Messages',
		action: 'Get recently received messages',
		description: `Get the messages received in all chats during the last minutes, newest first: one item per message with ${messageFields}. Needs the Notify Incoming Messages setting; entries can lag by up to 2 minutes.`,
		verb: 'GET',
		host: 'api',
		safeToRetry: true,
		output: { kind: 'list' },
		fields: [minutes()],
	},
	{
		resource: 'journal',
		operation: 'lastOutgoingMessages',
		method: 'lastOutgoingMessages',
		rateLimitRps: 1,
		name: 'Get Outgoing Messages',
		action: 'Get recently sent messages',
		description: `Get the messages sent in all chats (through the API or from the phone) during the last minutes, newest first. One item per message with ${messageFields}, including statusMessage and sendByApi.`,
		verb: 'GET',
		host: 'api',
		safeToRetry: true,
		output: { kind: 'list' },
		fields: [minutes()],
	},
];
