/**
 * `wss://{apiUrl}/waInstance{id}/scanqrcode/{token}`: GREEN-API's live QR code. While the instance
 * is unlinked the socket sends `{type: 'qrCode', message: <base64 PNG>}` at once and again each
 * time the code changes; when a phone is linked (the page's "Phone linked" button or
 * `PUT /sandbox/instances/ID/state {"stateInstance":"authorized"}`) it sends
 * `{type: 'accountData', message: {wid, ...}}` and closes. A linked instance gets
 * `{type: 'alreadyLogged'}`, a starting or banned one `{type: 'error'}`, and a session that lasts
 * qrSessionMs ends with `{type: 'timeoutExpired'}`.
 *
 * GREEN-API does not document how a refused handshake looks; the sandbox answers it like an HTTP
 * method (401 wrong token, 403 unknown instance, 429 rate limit) and never upgrades.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

import { accountIds } from './methods/account';
import type { SandboxCore } from './core';
import { findMethod } from './contract';
import { DELETED_TEXT, errorBody, STARTING_TEXT } from './errors';
import { flatHeaders, safeDecode } from './httpBody';
import { currentQr, untilNextQr } from './qrCode';
import type { RequestRecord } from './requestLog';
import type { Instance } from './state';
import { acceptWebSocket, refuseUpgrade, type WebSocketConnection } from './webSocket';

const METHOD = 'scanqrcode';

interface Frame {
	type: 'qrCode' | 'accountData' | 'alreadyLogged' | 'error' | 'timeoutExpired';
	message: unknown;
}

/** Runs one websocket session of an instance until it is linked, ends or the client leaves. */
class QrSession {
	private readonly sent: string[] = [];
	private rotation?: NodeJS.Timeout;
	private expiry?: NodeJS.Timeout;
	private readonly onChange = (idInstance?: number) => {
		if (idInstance === undefined || idInstance === this.inst.idInstance) this.check();
	};

	constructor(
		private readonly core: SandboxCore,
		private readonly inst: Instance,
		private readonly conn: WebSocketConnection,
		private readonly record: RequestRecord,
		private readonly started: number,
	) {}

	start(): void {
		this.conn.onClose(() => this.stop());
		const state = this.inst.stateInstance;
		if (state === 'notAuthorized') {
			this.send({ type: 'qrCode', message: currentQr(this.core, this.inst) });
			this.core.changes.on('change', this.onChange);
			this.scheduleRotation();
			this.expiry = this.core.timers.after(this.core.opts.qrSessionMs, () =>
				this.finish({ type: 'timeoutExpired', message: 'QR code scanning time expired, reconnect to get a new one' }),
			);
		} else if (state === 'starting') this.finish({ type: 'error', message: STARTING_TEXT });
		else if (state === 'blocked') this.finish({ type: 'error', message: 'instance account is blocked' });
		else this.finish({ type: 'alreadyLogged', message: 'instance account already authorized' });
	}

	private scheduleRotation(): void {
		this.rotation = this.core.timers.after(untilNextQr(this.core), () => {
			if (!this.conn.isOpen || this.inst.stateInstance !== 'notAuthorized') return;
			this.send({ type: 'qrCode', message: currentQr(this.core, this.inst) });
			this.scheduleRotation();
		});
	}

	/** Reacts to what changed the instance: linked, deleted, or gone with a sandbox reset. */
	private check(): void {
		if (this.core.instance(this.inst.idInstance) !== this.inst || this.inst.deletedAt) {
			this.finish({ type: 'error', message: DELETED_TEXT }, 1001);
			return;
		}
		if (['authorized', 'yellowCard', 'sleepMode'].includes(this.inst.stateInstance)) {
			const { phone } = accountIds(this.inst);
			this.finish({ type: 'accountData', message: { wid: this.inst.wid, phone, pushname: this.inst.name } });
		}
	}

	private send(frame: Frame): void {
		this.sent.push(frame.type);
		this.conn.sendJson(frame);
	}

	private finish(frame: Frame, code = 1000): void {
		if (!this.conn.isOpen) return;
		this.send(frame);
		this.conn.close(code);
		this.stop();
	}

	private stop(): void {
		this.core.changes.off('change', this.onChange);
		this.core.timers.cancel(this.rotation);
		this.core.timers.cancel(this.expiry);
		if (this.record.status === 0) {
			this.core.log.finish(this.record, 101, { frames: this.sent }, undefined, this.started);
			this.core.opts.onRequest?.(this.record);
		}
	}
}

/** The API port's `upgrade` handler: only scanqrcode speaks websocket. */
export async function handleUpgrade(core: SandboxCore, req: IncomingMessage, socket: Duplex): Promise<void> {
	const started = Date.now();
	const url = new URL(req.url ?? '/', 'http://sandbox.local');
	const segments = url.pathname.split('/').filter(Boolean).map(safeDecode);
	const idMatch = /^waInstance(\d+)$/i.exec(segments[0] ?? '');
	const token = segments[2];
	const record = core.log.begin(
		{
			at: new Date(started).toISOString(),
			host: 'api',
			kind: idMatch ? 'instance' : 'other',
			verb: 'GET',
			method: segments[1] ?? '',
			idInstance: idMatch ? Number(idMatch[1]) : null,
			tokenOk: false,
			extraPath: segments.slice(3),
			query: Object.fromEntries(url.searchParams),
			headers: flatHeaders(req),
			contentType: '',
		},
		token,
	);
	const refuse = (status: number, description: string) => {
		const body = errorBody(status, description);
		refuseUpgrade(socket, status, body);
		core.log.finish(record, status, body, token, started);
		core.opts.onRequest?.(record);
	};

	if (!idMatch || (segments[1] ?? '').toLowerCase() !== METHOD.toLowerCase() || segments.length !== 3) {
		refuse(404, 'Not Found');
		return;
	}
	const inst = core.instance(idMatch[1]);
	if (!inst) return refuse(403, 'Forbidden');
	record.tokenOk = token === inst.apiTokenInstance;
	if (!record.tokenOk) return refuse(401, 'Unauthorized');
	if (inst.deletedAt) return refuse(400, DELETED_TEXT);

	const outcome = core.faults.take(METHOD, inst.idInstance);
	if (outcome.labels.length) record.fault = outcome.labels.join(',');
	if (outcome.latencyMs) await new Promise<void>((resolve) => core.timers.after(outcome.latencyMs, resolve));
	if (outcome.action?.kind === 'drop') {
		socket.destroy();
		core.log.finish(record, 0, '', token, started);
		core.opts.onRequest?.(record);
		return;
	}
	if (outcome.action?.kind === 'status') {
		const status = outcome.action.status;
		return refuse(status, status === 429 ? 'Too Many Requests' : 'Internal Server Error');
	}
	if (!core.rateLimiter.allow(inst.idInstance, METHOD, findMethod(METHOD)?.rateLimitRps ?? null)) {
		return refuse(429, 'Too Many Requests');
	}

	const conn = acceptWebSocket(req, socket);
	if (typeof conn === 'string') return refuse(400, conn);
	new QrSession(core, inst, conn, record, started).start();
}
