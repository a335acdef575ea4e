/**
 * The request log: every request that reaches the sandbox outside its own /sandbox/ pages, in
 * the order received, with what was sent and what was answered. Tokens never enter the log:
 * the path (which carries the token) is not stored, and any known token found in a stored value
 * is replaced by "[redacted]".
 */
import { createHash } from 'node:crypto';

export interface LoggedFile {
	field: string;
	filename: string;
	contentType: string;
	size: number;
	sha256: string;
}

export interface RequestRecord {
	/** Position in the log, starting at 1; survives clearRequests() so later records stay unique. */
	seq: number;
	/** ISO time the request arrived. */
	at: string;
	host: 'api' | 'media';
	/** 'instance' for /waInstance…, 'partner' for /partner/…, 'other' for any other path. */
	kind: 'instance' | 'partner' | 'other';
	verb: string;
	/** Method name exactly as written in the URL (e.g. 'SendMessage'); '' when the path has none. */
	method: string;
	idInstance: number | null;
	/** Whether the token in the URL was the right one (the token itself is never stored). */
	tokenOk: boolean;
	/** Path segments after the token, e.g. the receipt id of deleteNotification. */
	extraPath: string[];
	query: Record<string, string>;
	headers: Record<string, string>;
	contentType: string;
	json?: unknown;
	multipart?: { fields: Record<string, string>; files: LoggedFile[] };
	raw?: { size: number; sha256: string; contentType: string };
	/** HTTP status answered; 0 while the request is still running or when the connection was dropped. */
	status: number;
	/** Parsed JSON answer, the text of a non-JSON answer, or '' for an empty body. */
	response: unknown;
	durationMs: number;
	/** Set when a configured fault shaped the answer: 'status500', 'status502', 'status429', 'quota466', 'drop', 'latency'. */
	fault?: string;
}

export interface RequestFilter {
	method?: string;
	idInstance?: number | string;
	host?: 'api' | 'media';
	kind?: RequestRecord['kind'];
	verb?: string;
	status?: number;
	/** Only records with seq greater than this. */
	afterSeq?: number;
}

const REDACTED = '[redacted]';

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

function redactString(text: string, secrets: readonly string[]): string {
	let out = text;
	for (const secret of secrets) {
		if (!secret) continue;
		if (out === secret) return REDACTED;
		if (secret.length >= 8 && out.includes(secret)) out = out.split(secret).join(REDACTED);
	}
	return out;
}

export function redact<T>(value: T, secrets: readonly string[]): T {
	if (typeof value === 'string') return redactString(value, secrets) as T;
	if (Array.isArray(value)) return value.map((item) => redact(item, secrets)) as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, item] of Object.entries(value)) out[redactString(key, secrets)] = redact(item, secrets);
		return out as T;
	}
	return value;
}

export function matches(record: RequestRecord, filter: RequestFilter = {}): boolean {
	if (filter.method !== undefined && record.method.toLowerCase() !== filter.method.toLowerCase()) return false;
	if (filter.idInstance !== undefined && record.idInstance !== Number(filter.idInstance)) return false;
	if (filter.host !== undefined && record.host !== filter.host) return false;
	if (filter.kind !== undefined && record.kind !== filter.kind) return false;
	if (filter.verb !== undefined && record.verb.toUpperCase() !== filter.verb.toUpperCase()) return false;
	if (filter.status !== undefined && record.status !== Number(filter.status)) return false;
	if (filter.afterSeq !== undefined && record.seq <= Number(filter.afterSeq)) return false;
	return true;
}

export class RequestLog {
	private records: RequestRecord[] = [];
	private nextSeq = 1;
	private readonly listeners = new Set<(record: RequestRecord) => void>();

	constructor(
		private readonly limit: number,
		private readonly secrets: () => string[],
	) {}

	/** Records a request as it arrives, scrubbing every known token plus the one from its URL. */
	begin(init: Omit<RequestRecord, 'seq' | 'status' | 'response' | 'durationMs'>, urlToken?: string): RequestRecord {
		const secrets = this.secretsWith(urlToken);
		const record: RequestRecord = {
			seq: this.nextSeq++,
			...redact(init, secrets),
			status: 0,
			response: '',
			durationMs: 0,
		};
		this.records.push(record);
		if (this.limit > 0 && this.records.length > this.limit) this.records.splice(0, this.records.length - this.limit);
		return record;
	}

	/** The body summary, scrubbed like the rest of the record. */
	redactBody(
		body: Pick<RequestRecord, 'json' | 'multipart' | 'raw'>,
		urlToken?: string,
	): Pick<RequestRecord, 'json' | 'multipart' | 'raw'> {
		return redact(body, this.secretsWith(urlToken));
	}

	finish(record: RequestRecord, status: number, response: unknown, urlToken: string | undefined, started: number): void {
		record.status = status;
		record.durationMs = Date.now() - started;
		record.response = redact(response, this.secretsWith(urlToken));
		for (const listener of this.listeners) listener(record);
	}

	private secretsWith(urlToken: string | undefined): string[] {
		return [...this.secrets(), ...(urlToken ? [urlToken] : [])];
	}

	list(filter?: RequestFilter): RequestRecord[] {
		return this.records.filter((r) => matches(r, filter));
	}

	clear(): void {
		this.records = [];
	}

	onFinish(listener: (record: RequestRecord) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}
}
