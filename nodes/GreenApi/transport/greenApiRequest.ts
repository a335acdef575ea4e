import {
	NodeOperationError,
	sleep,
	type ICredentialsDecrypted,
	type IDataObject,
	type IHttpRequestOptions,
	type IPollFunctions,
} from 'n8n-workflow';

import { markForToken } from '../../../credentials/requestMarks';
import { toNodeError } from '../execute/toNodeError';
import { apiError, isTimeout, type Failure } from './apiErrors';
import { executionCredentials } from './executionCredentials';
import { timeoutMsFrom, transferAllowanceMs } from './limits';
import { multipartBody } from './multipartBody';
import { retryAfterMs, retryDelay } from './retryPolicy';
import type { ApiCall, ApiResponse, GreenApiContext } from './types';

export const INSTANCE_CREDENTIAL = 'greenApiInstanceApi';
export const PARTNER_CREDENTIAL = 'greenApiPartnerApi';

interface Target {
	credentialType: string;
	credentials: ICredentialsDecrypted;
	url: string;
	origin: string;
	secrets: string[];
}

const trimSlash = (value: string) => value.replace(/\/+$/, '');

async function resolveTarget(ctx: GreenApiContext, call: ApiCall): Promise<Target> {
	const partner = call.host === 'partner';
	const credentialType = partner ? PARTNER_CREDENTIAL : INSTANCE_CREDENTIAL;
	const decrypted = await executionCredentials(ctx, credentialType);
	const credentials = decrypted.data ?? {};
	const base = String(partner ? credentials.partnerApiUrl : call.host === 'media' ? credentials.mediaUrl : credentials.apiUrl).trim();
	let origin: string;
	try {
		const parsed = new URL(base);
		if (!/^https?:$/.test(parsed.protocol)) throw new Error('not http(s)');
		origin = parsed.origin;
	} catch {
		const field = partner ? 'Partner API URL' : call.host === 'media' ? 'Media URL' : 'API URL';
		throw new NodeOperationError(ctx.getNode(), `The ${field} in the credential is not an http(s) address`, {
			itemIndex: call.itemIndex,
		});
	}
	// The credential's authenticate() inserts the token right after the method segment.
	const scope = partner ? 'partner' : `waInstance${String(credentials.idInstance).trim()}`;
	const extra = (call.extraPath ?? []).map((segment) => `/${encodeURIComponent(segment)}`).join('');
	return {
		credentialType,
		credentials: decrypted,
		url: `${trimSlash(base)}/${scope}/${call.method}${extra}`,
		origin,
		secrets: [String(partner ? credentials.partnerToken : credentials.apiTokenInstance)],
	};
}

// Header values must be printable ASCII; a file name like "счёт.pdf" travels percent-encoded.
const headerSafe = (headers: IDataObject = {}): IDataObject =>
	Object.fromEntries(
		Object.entries(headers).map(([key, value]) => [
			key,
			typeof value === 'string' && !/^[\x20-\x7e]*$/.test(value) ? encodeURIComponent(value) : value,
		]),
	);

/** GREEN-API's longest documented long poll; a longer hold is not waited for. */
const LONG_POLL_MAX_S = 60;

/**
 * The time one request may take: the Timeout option, plus the long poll's own wait, plus time
 * for an uploaded file's size. The action node passes the option with each call; triggers keep
 * it in their Options, read here so their few calls need not carry it.
 */
function requestTimeoutMs(ctx: GreenApiContext, call: ApiCall): number {
	let ms = call.timeoutMs;
	if (ms === undefined) {
		const options = (
			'getInputData' in ctx
				? ctx.getNodeParameter('options', call.itemIndex ?? 0, {})
				: (ctx as IPollFunctions).getNodeParameter('options', {})
		) as IDataObject;
		ms = timeoutMsFrom(options);
	}
	const hold = call.longPollSeconds;
	if (hold !== undefined && Number.isFinite(hold) && hold > 0) ms += Math.min(LONG_POLL_MAX_S, hold) * 1000;
	if (call.file) ms += transferAllowanceMs(call.file.size);
	return ms;
}

async function requestOptions(call: ApiCall, url: string, timeoutMs: number): Promise<IHttpRequestOptions> {
	// Marked: the credential adds the token only to requests built here.
	const options: IHttpRequestOptions = markForToken({
		method: call.verb,
		url,
		qs: call.query,
		headers: headerSafe(call.headers),
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		json: true,
		timeout: timeoutMs,
	});
	const headers = options.headers as IDataObject;
	// Following redirects makes the HTTP client keep every uploaded byte so it could send them
	// again; uploads never need a redirect, so they stream without that copy.
	if (call.file) options.disableFollowRedirect = true;
	if (call.encoding === 'multipart' && call.file) {
		const fields = Object.fromEntries(
			Object.entries(call.body ?? {}).map(([key, value]) => [key, typeof value === 'object' ? JSON.stringify(value) : String(value)]),
		);
		const multipart = multipartBody(fields, call.file);
		headers['Content-Type'] = multipart.contentType;
		// The HTTP client streams any Blob-like body; the options type does not list it.
		options.body = multipart.body as unknown as IDataObject;
	} else if (call.encoding === 'raw' && call.file) {
		headers['Content-Type'] = call.file.mimeType;
		headers['Content-Length'] = call.file.size;
		options.body = (await call.file.open()) as Buffer;
	} else if (call.body && Object.keys(call.body).length > 0) {
		options.body = call.body;
	}
	return options;
}

const networkCode = (error: unknown): string | undefined => {
	const cause = (error as { cause?: { code?: unknown } }).cause;
	const code = cause?.code ?? (error as { code?: unknown }).code;
	return typeof code === 'string' ? code : undefined;
};

/** Partner methods report refusals as HTTP 200 with `{code, description}` in the body. */
function partnerRefusal(body: unknown): number | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const code = Number((body as IDataObject).code);
	return Number.isInteger(code) && code >= 400 ? code : undefined;
}

/**
 * The one place that talks to GREEN-API: builds the URL from the credential's hosts, lets the
 * credential add the token, retries what is safe to retry, and turns failures into NodeApiErrors
 * that never contain the token.
 */
export async function greenApiRequest(ctx: GreenApiContext, call: ApiCall): Promise<ApiResponse> {
	const target = await resolveTarget(ctx, call);
	const mayRepeat = call.retry === 'safe';
	const timeoutMs = requestTimeoutMs(ctx, call);
	const failure: Failure = {
		method: call.method,
		partner: call.host === 'partner',
		attempts: 0,
		origin: target.origin,
		mayRepeat,
		timeoutMs,
		itemIndex: call.itemIndex,
	};

	for (let attempt = 1; ; attempt++) {
		failure.attempts = attempt;
		let response: ApiResponse | undefined;
		await call.gate?.slot();
		try {
			const raw = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				target.credentialType,
				await requestOptions(call, target.url, timeoutMs),
				{ credentialsDecrypted: target.credentials },
			)) as { statusCode: number; headers: IDataObject; body: unknown };
			response = { statusCode: raw.statusCode, headers: raw.headers ?? {}, body: raw.body };
		} catch (error) {
			if (error instanceof NodeOperationError) throw toNodeError(ctx.getNode(), error, call.itemIndex);
			failure.status = undefined;
			failure.networkCode = networkCode(error);
		}

		if (response) {
			const refused = failure.partner ? partnerRefusal(response.body) : undefined;
			if (response.statusCode < 400 && refused === undefined) return response;
			failure.status = refused ?? response.statusCode;
			failure.body = response.body;
			if (failure.status === 429) call.gate?.limited(retryAfterMs(response.headers['retry-after']));
		}

		const kind = failure.status ?? (isTimeout(failure.networkCode) ? 'timeout' : 'network');
		const delay = retryDelay(kind, attempt, mayRepeat, response?.headers['retry-after'], call.gate !== undefined);
		if (delay === undefined) throw apiError(ctx.getNode(), failure, target.secrets);
		await sleep(delay);
	}
}
