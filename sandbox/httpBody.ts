/** Reading request bodies and describing them for the request log. */
import type { IncomingMessage } from 'node:http';
import { badRequest } from './errors';
import { boundaryOf, parseMultipart } from './multipart';
import { sha256, type RequestRecord } from './requestLog';
import { isPlainObject, type Body } from './validate';

export interface ReadBody {
	data: Buffer;
	/** Bytes received (may exceed what was kept). */
	size: number;
	tooLarge: boolean;
}

export function safeDecode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

export function flatHeaders(req: IncomingMessage): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

/** Reads the body, keeping at most `limit` bytes (the rest is drained so the client can finish). */
export function readBody(req: IncomingMessage, limit: number): Promise<ReadBody> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= limit) chunks.push(chunk);
		});
		const done = () => resolve({ data: Buffer.concat(chunks), size, tooLarge: size > limit });
		req.on('end', done);
		req.on('error', done);
		req.on('aborted', done);
	});
}

/** What the log keeps about a body: parsed JSON, a multipart summary, or size + hash. */
export function describeBody(data: Buffer, contentType: string): Pick<RequestRecord, 'json' | 'multipart' | 'raw'> {
	if (data.length === 0) return {};
	const boundary = boundaryOf(contentType);
	if (boundary) {
		try {
			const parsed = parseMultipart(data, boundary);
			return {
				multipart: {
					fields: parsed.fields,
					files: parsed.files.map((f) => ({
						field: f.field,
						filename: f.filename,
						contentType: f.contentType,
						size: f.data.length,
						sha256: sha256(f.data),
					})),
				},
			};
		} catch {
			// logged as raw below
		}
	} else if (/json/i.test(contentType) || (!contentType && /^\s*[[{"]/.test(data.toString('utf8', 0, 16)))) {
		try {
			return { json: JSON.parse(data.toString('utf8')) as unknown };
		} catch {
			// logged as raw below
		}
	}
	return { raw: { size: data.length, sha256: sha256(data), contentType } };
}

export function parseJsonBody(data: Buffer): Body {
	if (data.length === 0) return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(data.toString('utf8'));
	} catch (error) {
		// The real server answers with the parser's message ("Unexpected token … in JSON …").
		throw badRequest((error as Error).message);
	}
	if (!isPlainObject(parsed)) throw badRequest('bad request data');
	return parsed;
}
