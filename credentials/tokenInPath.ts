import type { IHttpRequestOptions } from 'n8n-workflow';

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
	return (
		url.origin === baseUrl.origin &&
		(url.pathname === basePath || url.pathname.startsWith(`${basePath}/`))
	);
}

/**
 * GREEN-API authenticates by a token in the URL path, right after the method name:
 * `{base}/{scope}/{method}/{token}[/{more}]`, where scope is `waInstance{id}` or `partner`.
 * The token is only added for requests to the credential's own hosts and scope, so a request
 * anywhere else (a file download, another instance) never carries it.
 */
export function addTokenToPath(
	options: IHttpRequestOptions,
	bases: string[],
	scope: string,
	token: string,
): IHttpRequestOptions {
	const url = absoluteUrl(options);
	if (!url || !bases.some((base) => isUnder(url, base))) return options;

	const segments = url.pathname.split('/');
	const at = segments.indexOf(scope);
	if (at < 0 || !/^[A-Za-z]+$/.test(segments[at + 1] ?? '')) return options;

	segments.splice(at + 2, 0, encodeURIComponent(token));
	url.pathname = segments.join('/');
	return { ...options, baseURL: undefined, url: url.toString() };
}
