/**
 * The sandbox world: instances, stored files, faults, the request log and the timers behind them.
 * The HTTP layer, the method handlers and the control API all work on this object.
 */
import { EventEmitter } from 'node:events';
import { DeliveryFaults } from './deliveryFaults';
import { stateInstanceNotification } from './events';
import { Faults, RateLimiter } from './faults';
import { FileStore } from './files';
import { apiToken } from './ids';
import { NotificationCenter, type NotificationBody, type NotificationRecord } from './notifications';
import type { ResolvedOptions, SandboxInstanceConfig } from './options';
import { RequestLog } from './requestLog';
import { clearSendQueue, pumpSendQueue } from './sendQueue';
import { defaultSettings, readSettingsInput, type Settings } from './settings';
import { type Instance, type StateInstance, INSTANCE_STATES, phoneOf } from './state';
import { Timers } from './timers';

export class ControlError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

/** Default own number: '1' + the last ten digits of the instance id. */
const widFor = (idInstance: number) => `1${String(idInstance).slice(-10).padStart(10, '0')}@c.us`;

export function parseInstanceId(value: number | string): number {
	const id = typeof value === 'number' ? value : Number(String(value).trim());
	if (!Number.isSafeInteger(id) || id <= 0) throw new ControlError(400, `invalid idInstance '${value}'`);
	return id;
}

export class SandboxCore {
	readonly timers = new Timers();
	readonly files: FileStore;
	readonly faults = new Faults();
	/** Copies and give-ups of webhook delivery, while set through the control API. */
	deliveryFaults?: DeliveryFaults;
	readonly rateLimiter: RateLimiter;
	readonly log: RequestLog;
	/** 'change' (idInstance | undefined) whenever something visible on the page changed. */
	readonly changes = new EventEmitter();
	readonly instances = new Map<number, Instance>();
	/** WhatsApp account existence set through the control API, keyed by phone digits. */
	readonly numbers = new Map<string, boolean>();
	apiUrl = '';
	mediaUrl = '';
	private closed = false;

	constructor(readonly opts: ResolvedOptions) {
		this.changes.setMaxListeners(0);
		this.files = new FileStore(() => this.apiUrl);
		this.rateLimiter = new RateLimiter(opts.rateLimits);
		this.log = new RequestLog(opts.requestLogLimit, () => this.secrets());
		this.seed();
	}

	/** Tokens that must never appear in the request log. */
	secrets(): string[] {
		return [this.opts.partnerToken, ...[...this.instances.values()].map((i) => i.apiTokenInstance)];
	}

	private seed(): void {
		for (const config of this.opts.instances) {
			this.createInstance({ ...config, settings: { ...config.settings, ...this.opts.settings } });
		}
	}

	createInstance(config: Partial<SandboxInstanceConfig> & { createdByPartner?: boolean }): Instance {
		const idInstance =
			config.idInstance !== undefined ? parseInstanceId(config.idInstance) : Math.max(1101000000, ...this.instances.keys()) + 1;
		const existing = this.instances.get(idInstance);
		if (existing && !existing.deletedAt) throw new ControlError(409, `instance ${idInstance} already exists`);
		const state = config.stateInstance ?? 'authorized';
		if (!INSTANCE_STATES.includes(state)) throw new ControlError(400, `invalid stateInstance '${state}'`);
		const settings: Settings = {
			...defaultSettings(),
			...(config.settings ? readSettingsInput(config.settings) : {}),
		};
		const inst: Instance = {
			idInstance,
			apiTokenInstance: config.apiTokenInstance || apiToken(),
			name: config.name ?? `Sandbox ${idInstance}`,
			wid: config.wid ?? widFor(idInstance),
			createdAt: new Date(),
			stateInstance: state,
			settings,
			chats: new Map(),
			contacts: new Map(),
			groups: new Map(),
			statuses: [],
			sendQueue: [],
			lastSentAt: 0,
			sent: [],
			profilePictureUrl: '',
			statusesEnabled: true,
			createdByPartner: config.createdByPartner ?? false,
			notifications: undefined as unknown as NotificationCenter,
		};
		inst.notifications = new NotificationCenter({
			settings: () => inst.settings,
			timers: this.timers,
			retryMs: () => this.opts.webhookRetryMs,
			timeoutMs: () => this.opts.webhookTimeoutMs,
			changed: () => this.changed(inst),
			deliveryFaults: () => this.deliveryFaults,
		});
		this.instances.set(idInstance, inst);
		this.changed(inst);
		return inst;
	}

	instance(idInstance: number | string): Instance | undefined {
		const id = Number(idInstance);
		return Number.isSafeInteger(id) ? this.instances.get(id) : undefined;
	}

	/** For the control API: a live (not deleted) instance or a 404. */
	requireInstance(idInstance: number | string): Instance {
		const inst = this.instance(parseInstanceId(idInstance));
		if (!inst || inst.deletedAt) throw new ControlError(404, `no instance ${idInstance}`);
		return inst;
	}

	liveInstances(): Instance[] {
		return [...this.instances.values()].filter((i) => !i.deletedAt);
	}

	emit(inst: Instance, body: NotificationBody): NotificationRecord {
		return inst.notifications.emit(body);
	}

	changed(inst?: Instance): void {
		if (!this.closed) this.changes.emit('change', inst?.idInstance);
	}

	/**
	 * Whether a number has a WhatsApp account: as set through the control API, otherwise every
	 * number has one except those whose digits end in 0000.
	 */
	hasWhatsapp(chatIdOrPhone: string): boolean {
		const phone = phoneOf(chatIdOrPhone);
		const set = this.numbers.get(phone);
		if (set !== undefined) return set;
		return !phone.endsWith('0000');
	}

	/** Changes the state and sends stateInstanceChanged (stateWebhook). */
	setState(inst: Instance, state: StateInstance): void {
		if (!INSTANCE_STATES.includes(state)) throw new ControlError(400, `invalid stateInstance '${state}'`);
		this.timers.cancel(inst.restartTimer);
		inst.restartTimer = undefined;
		if (inst.pendingSettings) this.applySettings(inst, inst.pendingSettings);
		inst.pendingSettings = undefined;
		inst.stateBeforeRestart = undefined;
		if (state === 'authorized' && inst.stateInstance === 'notAuthorized' && inst.pairingPhone) {
			inst.wid = `${inst.pairingPhone}@c.us`;
			inst.pairingPhone = undefined;
		}
		inst.stateInstance = state;
		this.emit(inst, stateInstanceNotification(inst));
		pumpSendQueue(this, inst);
		this.changed(inst);
	}

	/** Settings change without a restart (control API, startup). */
	applySettings(inst: Instance, patch: Partial<Settings>): void {
		inst.settings = { ...inst.settings, ...patch };
		inst.notifications.kick();
		pumpSendQueue(this, inst);
		this.changed(inst);
	}

	/**
	 * Simulated restart (setSettings, reboot): state 'starting' for restartDelayMs, then the
	 * pending settings apply and the previous state returns. The restart itself sends no
	 * stateInstanceChanged notifications.
	 */
	restart(inst: Instance, patch?: Partial<Settings>): void {
		if (patch) inst.pendingSettings = { ...inst.pendingSettings, ...patch };
		if (inst.stateInstance !== 'starting') inst.stateBeforeRestart = inst.stateInstance;
		this.timers.cancel(inst.restartTimer);
		const finish = () => {
			inst.restartTimer = undefined;
			inst.stateInstance = inst.stateBeforeRestart ?? 'authorized';
			inst.stateBeforeRestart = undefined;
			const pending = inst.pendingSettings;
			inst.pendingSettings = undefined;
			this.applySettings(inst, pending ?? {});
		};
		if (this.opts.restartDelayMs <= 0) {
			finish();
			return;
		}
		inst.stateInstance = 'starting';
		inst.restartTimer = this.timers.after(this.opts.restartDelayMs, finish);
		this.changed(inst);
	}

	/** Back to the initial instances with empty journals, queues, files, faults and log. */
	reset(): void {
		this.stopActivity();
		this.instances.clear();
		this.files.clear();
		this.faults.clear();
		this.deliveryFaults = undefined;
		this.rateLimiter.clear();
		this.rateLimiter.enabled = this.opts.rateLimits;
		this.numbers.clear();
		this.log.clear();
		this.seed();
		this.changed();
	}

	close(): void {
		this.stopActivity();
		this.closed = true;
		this.changes.removeAllListeners();
	}

	private stopActivity(): void {
		for (const inst of this.instances.values()) {
			inst.notifications.close();
			clearSendQueue(this, inst, false);
		}
		this.timers.cancelAll();
	}
}
