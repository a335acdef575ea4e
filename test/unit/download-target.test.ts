import { addressKind, parseIPv4, parseIPv6 } from '../../nodes/GreenApi/transport/addresses';
import { checkDownloadTarget, DownloadRefused, parseAllowedHosts, type ResolveHost } from '../../nodes/GreenApi/transport/downloadTarget';

describe('address kinds', () => {
	it.each([
		// IPv4 in every spelling getaddrinfo and the URL parser accept
		['127.0.0.1', 'loopback'],
		['127.255.255.254', 'loopback'],
		['127.1', 'loopback'],
		['0x7f000001', 'loopback'],
		['0x7f.0.0.1', 'loopback'],
		['017700000001', 'loopback'],
		['0177.0.0.1', 'loopback'],
		['2130706433', 'loopback'],
		['0.0.0.0', 'unspecified'],
		['0', 'unspecified'],
		['10.1.2.3', 'private'],
		['172.16.0.1', 'private'],
		['172.31.255.255', 'private'],
		['192.168.1.10', 'private'],
		['100.64.0.1', 'cgnat'],
		['100.127.255.254', 'cgnat'],
		['169.254.1.1', 'linkLocal'],
		['169.254.169.254', 'metadata'],
		['169.254.170.2', 'metadata'],
		['100.100.100.200', 'metadata'],
		['168.63.129.16', 'metadata'],
		['192.0.2.2', 'reserved'],
		['198.18.0.1', 'reserved'],
		['224.0.0.1', 'reserved'],
		['255.255.255.255', 'reserved'],
		['8.8.8.8', 'public'],
		['172.32.0.1', 'public'],
		['100.128.0.1', 'public'],
		['11.0.0.1', 'public'],
		// IPv6, and IPv4 hidden inside IPv6
		['::1', 'loopback'],
		['[::1]', 'loopback'],
		['0:0:0:0:0:0:0:1', 'loopback'],
		['::', 'unspecified'],
		['::ffff:127.0.0.1', 'loopback'],
		['::ffff:7f00:1', 'loopback'],
		['[::ffff:7f00:1]', 'loopback'],
		['0:0:0:0:0:ffff:10.0.0.1', 'private'],
		['::ffff:0:169.254.169.254', 'metadata'],
		['::127.0.0.1', 'loopback'],
		['64:ff9b::7f00:1', 'loopback'],
		['64:ff9b::a9fe:a9fe', 'metadata'],
		['64:ff9b:1::c0a8:101', 'private'],
		['2002:7f00:1::', 'loopback'],
		['2002:a00:1::1', 'private'],
		['fe80::1', 'linkLocal'],
		['fe80::1%eth0', 'linkLocal'],
		['fd00::2', 'private'],
		['fc00::1', 'private'],
		['fec0::1', 'private'],
		['fd00:ec2::254', 'metadata'],
		['ff02::1', 'reserved'],
		['2001:db8::1', 'reserved'],
		['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
		['2606:4700:4700::1111', 'public'],
		['::ffff:8.8.8.8', 'public'],
		['2002:808:808::', 'public'],
	])('%s is %s', (address, kind) => {
		expect(addressKind(address)).toBe(kind);
	});

	it.each([
		'example.com',
		'localhost',
		'1.2.3.4.5',
		'256.1.1.1',
		'1.2.3.256',
		'08.1.1.1',
		'1::2::3',
		'12345::',
		':::',
		'1:2:3:4:5:6:7:8:9',
		'::ffff:1.2.3',
	])('%s is a name, not an address', (text) => {
		expect(addressKind(text)).toBeUndefined();
	});

	it('parses the spellings to the same bytes', () => {
		expect(parseIPv4('127.1')).toEqual([127, 0, 0, 1]);
		expect(parseIPv4('0x7f.1')).toEqual([127, 0, 0, 1]);
		expect(parseIPv6('::ffff:127.0.0.1')).toEqual(parseIPv6('::ffff:7f00:1'));
		expect(parseIPv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
	});
});

describe('allowed internal hosts option', () => {
	it('reads hosts, ports, IPv6 and URLs, separated by commas, spaces or lines', () => {
		expect(parseAllowedHosts('127.0.0.1:7788, media.LAN.\n[fd00::5]:8080 fd00::6 http://10.0.0.7')).toEqual([
			{ hostname: '127.0.0.1', port: '7788' },
			{ hostname: 'media.lan', port: undefined },
			{ hostname: 'fd00::5', port: '8080' },
			{ hostname: 'fd00::6', port: undefined },
			{ hostname: '10.0.0.7', port: '80' },
		]);
		expect(parseAllowedHosts('')).toEqual([]);
	});

	it.each(['http://', 'user@host', 'host/path', 'a b:99999'])('refuses "%s", naming the entry', (entry) => {
		expect(() => parseAllowedHosts(entry)).toThrow(DownloadRefused);
	});
});

describe('checking a download target', () => {
	const dns: Record<string, string[]> = {
		'files.example.com': ['93.184.215.14'],
		'v6.example.com': ['2606:4700::6810:84e5'],
		'sneaky.example.com': ['93.184.215.14', '127.0.0.1'],
		'metadata.example.com': ['169.254.169.254'],
		'media.lan': ['192.168.1.20'],
		localhost: ['127.0.0.1', '::1'],
	};
	const looked: string[] = [];
	const resolve: ResolveHost = async (name) => {
		looked.push(name);
		return dns[name] ?? [];
	};
	const check = (link: string, allowed = '') => checkDownloadTarget(new URL(link), parseAllowedHosts(allowed), resolve);
	const refusal = async (link: string, allowed = '') => {
		const error = await check(link, allowed).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(DownloadRefused);
		return (error as DownloadRefused).message;
	};

	beforeEach(() => {
		looked.length = 0;
	});

	it('connects to the checked address of a public name, keeping the name for Host and TLS', async () => {
		const target = await check('https://files.example.com/a/b.jpg?x=1');
		expect(target.connectUrl.toString()).toBe('https://93.184.215.14/a/b.jpg?x=1');
		expect(target.hostHeader).toBe('files.example.com');
		expect(target.servername).toBe('files.example.com');
		const v6 = await check('http://v6.example.com:8080/f');
		expect(v6.connectUrl.toString()).toBe('http://[2606:4700::6810:84e5]:8080/f');
		expect(v6.hostHeader).toBe('v6.example.com:8080');
		expect(v6.servername).toBeUndefined();
	});

	it('uses a public address literal as it is, without DNS', async () => {
		const target = await check('http://8.8.8.8/f');
		expect(target.connectUrl.toString()).toBe('http://8.8.8.8/f');
		expect(target.hostHeader).toBeUndefined();
		expect(looked).toEqual([]);
	});

	it.each([
		['http://127.0.0.1:5678/rest/settings', /127\.0\.0\.1 is a loopback/],
		['http://[::1]/', /::1 is a loopback/],
		['http://[::ffff:127.0.0.1]/', /::ffff:7f00:1 is a loopback/],
		['http://0x7f000001/', /127\.0\.0\.1 is a loopback/],
		['http://2130706433/', /127\.0\.0\.1 is a loopback/],
		['http://0/', /0\.0\.0\.0 is a unspecified/],
		['http://10.0.0.5/', /private network/],
		['http://100.64.3.4/', /carrier-grade NAT/],
		['http://169.254.169.254/latest/meta-data/', /cloud metadata/],
		['http://[fd00:ec2::254]/', /cloud metadata/],
		['http://[fe80::1]/', /link-local/],
		['http://localhost:7788/x', /localhost resolves to 127\.0\.0\.1, a loopback/],
		['http://LOCALHOST./x', /localhost resolves to 127\.0\.0\.1/],
		['http://sneaky.example.com/x', /resolves to 127\.0\.0\.1/],
		['http://media.lan/x', /resolves to 192\.168\.1\.20, a private network/],
	])('refuses %s', async (link, message) => {
		expect(await refusal(link)).toMatch(message);
	});

	it('says how to allow an internal host, except for metadata services', async () => {
		const loopback = await check('http://127.0.0.1:7788/x').catch((e: DownloadRefused) => e);
		expect((loopback as DownloadRefused).hint).toContain('add it to the "Allowed Internal File Hosts" option');
		expect((loopback as DownloadRefused).hint).toContain('127.0.0.1:7788');
		const metadata = await check('http://169.254.169.254/').catch((e: DownloadRefused) => e);
		expect((metadata as DownloadRefused).hint).toMatch(/always refused/);
	});

	it('refuses other schemes', async () => {
		for (const link of ['file:///etc/passwd', 'ftp://files.example.com/a', 'data:text/plain,hi']) {
			expect(await refusal(link)).toMatch(/only http and https/);
		}
	});

	it('allows a listed internal host, on the listed port only', async () => {
		expect((await check('http://127.0.0.1:7788/sandbox/files/1/a.jpg', '127.0.0.1:7788')).connectUrl.port).toBe('7788');
		expect(await refusal('http://127.0.0.1:5678/rest/settings', '127.0.0.1:7788')).toMatch(/loopback/);
		expect((await check('http://media.lan:9000/x', 'media.lan')).connectUrl.hostname).toBe('192.168.1.20');
		expect((await check('http://localhost:7788/x', 'http://localhost:7788')).connectUrl.hostname).toBe('127.0.0.1');
		expect((await check('https://[fd00::5]/x', '[fd00::5]:443')).connectUrl.hostname).toBe('[fd00::5]');
	});

	it('never allows a cloud metadata address, listed or not', async () => {
		expect(await refusal('http://169.254.169.254/', '169.254.169.254')).toMatch(/cloud metadata/);
		expect(await refusal('http://metadata.example.com/', 'metadata.example.com')).toMatch(/cloud metadata/);
	});

	it('refuses a name without addresses', async () => {
		expect(await refusal('http://nowhere.example.com/')).toMatch(/Could not find the file host nowhere\.example\.com/);
	});
});
