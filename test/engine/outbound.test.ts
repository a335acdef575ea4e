import { execFileSync } from 'node:child_process';
import dns from 'node:dns';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { GreenApi } from '../../nodes/GreenApi/GreenApi.node';
import { GreenApiQueueTrigger } from '../../nodes/GreenApi/GreenApiQueueTrigger.node';
import { removeBinaryDataStorage, runNode, runPoll, type BinaryMode } from '../harness';
import { PERSON } from './operations/cases';
import { startWorld, type SandboxWorld } from './operations/sandboxSetup';

/**
 * What arrives from outside is untrusted: the link in a message, the host it points at, the
 * redirects it answers with, the size and pace of what it sends. These runs go through n8n-core's
 * engine, so what they prove is what a workflow sees.
 */

let world: SandboxWorld;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => {
	await world.sandbox.close();
	removeBinaryDataStorage();
});
beforeEach(() => {
	world.sandbox.reset();
	world.sandbox.setSettings(world.idInstance, { incomingWebhook: 'yes' });
});

interface Seen {
	path: string;
	host?: string;
}

/** A local HTTP server that records what reached it; `handle` answers. */
async function fileHost(handle: (req: IncomingMessage, res: ServerResponse) => void) {
	const seen: Seen[] = [];
	const server: Server = createServer((req, res) => {
		seen.push({ path: req.url ?? '', host: req.headers.host });
		handle(req, res);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		seen,
		port,
		host: `127.0.0.1:${port}`,
		url: (path: string) => `http://127.0.0.1:${port}${path}`,
		close: () => {
			server.closeAllConnections();
			return new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

type FileHost = Awaited<ReturnType<typeof fileHost>>;
const hosts: FileHost[] = [];
const startHost = async (handle: Parameters<typeof fileHost>[0]) => {
	const host = await fileHost(handle);
	hosts.push(host);
	return host;
};
afterEach(async () => {
	await Promise.all(hosts.splice(0).map((host) => host.close()));
	jest.restoreAllMocks();
});

const FILE = Buffer.from('%PDF-1.4 the invoice');
const serveFile = (_req: IncomingMessage, res: ServerResponse) => {
	res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(FILE.length) });
	res.end(FILE);
};

const sandboxHost = () => new URL(world.sandbox.apiUrl).host;

/** An incoming document message whose downloadUrl is the given link, as a sender could craft it. */
const messageWithLink = (url: string) =>
	world.sandbox.injectIncoming(world.idInstance, { chatId: PERSON, typeMessage: 'documentMessage', url, fileName: 'invoice.pdf' });

/** Download File for that message through the action node. */
async function downloadFile(url: string, options: IDataObject = {}, binaryMode: BinaryMode = 'default') {
	const { idMessage } = messageWithLink(url);
	return await runNode({
		node: new GreenApi(),
		parameters: { resource: 'file', operation: 'downloadFile', chatId: PERSON, idMessage, options } as INodeParameters,
		credentials: world.credentials,
		credentialTypes: world.credentialTypes,
		binaryMode,
	});
}

/**
 * Download Media for that message (alone in the queue) through the queue trigger; `items` are the
 * trigger's output in the execution the message started (where the download happens).
 */
async function triggerDownload(url: string, options: IDataObject = {}) {
	world.sandbox.reset();
	world.sandbox.setSettings(world.idInstance, { incomingWebhook: 'yes' });
	messageWithLink(url);
	const result = await runPoll({
		node: new GreenApiQueueTrigger(),
		type: 'n8n-nodes-green-api.greenApiQueueTrigger',
		parameters: { events: ['incomingMessageReceived'], options: { downloadMedia: true, ...options } },
		credentials: world.credentials,
		credentialTypes: world.credentialTypes,
		staticData: {},
	});
	return { ...result, items: result.executions.flatMap((execution) => execution.items) };
}

const signedRequests = () => world.sandbox.requests({ kind: 'instance' }).filter((r) => r.tokenOk);

describe('the token goes only on requests the node built', () => {
	it('Download File does not sign a link to {apiUrl}/waInstance{id}/logout, even on an allowed host', async () => {
		const link = `${world.sandbox.apiUrl}/waInstance${world.idInstance}/logout`;
		const result = await downloadFile(link, { allowedInternalHosts: sandboxHost() });
		expect(result.error?.message).toBe(`Could not download the file from ${world.sandbox.apiUrl} (HTTP 404)`);
		const logouts = world.sandbox.requests({ kind: 'instance', method: 'logout' });
		expect(logouts).toHaveLength(1);
		expect(logouts[0]).toMatchObject({ tokenOk: false, status: 404 });
		expect(signedRequests().map((r) => r.method)).toEqual(['downloadFile']);
		expect(world.sandbox.instances[0].stateInstance).toBe('authorized');
	});

	it('Download Media does not sign a link to {apiUrl}/waInstance{id}/getSettings', async () => {
		world.sandbox.setSettings(world.idInstance, { webhookUrlToken: 'webhook-secret-123456789' });
		const link = `${world.sandbox.apiUrl}/waInstance${world.idInstance}/getSettings`;
		const result = await triggerDownload(link, { allowedInternalHosts: sandboxHost() });
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.mediaError).toBe(`Could not download the file from ${world.sandbox.apiUrl} (HTTP 404)`);
		expect(result.items[0].binary).toBeUndefined();
		const reads = world.sandbox.requests({ kind: 'instance', method: 'getSettings' });
		expect(reads.map((r) => r.tokenOk)).toEqual([false]);
		expect(signedRequests().map((r) => r.method)).toEqual(['receiveNotification', 'deleteNotification', 'receiveNotification']);
		expect(JSON.stringify(result.items)).not.toContain('webhook-secret-123456789');
	});

	it('without the option, the same links are refused before any request', async () => {
		const link = `${world.sandbox.apiUrl}/waInstance${world.idInstance}/logout`;
		const result = await downloadFile(link);
		expect(result.error?.message).toBe(`Refusing to download from ${world.sandbox.apiUrl}: 127.0.0.1 is a loopback (this machine) address`);
		expect(result.error?.description).toContain(`add it to the "Allowed Internal File Hosts" option`);
		expect(world.sandbox.requests({ kind: 'instance', method: 'logout' })).toHaveLength(0);
	});
});

describe('downloads cannot reach inside', () => {
	it('refuses a loopback link, and the host never hears of it', async () => {
		const host = await startHost(serveFile);
		const result = await triggerDownload(host.url('/invoice.pdf'));
		expect(result.items[0].json.mediaError).toMatch(/^Refusing to download from http:\/\/127\.0\.0\.1:\d+: 127\.0\.0\.1 is a loopback/);
		expect(host.seen).toEqual([]);
	});

	it('refuses a name that resolves to loopback', async () => {
		const host = await startHost(serveFile);
		const result = await downloadFile(`http://localhost:${host.port}/invoice.pdf`);
		expect(result.error?.message).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a loopback/);
		expect(host.seen).toEqual([]);
	});

	it('downloads from a listed internal host', async () => {
		const host = await startHost(serveFile);
		for (const binaryMode of ['default', 'filesystem'] as const) {
			const result = await downloadFile(host.url('/invoice.pdf'), { allowedInternalHosts: host.host }, binaryMode);
			expect(result.error).toBeUndefined();
			expect(await result.binary(result.items[0])).toEqual(FILE);
		}
	});

	it('checks every redirect: a listed host cannot send the download to an unlisted one', async () => {
		const inside = await startHost(serveFile);
		const redirector = await startHost((req, res) => {
			res.writeHead(302, { location: new URL(req.url ?? '', 'http://x').searchParams.get('to') ?? '/' });
			res.end();
		});
		const link = redirector.url(`/go?to=${encodeURIComponent(inside.url('/invoice.pdf'))}`);
		const options = { allowedInternalHosts: redirector.host };
		const action = await downloadFile(link, options);
		expect(action.error?.message).toMatch(/^Refusing to download from http:\/\/127\.0\.0\.1:\d+: 127\.0\.0\.1 is a loopback/);
		const trigger = await triggerDownload(link, options);
		expect(trigger.items.map((item) => item.json.mediaError)).toEqual([action.error?.message]);
		expect(redirector.seen).toHaveLength(2);
		expect(inside.seen).toEqual([]);

		for (const target of ['file:///etc/passwd', 'http://169.254.169.254/latest/meta-data/']) {
			const refused = await downloadFile(redirector.url(`/go?to=${encodeURIComponent(target)}`), options);
			expect(refused.error?.message).toMatch(/only http and https|cloud metadata/);
		}
	});

	it('follows redirects between allowed hosts, at most 5', async () => {
		const host = await startHost((req, res) => {
			const hop = Number(/^\/hop\/(\d+)/.exec(req.url ?? '')?.[1] ?? -1);
			if (hop < 0) return serveFile(req, res);
			res.writeHead(301, { location: hop === 0 ? '/invoice.pdf' : `/hop/${hop - 1}` });
			res.end();
		});
		const options = { allowedInternalHosts: host.host };
		const followed = await downloadFile(host.url('/hop/4'), options);
		expect(await followed.binary(followed.items[0])).toEqual(FILE);
		const tooMany = await downloadFile(host.url('/hop/5'), options);
		expect(tooMany.error?.message).toBe('The file link redirected more than 5 times');
	});

	it('connects to the address it checked: a second DNS answer cannot move the download', async () => {
		const host = await startHost(serveFile);
		const name = 'files.rebind.test';
		let lookups = 0;
		const realLookup = dns.lookup;
		jest.spyOn(dns, 'lookup').mockImplementation(((hostname: string, options: unknown, callback: unknown) => {
			if (hostname !== name) return (realLookup as (...args: unknown[]) => void)(hostname, options, callback);
			// First answer: the listed host on this machine; any later one: a metadata service.
			const address = lookups++ === 0 ? '127.0.0.1' : '169.254.169.254';
			(callback as (e: null, a: dns.LookupAddress[]) => void)(null, [{ address, family: 4 }]);
		}) as typeof dns.lookup);
		const result = await downloadFile(`http://${name}:${host.port}/invoice.pdf`, { allowedInternalHosts: `${name}:${host.port}` });
		expect(result.error).toBeUndefined();
		expect(await result.binary(result.items[0])).toEqual(FILE);
		expect(lookups).toBe(1);
		expect(host.seen).toEqual([{ path: '/invoice.pdf', host: `${name}:${host.port}` }]);
	});
});

describe('downloads are bounded in size and time', () => {
	it('refuses a file that declares more than 100 MB, naming its size', async () => {
		const host = await startHost((_req, res) => {
			res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(150 * 1024 * 1024) });
			res.write(Buffer.alloc(1024));
		});
		const result = await downloadFile(host.url('/film.mp4'), { allowedInternalHosts: host.host });
		expect(result.error?.message).toBe(`The file at ${host.url('')} is 150.0 MB; downloads are limited to 100.0 MB`);
	});

	it('stops a file without a declared size once it passes the limit', async () => {
		let sent = 0;
		const host = await startHost((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/octet-stream' });
			const chunk = Buffer.alloc(64 * 1024, 1);
			const pump = () => {
				while (sent < 50 * 1024 * 1024 && !res.destroyed) {
					sent += chunk.length;
					if (!res.write(chunk)) return void res.once('drain', pump);
				}
				res.end();
			};
			pump();
		});
		const result = await triggerDownload(host.url('/endless.bin'), { allowedInternalHosts: host.host, maxDownloadMb: 1 });
		expect(result.items[0].json.mediaError).toBe(`The file at ${host.url('')} is larger than 1.0 MB; downloads are limited to 1.0 MB`);
		expect(result.items[0].binary).toBeUndefined();
		expect(sent).toBeLessThan(20 * 1024 * 1024);
	});

	it('gives up on a host that does not answer, and on a body that stalls', async () => {
		const silent = await startHost(() => undefined);
		const started = Date.now();
		const noAnswer = await downloadFile(silent.url('/x.pdf'), { allowedInternalHosts: silent.host, timeout: 1 });
		expect(noAnswer.error?.message).toBe(`The file host ${silent.url('')} did not answer within 1 s`);

		const stalling = await startHost((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '1000' });
			res.write(Buffer.alloc(10));
		});
		const stalled = await triggerDownload(stalling.url('/x.pdf'), { allowedInternalHosts: stalling.host, timeout: 1 });
		expect(stalled.items[0].json.mediaError).toBe(`The download from ${stalling.url('')} stalled: no data for 1 s`);
		expect(Date.now() - started).toBeLessThan(15_000);
	});
});

describe('GREEN-API calls are bounded in time', () => {
	/** A fake API host: answers each method after a delay (never when the delay is undefined). */
	async function slowApi(delays: Record<string, number | undefined>) {
		return await startHost((req, res) => {
			const method = (req.url ?? '').split('/')[2]?.split('?')[0] ?? '';
			const delay = delays[method];
			if (delay === undefined) return;
			setTimeout(() => {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(method === 'receiveNotification' ? 'null' : JSON.stringify({ idMessage: 'X1' }));
			}, delay);
		});
	}
	const via = (apiUrl: string) => ({
		...world.credentials,
		greenApiInstanceApi: { ...world.credentials.greenApiInstanceApi, apiUrl },
	});

	it('fails a send that gets no answer within the Timeout option, without retrying it', async () => {
		const api = await slowApi({ sendMessage: undefined });
		const result = await runNode({
			node: new GreenApi(),
			parameters: { resource: 'message', operation: 'sendMessage', chatId: PERSON, message: 'hi', options: { timeout: 1 } },
			credentials: via(api.url('')),
			credentialTypes: world.credentialTypes,
		});
		expect(result.error?.message).toBe('GREEN-API did not answer sendMessage within 1 s');
		expect(result.error?.description).toMatch(/raise the Timeout option.*Not retried/);
		expect(api.seen).toHaveLength(1);
		expect(result.serialized).not.toContain(world.token);
	});

	it('gives a long poll its own wait on top of the timeout', async () => {
		const api = await slowApi({ receiveNotification: 2500 });
		const result = await runNode({
			node: new GreenApi(),
			parameters: { resource: 'notification', operation: 'receiveNotification', options: { timeout: 1, receiveTimeout: 5 } },
			credentials: via(api.url('')),
			credentialTypes: world.credentialTypes,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([{ receiptId: null, body: null }]);
	});

	it('bounds the trigger’s calls by its own Timeout option', async () => {
		const api = await slowApi({ receiveNotification: undefined });
		const result = await runPoll({
			node: new GreenApiQueueTrigger(),
			type: 'n8n-nodes-green-api.greenApiQueueTrigger',
			parameters: { events: ['incomingMessageReceived'], options: { timeout: 1 } },
			credentials: via(api.url('')),
			credentialTypes: world.credentialTypes,
			staticData: {},
		});
		// GREEN-API's long poll of 5 s plus the 1 s timeout; a timeout is not retried.
		expect(result.error?.message).toBe('GREEN-API did not answer receiveNotification within 6 s');
		expect(api.seen).toHaveLength(1);
	});
});

describe('HTTPS to a checked address', () => {
	it('keeps the host name for TLS and Host, so the certificate of the name is accepted', () => {
		const dir = mkdtempSync(join(tmpdir(), 'green-api-tls-'));
		try {
			const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
			// A certificate for the name "localhost" only: connecting to 127.0.0.1 without the name fails.
			execFileSync(
				'openssl',
				[
					'req',
					'-x509',
					'-newkey',
					'ec',
					'-pkeyopt',
					'ec_paramgen_curve:prime256v1',
					'-nodes',
					'-days',
					'1',
					'-subj',
					'/CN=localhost',
					'-addext',
					'subjectAltName=DNS:localhost',
					'-keyout',
					key,
					'-out',
					cert,
				],
				{ stdio: 'ignore' },
			);
			const output = execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, 'tls', 'downloadOverTls.ts'), cert, key], {
				env: { ...process.env, NODE_EXTRA_CA_CERTS: cert },
				encoding: 'utf8',
				timeout: 60_000,
			});
			const result = JSON.parse(output.trim().split('\n').pop() ?? '{}') as {
				error: string | null;
				bytes: string;
				seen: unknown[];
				port: number;
			};
			expect(result.error).toBeNull();
			expect(result.bytes).toBe('%PDF over TLS');
			expect(result.seen).toEqual([{ sni: 'localhost', host: `localhost:${result.port}` }]);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 90_000);
});
