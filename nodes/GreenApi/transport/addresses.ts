/**
 * What kind of network address a host is, for the download checks. Pure code on purpose: nodes
 * may not import `net`, and the rules must be the same for a URL's host and for DNS answers.
 */

export type AddressKind = 'public' | 'loopback' | 'unspecified' | 'private' | 'cgnat' | 'linkLocal' | 'metadata' | 'reserved';

export const KIND_LABELS: Record<Exclude<AddressKind, 'public'>, string> = {
	loopback: 'loopback (this machine)',
	unspecified: 'unspecified (this machine)',
	private: 'private network',
	cgnat: 'carrier-grade NAT',
	linkLocal: 'link-local',
	metadata: 'cloud metadata service',
	reserved: 'reserved, not a public address',
};

/** Cloud metadata endpoints: never a file host, refused even when internal hosts are allowed. */
const METADATA_V4 = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', '168.63.129.16']);
const METADATA_V6 = ['fd00:ec2::254'].map((address) => String(parseIPv6(address)));

/**
 * An IPv4 address in any form inet_aton accepts (what `new URL` and getaddrinfo also accept):
 * 1 to 4 parts, each decimal, octal (leading 0) or hex (0x), the last part filling the
 * remaining bytes: `127.1`, `0x7f000001`, `017700000001`, `2130706433`.
 */
export function parseIPv4(text: string): number[] | undefined {
	const parts = text.split('.');
	if (parts.length > 4 || parts.some((part) => part === '')) return undefined;
	const values: number[] = [];
	for (const part of parts) {
		let value: number;
		if (/^0x[0-9a-f]*$/i.test(part)) value = part.length === 2 ? 0 : parseInt(part.slice(2), 16);
		else if (/^0[0-7]*$/.test(part)) value = parseInt(part, 8);
		else if (/^[1-9][0-9]*$/.test(part)) value = Number(part);
		else return undefined;
		values.push(value);
	}
	const last = values.pop() as number;
	if (values.some((value) => value > 255) || last >= 256 ** (4 - values.length)) return undefined;
	const bytes = [...values];
	for (let i = 3 - values.length; i >= 0; i--) bytes.push(Math.floor(last / 256 ** i) % 256);
	return bytes;
}

/** An IPv6 address as 8 groups; `::`, an IPv4 tail (`::ffff:1.2.3.4`) and a zone (`%eth0`) allowed. */
export function parseIPv6(text: string): number[] | undefined {
	let rest = text.replace(/%.*$/, '');
	if (!rest.includes(':')) return undefined;
	const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(rest);
	if (v4) {
		const bytes = /^(\d{1,3}\.){3}\d{1,3}$/.test(v4[1]) ? v4[1].split('.').map(Number) : [256];
		if (bytes.some((byte) => byte > 255) || !rest.slice(0, v4.index).endsWith(':')) return undefined;
		const hex = (high: number, low: number) => (high * 256 + low).toString(16);
		rest = `${rest.slice(0, v4.index)}${hex(bytes[0], bytes[1])}:${hex(bytes[2], bytes[3])}`;
	}
	const halves = rest.split('::');
	if (halves.length > 2) return undefined;
	const groups = (part: string) => (part === '' ? [] : part.split(':'));
	const head = groups(halves[0]);
	const back = halves.length === 2 ? groups(halves[1]) : [];
	if ([...head, ...back].some((group) => !/^[0-9a-f]{1,4}$/i.test(group))) return undefined;
	const known = head.length + back.length;
	if (halves.length === 1 ? known !== 8 : known > 7) return undefined;
	return [...head, ...new Array<string>(8 - known).fill('0'), ...back].map((group) => parseInt(group, 16));
}

function kindOfIPv4([a, b, c, d]: number[]): AddressKind {
	if (METADATA_V4.has(`${a}.${b}.${c}.${d}`)) return 'metadata';
	if (a === 127) return 'loopback';
	if (a === 0) return 'unspecified';
	if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
	if (a === 100 && b >= 64 && b <= 127) return 'cgnat';
	if (a === 169 && b === 254) return 'linkLocal';
	if (
		(a === 192 && b === 0 && (c === 0 || c === 2)) || // IETF assignments, documentation
		(a === 198 && (b === 18 || b === 19)) || // benchmarking
		(a === 198 && b === 51 && c === 100) ||
		(a === 203 && b === 0 && c === 113) ||
		a >= 224 // multicast, reserved, broadcast
	) {
		return 'reserved';
	}
	return 'public';
}

const v4From = (high: number, low: number) => [high >> 8, high & 255, low >> 8, low & 255];

function kindOfIPv6(g: number[]): AddressKind {
	const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
	if (METADATA_V6.includes(String(g))) return 'metadata';
	if (zeroUpTo(8)) return 'unspecified';
	if (zeroUpTo(7) && g[7] === 1) return 'loopback';
	// IPv4 inside IPv6: mapped ::ffff:a.b.c.d, translated ::ffff:0:a.b.c.d, compatible ::a.b.c.d,
	// NAT64 64:ff9b::a.b.c.d (and the local-use 64:ff9b:1::/48), 6to4 2002:aabb:ccdd::.
	if (zeroUpTo(5) && (g[5] === 0xffff || g[5] === 0)) return kindOfIPv4(v4From(g[6], g[7]));
	if (zeroUpTo(4) && g[4] === 0xffff && g[5] === 0) return kindOfIPv4(v4From(g[6], g[7]));
	if (g[0] === 0x64 && g[1] === 0xff9b && (g[2] === 0 || g[2] === 1)) return kindOfIPv4(v4From(g[6], g[7]));
	if (g[0] === 0x2002) return kindOfIPv4(v4From(g[1], g[2]));
	if ((g[0] & 0xffc0) === 0xfe80) return 'linkLocal';
	if ((g[0] & 0xfe00) === 0xfc00 || (g[0] & 0xffc0) === 0xfec0) return 'private'; // unique local, old site-local
	if (
		(g[0] & 0xff00) === 0xff00 || // multicast
		(g[0] === 0x2001 && g[1] === 0xdb8) || // documentation
		(g[0] === 0x2001 && g[1] === 0) || // Teredo: a tunnel, never a file host
		(g[0] === 0x100 && zeroUpTo(4)) || // discard
		zeroUpTo(1) // the rest of ::/16
	) {
		return 'reserved';
	}
	return 'public';
}

/** The kind of an IP address (URL host or DNS answer, IPv6 with or without brackets), or undefined for a name. */
export function addressKind(host: string): AddressKind | undefined {
	const bare = host.replace(/^\[(.*)\]$/, '$1');
	const v6 = parseIPv6(bare);
	if (v6) return kindOfIPv6(v6);
	const v4 = parseIPv4(bare);
	return v4 ? kindOfIPv4(v4) : undefined;
}
