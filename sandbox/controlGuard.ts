/**
 * Who may use the control API under /sandbox/. It can inject messages, change settings and read
 * the request log, so a web page the developer happens to open must not reach it: requests that
 * change something must be JSON (a cross-site form or text/plain POST cannot be), and the Host
 * and Origin headers must name this machine (a DNS-rebinding page names its own host). A sandbox
 * bound to another address on purpose also answers to that address and its public host name.
 */
import type { IncomingMessage } from 'node:http';

import type { ResolvedOptions } from './options';

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

const bare = (host: string) => host.replace(/^\[(.*)\]$/, '$1').toLowerCase();

export function isLoopbackHost(host: string): boolean {
	const name = bare(host);
	return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

/** Host names besides loopback the control API answers to. */
export function extraControlHosts(opts: Pick<ResolvedOptions, 'host' | 'publicHost'>): string[] {
	if (isLoopbackHost(opts.host)) return [];
	return [opts.host, opts.publicHost].filter((name) => !WILDCARDS.has(name)).map(bare);
}

/** The warning printed at start when the sandbox listens beyond this machine, or undefined. */
export function exposureWarning(opts: Pick<ResolvedOptions, 'host' | 'publicHost'>, port: number): string | undefined {
	if (isLoopbackHost(opts.host)) return undefined;
	const names = ['localhost', '127.0.0.1', ...extraControlHosts(opts)];
	return (
		`WARNING: the sandbox listens on ${opts.host}, not only on this machine. Anyone who can reach port ${port} ` +
		`can use its control API (inject messages, change settings, read the request log). It answers requests ` +
		`for ${[...new Set(names)].join(', ')}.`
	);
}

export interface ControlRefusal {
	status: number;
	error: string;
}

function hostOf(value: string): string | undefined {
	if (/[@/\\?#\s]/.test(value)) return undefined;
	try {
		return new URL(`http://${value}`).hostname;
	} catch {
		return undefined;
	}
}

/** Why a control request is refused, or undefined when it may go on. */
export function controlRefusal(req: IncomingMessage, extraHosts: string[]): ControlRefusal | undefined {
	const allowed = (host: string | undefined) => host !== undefined && (isLoopbackHost(host) || extraHosts.includes(bare(host)));

	const host = req.headers.host;
	if (!host || !allowed(hostOf(host))) {
		return { status: 403, error: `the control API answers only to requests for this machine, not for host "${host ?? ''}"` };
	}
	const origin = req.headers.origin;
	if (origin !== undefined) {
		let originHost: string | undefined;
		try {
			originHost = new URL(origin).hostname;
		} catch {
			originHost = undefined;
		}
		if (!allowed(originHost)) {
			return { status: 403, error: `the control API does not accept requests from web pages of other sites (origin "${origin}")` };
		}
	}
	const verb = (req.method ?? 'GET').toUpperCase();
	const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	if ((verb === 'POST' || verb === 'PUT' || verb === 'PATCH') && type !== 'application/json') {
		return { status: 415, error: `the control API takes JSON only: send Content-Type application/json (got "${type}")` };
	}
	return undefined;
}
