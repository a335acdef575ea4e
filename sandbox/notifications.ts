/**
 * Per-instance notification queue and webhook delivery.
 *
 * One FIFO per instance. While webhookUrl is set, the head is POSTed to it (with
 * `Authorization: Bearer <webhookUrlToken>` when a token is set) and retried until it gets HTTP
 * 200, later notifications waiting behind it. While webhookUrl is empty, the head is what
 * receiveNotification returns until deleteNotification removes it.
 *
 * A notification is queued only when its settings switches are on (from the shared event
 * catalogue); outgoingMessageStatus with status noAccount or failed is queued regardless.
 * Delivery faults (deliveryFaults.ts) add the copies and early give-ups of at-least-once delivery.
 */
import axios from 'axios';
import { MESSAGE_KINDS, WEBHOOK_TYPES } from '../nodes/GreenApi/events/eventCatalogue';
import type { DeliveryFaults, DeliveryPlan } from './deliveryFaults';
import type { YesNoSetting } from '../nodes/GreenApi/catalogue/settingKeys';
import type { Settings } from './settings';
import type { Timers } from './timers';

export type NotificationBody = { typeWebhook: string } & Record<string, unknown>;

export interface DeliveryAttempt {
	at: string;
	url: string;
	/** HTTP status the receiver answered; absent when the request failed. */
	status?: number;
	/** Network error code or message when there was no HTTP answer. */
	error?: string;
	durationMs: number;
	/** Whether an Authorization header was sent (its value is the instance's webhookUrlToken). */
	authorization: boolean;
	/** A copy sent by a delivery fault: while the first POST was open, or after its 200. */
	copy?: 'overlap' | 'resend';
	/** A delivery fault gave this POST up before the answer came. */
	gaveUp?: boolean;
}

export interface NotificationRecord {
	receiptId: number;
	typeWebhook: string;
	typeMessage?: string;
	body: NotificationBody;
	createdAt: string;
	/**
	 * pending: waiting for webhook delivery or for receive/deleteNotification; delivered: a webhook
	 * got 200; deleted: removed by deleteNotification; suppressed: its switches were off.
	 */
	state: 'pending' | 'delivered' | 'deleted' | 'suppressed';
	/** How it left (or is leaving) the queue. */
	via?: 'webhook' | 'queue';
	/** Switches that were off (for suppressed notifications). */
	missingSwitches: string[];
	attempts: DeliveryAttempt[];
	/** How many times receiveNotification returned it. */
	timesReceived: number;
	/** The delivery faults drawn for it, when delivery faults were set. */
	deliveryFaults?: DeliveryPlan;
}

export interface NotificationHost {
	settings(): Settings;
	timers: Timers;
	retryMs(): number;
	timeoutMs(): number;
	changed(): void;
	deliveryFaults?(): DeliveryFaults | undefined;
}

const HISTORY_LIMIT = 10_000;

/** Switches that must be 'yes' for this body, per the shared event catalogue. */
export function requiredSwitches(body: NotificationBody): YesNoSetting[] {
	const type = WEBHOOK_TYPES.find((t) => t.value === body.typeWebhook);
	const switches: YesNoSetting[] = [...(type?.switches ?? [])];
	if (type?.isMessage) {
		const messageData = body.messageData as { typeMessage?: string } | undefined;
		const typeMessage = (messageData?.typeMessage ?? '').toLowerCase();
		const messageKind = MESSAGE_KINDS.find((k) => k.value.toLowerCase() === typeMessage);
		for (const extra of messageKind?.extraSwitches ?? []) if (!switches.includes(extra)) switches.push(extra);
	}
	return switches;
}

/** noAccount is delivered whatever outgoingWebhook says (all doc versions); newer pages say failed too. */
export function deliveredRegardless(body: NotificationBody): boolean {
	return body.typeWebhook === 'outgoingMessageStatus' && (body.status === 'noAccount' || body.status === 'failed');
}

export interface ReceivedNotification {
	receiptId: number;
	body: NotificationBody;
}

export class NotificationCenter {
	private pending: NotificationRecord[] = [];
	private history: NotificationRecord[] = [];
	private nextReceiptId = 1;
	private readonly waiters = new Set<() => void>();
	private inFlight = false;
	private abort?: AbortController;
	private retryTimer?: NodeJS.Timeout;
	private closed = false;

	constructor(private readonly host: NotificationHost) {}

	/** Queues a notification if its switches are on; the record is returned either way. */
	emit(body: NotificationBody): NotificationRecord {
		const settings = this.host.settings();
		const missing = deliveredRegardless(body) ? [] : requiredSwitches(body).filter((s) => settings[s] !== 'yes');
		const messageData = body.messageData as { typeMessage?: string } | undefined;
		const record: NotificationRecord = {
			receiptId: missing.length ? 0 : this.nextReceiptId++,
			typeWebhook: body.typeWebhook,
			...(messageData?.typeMessage ? { typeMessage: messageData.typeMessage } : {}),
			body,
			createdAt: new Date().toISOString(),
			state: missing.length ? 'suppressed' : 'pending',
			missingSwitches: missing,
			attempts: [],
			timesReceived: 0,
		};
		this.history.push(record);
		if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
		if (record.state === 'pending') {
			this.pending.push(record);
			this.wakeReceivers();
			this.deliver();
		}
		this.host.changed();
		return record;
	}

	/** Everything emitted so far, oldest first, including suppressed and finished ones. */
	list(): NotificationRecord[] {
		return [...this.history];
	}

	pendingCount(): number {
		return this.pending.length;
	}

	/** Long poll: the head of the queue, waiting up to timeoutMs for one; null when none came. */
	async receive(timeoutMs: number, signal?: AbortSignal): Promise<ReceivedNotification | null> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			if (signal?.aborted) return null;
			const head = this.pollable();
			if (head) {
				head.via = 'queue';
				head.timesReceived++;
				this.host.changed();
				return { receiptId: head.receiptId, body: head.body };
			}
			const left = deadline - Date.now();
			if (left <= 0 || this.closed) return null;
			await new Promise<void>((resolve) => {
				const done = () => {
					this.host.timers.cancel(timer);
					this.waiters.delete(done);
					signal?.removeEventListener('abort', done);
					resolve();
				};
				const timer = this.host.timers.after(left, done);
				this.waiters.add(done);
				signal?.addEventListener('abort', done);
			});
		}
	}

	/** deleteNotification: only items already handed out by receiveNotification can be deleted. */
	delete(receiptId: number): boolean {
		const index = this.pending.findIndex((r) => r.receiptId === receiptId && r.timesReceived > 0);
		if (index < 0) return false;
		const [record] = this.pending.splice(index, 1);
		record.state = 'deleted';
		this.host.changed();
		return true;
	}

	/** Called when settings change: webhook delivery may start or stop. */
	kick(): void {
		if (this.retryTimer) {
			this.host.timers.cancel(this.retryTimer);
			this.retryTimer = undefined;
		}
		this.deliver();
		this.wakeReceivers();
	}

	/** Stops delivery, answers waiting long polls with null and forgets everything. */
	close(): void {
		this.closed = true;
		this.abort?.abort();
		this.host.timers.cancel(this.retryTimer);
		this.retryTimer = undefined;
		this.wakeReceivers();
		this.pending = [];
	}

	private pollable(): NotificationRecord | undefined {
		if (this.host.settings().webhookUrl) return undefined;
		return this.pending[0];
	}

	private wakeReceivers(): void {
		for (const wake of [...this.waiters]) wake();
	}

	private deliver(): void {
		if (this.inFlight || this.closed || this.retryTimer) return;
		const head = this.pending[0];
		const { webhookUrl, webhookUrlToken } = this.host.settings();
		if (!head || !webhookUrl) return;
		this.inFlight = true;
		void this.deliverHead(head, webhookUrl, webhookUrlToken);
	}

	/** One delivery round of the head: its POST, plus the copies its delivery faults add. */
	private async deliverHead(record: NotificationRecord, url: string, token: string): Promise<void> {
		const abort = new AbortController();
		this.abort = abort;
		if (!record.attempts.length) {
			const plan = this.host.deliveryFaults?.()?.plan();
			if (plan && Object.keys(plan).length) record.deliveryFaults = plan;
		}
		const plan = record.attempts.length ? {} : (record.deliveryFaults ?? {});
		const posts = [this.post(record, url, token, abort.signal, { giveUpAfterMs: plan.giveUpAfterMs })];
		if (plan.overlapAfterMs !== undefined) {
			const gap = plan.overlapAfterMs;
			posts.push(this.pause(gap, abort.signal).then(() => this.post(record, url, token, abort.signal, { copy: 'overlap' })));
		}
		const delivered = (await Promise.all(posts)).includes(200);
		if (delivered && plan.resendAfterMs !== undefined && !abort.signal.aborted) {
			await this.pause(plan.resendAfterMs, abort.signal);
			await this.post(record, url, token, abort.signal, { copy: 'resend' });
		}
		this.inFlight = false;
		this.abort = undefined;
		if (this.closed) return;
		if (delivered) {
			record.state = 'delivered';
			this.pending = this.pending.filter((r) => r !== record);
			this.host.changed();
			this.deliver();
			return;
		}
		this.host.changed();
		this.retryTimer = this.host.timers.after(this.host.retryMs(), () => {
			this.retryTimer = undefined;
			this.deliver();
		});
	}

	private pause(ms: number, signal: AbortSignal): Promise<void> {
		return new Promise((resolve) => {
			if (ms <= 0 || signal.aborted) return resolve();
			const timer = this.host.timers.after(ms, resolve);
			signal.addEventListener('abort', () => {
				this.host.timers.cancel(timer);
				resolve();
			});
		});
	}

	/** One POST of the notification; resolves with the HTTP status, or undefined without an answer. */
	private async post(
		record: NotificationRecord,
		url: string,
		token: string,
		signal: AbortSignal,
		{ copy, giveUpAfterMs }: { copy?: DeliveryAttempt['copy']; giveUpAfterMs?: number } = {},
	): Promise<number | undefined> {
		if (signal.aborted) return undefined;
		const started = Date.now();
		const attempt: DeliveryAttempt = {
			at: new Date(started).toISOString(),
			url,
			durationMs: 0,
			authorization: !!token,
			...(copy ? { copy } : {}),
		};
		record.via = 'webhook';
		record.attempts.push(attempt);
		try {
			const response = await axios.post(url, record.body, {
				headers: {
					'Content-Type': 'application/json',
					...(token ? { Authorization: `Bearer ${token}` } : {}),
				},
				timeout: giveUpAfterMs ?? this.host.timeoutMs(),
				signal,
				proxy: false,
				maxRedirects: 0,
				validateStatus: () => true,
				responseType: 'text',
				transformResponse: (data: unknown) => data,
			});
			attempt.status = response.status;
		} catch (error) {
			const code = (error as { code?: string }).code;
			attempt.error = code ?? (error as Error).message;
			if (giveUpAfterMs !== undefined) attempt.gaveUp = true;
		}
		attempt.durationMs = Date.now() - started;
		return attempt.status;
	}
}
