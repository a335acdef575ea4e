/**
 * HTTP routes under /sandbox/ on the API port: the web page, its live-update stream, stored files,
 * avatars and the control API (JSON in, JSON out). Not recorded in the request log. Every route
 * first passes controlRefusal (Host, Origin, JSON only).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Control } from './control';
import { controlRefusal, extraControlHosts } from './controlGuard';
import { ControlError, type SandboxCore } from './core';
import { ApiError } from './errors';
import { avatarPng } from './png';
import { currentQr } from './qrCode';
import { pageHtml } from './page';
import type { RequestFilter } from './requestLog';
import { isPlainObject } from './validate';

type Json = Record<string, unknown>;

interface Route {
	verb: string;
	/** Segments after /sandbox/; ':name' captures one segment. */
	path: string;
	run: (params: Record<string, string>, body: Json, url: URL) => unknown;
}

function readJson(req: IncomingMessage, limit: number): Promise<Json> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= limit) chunks.push(chunk);
		});
		req.on('error', reject);
		req.on('end', () => {
			if (size > limit) return reject(new ControlError(413, 'body too large'));
			const text = Buffer.concat(chunks).toString('utf8').trim();
			if (!text) return resolve({});
			try {
				const parsed: unknown = JSON.parse(text);
				if (!isPlainObject(parsed)) return reject(new ControlError(400, 'the body must be a JSON object'));
				resolve(parsed);
			} catch (error) {
				reject(new ControlError(400, `invalid JSON: ${(error as Error).message}`));
			}
		});
	});
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body ?? null);
	res.writeHead(status, {
		'Content-Type': 'application/json',
		'Content-Length': String(Buffer.byteLength(text)),
		'Cache-Control': 'no-store',
	});
	res.end(text);
}

function filterFrom(url: URL): RequestFilter {
	const q = url.searchParams;
	const filter: RequestFilter = {};
	if (q.has('method')) filter.method = q.get('method') ?? '';
	if (q.has('idInstance')) filter.idInstance = q.get('idInstance') ?? '';
	if (q.get('host') === 'api' || q.get('host') === 'media') filter.host = q.get('host') as 'api' | 'media';
	const kind = q.get('kind');
	if (kind === 'instance' || kind === 'partner' || kind === 'other') filter.kind = kind;
	if (q.has('verb')) filter.verb = q.get('verb') ?? '';
	if (q.has('status')) filter.status = Number(q.get('status'));
	if (q.has('afterSeq')) filter.afterSeq = Number(q.get('afterSeq'));
	return filter;
}

/** `?last=N`: only the N latest items (messages per chat, notifications). */
function lastN(url: URL): number | undefined {
	const value = Number(url.searchParams.get('last'));
	return Number.isInteger(value) && value > 0 ? value : undefined;
}

export function controlRoutes(core: SandboxCore, control: Control, info: () => unknown): Route[] {
	const id = (p: Record<string, string>) => p.id;
	return [
		{ verb: 'GET', path: 'info', run: () => info() },
		{ verb: 'POST', path: 'reset', run: () => (control.reset(), { reset: true }) },

		{ verb: 'GET', path: 'requests', run: (_p, _b, url) => control.requests(filterFrom(url)) },
		{ verb: 'DELETE', path: 'requests', run: () => (control.clearRequests(), { cleared: true }) },

		{ verb: 'GET', path: 'faults', run: () => control.faults() },
		{ verb: 'POST', path: 'faults', run: (_p, body) => control.addFault(body as never) },
		{ verb: 'DELETE', path: 'faults', run: () => (control.clearFaults(), { cleared: true }) },
		{
			verb: 'DELETE',
			path: 'faults/:fault',
			run: (p) => ({ removed: control.removeFault(Number(p.fault)) }),
		},
		{ verb: 'GET', path: 'delivery-faults', run: () => control.deliveryFaults() },
		{ verb: 'PUT', path: 'delivery-faults', run: (_p, body) => control.setDeliveryFaults(body as never) },
		{
			verb: 'DELETE',
			path: 'delivery-faults',
			run: () => (control.clearDeliveryFaults(), { cleared: true }),
		},
		{ verb: 'GET', path: 'rate-limits', run: () => ({ enabled: control.rateLimitsEnabled }) },
		{
			verb: 'PUT',
			path: 'rate-limits',
			run: (_p, body) => {
				if (typeof body.enabled !== 'boolean') throw new ControlError(400, "'enabled' must be a boolean");
				control.setRateLimits(body.enabled);
				return { enabled: control.rateLimitsEnabled };
			},
		},
		{
			verb: 'PUT',
			path: 'numbers/:phone',
			run: (p, body) => {
				if (typeof body.exists !== 'boolean') throw new ControlError(400, "'exists' must be a boolean");
				return control.setNumberExists(p.phone, body.exists);
			},
		},

		{ verb: 'GET', path: 'instances', run: () => control.instances },
		{ verb: 'POST', path: 'instances', run: (_p, body) => control.createInstance(body as never) },
		{ verb: 'GET', path: 'instances/:id', run: (p) => control.instance(id(p)) },
		{
			verb: 'PATCH',
			path: 'instances/:id',
			run: (p, body) => control.updateInstance(id(p), body as never),
		},
		{
			verb: 'PUT',
			path: 'instances/:id/state',
			run: (p, body) => control.setState(id(p), body.stateInstance as never),
		},
		{ verb: 'GET', path: 'instances/:id/settings', run: (p) => control.getSettings(id(p)) },
		{
			verb: 'PATCH',
			path: 'instances/:id/settings',
			run: (p, body) => control.setSettings(id(p), body as never),
		},
		{
			verb: 'PUT',
			path: 'instances/:id/settings',
			run: (p, body) => control.setSettings(id(p), body as never),
		},
		{
			verb: 'POST',
			path: 'instances/:id/incoming',
			run: (p, body) => control.injectIncoming(id(p), body),
		},
		{
			verb: 'POST',
			path: 'instances/:id/outgoing',
			run: (p, body) => control.injectFromPhone(id(p), body),
		},
		{
			verb: 'POST',
			path: 'instances/:id/calls/incoming',
			run: (p, body) => control.injectIncomingCall(id(p), body),
		},
		{
			verb: 'POST',
			path: 'instances/:id/calls/outgoing',
			run: (p, body) => control.injectOutgoingCall(id(p), body),
		},
		{
			verb: 'POST',
			path: 'instances/:id/events',
			run: (p, body) => {
				if (typeof body.typeWebhook !== 'string') throw new ControlError(400, "'typeWebhook' is required");
				return control.injectEvent(id(p), body as never);
			},
		},
		{ verb: 'GET', path: 'instances/:id/statuses', run: (p) => control.statuses(id(p)) },
		{
			verb: 'POST',
			path: 'instances/:id/statuses/incoming',
			run: (p, body) => control.injectIncomingStatus(id(p), body),
		},
		{ verb: 'GET', path: 'instances/:id/messages/:msg', run: (p) => control.message(id(p), p.msg) },
		{
			verb: 'POST',
			path: 'instances/:id/messages/:msg/status',
			run: (p, body) =>
				control.setMessageStatus(id(p), p.msg, body.status as never, typeof body.description === 'string' ? body.description : undefined),
		},
		{
			verb: 'POST',
			path: 'instances/:id/contacts',
			run: (p, body) => control.addContact(id(p), body as never),
		},
		{ verb: 'POST', path: 'instances/:id/groups', run: (p, body) => control.addGroup(id(p), body) },
		{
			verb: 'GET',
			path: 'instances/:id/chats',
			run: (p, _b, url) => control.chats(id(p), lastN(url)),
		},
		{
			verb: 'GET',
			path: 'instances/:id/qr',
			run: (p) => {
				const inst = core.requireInstance(id(p));
				return { png: currentQr(core, inst) };
			},
		},
		{ verb: 'GET', path: 'instances/:id/sent', run: (p) => control.sent(id(p)) },
		{
			verb: 'GET',
			path: 'instances/:id/notifications',
			run: (p, _b, url) => control.notifications(id(p)).slice(-(lastN(url) ?? 0)),
		},
	];
}

function match(route: Route, verb: string, segments: string[]): Record<string, string> | undefined {
	const parts = route.path.split('/');
	if (route.verb !== verb || parts.length !== segments.length) return undefined;
	const params: Record<string, string> = {};
	for (let i = 0; i < parts.length; i++) {
		if (parts[i].startsWith(':')) params[parts[i].slice(1)] = segments[i];
		else if (parts[i] !== segments[i]) return undefined;
	}
	return params;
}

/** Server-sent events: "change" with the instance id, at most one per 200 ms per connection. */
function eventStream(core: SandboxCore, req: IncomingMessage, res: ServerResponse): void {
	res.writeHead(200, {
		'Content-Type': 'text/event-stream',
		'Cache-Control': 'no-store',
		Connection: 'keep-alive',
	});
	res.write('retry: 1000\n\n');
	const changed = new Set<number | null>();
	let timer: NodeJS.Timeout | undefined;
	const flush = () => {
		timer = undefined;
		for (const idInstance of changed) res.write(`event: change\ndata: ${JSON.stringify({ idInstance })}\n\n`);
		changed.clear();
	};
	const onChange = (idInstance: number | undefined) => {
		changed.add(idInstance ?? null);
		timer ??= core.timers.after(200, flush);
	};
	core.changes.on('change', onChange);
	res.on('close', () => {
		core.changes.off('change', onChange);
		core.timers.cancel(timer);
	});
	void req;
}

function serveFile(core: SandboxCore, res: ServerResponse, key: string, headOnly: boolean): void {
	const file = core.files.get(key);
	if (!file) {
		sendJson(res, 404, { error: 'no such file' });
		return;
	}
	const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, "'");
	res.writeHead(200, {
		'Content-Type': file.mimeType,
		'Content-Length': String(file.size),
		'Content-Disposition': `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
		'Cache-Control': 'no-store',
	});
	res.end(headOnly ? undefined : file.data);
}

export function createControlHandler(core: SandboxCore, control: Control, info: () => unknown) {
	const routes = controlRoutes(core, control, info);
	const extraHosts = extraControlHosts(core.opts);
	return async (req: IncomingMessage, res: ServerResponse, segments: string[], url: URL): Promise<void> => {
		const refusal = controlRefusal(req, extraHosts);
		if (refusal) {
			req.resume();
			sendJson(res, refusal.status, { error: refusal.error });
			return;
		}
		const verb = (req.method ?? 'GET').toUpperCase();
		if (segments.length === 0 && (verb === 'GET' || verb === 'HEAD')) {
			const html = pageHtml();
			res.writeHead(200, {
				'Content-Type': 'text/html; charset=utf-8',
				'Content-Length': String(Buffer.byteLength(html)),
			});
			res.end(verb === 'HEAD' ? undefined : html);
			return;
		}
		if (segments[0] === 'events' && segments.length === 1 && verb === 'GET') {
			eventStream(core, req, res);
			return;
		}
		if (segments[0] === 'files' && segments.length === 3 && (verb === 'GET' || verb === 'HEAD')) {
			serveFile(core, res, `${segments[1]}/${segments[2]}`, verb === 'HEAD');
			return;
		}
		if (segments[0] === 'avatars' && segments.length === 2 && verb === 'GET') {
			const png = avatarPng(segments[1].replace(/\.png$/, ''));
			res.writeHead(200, {
				'Content-Type': 'image/png',
				'Content-Length': String(png.length),
				'Cache-Control': 'max-age=3600',
			});
			res.end(png);
			return;
		}
		for (const route of routes) {
			const params = match(route, verb, segments);
			if (!params) continue;
			try {
				const body = verb === 'GET' || verb === 'DELETE' ? {} : await readJson(req, core.opts.maxFileBytes * 2);
				sendJson(res, 200, await route.run(params, body, url));
			} catch (error) {
				if (error instanceof ControlError) sendJson(res, error.status, { error: error.message });
				else if (error instanceof ApiError) sendJson(res, error.status, { error: error.message });
				else {
					console.error('[sandbox] control request failed:', error);
					sendJson(res, 500, { error: (error as Error).message });
				}
			}
			return;
		}
		req.resume();
		sendJson(res, 404, { error: `no control route ${verb} /sandbox/${segments.join('/')}` });
	};
}
