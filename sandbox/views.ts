/** What the control API and the web page show of an instance, its chats and its sends. */
import { fileData, textOf } from './messages';
import { settingsView, type Settings } from './settings';
import { type Instance, type OutgoingStatus, type StateInstance, type StoredMessage, visibleWid } from './state';
import { chatKind } from './validate';

export interface SandboxInstanceInfo {
	idInstance: number;
	apiTokenInstance: string;
	name: string;
	wid: string;
	stateInstance: StateInstance;
}

export interface InstanceView extends SandboxInstanceInfo {
	deleted: boolean;
	createdByPartner: boolean;
	statusesEnabled: boolean;
	/** Effective settings, as getSettings shows them. */
	settings: Record<string, unknown>;
	/** setSettings changes waiting for the restart to finish. */
	pendingSettings: Partial<Settings> | null;
	sendQueueLength: number;
	pendingNotifications: number;
	chatCount: number;
}

export interface MessageView {
	idMessage: string;
	type: 'incoming' | 'outgoing';
	timestamp: number;
	typeMessage: string;
	senderId: string;
	senderName: string;
	sendByApi: boolean;
	statusMessage?: OutgoingStatus;
	/** Visible to the journal methods (see README: journals follow the switches). */
	journaled: boolean;
	read: boolean;
	isEdited: boolean;
	isDeleted: boolean;
	text?: string;
	file?: { url: string; fileName: string; mimeType: string; caption: string };
	messageData: StoredMessage['messageData'];
}

export interface ChatView {
	chatId: string;
	name: string;
	isGroup: boolean;
	archived: boolean;
	ephemeralExpiration: number;
	unread: number;
	lastTimestamp: number;
	messages: MessageView[];
}

export interface SentView {
	at: string;
	method: string;
	chatId: string;
	request: Record<string, unknown>;
	/** 'dropped' for messages removed by clearMessagesQueue before they left. */
	messages: {
		idMessage: string;
		statusMessage: OutgoingStatus | 'dropped';
		typeMessage?: string;
	}[];
}

export function instanceInfo(inst: Instance): SandboxInstanceInfo {
	return {
		idInstance: inst.idInstance,
		apiTokenInstance: inst.apiTokenInstance,
		name: inst.name,
		wid: inst.wid,
		stateInstance: inst.stateInstance,
	};
}

export function instanceView(inst: Instance): InstanceView {
	return {
		...instanceInfo(inst),
		deleted: !!inst.deletedAt,
		createdByPartner: inst.createdByPartner,
		statusesEnabled: inst.statusesEnabled,
		settings: settingsView(inst.settings, visibleWid(inst)),
		pendingSettings: inst.pendingSettings ?? null,
		sendQueueLength: inst.sendQueue.length,
		pendingNotifications: inst.notifications.pendingCount(),
		chatCount: inst.chats.size,
	};
}

export function messageView(msg: StoredMessage): MessageView {
	const file = fileData(msg.messageData);
	const text = textOf(msg.messageData);
	return {
		idMessage: msg.idMessage,
		type: msg.type,
		timestamp: msg.timestamp,
		typeMessage: msg.messageData.typeMessage,
		senderId: msg.senderId,
		senderName: msg.senderName,
		sendByApi: msg.sendByApi,
		...(msg.statusMessage ? { statusMessage: msg.statusMessage } : {}),
		journaled: msg.journaled,
		read: msg.read,
		isEdited: msg.isEdited,
		isDeleted: msg.isDeleted,
		...(text !== undefined ? { text } : {}),
		...(file
			? {
					file: {
						url: String(file.downloadUrl ?? ''),
						fileName: String(file.fileName ?? ''),
						mimeType: String(file.mimeType ?? ''),
						caption: String(file.caption ?? ''),
					},
				}
			: {}),
		messageData: msg.messageData,
	};
}

/** Chats newest first, each with its messages (only the `lastMessages` latest when given). */
export function chatViews(inst: Instance, lastMessages?: number): ChatView[] {
	return [...inst.chats.values()]
		.map((chat) => {
			const group = inst.groups.get(chat.chatId);
			const contact = inst.contacts.get(chat.chatId);
			const last = chat.messages[chat.messages.length - 1];
			return {
				chatId: chat.chatId,
				name: group?.subject ?? (contact?.contactName || contact?.name || ''),
				isGroup: !!group || chatKind(chat.chatId) === 'group',
				archived: chat.archived,
				ephemeralExpiration: chat.ephemeralExpiration,
				unread: chat.messages.filter((m) => m.type === 'incoming' && !m.read).length,
				lastTimestamp: last?.timestamp ?? 0,
				messages: (lastMessages ? chat.messages.slice(-lastMessages) : chat.messages).map(messageView),
			};
		})
		.sort((a, b) => b.lastTimestamp - a.lastTimestamp);
}

export function findOutgoing(inst: Instance, idMessage: string): StoredMessage | undefined {
	for (const chat of inst.chats.values()) {
		const msg = chat.messages.find((m) => m.idMessage === idMessage && m.type === 'outgoing');
		if (msg) return msg;
	}
	return undefined;
}

export function sentViews(inst: Instance): SentView[] {
	return inst.sent.map((record) => ({
		at: record.at,
		method: record.method,
		chatId: record.chatId,
		request: record.request,
		messages: record.idMessages.map((id) => {
			const msg = findOutgoing(inst, id);
			const status = inst.statuses.find((s) => s.idMessage === id);
			const typeMessage = msg?.messageData.typeMessage ?? status?.typeMessage;
			return {
				idMessage: id,
				statusMessage: msg?.statusMessage ?? status?.statusMessage ?? 'dropped',
				...(typeMessage ? { typeMessage } : {}),
			};
		}),
	}));
}
