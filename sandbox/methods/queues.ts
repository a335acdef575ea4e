/** The send queue as the API shows it. */
import { clearSendQueue } from '../sendQueue';
import type { HandlerTable } from './types';

export const queueHandlers: HandlerTable = {
	showMessagesQueue: {
		gate: 'any',
		handle: ({ inst }) =>
			inst.sendQueue.map((entry) =>
				entry.messagesIDs
					? { messagesIDs: entry.messagesIDs, type: entry.type, body: entry.body }
					: { messageID: entry.messageID, type: entry.type, body: entry.body },
			),
	},

	clearMessagesQueue: {
		gate: 'any',
		handle: ({ core, inst }) => {
			clearSendQueue(core, inst);
			return { isCleared: true };
		},
	},
};
