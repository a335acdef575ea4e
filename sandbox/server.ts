/**
 * The HTTP layer: two node:http servers (api and media host) that route
 * `/waInstance{id}/{method}/{token}[/…]` and `/partner/{method}/{token}` to the handlers, record
 * every request in the log, and hand `/sandbox/…` on the api port to the control routes.
 *
 * Order of checks for an instance method: unknown method, wrong host or wrong verb → 404; unknown
 * instance → 403; wrong token → 401; deleted instance → 400; archived method → 403; configured
 * faults; rate limit → 429; body parsing and state checks → 400; validation → 400; the handler.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { findMethod, type ContractMethod } from './contract';
import type { SandboxCore } from './core';
import {
	ApiError,
	badRequest,
	DELETED_TEXT,
	errorBody,
	forbidden,
	NOT_AUTHORIZED_TEXT,
	notFound,
	STARTING_TEXT,
	tooLarge,
	unauthorized,
} from './errors';
import { simpleNotification } from './events';
import type { FaultAction, FaultOutcome } from './faults';
import { handlerFor, partnerHandlers, EMPTY, type MethodHandler } from './methods';
import { methodDisabled } from './methods/account';
import { describeBody, flatHeaders, parseJsonBody, readBody, safeDecode, type ReadBody } from './httpBody';
import { boundaryOf, MultipartError, parseMultipart, type Multipart } from './multipart';
import { handleUpgrade } from './qrSocket';
import type { RequestRecord } from './requestLog';
import type { Instance } from './state';
import { checkBody, checkQuery, type Body } from './validate';

export type HostKind = 'api' | 'media';

export type ControlHandler = (req: IncomingMessage, res: ServerResponse, segments: string[], url: URL) => Promise<void>;

interface Answer {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
	/** Send this text instead of JSON (nginx-style 502 page). */
	html?: string;
}

const BAD_GATEWAY_HTML =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

function checkGate(inst: Instance, handler: MethodHandler): void {
	if (handler.gate === 'any') return;
	if (inst.stateInstance === 'starting') throw badRequest(handler.notAuthorizedText ?? STARTING_TEXT);
	if (handler.gate === 'authorized' && inst.stateInstance !== 'authorized' && inst.stateInstance !== 'yellowCard') {
		throw badRequest(handler.notAuthorizedText ?? NOT_AUTHORIZED_TEXT);
	}
}

function quotaBody(method: string) {
	return {
		invokeStatus: {
			method,
			used: 1,
			total: 1000,
			status: 'QUOTE_ALLOWED',
			description: 'Method call quota is not exceeded',
		},
		correspondentsStatus: {
			method: 'correspondents',
			used: 3,
			total: 3,
			status: 'CORRESPONDENTS_QUOTE_EXCEEDED',
			description: 'Monthly correspondents limit reached; upgrade the plan to write to new chats',
		},
	};
}

export class HttpLayer {
	private readonly servers: Record<HostKind, Server>;
	private readonly sockets = new Set<Socket>();

	constructor(
		private readonly core: SandboxCore,
		private readonly control: ControlHandler,
	) {
		this.servers = { api: this.createServer('api'), media: this.createServer('media') };
	}

	async listen(): Promise<{ apiPort: number; mediaPort: number }> {
		const { host, port, mediaPort } = this.core.opts;
		const listenOn = (server: Server, p: number) =>
			new Promise<number>((resolve, reject) => {
				server.once('error', reject);
				server.listen(p, host, () => {
					server.off('error', reject);
					resolve((server.address() as AddressInfo).port);
				});
			});
		const apiPort = await listenOn(this.servers.api, port);
		try {
			const media = await listenOn(this.servers.media, mediaPort);
			return { apiPort, mediaPort: media };
		} catch (error) {
			await this.close();
			throw error;
		}
	}

	async close(): Promise<void> {
		const closing = Object.values(this.servers).map(
			(server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())),
		);
		for (const socket of this.sockets) socket.destroy();
		this.sockets.clear();
		await Promise.all(closing);
	}

	private createServer(host: HostKind): Server {
		const server = createServer((req, res) => {
			this.handle(host, req, res).catch((error: unknown) => {
				console.error('[sandbox] request failed:', error);
				if (!res.headersSent) {
					res.writeHead(500, { 'Content-Type': 'application/json' });
					res.end(JSON.stringify(errorBody(500, 'Internal Server Error')));
				}
			});
		});
		// The QR websocket (scanqrcode) is the only upgrade GREEN-API offers, on the API host.
		if (host === 'api') {
			server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
				handleUpgrade(this.core, req, socket).catch((error: unknown) => {
					console.error('[sandbox] websocket upgrade failed:', error);
					socket.destroy();
				});
			});
		}
		server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		return server;
	}

	private async handle(host: HostKind, req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://sandbox.local');
		const segments = url.pathname
			.split('/')
			.filter((s) => s !== '')
			.map(safeDecode);
		if (host === 'api' && segments[0] === 'sandbox') {
			await this.control(req, res, segments.slice(1), url);
			return;
		}

		const started = Date.now();
		const first = segments[0] ?? '';
		const kind: RequestRecord['kind'] = /^waInstance/i.test(first) ? 'instance' : first === 'partner' ? 'partner' : 'other';
		const idMatch = kind === 'instance' ? /^waInstance(\d+)$/i.exec(first) : null;
		const token = kind === 'other' ? undefined : segments[2];
		const verb = (req.method ?? 'GET').toUpperCase();
		const contentType = req.headers['content-type'] ?? '';
		const record = this.core.log.begin(
			{
				at: new Date(started).toISOString(),
				host,
				kind,
				verb,
				method: kind === 'other' ? '' : (segments[1] ?? ''),
				idInstance: idMatch ? Number(idMatch[1]) : null,
				tokenOk: false,
				extraPath: kind === 'other' ? [] : segments.slice(3),
				query: Object.fromEntries(url.searchParams),
				headers: flatHeaders(req),
				contentType,
			},
			token,
		);

		const body = await readBody(req, this.core.opts.maxFileBytes + 1024 * 1024);
		Object.assign(record, this.core.log.redactBody(describeBody(body.data, contentType), token));

		const gone = new AbortController();
		res.once('close', () => gone.abort());
		let answer: Answer | 'dropped';
		try {
			if (kind === 'instance') answer = await this.instanceMethod(host, req, segments, url, body, record, gone.signal);
			else if (kind === 'partner' && host === 'api') answer = await this.partnerMethod(req, segments, body, record);
			else throw notFound();
		} catch (error) {
			answer = this.errorAnswer(error);
		}

		if (answer === 'dropped') {
			record.fault = record.fault ?? 'drop';
			req.socket.destroy();
			this.core.log.finish(record, 0, '', token, started);
		} else {
			this.write(res, answer);
			const logged = answer.html ?? (answer.body === EMPTY ? '' : answer.body);
			this.core.log.finish(record, answer.status, logged, token, started);
		}
		this.core.opts.onRequest?.(record);
	}

	private errorAnswer(error: unknown): Answer {
		if (error instanceof ApiError) return { status: error.status, body: error.body, headers: error.headers };
		if (error instanceof MultipartError) return { status: 400, body: errorBody(400, 'bad request data') };
		console.error('[sandbox] handler failed:', error);
		return { status: 500, body: errorBody(500, 'Internal Server Error') };
	}

	private write(res: ServerResponse, answer: Answer): void {
		if (answer.html !== undefined) {
			res.writeHead(answer.status, { 'Content-Type': 'text/html', ...answer.headers });
			res.end(answer.html);
			return;
		}
		if (answer.body === EMPTY || answer.status === 204) {
			res.writeHead(answer.status, { 'Content-Length': '0', ...answer.headers });
			res.end();
			return;
		}
		const text = JSON.stringify(answer.body);
		res.writeHead(answer.status, {
			'Content-Type': 'application/json',
			'Content-Length': String(Buffer.byteLength(text)),
			...answer.headers,
		});
		res.end(text);
	}

	/**
	 * Applies the configured faults; returns the answer they force, if any, and whether it
	 * replaces the answer only after the request was carried out. A client that hung up during
	 * the added latency gets nothing done.
	 */
	private async faults(
		spec: ContractMethod,
		inst: Instance | undefined,
		record: RequestRecord,
		signal?: AbortSignal,
	): Promise<{ answer: Answer | 'dropped'; afterHandling?: boolean } | undefined> {
		const outcome: FaultOutcome = this.core.faults.take(spec.name, inst?.idInstance ?? null);
		if (outcome.labels.length) record.fault = outcome.labels.join(',');
		if (outcome.latencyMs) await new Promise<void>((resolve) => this.core.timers.after(outcome.latencyMs, resolve));
		if (outcome.latencyMs && signal?.aborted) {
			record.fault = `${record.fault},clientGone`;
			return { answer: 'dropped' };
		}
		const action = outcome.action;
		if (!action) return undefined;
		return { answer: this.faultAnswer(spec, inst, action), afterHandling: action.afterHandling };
	}

	private faultAnswer(spec: ContractMethod, inst: Instance | undefined, action: FaultAction): Answer | 'dropped' {
		if (action.kind === 'drop') return 'dropped';
		switch (action.status) {
			case 502:
				return { status: 502, body: undefined, html: BAD_GATEWAY_HTML };
			case 429:
				return {
					status: 429,
					body: errorBody(429, 'Too Many Requests'),
					headers: action.retryAfter !== undefined ? { 'Retry-After': String(action.retryAfter) } : {},
				};
			case 466: {
				if (inst) {
					const quota = quotaBody(spec.name).correspondentsStatus;
					this.core.emit(
						inst,
						simpleNotification(inst, 'quotaExceeded', {
							quotaData: { ...quota, status: 'CORRESPONDENTS_QUOTA_EXCEEDED' },
						}),
					);
				}
				return { status: 466, body: quotaBody(spec.name) };
			}
			default:
				return { status: 500, body: errorBody(500, 'Internal Server Error') };
		}
	}

	private async instanceMethod(
		host: HostKind,
		req: IncomingMessage,
		segments: string[],
		url: URL,
		body: ReadBody,
		record: RequestRecord,
		signal: AbortSignal,
	): Promise<Answer | 'dropped'> {
		const idMatch = /^waInstance(\d+)$/i.exec(segments[0]);
		const spec = segments[1] ? findMethod(segments[1]) : undefined;
		if (!idMatch || segments.length < 3 || !spec || spec.verb === 'WS' || spec.host !== host) throw notFound();
		const handler = handlerFor(spec.name);
		if (!handler) throw notFound();
		if (req.method === 'OPTIONS') return { status: 204, body: EMPTY };
		if (req.method !== spec.verb) throw notFound();

		const inst = this.core.instance(idMatch[1]);
		if (!inst) throw forbidden();
		record.tokenOk = segments[2] === inst.apiTokenInstance;
		if (!record.tokenOk) throw unauthorized();
		if (inst.deletedAt) throw badRequest(DELETED_TEXT);
		if (handler.disabled) throw methodDisabled();
		if (handler.beta && !inst.statusesEnabled) throw forbidden();

		const forced = await this.faults(spec, inst, record, signal);
		if (forced && !forced.afterHandling) return forced.answer;
		if (!this.core.rateLimiter.allow(inst.idInstance, spec.name, spec.rateLimitRps)) {
			throw new ApiError(429, errorBody(429, 'Too Many Requests'));
		}
		if (body.tooLarge) throw tooLarge();

		let parsedBody: Body = {};
		let multipart: Multipart | undefined;
		let raw: { data: Buffer; contentType: string } | undefined;
		const contentType = req.headers['content-type'] ?? '';
		if (spec.contentType === 'application/json') {
			parsedBody = parseJsonBody(body.data);
		} else if (spec.contentType === 'multipart/form-data') {
			const boundary = boundaryOf(contentType);
			if (!boundary) throw badRequest('bad request data');
			multipart = parseMultipart(body.data, boundary);
			if (multipart.files.some((f) => f.data.length > this.core.opts.maxFileBytes)) throw tooLarge();
			parsedBody = { ...multipart.fields };
		} else if (spec.contentType?.startsWith('raw')) {
			if (body.data.length > this.core.opts.maxFileBytes) throw tooLarge();
			raw = { data: body.data, contentType: contentType.trim() };
		}

		checkGate(inst, handler);
		checkBody(spec, parsedBody, !!multipart, handler.skipFields);
		const query = checkQuery(spec, Object.fromEntries(url.searchParams));
		const result = await handler.handle({
			core: this.core,
			inst,
			spec,
			body: parsedBody,
			query,
			files: multipart?.files ?? [],
			raw,
			headers: req.headers,
			bodySize: body.size,
			extraPath: segments.slice(3),
			signal,
		});
		return forced?.answer ?? { status: 200, body: result };
	}

	private async partnerMethod(
		req: IncomingMessage,
		segments: string[],
		body: { data: Buffer },
		record: RequestRecord,
	): Promise<Answer | 'dropped'> {
		const spec = segments[1] ? findMethod(segments[1]) : undefined;
		if (!spec || spec.host !== 'partner' || segments.length < 3) throw notFound();
		if (req.method === 'OPTIONS') return { status: 204, body: EMPTY };
		if (req.method !== spec.verb) throw notFound();
		record.tokenOk = segments[2] === this.core.opts.partnerToken;
		// Partner errors are HTTP 200 with the code in the body.
		if (!record.tokenOk) return { status: 200, body: errorBody(401, 'Unauthorized') };
		const forced = await this.faults(spec, undefined, record);
		if (forced && !forced.afterHandling) return forced.answer;
		try {
			const parsed = spec.verb === 'POST' ? parseJsonBody(body.data) : {};
			checkBody(spec, parsed);
			const result = partnerHandlers[spec.name](this.core, parsed);
			return forced?.answer ?? { status: 200, body: result };
		} catch (error) {
			if (error instanceof ApiError && error.status === 400) return { status: 200, body: error.body };
			throw error;
		}
	}
}
