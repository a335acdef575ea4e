/**
 * Everything the control API offers, as plain methods: the HTTP routes under /sandbox/ call these,
 * and embedded users call them on the Sandbox object directly.
 */
import { ControlError, type SandboxCore } from './core';
import { DeliveryFaults, readDeliveryFaults, type DeliveryFaultInfo, type DeliveryFaultSettings } from './deliveryFaults';
import { readFaultRule, type FaultInfo, type FaultRule } from './faults';
import { contractTypeMessage, DEFAULT_CHAT, injectFromPhone, injectIncoming, type MessageInput } from './inject';
import {
	injectIncomingCall,
	injectIncomingStatus,
	injectOutgoingCall,
	injectSimpleEvent,
	lastNotification,
	sendThroughApi,
	setMessageStatus,
	type EventInput,
	type IncomingCallInput,
	type IncomingStatusInput,
	type OutgoingCallInput,
} from './injectEvents';
import { journalItem } from './journal';
import { touchContact } from './messages';
import { createGroupRecord } from './methods/groups';
import { statusJournalItem } from './methods/statuses';
import type { NotificationRecord } from './notifications';
import type { SandboxInstanceConfig } from './options';
import type { RequestFilter, RequestRecord } from './requestLog';
import { readSettingsInput, type Settings } from './settings';
import { type Instance, type OutgoingStatus, type StateInstance, type StoredMessage, INSTANCE_STATES, phoneOf } from './state';
import { chatKind, isPlainObject } from './validate';
import {
	chatViews,
	instanceInfo,
	instanceView,
	sentViews,
	type ChatView,
	type InstanceView,
	type SandboxInstanceInfo,
	type SentView,
} from './views';

export interface InjectResult {
	idMessage: string;
	chatId: string;
	typeMessage: string;
	/** The notification the message produced (state 'suppressed' when its switches were off). */
	notification?: NotificationRecord;
}

export interface ContactInput {
	chatId: string;
	name?: string;
	contactName?: string;
}

export interface GroupInput {
	groupId?: string;
	subject?: string;
	/** Creator, default the first participant. */
	owner?: string;
	/** Members besides the instance. Default ['79001234567@c.us']. */
	participants?: string[];
	/** Whether the instance is an admin. Default false (someone else's group). */
	admin?: boolean;
}

export interface EventResult {
	typeWebhook: string;
	idMessage?: string;
	notification?: NotificationRecord;
}

const isPersonal = (chatId: string) => chatKind(chatId) === 'personal' || chatKind(chatId) === 'lid';

export class Control {
	constructor(protected readonly core: SandboxCore) {}

	/** Every live instance with its credentials. */
	get instances(): SandboxInstanceInfo[] {
		return this.core.liveInstances().map(instanceInfo);
	}

	instance(idInstance: number | string): InstanceView {
		return instanceView(this.core.requireInstance(idInstance));
	}

	createInstance(config: Partial<SandboxInstanceConfig> = {}): SandboxInstanceInfo {
		return instanceInfo(this.core.createInstance(config));
	}

	/** Changes what is not part of the API: the name and whether the beta status methods answer. */
	updateInstance(idInstance: number | string, input: { name?: string; statusesEnabled?: boolean }): InstanceView {
		const inst = this.core.requireInstance(idInstance);
		if (input.name !== undefined) inst.name = String(input.name);
		if (input.statusesEnabled !== undefined) inst.statusesEnabled = input.statusesEnabled === true;
		this.core.changed(inst);
		return instanceView(inst);
	}

	/** Sets stateInstance and sends stateInstanceChanged (authorizing also "scans the QR code"). */
	setState(idInstance: number | string, state: StateInstance): InstanceView {
		if (!INSTANCE_STATES.includes(state)) throw new ControlError(400, `stateInstance must be one of ${INSTANCE_STATES.join(', ')}`);
		const inst = this.core.requireInstance(idInstance);
		this.core.setState(inst, state);
		return instanceView(inst);
	}

	getSettings(idInstance: number | string): Settings {
		return { ...this.core.requireInstance(idInstance).settings };
	}

	/** Changes settings at once, without the restart setSettings goes through. */
	setSettings(idInstance: number | string, patch: Partial<Settings>): Settings {
		const inst = this.core.requireInstance(idInstance);
		this.core.applySettings(inst, readSettingsInput(patch));
		return { ...inst.settings };
	}

	/** A contact sends a message: incomingMessageReceived. */
	injectIncoming(idInstance: number | string, input: MessageInput = {}): InjectResult {
		const inst = this.core.requireInstance(idInstance);
		return this.result(inst, injectIncoming(this.core, inst, this.checkInput(input)));
	}

	/** The phone sends a message: outgoingMessageReceived. */
	injectFromPhone(idInstance: number | string, input: MessageInput = {}): InjectResult {
		const inst = this.core.requireInstance(idInstance);
		return this.result(inst, injectFromPhone(this.core, inst, this.checkInput(input)));
	}

	/** An incoming call: the 'offer' notification, then the outcome. */
	injectIncomingCall(idInstance: number | string, input: IncomingCallInput = {}): { idMessage: string } {
		return injectIncomingCall(this.core, this.core.requireInstance(idInstance), input);
	}

	/** A call placed from the phone (beta outgoingCall). */
	injectOutgoingCall(idInstance: number | string, input: OutgoingCallInput = {}): { idMessage: string } {
		return injectOutgoingCall(this.core, this.core.requireInstance(idInstance), input);
	}

	/**
	 * Any notification type of webhooks.json. Message types take the injectIncoming fields, the
	 * others their own body fields (missing ones come from the contract example).
	 */
	injectEvent(idInstance: number | string, input: EventInput): EventResult {
		const inst = this.core.requireInstance(idInstance);
		const { typeWebhook, ...fields } = input;
		switch (typeWebhook) {
			case 'incomingMessageReceived':
				return { typeWebhook, ...this.injectIncoming(idInstance, fields as MessageInput) };
			case 'outgoingMessageReceived':
				return { typeWebhook, ...this.injectFromPhone(idInstance, fields as MessageInput) };
			case 'outgoingAPIMessageReceived':
				return { typeWebhook, ...sendThroughApi(this.core, inst, fields as MessageInput) };
			case 'outgoingMessageStatus': {
				const status = (fields.status as OutgoingStatus | undefined) ?? 'delivered';
				const idMessage = typeof fields.idMessage === 'string' ? fields.idMessage : undefined;
				const chatId = typeof fields.chatId === 'string' ? fields.chatId : undefined;
				const description = typeof fields.description === 'string' ? fields.description : undefined;
				return {
					typeWebhook,
					...setMessageStatus(this.core, inst, idMessage, status, description, chatId),
				};
			}
			case 'stateInstanceChanged':
				this.setState(idInstance, (fields.stateInstance as StateInstance | undefined) ?? 'authorized');
				return { typeWebhook, notification: lastNotification(inst) };
			case 'incomingCall':
				return { typeWebhook, ...this.injectIncomingCall(idInstance, fields as IncomingCallInput) };
			case 'outgoingCall':
				return { typeWebhook, ...this.injectOutgoingCall(idInstance, fields as OutgoingCallInput) };
			default:
				return injectSimpleEvent(this.core, inst, typeWebhook, fields);
		}
	}

	/** Sets the delivery status of a sent message and sends outgoingMessageStatus. */
	setMessageStatus(
		idInstance: number | string,
		idMessage: string | undefined,
		status: OutgoingStatus,
		description?: string,
	): { idMessage: string; notification?: NotificationRecord } {
		return setMessageStatus(this.core, this.core.requireInstance(idInstance), idMessage, status, description);
	}

	/** A status (story) posted by a contact, listed by getIncomingStatuses. */
	injectIncomingStatus(idInstance: number | string, input: IncomingStatusInput = {}): { idMessage: string } {
		return injectIncomingStatus(this.core, this.core.requireInstance(idInstance), input);
	}

	addContact(idInstance: number | string, input: ContactInput): { chatId: string } {
		const inst = this.core.requireInstance(idInstance);
		if (!isPlainObject(input as unknown) || typeof input.chatId !== 'string' || !isPersonal(input.chatId)) {
			throw new ControlError(400, "'chatId' must be a personal chat id like 79001234567@c.us");
		}
		touchContact(inst, input.chatId, input.name, input.contactName);
		this.core.changed(inst);
		return { chatId: input.chatId };
	}

	/** A group created by someone else with the instance as a member (admin only if asked). */
	addGroup(idInstance: number | string, input: GroupInput = {}): { groupId: string } {
		const inst = this.core.requireInstance(idInstance);
		const participants = input.participants ?? [DEFAULT_CHAT];
		const invalid = participants.find((id) => !isPersonal(id));
		if (invalid !== undefined) throw new ControlError(400, `invalid participant '${invalid}'`);
		if (input.groupId !== undefined && chatKind(input.groupId) !== 'group')
			throw new ControlError(400, `invalid groupId '${input.groupId}'`);
		const owner = input.owner ?? participants[0] ?? inst.wid;
		const members = [{ id: owner, isAdmin: true }, ...participants.map((id) => ({ id })), { id: inst.wid, isAdmin: input.admin === true }];
		const group = createGroupRecord(inst, input.subject ?? 'Sandbox group', owner, members, input.groupId);
		for (const id of participants) touchContact(inst, id);
		this.core.changed(inst);
		return { groupId: group.groupId };
	}

	/** Whether a number has a WhatsApp account (checkWhatsapp, noAccount statuses, avatars). */
	setNumberExists(phone: string, exists: boolean): { phone: string; exists: boolean } {
		const digits = phoneOf(String(phone)).replace(/\D/g, '');
		if (!digits) throw new ControlError(400, 'phone must contain digits');
		this.core.numbers.set(digits, exists);
		return { phone: digits, exists };
	}

	/** Chats newest first, each with its messages (only the `lastMessages` latest when given). */
	chats(idInstance: number | string, lastMessages?: number): ChatView[] {
		return chatViews(this.core.requireInstance(idInstance), lastMessages);
	}

	/** One message as a journal entry (getMessage's shape), journaled or not. */
	message(idInstance: number | string, idMessage: string): Record<string, unknown> {
		const inst = this.core.requireInstance(idInstance);
		for (const chat of inst.chats.values()) {
			const msg = chat.messages.find((m) => m.idMessage === idMessage);
			if (msg) return journalItem(msg);
		}
		throw new ControlError(404, `no message ${idMessage}`);
	}

	/** What the instance sent through the API, oldest first, with the current status of each message. */
	sent(idInstance: number | string): SentView[] {
		return sentViews(this.core.requireInstance(idInstance));
	}

	/** Statuses (stories), sent and received, as the status journals show them. */
	statuses(idInstance: number | string): Record<string, unknown>[] {
		return this.core.requireInstance(idInstance).statuses.map(statusJournalItem);
	}

	/** Notifications emitted for the instance: pending, delivered, deleted and suppressed ones. */
	notifications(idInstance: number | string): NotificationRecord[] {
		return this.core.requireInstance(idInstance).notifications.list();
	}

	/** Resolves with the first notification (already emitted or coming) that matches. */
	waitForNotification(
		idInstance: number | string,
		match: (n: NotificationRecord) => boolean = () => true,
		timeoutMs = 5000,
	): Promise<NotificationRecord> {
		const inst = this.core.requireInstance(idInstance);
		return this.waitFor(() => inst.notifications.list().find(match), timeoutMs, `notification for instance ${inst.idInstance}`);
	}

	/** Resolves with the first finished request-log record matching the filter. */
	waitForRequest(filter: RequestFilter = {}, timeoutMs = 5000): Promise<RequestRecord> {
		const check = () => this.core.log.list(filter).find((r) => r.status !== 0 || r.fault === 'drop');
		return this.waitFor(check, timeoutMs, 'request');
	}

	requests(filter?: RequestFilter): RequestRecord[] {
		return this.core.log.list(filter);
	}

	clearRequests(): void {
		this.core.log.clear();
	}

	addFault(rule: FaultRule): FaultInfo {
		return this.core.faults.add(readFaultRule(rule));
	}

	faults(): FaultInfo[] {
		return this.core.faults.list();
	}

	removeFault(id: number): boolean {
		return this.core.faults.remove(id);
	}

	clearFaults(): void {
		this.core.faults.clear();
	}

	/** Copies and early give-ups of webhook delivery from now on (replacing earlier ones). */
	setDeliveryFaults(settings: Partial<DeliveryFaultSettings>): DeliveryFaultInfo {
		this.core.deliveryFaults = new DeliveryFaults(readDeliveryFaults(settings));
		return this.core.deliveryFaults.info();
	}

	/** The delivery faults in force and how many notifications got each; null when none are set. */
	deliveryFaults(): DeliveryFaultInfo | null {
		return this.core.deliveryFaults?.info() ?? null;
	}

	clearDeliveryFaults(): void {
		this.core.deliveryFaults = undefined;
	}

	/** Switches the per-method rate limits (429) on or off. */
	setRateLimits(enabled: boolean): void {
		this.core.rateLimiter.enabled = enabled;
		this.core.rateLimiter.clear();
	}

	get rateLimitsEnabled(): boolean {
		return this.core.rateLimiter.enabled;
	}

	/** Back to the initial instances; journals, queues, files, faults, the log: all emptied. */
	reset(): void {
		this.core.reset();
	}

	private checkInput(input: MessageInput): MessageInput {
		if (!isPlainObject(input as unknown)) throw new ControlError(400, 'the body must be a JSON object');
		contractTypeMessage(input.typeMessage);
		return input;
	}

	private result(inst: Instance, msg: StoredMessage): InjectResult {
		const notification = [...inst.notifications.list()].reverse().find((n) => n.body.idMessage === msg.idMessage);
		return {
			idMessage: msg.idMessage,
			chatId: msg.chatId,
			typeMessage: msg.messageData.typeMessage,
			notification,
		};
	}

	/** Waits for `check` to find something, re-checking on every change and every finished request. */
	private waitFor<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
		const found = check();
		if (found) return Promise.resolve(found);
		return new Promise((resolve, reject) => {
			const finish = () => {
				this.core.changes.off('change', onChange);
				offLog();
				clearTimeout(timer);
			};
			const onChange = () => {
				const value = check();
				if (value) {
					finish();
					resolve(value);
				}
			};
			const offLog = this.core.log.onFinish(onChange);
			this.core.changes.on('change', onChange);
			const timer = setTimeout(() => {
				finish();
				reject(new Error(`timed out after ${timeoutMs} ms waiting for a ${what}`));
			}, timeoutMs);
		});
	}
}
