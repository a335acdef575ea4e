/**
 * The send queue. API sends are stored as 'pending' and leave one by one, spaced by
 * delaySendMessagesMilliseconds (at least 5 s before file sends), scaled by sendDelayScale.
 * Nothing leaves while the instance is not authorized (yellowCard, notAuthorized, starting, ...).
 * A message that leaves produces outgoingAPIMessageReceived and then the status sequence
 * sent → delivered → read, or noAccount / notInGroup when it cannot arrive.
 */
import type { SandboxCore } from './core';
import { messageNotification, outgoingStatusNotification } from './events';
import { outgoingMessageId, nowSeconds } from './ids';
import { removeMessage, storeMessage } from './messages';
import { type Instance, type MessageData, type OutgoingStatus, type QueueEntry, type StoredMessage, getChat, isGroupMember } from './state';
import { chatKind } from './validate';

export const FILE_SEND_MIN_GAP_MS = 5000;

export interface OutgoingDraft {
	chatId: string;
	messageData: MessageData;
	/** Preset id (forwardMessages reserves ids before knowing which messages exist). */
	idMessage?: string;
}

/** A new API-sent message, not yet stored. */
export function apiMessage(inst: Instance, draft: OutgoingDraft, method: string): StoredMessage {
	return {
		idMessage: draft.idMessage ?? outgoingMessageId(),
		chatId: draft.chatId,
		type: 'outgoing',
		timestamp: nowSeconds(),
		messageData: draft.messageData,
		senderId: inst.wid,
		senderName: inst.name,
		senderContactName: '',
		sendByApi: true,
		statusMessage: 'pending',
		journaled: true,
		read: true,
		isEdited: false,
		isDeleted: false,
		method,
	};
}

export interface EnqueueInput {
	method: string;
	/** Type shown by showMessagesQueue; defaults to the method name. */
	queueType?: string;
	/** The request as showMessagesQueue shows it. */
	body: Record<string, unknown>;
	drafts: OutgoingDraft[];
	isFile?: boolean;
	typingTime?: number;
	/** For entries that are not chat messages (statuses). */
	onSend?: () => void;
	/** Explicit ids for entries without messages. */
	ids?: string[];
}

export function enqueueSend(core: SandboxCore, inst: Instance, input: EnqueueInput): StoredMessage[] {
	const messages = input.drafts.map((d) => apiMessage(inst, d, input.method));
	for (const msg of messages) storeMessage(inst, msg);
	const ids = input.ids ?? messages.map((m) => m.idMessage);
	const queueType = input.queueType ?? input.method;
	const entry: QueueEntry = {
		type: queueType,
		...(queueType === 'ForwardMessages' ? { messagesIDs: ids } : { messageID: ids[0] }),
		body: input.body,
		isFile: input.isFile ?? false,
		typingTime: input.typingTime ?? 0,
		messages,
		onSend: input.onSend,
	};
	inst.sendQueue.push(entry);
	const chatId = typeof input.body.chatId === 'string' ? input.body.chatId : 'status@broadcast';
	inst.sent.push({
		at: new Date().toISOString(),
		method: input.method,
		chatId,
		idMessages: ids,
		request: input.body,
	});
	if (chatId !== 'status@broadcast' && inst.settings.markIncomingMessagesReadedOnReply === 'yes') {
		for (const msg of getChat(inst, chatId).messages) if (msg.type === 'incoming') msg.read = true;
	}
	// Sending is suspended in yellowCard: the messages stay queued and their status says why.
	if (inst.stateInstance === 'yellowCard') {
		for (const msg of messages) core.emit(inst, outgoingStatusNotification(inst, msg, 'yellowCard'));
	}
	pumpSendQueue(core, inst);
	core.changed(inst);
	return messages;
}

export function pumpSendQueue(core: SandboxCore, inst: Instance): void {
	if (inst.sendTimer || inst.deletedAt) return;
	const head = inst.sendQueue[0];
	if (!head || inst.stateInstance !== 'authorized') return;
	const scale = core.opts.sendDelayScale;
	const gap = Math.max(inst.settings.delaySendMessagesMilliseconds, head.isFile ? FILE_SEND_MIN_GAP_MS : 0) * scale;
	const now = Date.now();
	const due = Math.max(now, inst.lastSentAt + gap) + head.typingTime * scale;
	inst.sendTimer = core.timers.after(due - now, () => {
		inst.sendTimer = undefined;
		if (inst.stateInstance !== 'authorized' || inst.sendQueue[0] !== head) {
			pumpSendQueue(core, inst);
			return;
		}
		inst.sendQueue.shift();
		inst.lastSentAt = Date.now();
		head.onSend?.();
		for (const msg of head.messages) releaseMessage(core, inst, msg);
		core.changed(inst);
		pumpSendQueue(core, inst);
	});
}

/** clearMessagesQueue: queued messages are dropped and never sent. */
export function clearSendQueue(core: SandboxCore, inst: Instance, notify = true): void {
	core.timers.cancel(inst.sendTimer);
	inst.sendTimer = undefined;
	for (const entry of inst.sendQueue) for (const msg of entry.messages) removeMessage(inst, msg);
	inst.sendQueue = [];
	if (notify) core.changed(inst);
}

export function setOutgoingStatus(
	core: SandboxCore,
	inst: Instance,
	msg: StoredMessage,
	status: OutgoingStatus,
	description?: string,
): void {
	msg.statusMessage = status;
	core.emit(inst, outgoingStatusNotification(inst, msg, status, description));
	core.changed(inst);
}

function releaseMessage(core: SandboxCore, inst: Instance, msg: StoredMessage): void {
	core.emit(inst, messageNotification('outgoingAPIMessageReceived', inst, msg));
	const kind = chatKind(msg.chatId);
	if (kind === 'personal' && !core.hasWhatsapp(msg.chatId)) {
		setOutgoingStatus(core, inst, msg, 'noAccount');
		return;
	}
	if (kind === 'group' && !isGroupMember(inst, msg.chatId)) {
		setOutgoingStatus(core, inst, msg, 'notInGroup');
		return;
	}
	setOutgoingStatus(core, inst, msg, 'sent');
	const step = core.opts.statusProgressMs;
	core.timers.after(step, () => {
		if (msg.statusMessage !== 'sent') return;
		setOutgoingStatus(core, inst, msg, 'delivered');
		core.timers.after(step, () => {
			if (msg.statusMessage === 'delivered') setOutgoingStatus(core, inst, msg, 'read');
		});
	});
}
