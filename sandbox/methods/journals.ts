/**
 * Journals. Only messages the instance logged are listed: incoming ones received while
 * incomingWebhook was on, phone-sent ones while outgoingMessageWebhook was on, and every API send.
 */
import { badRequest } from '../errors';
import { journalItem } from '../journal';
import { type Instance, type StoredMessage, allMessages, findMessage } from '../state';
import { checkChatId, optNumber, reqString } from '../validate';
import type { HandlerTable } from './types';

/** Newest first; messages with the same timestamp keep their reverse arrival order. */
function newestFirst(messages: StoredMessage[]): StoredMessage[] {
	return messages
		.map((m, i) => ({ m, i }))
		.sort((a, b) => b.m.timestamp - a.m.timestamp || b.i - a.i)
		.map(({ m }) => m);
}

function lastMessages(inst: Instance, type: 'incoming' | 'outgoing', minutes: number): Record<string, unknown>[] {
	const since = Date.now() / 1000 - minutes * 60;
	const found = allMessages(inst).filter((m) => m.journaled && m.type === type && m.timestamp >= since);
	return newestFirst(found).map(journalItem);
}

export const journalHandlers: HandlerTable = {
	getChatHistory: {
		gate: 'running',
		handle: ({ inst, body }) => {
			const chatId = reqString(body, 'chatId');
			checkChatId('chatId', chatId);
			const count = optNumber(body, 'count') ?? 100;
			if (count < 1) throw badRequest('Count must be greater than or equal to 1');
			const messages = (inst.chats.get(chatId)?.messages ?? []).filter((m) => m.journaled);
			return newestFirst(messages).slice(0, count).map(journalItem);
		},
	},

	getMessage: {
		gate: 'running',
		handle: ({ inst, body }) => {
			const chatId = reqString(body, 'chatId');
			checkChatId('chatId', chatId);
			const msg = findMessage(inst, chatId, reqString(body, 'idMessage'));
			// The answer for an unknown id is not documented; the deleteMessage wording is used.
			if (!msg) throw badRequest('Message by id not found');
			return journalItem(msg);
		},
	},

	lastIncomingMessages: {
		gate: 'running',
		handle: ({ inst, query }) => lastMessages(inst, 'incoming', (query.minutes as number | undefined) ?? 1440),
	},

	lastOutgoingMessages: {
		gate: 'running',
		handle: ({ inst, query }) => lastMessages(inst, 'outgoing', (query.minutes as number | undefined) ?? 1440),
	},
};
