import { addressKind, KIND_LABELS, type AddressKind } from './addresses';

/**
 * Where a download may go. A link from a message or an API answer is untrusted: it may point at
 * n8n's own machine, the local network or a cloud metadata service. Only public addresses are
 * allowed, unless the user listed the host as one of their own internal file hosts. Names are
 * resolved first and the request then goes to the very address that was checked, so a DNS
 * answer that changes between the check and the connection cannot redirect it.
 */

export const ALLOWED_HOSTS_OPTION = 'Allowed Internal File Hosts';

/** Why a download was refused; the callers turn it into a node error. */
export class DownloadRefused extends Error {
	constructor(
		message: string,
		readonly hint: string,
	) {
		super(message);
	}
}

interface AllowedHost {
	hostname: string;
	/** Undefined: any port. */
	port?: string;
}

/** The host checked and the address to connect to. */
export interface CheckedTarget {
	url: URL;
	/** The URL with the checked address instead of the name (the same URL for an IP literal). */
	connectUrl: URL;
	/** Host header and TLS name to send when connectUrl carries an address instead of the name. */
	hostHeader?: string;
	servername?: string;
}

export type ResolveHost = (hostname: string) => Promise<string[]>;

const bareHost = (hostname: string) =>
	hostname
		.replace(/^\[(.*)\]$/, '$1')
		.replace(/\.+$/, '')
		.toLowerCase();
const effectivePort = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80');

/**
 * The option's entries: host names, addresses, `host:port`, `[IPv6]:port` or whole URLs, one per
 * line or separated by commas or spaces. Throws DownloadRefused naming an entry it cannot read.
 */
export function parseAllowedHosts(text: string): AllowedHost[] {
	return text
		.split(/[\s,]+/)
		.filter(Boolean)
		.map((entry) => {
			const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(entry);
			const bareIPv6 = !hasScheme && !entry.startsWith('[') && (entry.match(/:/g) ?? []).length > 1;
			let url: URL | undefined;
			try {
				url = new URL(hasScheme ? entry : `http://${bareIPv6 ? `[${entry}]` : entry}`);
			} catch {
				url = undefined;
			}
			if (!url || !url.hostname || (!hasScheme && !bareIPv6 && /[/?#@]/.test(entry))) {
				throw new DownloadRefused(
					`"${ALLOWED_HOSTS_OPTION}" has an entry that is not a host: "${entry}"`,
					'Write host names or addresses, optionally with a port, e.g. 127.0.0.1:7788, media.lan or [fd00::5]:8080.',
				);
			}
			const explicitPort = hasScheme || (!bareIPv6 && /:\d+$/.test(entry));
			return { hostname: bareHost(url.hostname), port: explicitPort ? effectivePort(url) : undefined };
		});
}

const isListed = (url: URL, allowed: AllowedHost[]) =>
	allowed.some((host) => host.hostname === bareHost(url.hostname) && (host.port === undefined || host.port === effectivePort(url)));

function refuse(url: URL, address: string, kind: Exclude<AddressKind, 'public'>, resolved: boolean): never {
	const what = resolved
		? `${bareHost(url.hostname)} resolves to ${address}, a ${KIND_LABELS[kind]} address`
		: `${address} is a ${KIND_LABELS[kind]} address`;
	const hint =
		kind === 'metadata'
			? 'Cloud metadata services are never a file host, so this address is always refused.'
			: `Files are downloaded only from public addresses, so a message cannot make n8n reach services inside your network. If ${url.host} is your own file host, add it to the "${ALLOWED_HOSTS_OPTION}" option.`;
	throw new DownloadRefused(`Refusing to download from ${url.origin}: ${what}`, hint);
}

/** Checks one URL (the link or a redirect target) and picks the address to connect to. */
export async function checkDownloadTarget(url: URL, allowed: AllowedHost[], resolve: ResolveHost): Promise<CheckedTarget> {
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new DownloadRefused(
			`Refusing to download a ${url.protocol} link; only http and https are allowed`,
			'A file link from a message or an API answer must not make n8n read local files or use other protocols.',
		);
	}
	const listed = isListed(url, allowed);
	const allows = (kind: AddressKind) => kind === 'public' || (listed && kind !== 'metadata');

	const literal = addressKind(url.hostname);
	if (literal !== undefined) {
		if (!allows(literal)) refuse(url, bareHost(url.hostname), literal as Exclude<AddressKind, 'public'>, false);
		return { url, connectUrl: url };
	}

	const addresses = await resolve(bareHost(url.hostname));
	for (const address of addresses) {
		const kind = addressKind(address) ?? 'reserved';
		if (!allows(kind)) refuse(url, address, kind as Exclude<AddressKind, 'public'>, true);
	}
	if (!addresses.length) {
		throw new DownloadRefused(`Could not find the file host ${bareHost(url.hostname)}`, 'Its name has no address.');
	}
	const connectUrl = new URL(url.toString());
	connectUrl.hostname = addresses[0].includes(':') ? `[${addresses[0]}]` : addresses[0];
	return {
		url,
		connectUrl,
		hostHeader: url.host,
		servername: url.protocol === 'https:' ? bareHost(url.hostname) : undefined,
	};
}
