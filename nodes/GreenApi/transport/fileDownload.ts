import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type IPollFunctions,
	type IWebhookFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { alsoAbortOn } from '../../../credentials/requestMarks';
import { isTimeout } from './apiErrors';
import { checkDownloadTarget, DownloadRefused, parseAllowedHosts, type ResolveHost } from './downloadTarget';
import { INSTANCE_CREDENTIAL } from './greenApiRequest';
import { megabytes, transferAllowanceMs, type DownloadLimits } from './limits';

export type DownloadContext = IExecuteFunctions | IWebhookFunctions | IPollFunctions;

/** The stream type n8n's prepareBinaryData accepts (Node's Readable, without importing it). */
export type BinaryStream = Exclude<Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0], Buffer>;

export interface DownloadedFile {
	data: BinaryStream;
	mimeType?: string;
	fileName?: string;
}

const MAX_REDIRECTS = 5;

function nameFromDisposition(header: unknown): string | undefined {
	const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(String(header ?? ''));
	if (!match) return undefined;
	try {
		return decodeURIComponent(match[1]);
	} catch {
		return match[1];
	}
}

function nameFromUrl(url: URL): string | undefined {
	const last = url.pathname.split('/').filter(Boolean).pop();
	if (!last || !last.includes('.')) return undefined;
	try {
		return decodeURIComponent(last);
	} catch {
		return last;
	}
}

const N8N_SSRF_HINT =
	"n8n's SSRF protection (N8N_SSRF_PROTECTION_ENABLED) is on. If this is your own file host, allow it there too (N8N_SSRF_ALLOWED_HOSTNAMES or N8N_SSRF_ALLOWED_IP_RANGES).";

/** Resolves a name through n8n's egress filter: n8n's own SSRF rules apply too when they are on. */
function resolverFor(ctx: DownloadContext): ResolveHost {
	return async (hostname) => {
		const egress = ctx.helpers.getSecureEgressFilter as IExecuteFunctions['helpers']['getSecureEgressFilter'] | undefined;
		if (typeof egress !== 'function') {
			throw new DownloadRefused(
				`Cannot check the file host ${hostname} on this n8n version`,
				'Checking where a download goes needs n8n 2.41 or newer. Update n8n, or list the host in the option if it is your own.',
			);
		}
		const lookup = egress().createSecureLookup();
		return await new Promise<string[]>((resolve, reject) => {
			lookup(hostname, { all: true }, (error, addresses) => {
				if (!error) resolve((Array.isArray(addresses) ? addresses : [{ address: addresses }]).map((entry) => entry.address));
				else if (error.code) reject(new DownloadRefused(`Could not find the file host ${hostname} (${error.code})`, 'Check the link.'));
				else reject(new DownloadRefused(`n8n refused the file host ${hostname}: ${error.message}`, N8N_SSRF_HINT));
			});
		});
	};
}

interface Response {
	statusCode: number;
	headers: IDataObject;
	body: BinaryStream;
	/** Ends the request and its body at once (destroying the body alone waits for its next chunk). */
	abort: () => void;
}

/** Whether n8n's own SSRF protection refused the request. */
const blockedByN8n = (error: unknown): boolean =>
	[error, (error as { cause?: unknown }).cause].some((e) => /^Ssrf/.test(String((e as { name?: unknown } | undefined)?.name)));

const networkCode = (error: unknown): string | undefined => {
	const cause = (error as { cause?: { code?: unknown } }).cause;
	const code = cause?.code ?? (error as { code?: unknown }).code;
	return typeof code === 'string' ? code : undefined;
};

/**
 * Fetches a file a message or an answer pointed at (downloadUrl, urlAvatar, ...) as a stream.
 * Never signed with a token (only the transport's own GREEN-API requests are). Each hop,
 * redirects included, must pass checkDownloadTarget and connects to the address that was
 * checked. The answer must come within the timeout; the body is cut off when it passes
 * maxBytes, stalls for the timeout, or takes longer than the timeout plus time for its size.
 */
export async function downloadFile(
	ctx: DownloadContext,
	link: string,
	limits: DownloadLimits,
	itemIndex?: number,
): Promise<DownloadedFile> {
	const node = ctx.getNode();
	const refused = (error: DownloadRefused) => new NodeOperationError(node, error.message, { description: error.hint, itemIndex });
	let url: URL;
	try {
		url = new URL(link);
	} catch {
		throw new NodeOperationError(node, 'The file link is not a valid URL', { itemIndex });
	}
	const deadline = Date.now() + limits.timeoutMs;
	const seconds = Math.round(limits.timeoutMs / 1000);
	const timedOut = (origin: string) =>
		new NodeOperationError(node, `The file host ${origin} did not answer within ${seconds} s`, {
			description: 'Raise the Timeout option if the host is just slow.',
			itemIndex,
		});

	let response: Response;
	for (let hop = 0; ; hop++) {
		let options: IHttpRequestOptions;
		try {
			const target = await checkDownloadTarget(url, parseAllowedHosts(limits.allowedHosts), resolverFor(ctx));
			options = {
				method: 'GET',
				url: target.connectUrl.toString(),
				headers: target.hostHeader ? { Host: target.hostHeader } : {},
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				// Every hop is checked here, so the HTTP client must not follow redirects itself.
				disableFollowRedirect: true,
				timeout: Math.max(1, deadline - Date.now()),
				...(target.servername ? { agentOptions: { servername: target.servername } } : {}),
			};
		} catch (error) {
			if (error instanceof DownloadRefused) throw refused(error);
			throw new NodeOperationError(node, error as Error, { itemIndex });
		}
		if (Date.now() >= deadline) throw timedOut(url.origin);
		const controller = new AbortController();
		try {
			const answer = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				INSTANCE_CREDENTIAL,
				alsoAbortOn(options, controller.signal),
			)) as Omit<Response, 'abort'>;
			response = { ...answer, abort: () => controller.abort() };
		} catch (error) {
			if (blockedByN8n(error)) {
				throw new NodeOperationError(node, `n8n refused to download from ${url.origin}`, { description: N8N_SSRF_HINT, itemIndex });
			}
			const code = networkCode(error);
			if (isTimeout(code)) throw timedOut(url.origin);
			throw new NodeApiError(node, { message: code ?? 'connection failed' } as JsonObject, {
				message: `Could not download the file from ${url.origin} (${code ?? 'connection failed'})`,
				itemIndex,
			});
		}
		const location = response.headers.location;
		if (response.statusCode < 300 || response.statusCode >= 400 || typeof location !== 'string' || !location) break;
		response.abort();
		if (hop >= MAX_REDIRECTS) {
			throw new NodeOperationError(node, `The file link redirected more than ${MAX_REDIRECTS} times`, { itemIndex });
		}
		try {
			url = new URL(location, url);
		} catch {
			throw new NodeOperationError(node, `The file host ${url.origin} redirected to an invalid URL`, { itemIndex });
		}
	}

	if (response.statusCode >= 300) {
		response.abort();
		throw new NodeApiError(node, { httpCode: String(response.statusCode) } as JsonObject, {
			message: `Could not download the file from ${url.origin} (HTTP ${response.statusCode})`,
			description: 'GREEN-API keeps files for a limited time (incoming media about 24 hours, uploads about 15 days).',
			httpCode: String(response.statusCode),
			itemIndex,
		});
	}
	const declared = Number(response.headers['content-length']);
	if (Number.isFinite(declared) && declared > limits.maxBytes) {
		response.abort();
		throw new NodeOperationError(
			node,
			`The file at ${url.origin} is ${megabytes(declared)}; downloads are limited to ${megabytes(limits.maxBytes)}`,
			{ description: 'GREEN-API itself handles files up to 100 MB. Lower limits come from the Max Download Size option.', itemIndex },
		);
	}
	const expected = Number.isFinite(declared) && declared > 0 ? declared : limits.maxBytes;
	const contentType = String(response.headers['content-type'] ?? '')
		.split(';')[0]
		.trim();
	return {
		data: guarded(ctx, response, limits, transferAllowanceMs(expected), url.origin, itemIndex),
		mimeType: contentType || undefined,
		fileName: nameFromDisposition(response.headers['content-disposition']) ?? nameFromUrl(url),
	};
}

/**
 * The body as it is read: counted against maxBytes (a host may send more than it declared, or
 * declare nothing), and watched every `timeoutMs` so a stalled or crawling body ends with an
 * error instead of holding the workflow.
 */
function guarded(
	ctx: DownloadContext,
	response: Response,
	limits: DownloadLimits,
	allowanceMs: number,
	origin: string,
	itemIndex?: number,
): BinaryStream {
	const node = ctx.getNode();
	const fail = (message: string, description: string) => {
		const error = new NodeOperationError(node, message, { description, itemIndex });
		stream.destroy(error);
		response.abort();
		return error;
	};
	let received = 0;
	const stream: BinaryStream = response.body.map((chunk: Buffer) => {
		received += chunk.length;
		if (received > limits.maxBytes) {
			throw fail(
				`The file at ${origin} is larger than ${megabytes(limits.maxBytes)}; downloads are limited to ${megabytes(limits.maxBytes)}`,
				'The host sent more than the limit; the download was stopped there.',
			);
		}
		return chunk;
	});
	const totalMs = limits.timeoutMs + allowanceMs;
	const giveUpAt = Date.now() + totalMs;
	let seen = 0;
	let finished = false;
	// Ended, failed or given up by the consumer: the request goes too.
	stream.once('close', () => {
		finished = true;
		response.abort();
	});
	const slow = 'Raise the Timeout option if the host is just slow.';
	const check = () => {
		if (finished) return;
		if (received === seen) {
			fail(`The download from ${origin} stalled: no data for ${Math.round(limits.timeoutMs / 1000)} s`, slow);
		} else if (Date.now() > giveUpAt) {
			fail(`The download from ${origin} did not finish in ${Math.round(totalMs / 1000)} s`, slow);
		} else {
			seen = received;
			// AbortSignal.timeout: a timer that does not keep the process alive (nodes may not use setTimeout).
			AbortSignal.timeout(limits.timeoutMs).addEventListener('abort', check, { once: true });
		}
	};
	AbortSignal.timeout(limits.timeoutMs).addEventListener('abort', check, { once: true });
	return stream;
}
