/**
 * Notifications that are not chat messages from a contact: calls, delivery statuses, API sends made
 * from the control side, statuses (stories) of contacts and the remaining typeWebhooks.
 */
import { findWebhookType, WEBHOOKS } from './contract';
import { ControlError, type SandboxCore } from './core';
import { incomingCallNotification, outgoingCallNotification, simpleNotification, statusInstanceNotification } from './events';
import { callId, incomingMessageId, nowSeconds } from './ids';
import { contractTypeMessage, DEFAULT_CHAT, mediaFile, type InjectedFile, type MessageInput } from './inject';
import type { FileMessageKind } from './media';
import { fileData, textData } from './messageData';
import { textOf, touchContact } from './messages';
import type { NotificationRecord } from './notifications';
import { enqueueSend, setOutgoingStatus } from './sendQueue';
import type { Instance, OutgoingStatus, StoredMessage } from './state';
import { chatKind } from './validate';
import { findOutgoing } from './views';

export type CallOutcome = 'pickUp' | 'hungUp' | 'hangUp' | 'declined' | 'missed';

export interface IncomingCallInput {
	/** Caller, default 79001234567@c.us. */
	from?: string;
	/** Second notification after the 'offer'; 'none' sends only the offer. Default 'pickUp'. */
	outcome?: CallOutcome | 'none';
	/** Pause between offer and outcome. Default 0. */
	delayMs?: number;
	idMessage?: string;
}

export interface OutgoingCallInput {
	/** Called chat, default 79001234567@c.us. */
	to?: string;
	/** pickUp | hungUp | invalid. Default 'pickUp'. */
	status?: 'pickUp' | 'hungUp' | 'invalid';
	isVideo?: boolean;
	duration?: number;
	idMessage?: string;
}

export interface IncomingStatusInput {
	sender?: string;
	senderName?: string;
	senderContactName?: string;
	/** extendedTextMessage (default, a text status), imageMessage, videoMessage or audioMessage. */
	typeMessage?: 'extendedTextMessage' | 'imageMessage' | 'videoMessage' | 'audioMessage';
	text?: string;
	backgroundColor?: string;
	font?: string;
	caption?: string;
	file?: InjectedFile;
	fileName?: string;
}

export type EventInput = { typeWebhook: string } & Record<string, unknown>;

const MEDIA_KINDS: readonly FileMessageKind[] = ['imageMessage', 'videoMessage', 'documentMessage', 'audioMessage', 'stickerMessage'];
const CALL_OUTCOMES: readonly string[] = ['pickUp', 'hungUp', 'hangUp', 'declined', 'missed', 'none'];

export const lastNotification = (inst: Instance): NotificationRecord | undefined => inst.notifications.list().at(-1);

function example(typeWebhook: string): Record<string, unknown> {
	return JSON.parse(JSON.stringify(findWebhookType(typeWebhook)?.example ?? {})) as Record<string, unknown>;
}

/** The 'offer' notification, then the outcome (now or after delayMs). */
export function injectIncomingCall(core: SandboxCore, inst: Instance, input: IncomingCallInput): { idMessage: string } {
	const from = input.from ?? DEFAULT_CHAT;
	const outcome = input.outcome ?? 'pickUp';
	if (!chatKind(from)) throw new ControlError(400, `invalid 'from' '${from}'`);
	if (!CALL_OUTCOMES.includes(outcome)) throw new ControlError(400, `outcome must be one of ${CALL_OUTCOMES.join(', ')}`);
	const idMessage = input.idMessage ?? callId();
	core.emit(inst, incomingCallNotification(inst, from, 'offer', idMessage));
	if (outcome !== 'none') {
		const send = () => core.emit(inst, incomingCallNotification(inst, from, outcome, idMessage));
		if (input.delayMs) core.timers.after(input.delayMs, send);
		else send();
	}
	return { idMessage };
}

/** A call placed from the phone (beta outgoingCall). */
export function injectOutgoingCall(core: SandboxCore, inst: Instance, input: OutgoingCallInput): { idMessage: string } {
	const to = input.to ?? DEFAULT_CHAT;
	const status = input.status ?? 'pickUp';
	if (!['pickUp', 'hungUp', 'invalid'].includes(status)) throw new ControlError(400, 'status must be one of pickUp, hungUp, invalid');
	const idMessage = input.idMessage ?? callId();
	core.emit(
		inst,
		outgoingCallNotification(inst, {
			idMessage,
			from: to,
			isVideo: input.isVideo ?? false,
			duration: input.duration ?? (status === 'pickUp' ? 42 : 0),
			status,
			participants: [{ id: to, status }],
		}),
	);
	return { idMessage };
}

/**
 * Sets the delivery status of a sent message and sends outgoingMessageStatus. An unknown id still
 * produces the notification (for testing how a client treats statuses of unknown messages).
 */
export function setMessageStatus(
	core: SandboxCore,
	inst: Instance,
	idMessage: string | undefined,
	status: OutgoingStatus,
	description?: string,
	chatId?: string,
): { idMessage: string; notification?: NotificationRecord } {
	const allowed = WEBHOOKS.statusValues.map((s) => s.value).filter((v) => v !== 'pending');
	if (!allowed.includes(status)) throw new ControlError(400, `status must be one of ${allowed.join(', ')}`);
	const msg =
		(idMessage ? findOutgoing(inst, idMessage) : undefined) ??
		({
			chatId: chatId ?? DEFAULT_CHAT,
			idMessage: idMessage ?? incomingMessageId(),
			sendByApi: true,
		} as StoredMessage);
	setOutgoingStatus(core, inst, msg, status, description);
	return { idMessage: msg.idMessage, notification: lastNotification(inst) };
}

/** An API send made from the control side: it goes through the send queue like sendMessage / sendFileByUrl. */
export function sendThroughApi(core: SandboxCore, inst: Instance, input: MessageInput): { idMessage: string } {
	const chatId = input.chatId ?? DEFAULT_CHAT;
	if (!chatKind(chatId)) throw new ControlError(400, `invalid chatId '${chatId}'`);
	const typeMessage = contractTypeMessage(input.typeMessage);
	const kind = MEDIA_KINDS.find((k) => k === typeMessage);
	const messageData = kind
		? fileData(kind, {
				...mediaFile(core, inst, kind, input),
				caption: input.caption ?? input.text ?? '',
			})
		: textData(input.text ?? 'Hello! Your order #1024 has shipped.');
	const [msg] = enqueueSend(core, inst, {
		method: kind ? 'sendFileByUrl' : 'sendMessage',
		body: { chatId, ...(kind ? {} : { message: textOf(messageData) }) },
		drafts: [{ chatId, messageData }],
		isFile: !!kind,
	});
	return { idMessage: msg.idMessage };
}

/** A status (story) posted by a contact, listed by getIncomingStatuses. */
export function injectIncomingStatus(core: SandboxCore, inst: Instance, input: IncomingStatusInput): { idMessage: string } {
	const sender = input.sender ?? DEFAULT_CHAT;
	const typeMessage = input.typeMessage ?? 'extendedTextMessage';
	const contact = inst.contacts.get(sender);
	const isDefault = sender === DEFAULT_CHAT;
	const common = {
		idMessage: incomingMessageId(),
		type: 'incoming' as const,
		timestamp: nowSeconds(),
		chatId: sender,
		senderId: sender,
		senderName: input.senderName ?? (contact?.name || (isDefault ? 'Ivan' : '')),
		senderContactName: input.senderContactName ?? (contact?.contactName || (isDefault ? 'Ivan Petrov' : '')),
		participants: [],
		journaled: true,
		viewers: [],
	};
	if (typeMessage === 'extendedTextMessage') {
		inst.statuses.push({
			...common,
			typeMessage,
			text: input.text ?? 'Good morning',
			backgroundColor: input.backgroundColor ?? '#FF5733',
			font: input.font ?? 'SANS_SERIF',
		});
	} else {
		if (!['imageMessage', 'videoMessage', 'audioMessage'].includes(typeMessage)) {
			throw new ControlError(400, 'typeMessage must be extendedTextMessage, imageMessage, videoMessage or audioMessage');
		}
		const file = mediaFile(core, inst, typeMessage, { file: input.file, fileName: input.fileName });
		inst.statuses.push({
			...common,
			typeMessage,
			file: { ...file, caption: input.caption ?? input.text ?? '' },
		});
	}
	touchContact(inst, sender, common.senderName, common.senderContactName);
	core.changed(inst);
	return { idMessage: common.idMessage };
}

/** typeWebhooks whose body is the envelope plus one or two fields (defaults from the contract example). */
export function injectSimpleEvent(
	core: SandboxCore,
	inst: Instance,
	typeWebhook: string,
	fields: Record<string, unknown>,
): { typeWebhook: string; notification: NotificationRecord } {
	const emit = (body: Parameters<SandboxCore['emit']>[1]) => ({
		typeWebhook,
		notification: core.emit(inst, body),
	});
	switch (typeWebhook) {
		case 'statusInstanceChanged':
			return emit(statusInstanceNotification(inst, fields.statusInstance === 'offline' ? 'offline' : 'online'));
		case 'deviceInfo':
			return emit(
				simpleNotification(inst, typeWebhook, {
					deviceData: fields.deviceData ?? example(typeWebhook).deviceData,
				}),
			);
		case 'incomingBlock':
			return emit(
				simpleNotification(inst, typeWebhook, {
					chatId: fields.chatId ?? DEFAULT_CHAT,
					chatState: fields.chatState ?? 'blocked',
				}),
			);
		case 'quotaExceeded':
			return emit(
				simpleNotification(inst, typeWebhook, {
					quotaData: fields.quotaData ?? example(typeWebhook).quotaData,
				}),
			);
		case 'avatarInfo': {
			const chatId = typeof fields.chatId === 'string' ? fields.chatId : DEFAULT_CHAT;
			const exists = core.hasWhatsapp(chatId);
			const avatarInfo = fields.avatarInfo ?? {
				chatId,
				existsWhatsapp: exists,
				urlAvatar: exists ? `${core.apiUrl}/sandbox/avatars/${encodeURIComponent(chatId)}.png` : '',
			};
			return emit(simpleNotification(inst, typeWebhook, { avatarInfo }));
		}
		default:
			throw new ControlError(400, `typeWebhook must be one of ${WEBHOOKS.typeWebhook.map((t) => t.name).join(', ')}`);
	}
}
