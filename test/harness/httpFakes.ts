import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders, OutgoingHttpHeader } from 'node:http';

import type { IDataObject } from 'n8n-workflow';

/** The parts of express' Request that a webhook node reads, after n8n has parsed the body. */
export interface FakeRequest {
	method: string;
	url: string;
	path: string;
	headers: IncomingHttpHeaders;
	body: unknown;
	/** The bytes as received, which n8n keeps for signature checks. */
	rawBody: Buffer;
	query: IDataObject;
	params: IDataObject;
}

export interface RequestInput {
	method: string;
	url: string;
	headers?: IncomingHttpHeaders;
	body?: unknown;
	rawBody?: Buffer;
	query?: IDataObject;
}

const isJson = (headers: IncomingHttpHeaders) => /[/+]json\b/.test(headers['content-type'] ?? '');

/**
 * Header names lowercased as Node delivers them. A body without rawBody is sent as JSON (text for
 * a string); a rawBody without body is parsed when its content type is JSON, as n8n does.
 */
export function fakeRequest(input: RequestInput): FakeRequest {
	const headers: IncomingHttpHeaders = Object.fromEntries(
		Object.entries(input.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
	);
	let { body, rawBody } = input;
	if (rawBody === undefined && body !== undefined) {
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		headers['content-type'] ??= typeof body === 'string' ? 'text/plain' : 'application/json';
		rawBody = Buffer.from(text);
	}
	rawBody ??= Buffer.alloc(0);
	if (body === undefined) {
		body = rawBody.length > 0 && isJson(headers) ? (JSON.parse(rawBody.toString()) as unknown) : {};
	}
	const url = new URL(input.url);
	return {
		method: input.method,
		url: url.pathname + url.search,
		path: url.pathname,
		headers,
		body,
		rawBody,
		query: input.query ?? Object.fromEntries(url.searchParams),
		params: {},
	};
}

/**
 * Records what a node writes to express' Response, with Node's rules about writing twice, and
 * emits `finish` and then `close` when the answer is complete, as Node's ServerResponse does.
 */
export class RecordingResponse extends EventEmitter {
	statusCode = 200;

	headersSent = false;

	writableEnded = false;

	readonly headers: Record<string, string> = {};

	body?: unknown;

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	setHeader(name: string, value: OutgoingHttpHeader): this {
		if (this.headersSent) throw new Error(`Cannot set header "${name}": the response was sent`);
		this.headers[name.toLowerCase()] = String(value);
		return this;
	}

	getHeader(name: string): string | undefined {
		return this.headers[name.toLowerCase()];
	}

	json(body: unknown): this {
		if (!this.headersSent) this.headers['content-type'] ??= 'application/json; charset=utf-8';
		return this.end(body);
	}

	send(body?: unknown): this {
		if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body)) return this.json(body);
		if (!this.headersSent && typeof body === 'string') {
			this.headers['content-type'] ??= 'text/html; charset=utf-8';
		}
		return this.end(body);
	}

	/** Called with the answer when it is complete, e.g. to pass it on to a real HTTP response. */
	onEnd?: (answer: { status: number; headers: Record<string, string>; body: unknown }) => void;

	/** Whether the client went away (the connection is closed). */
	aborted = false;

	end(body?: unknown): this {
		if (this.writableEnded) throw new Error('write after end: the response was already sent');
		this.body = body;
		this.headersSent = true;
		this.writableEnded = true;
		// Into a closed connection Node still ends the response, but emits nothing more.
		if (this.aborted) return this;
		this.onEnd?.({ status: this.statusCode, headers: this.headers, body });
		this.emit('finish');
		this.emit('close');
		return this;
	}

	/** The client went away before an answer: Node emits only `close`, and the response is not ended. */
	abort(): void {
		if (this.writableEnded || this.aborted) return;
		this.aborted = true;
		this.emit('close');
	}
}
