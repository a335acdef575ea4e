import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

export interface Failure {
	method: string;
	partner: boolean;
	attempts: number;
	/** HTTP status, or the `code` a partner method put in its HTTP 200 body. */
	status?: number;
	body?: unknown;
	/** Set when no answer arrived: ECONNREFUSED, ECONNRESET, ETIMEDOUT, ... */
	networkCode?: string;
	origin: string;
	/** Whether server/network errors were eligible for retry (false for sends). */
	mayRepeat: boolean;
	/** The time the request had, to explain a timeout. */
	timeoutMs?: number;
	itemIndex?: number;
}

const MAX_TEXT = 500;
/** A run of this many characters of a token is treated as the token. */
const TOKEN_RUN = 8;

/** GREEN-API's own explanation, from whatever shape the body has, uncut (redact it, then clip it). */
export function greenApiText(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim() || undefined;
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	for (const key of ['description', 'message', 'error', 'reason']) {
		if (typeof record[key] === 'string' && record[key]) return record[key] as string;
	}
	// 466 quota answers explain themselves in two nested parts.
	const parts = ['invokeStatus', 'correspondentsStatus']
		.map((key) => (record[key] as Record<string, unknown> | undefined)?.description)
		.filter((text): text is string => typeof text === 'string' && text !== '');
	return parts.length ? parts.join(' ') : undefined;
}

function badRequestHint(text = ''): string {
	const lower = text.toLowerCase();
	if (lower.includes('starting')) return 'The instance is starting, which can take a few minutes. Try again shortly.';
	if (lower.includes('not authorized'))
		return 'No phone is linked to the instance: scan the QR code in the console or use Instance → Get Authorization Code.';
	if (lower.includes('expired')) return 'The instance’s plan has ended. Renew it in the GREEN-API console.';
	if (lower.includes('deleted')) return 'The instance was deleted. Create a new one and update the credential.';
	return 'Check the values of this operation; GREEN-API’s explanation is above.';
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/** Whether a network error code means the answer did not come in time. */
export const isTimeout = (code: string | undefined): boolean => TIMEOUT_CODES.has(code ?? '');

/** `text` is GREEN-API's explanation, already redacted and clipped. */
function describe(failure: Failure, text: string | undefined): { message: string; description: string } {
	const { method, status, attempts } = failure;
	const said = text ? `: ${text}` : '';
	const whose = failure.partner ? 'partner token' : 'API token (apiTokenInstance)';
	const retryNote = failure.mayRepeat
		? `Gave up after ${attempts} attempts.`
		: 'Not retried, because repeating a send could deliver it twice. Turn on the "Retry on Server Errors" option to retry anyway.';

	if (status === undefined && isTimeout(failure.networkCode) && failure.timeoutMs) {
		return {
			message: `GREEN-API did not answer ${method} within ${Math.round(failure.timeoutMs / 1000)} s`,
			description: `No answer from ${failure.origin}; raise the Timeout option if it is just slow. Not retried: the request may still have been carried out.`,
		};
	}
	if (status === undefined) {
		return {
			message: `Could not reach GREEN-API at ${failure.origin}`,
			description: `No answer (${failure.networkCode ?? 'connection failed'}) from ${method}. ${retryNote}`,
		};
	}
	switch (true) {
		case status === 400:
			return { message: `GREEN-API refused ${method}${said || ' (400 Bad Request)'}`, description: badRequestHint(text) };
		case status === 401:
			return {
				message: `GREEN-API rejected the ${whose} (401)`,
				description: `Check the ${whose} in the credential${failure.partner ? '' : '; it must belong to the instance ID there'}.`,
			};
		case status === 403:
			return {
				message: `GREEN-API denied access to ${method} (403)${said}`,
				description:
					'Check the instance ID and API URL in the credential, or whether this method is enabled for your instance (status methods are beta, button methods are archived).',
			};
		case status === 404:
			return {
				message: `GREEN-API does not know ${method} at this address (404)`,
				description: 'Check the API URL and Media URL in the credential: uploads go to the Media URL, everything else to the API URL.',
			};
		case status === 429:
			return {
				message: `Too many requests to ${method} (429)`,
				description: `GREEN-API limits each method per second and instance. Gave up after ${attempts} attempts; space the items out, for example with the Loop Over Items and Wait nodes.`,
			};
		case status === 466:
			return {
				message: `GREEN-API Developer plan quota exceeded (466)${said}`,
				description:
					'The free Developer plan allows a few chats and calls per month. Upgrade the plan in the console, or write only to chats already used this month.',
			};
		case status >= 500:
			return { message: `GREEN-API server error on ${method} (${status})${said}`, description: retryNote };
		default:
			return { message: `GREEN-API answered ${method} with HTTP ${status}${said}`, description: badRequestHint(text) };
	}
}

/** Replaces each stretch of the text that is a piece of the secret at least TOKEN_RUN long. */
function redactPieces(text: string, secret: string): string {
	let out = '';
	let i = 0;
	while (i < text.length) {
		if (!secret.includes(text.slice(i, i + TOKEN_RUN)) || i + TOKEN_RUN > text.length) {
			out += text[i++];
			continue;
		}
		let end = i + TOKEN_RUN;
		while (end < text.length && secret.includes(text.slice(i, end + 1))) end++;
		out += '***';
		i = end;
	}
	return out;
}

/**
 * Replaces every secret in the text, whole or in part: any run of 8 characters of a secret goes,
 * so a token a server echoed cut off (or spread over two places) leaves nothing usable. Redact
 * before cutting a text short, never after.
 */
export function redact(text: string, secrets: string[]): string {
	return secrets
		.filter((secret) => secret.length >= 4)
		.reduce((out, secret) => (secret.length < TOKEN_RUN ? out.split(secret).join('***') : redactPieces(out, secret)), text);
}

const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text);

export function apiError(node: INode, failure: Failure, secrets: string[]): NodeApiError {
	const clean = (text: string) => clip(redact(text, secrets));
	const raw = greenApiText(failure.body);
	const greenApiMessage = raw === undefined ? undefined : clean(raw);
	const described = describe(failure, greenApiMessage);
	const message = redact(described.message, secrets);
	const description = redact(described.description, secrets);
	const httpCode = failure.status === undefined ? undefined : String(failure.status);
	const error = new NodeApiError(node, { message, httpCode: httpCode ?? null, greenApiMessage: greenApiMessage ?? null } as JsonObject, {
		message,
		description,
		httpCode,
		itemIndex: failure.itemIndex,
	});
	if (greenApiMessage) error.context.greenApiMessage = greenApiMessage;
	return error;
}
