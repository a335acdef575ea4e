import type { IHttpRequestOptions } from 'n8n-workflow';

/**
 * Marks the package's nodes put on the options of a request, read by the credentials'
 * authenticate(). n8n hands the very options object a node passes to
 * httpRequestWithAuthentication on to authenticate(), right before sending, so a mark arrives
 * there; symbols cannot come from a URL, a message or an API answer, so nothing outside the
 * nodes' own code can set one.
 */

/** On the requests the transport builds for a GREEN-API method: only these get the token. */
export const ADD_TOKEN = Symbol('n8n-nodes-green-api: add the token');

/**
 * A signal that must also abort the request. n8n replaces a request's abortSignal with the
 * execution's own in the action node, so a download's deadline is added back here.
 */
export const ALSO_ABORT_ON = Symbol('n8n-nodes-green-api: also abort on this signal');

type Marked = IHttpRequestOptions & { [ADD_TOKEN]?: true; [ALSO_ABORT_ON]?: AbortSignal };

export function markForToken(options: IHttpRequestOptions): IHttpRequestOptions {
	(options as Marked)[ADD_TOKEN] = true;
	return options;
}

export function alsoAbortOn(options: IHttpRequestOptions, signal: AbortSignal): IHttpRequestOptions {
	(options as Marked)[ALSO_ABORT_ON] = signal;
	return options;
}

const trimSlash = (value: string) => value.replace(/\/+$/, '');

function absoluteUrl(options: IHttpRequestOptions): URL | undefined {
	const raw = /^[a-z][a-z0-9+.-]*:\/\//i.test(options.url)
		? options.url
		: `${trimSlash(options.baseURL ?? '')}/${options.url.replace(/^\/+/, '')}`;
	try {
		return new URL(raw);
	} catch {
		return undefined;
	}
}

function isUnder(url: URL, base: string): boolean {
	let baseUrl: URL;
	try {
		baseUrl = new URL(base);
	} catch {
		return false;
	}
	const basePath = trimSlash(baseUrl.pathname);
	return url.origin === baseUrl.origin && (url.pathname === basePath || url.pathname.startsWith(`${basePath}/`));
}

/**
 * What both credentials' authenticate() do. GREEN-API authenticates by a token in the URL path,
 * right after the method name: `{base}/{scope}/{method}/{token}[/{more}]`, where scope is
 * `waInstance{id}` or `partner`. The token is added only to requests marked ADD_TOKEN, and even
 * then only when they go to the credential's own hosts and scope. The marks are removed, so
 * authenticating the result again changes nothing.
 */
export function authenticateRequest(options: IHttpRequestOptions, bases: string[], scope: string, token: string): IHttpRequestOptions {
	const marked = options as Marked;
	if (marked[ADD_TOKEN] !== true && marked[ALSO_ABORT_ON] === undefined) return options;
	const out: Marked = { ...marked };
	delete out[ADD_TOKEN];
	delete out[ALSO_ABORT_ON];

	const extra = marked[ALSO_ABORT_ON];
	if (extra) {
		const current = out.abortSignal as AbortSignal | undefined;
		out.abortSignal = current ? AbortSignal.any([current, extra]) : extra;
	}
	if (marked[ADD_TOKEN] !== true) return out;

	const url = absoluteUrl(out);
	if (!url || !bases.some((base) => isUnder(url, base))) return out;
	const segments = url.pathname.split('/');
	const at = segments.indexOf(scope);
	if (at < 0 || !/^[A-Za-z]+$/.test(segments[at + 1] ?? '')) return out;

	segments.splice(at + 2, 0, encodeURIComponent(token));
	url.pathname = segments.join('/');
	return { ...out, baseURL: undefined, url: url.toString() };
}
