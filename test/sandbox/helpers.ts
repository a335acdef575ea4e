/** Shared helpers of the sandbox tests: an HTTP client, a webhook receiver, shape checks. */
import axios, { type AxiosResponse } from 'axios';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';

export const http = axios.create({ validateStatus: () => true, proxy: false, maxRedirects: 0 });

export interface Call {
	status: number;
	data: unknown;
	headers: AxiosResponse['headers'];
	text: string;
}

export interface CallOptions {
	body?: unknown;
	query?: Record<string, string | number>;
	extraPath?: string[];
	token?: string;
	idInstance?: number;
	host?: 'api' | 'media';
	headers?: Record<string, string>;
}

/** A client bound to one sandbox instance: `api.call('POST', 'sendMessage', { body })`. */
export class Api {
	constructor(
		readonly sandbox: Sandbox,
		readonly idInstance: number,
		readonly token: string,
	) {}

	url(method: string, options: CallOptions = {}): string {
		const base = options.host === 'media' ? this.sandbox.mediaUrl : this.sandbox.apiUrl;
		const extra = (options.extraPath ?? []).map((s) => `/${s}`).join('');
		const query = options.query ? `?${new URLSearchParams(Object.entries(options.query).map(([k, v]) => [k, String(v)]))}` : '';
		return `${base}/waInstance${options.idInstance ?? this.idInstance}/${method}/${options.token ?? this.token}${extra}${query}`;
	}

	async call(verb: string, method: string, options: CallOptions = {}): Promise<Call> {
		const response = await http.request({
			method: verb,
			url: this.url(method, options),
			data: options.body,
			headers: options.headers,
			responseType: 'text',
			transformResponse: (data: unknown) => data,
		});
		const text = String(response.data ?? '');
		let data: unknown = text;
		try {
			data = text === '' ? '' : (JSON.parse(text) as unknown);
		} catch {
			data = text;
		}
		return { status: response.status, data, headers: response.headers, text };
	}

	get(method: string, options?: CallOptions) {
		return this.call('GET', method, options);
	}

	post(method: string, body?: unknown, options: CallOptions = {}) {
		return this.call('POST', method, { ...options, body });
	}
}

export async function start(options: SandboxOptions = {}): Promise<{ sandbox: Sandbox; api: Api }> {
	const sandbox = await startSandbox({ rateLimits: false, ...options });
	const [first] = sandbox.instances;
	return { sandbox, api: new Api(sandbox, first.idInstance, first.apiTokenInstance) };
}

/** Every notification switch on, polling (no webhook). */
export const ALL_ON = {
	incomingWebhook: 'yes',
	outgoingMessageWebhook: 'yes',
	outgoingAPIMessageWebhook: 'yes',
	outgoingWebhook: 'yes',
	stateWebhook: 'yes',
	statusInstanceWebhook: 'yes',
	deviceWebhook: 'yes',
	incomingCallWebhook: 'yes',
	outgoingCallWebhook: 'yes',
	incomingBlockWebhook: 'yes',
	pollMessageWebhook: 'yes',
	editedMessageWebhook: 'yes',
	deletedMessageWebhook: 'yes',
} as const;

export interface ReceivedWebhook {
	headers: IncomingHttpHeaders;
	body: Record<string, unknown>;
	status: number;
}

/** A local webhook endpoint. `answers` are the statuses to reply with, in order (then 200). */
export class WebhookReceiver {
	readonly received: ReceivedWebhook[] = [];
	answers: number[] = [];
	/** How long each answer takes. */
	delayMs = 0;
	/** POSTs received and not answered yet, and the most there ever were at once. */
	open = 0;
	mostOpen = 0;
	private server?: Server;
	url = '';

	async start(): Promise<this> {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				const status = this.answers.shift() ?? 200;
				this.received.push({
					headers: req.headers,
					body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
					status,
				});
				this.open++;
				this.mostOpen = Math.max(this.mostOpen, this.open);
				setTimeout(() => {
					this.open--;
					if (!res.destroyed) res.writeHead(status).end();
				}, this.delayMs);
			});
		});
		await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
		return this;
	}

	/** Bodies that were answered with 200. */
	accepted(): Record<string, unknown>[] {
		return this.received.filter((r) => r.status === 200).map((r) => r.body);
	}

	async close(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}
}

/** Polls check() every few ms; the bound is for a loaded machine, the wait ends as soon as it holds. */
export async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

/** waitFor for checks that must await (an HTTP call). */
export async function waitForAsync<T>(check: () => Promise<T | undefined | false>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const kindOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * Differences between an example and an actual value: every key of the example must be present
 * with a value of the same JSON type (recursively; arrays compare their first items).
 */
export function shapeErrors(expected: unknown, actual: unknown, path = '$'): string[] {
	if (kindOf(expected) !== kindOf(actual)) return [`${path}: expected ${kindOf(expected)}, got ${kindOf(actual)}`];
	if (Array.isArray(expected) && Array.isArray(actual)) {
		return expected.length && actual.length ? shapeErrors(expected[0], actual[0], `${path}[0]`) : [];
	}
	if (kindOf(expected) === 'object') {
		const exp = expected as Record<string, unknown>;
		const act = actual as Record<string, unknown>;
		return Object.keys(exp).flatMap((key) =>
			key in act ? shapeErrors(exp[key], act[key], `${path}.${key}`) : [`${path}.${key}: missing`],
		);
	}
	return [];
}

/** Keys of `actual` that are neither in the example nor among the documented fields. */
export function undocumentedKeys(actual: unknown, example: unknown, documented: string[]): string[] {
	if (kindOf(actual) !== 'object' || kindOf(example) !== 'object') return [];
	const allowed = new Set([...Object.keys(example as object), ...documented]);
	return Object.keys(actual as object).filter((k) => !allowed.has(k));
}

/** A multipart/form-data body built by hand (for cases a FormData client would not produce). */
export function multipart(
	parts: ({ name: string; value: string } | { name: string; filename: string; contentType: string; data: Buffer })[],
	boundary = '----sandbox-test-boundary',
): { body: Buffer; contentType: string } {
	const chunks: Buffer[] = [];
	for (const part of parts) {
		chunks.push(Buffer.from(`--${boundary}\r\n`));
		if ('value' in part) {
			chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
		} else {
			chunks.push(
				Buffer.from(
					`Content-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.contentType}\r\n\r\n`,
				),
				part.data,
				Buffer.from('\r\n'),
			);
		}
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The first bytes of a JPEG, enough for the picture checks. */
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 7)]);
