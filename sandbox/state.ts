/**
 * The instance model, kept as plain data: instances → chats → messages, plus settings, contacts,
 * groups, statuses and the send queue. Behaviour lives in the modules that use these types.
 */
import type { NotificationCenter } from './notifications';
import type { Settings } from './settings';

export type StateInstance = 'notAuthorized' | 'authorized' | 'blocked' | 'sleepMode' | 'starting' | 'yellowCard';

export const INSTANCE_STATES: readonly StateInstance[] = ['notAuthorized', 'authorized', 'blocked', 'sleepMode', 'starting', 'yellowCard'];

export type OutgoingStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed' | 'noAccount' | 'notInGroup' | 'yellowCard';

/** `messageData` exactly as it appears in notifications: typeMessage + its data key (+ quotedMessage). */
export type MessageData = { typeMessage: string } & Record<string, unknown>;

export interface StoredMessage {
	idMessage: string;
	chatId: string;
	type: 'incoming' | 'outgoing';
	timestamp: number;
	messageData: MessageData;
	/** Author: the participant in groups, the instance's own id for outgoing messages. */
	senderId: string;
	senderName: string;
	senderContactName: string;
	sendByApi: boolean;
	statusMessage?: OutgoingStatus;
	/**
	 * Whether the journals (getChatHistory, lastIncomingMessages, getMessage, ...) show it: incoming
	 * messages only when incomingWebhook was on, phone-sent ones only with outgoingMessageWebhook,
	 * API-sent ones always (as the contract notes for the journal methods).
	 */
	journaled: boolean;
	read: boolean;
	isEdited: boolean;
	isDeleted: boolean;
	/** The API method that produced an outgoing message. */
	method?: string;
}

export interface Chat {
	chatId: string;
	messages: StoredMessage[];
	archived: boolean;
	ephemeralExpiration: number;
}

export interface Contact {
	chatId: string;
	/** WhatsApp (push) name. */
	name: string;
	/** Name in the phone book. */
	contactName: string;
}

export interface GroupParticipant {
	id: string;
	isAdmin: boolean;
	isSuperAdmin: boolean;
}

export interface Group {
	groupId: string;
	subject: string;
	owner: string;
	creation: number;
	subjectTime: number;
	subjectOwner: string;
	participants: GroupParticipant[];
	inviteLink: string;
	pictureUrl: string;
}

export interface StatusViewer {
	participant: string;
	timestamp: number;
	status: 'sent' | 'delivered' | 'read';
}

export interface StatusRecord {
	idMessage: string;
	type: 'incoming' | 'outgoing';
	timestamp: number;
	typeMessage: 'extendedTextMessage' | 'imageMessage' | 'videoMessage' | 'audioMessage';
	chatId: string;
	senderId: string;
	senderName: string;
	senderContactName: string;
	text?: string;
	backgroundColor?: string;
	font?: string;
	participants: string[];
	file?: { downloadUrl: string; fileName: string; mimeType: string; caption: string };
	statusMessage?: OutgoingStatus;
	/** Outgoing statuses show up in journals and statistics only when outgoingWebhook was on. */
	journaled: boolean;
	viewers: StatusViewer[];
}

export interface QueueEntry {
	/** Originating method as showMessagesQueue reports it (sendMessage, ForwardMessages, ...). */
	type: string;
	messageID?: string;
	messagesIDs?: string[];
	body: Record<string, unknown>;
	/** File sends leave the queue at least 5 s apart whatever the delay setting says. */
	isFile: boolean;
	typingTime: number;
	messages: StoredMessage[];
	onSend?: () => void;
}

/** One API call that put something into the send queue, for the control API's "sent" list. */
export interface SentRecord {
	at: string;
	method: string;
	chatId: string;
	idMessages: string[];
	request: Record<string, unknown>;
}

export interface Instance {
	idInstance: number;
	apiTokenInstance: string;
	name: string;
	/** Own account id; reported as '' while not authorized. */
	wid: string;
	createdAt: Date;
	deletedAt?: Date;
	stateInstance: StateInstance;
	settings: Settings;
	/** setSettings changes waiting for the simulated restart. */
	pendingSettings?: Partial<Settings>;
	stateBeforeRestart?: StateInstance;
	restartTimer?: NodeJS.Timeout;
	chats: Map<string, Chat>;
	contacts: Map<string, Contact>;
	groups: Map<string, Group>;
	statuses: StatusRecord[];
	sendQueue: QueueEntry[];
	sendTimer?: NodeJS.Timeout;
	lastSentAt: number;
	sent: SentRecord[];
	profilePictureUrl: string;
	/** Number given to getAuthorizationCode; becomes the wid when the instance is linked. */
	pairingPhone?: string;
	/** The beta status methods answer 403 when this is off. */
	statusesEnabled: boolean;
	createdByPartner: boolean;
	notifications: NotificationCenter;
}

export function phoneOf(chatId: string): string {
	return chatId.replace(/@.*$/, '');
}

/** WhatsApp reports the own id as '' while no account is linked. */
export function visibleWid(inst: Instance): string {
	return inst.stateInstance === 'notAuthorized' ? '' : inst.wid;
}

export function getChat(inst: Instance, chatId: string): Chat {
	let chat = inst.chats.get(chatId);
	if (!chat) {
		chat = { chatId, messages: [], archived: false, ephemeralExpiration: 0 };
		inst.chats.set(chatId, chat);
	}
	return chat;
}

export function allMessages(inst: Instance): StoredMessage[] {
	return [...inst.chats.values()].flatMap((c) => c.messages);
}

export function findMessage(inst: Instance, chatId: string, idMessage: string, journaledOnly = true): StoredMessage | undefined {
	const chat = inst.chats.get(chatId);
	return chat?.messages.find((m) => m.idMessage === idMessage && (!journaledOnly || m.journaled));
}

export function isGroupMember(inst: Instance, groupId: string): boolean {
	const group = inst.groups.get(groupId);
	return !!group && group.participants.some((p) => p.id === inst.wid);
}
