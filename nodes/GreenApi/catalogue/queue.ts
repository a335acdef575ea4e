import type { MethodEntry } from './types';

export const queueEntries: MethodEntry[] = [
	{
		resource: 'queue',
		operation: 'showMessagesQueue',
		method: 'showMessagesQueue',
		rateLimitRps: 1,
		name: 'Get Queue',
		action: 'Get the messages waiting to be sent',
		description:
			'Get the messages still waiting in the send queue. One item per entry with messageID (or messagesIDs for forwards), type (the send operation) and body (what was sent).',
		verb: 'GET',
		host: 'api',
		safeToRetry: true,
		output: { kind: 'list' },
		fields: [],
	},
	{
		resource: 'queue',
		operation: 'clearMessagesQueue',
		method: 'clearMessagesQueue',
		rateLimitRps: 1,
		name: 'Clear Queue',
		action: 'Clear the send queue',
		description:
			'Drop every message still waiting in the send queue. Those messages are never sent; this cannot be undone. Returns isCleared: true.',
		verb: 'GET',
		host: 'api',
		destructive: true,
		fields: [],
	},
];
