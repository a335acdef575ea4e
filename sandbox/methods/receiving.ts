/** Receiving: the notification queue (long poll + delete) and downloadFile. */
import { badRequest } from '../errors';
import { fileData } from '../messages';
import { findMessage } from '../state';
import { checkChatId, checkRange, reqString } from '../validate';
import type { HandlerTable } from './types';

export const receivingHandlers: HandlerTable = {
	receiveNotification: {
		gate: 'any',
		handle: async ({ core, inst, query, signal }) => {
			const seconds = (query.receiveTimeout as number | undefined) ?? 5;
			checkRange('receiveTimeout', seconds, 5, 60);
			const received = await inst.notifications.receive(seconds * 1000 * core.opts.longPollScale, signal);
			return received ? { receiptId: received.receiptId, body: received.body } : null;
		},
	},

	deleteNotification: {
		gate: 'any',
		handle: ({ inst, extraPath }) => {
			const receiptId = extraPath[0];
			if (!receiptId || !/^\d+$/.test(receiptId)) throw badRequest('Parameter receiptId must be a Number');
			return { result: inst.notifications.delete(Number(receiptId)) };
		},
	},

	downloadFile: {
		gate: 'running',
		handle: ({ inst, body }) => {
			const chatId = reqString(body, 'chatId');
			checkChatId('chatId', chatId);
			const idMessage = reqString(body, 'idMessage');
			const msg = findMessage(inst, chatId, idMessage);
			const file = msg && fileData(msg.messageData);
			if (!file || typeof file.downloadUrl !== 'string') {
				throw badRequest(`File message encrypted url not found by chatId ${chatId} and idMessage ${idMessage}`);
			}
			return { downloadUrl: file.downloadUrl };
		},
	},
};
