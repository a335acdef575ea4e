/** The control API refuses what a web page could send: non-JSON bodies, foreign Host or Origin. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { startSandbox, type Sandbox } from '../../sandbox';
import { exposureWarning } from '../../sandbox/controlGuard';
import { http } from './helpers';

let sandbox: Sandbox;
let id: number;

beforeAll(async () => {
	sandbox = await startSandbox({ rateLimits: false });
	id = Number(sandbox.instances[0].idInstance);
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const incoming = () => `${sandbox.apiUrl}/sandbox/instances/${id}/incoming`;
const messages = () => sandbox.chats(id).flatMap((chat) => chat.messages);
const port = () => new URL(sandbox.apiUrl).port;

describe('a cross-site page', () => {
	it.each([
		['text/plain', '{"text":"injected"}'],
		['application/x-www-form-urlencoded', 'text=injected'],
		['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="text"\r\n\r\ninjected\r\n--x--\r\n'],
	])('cannot inject a message with a %s POST (what a form or a no-cors fetch sends)', async (type, body) => {
		const res = await http.post(incoming(), body, { headers: { 'Content-Type': type } });
		expect(res.status).toBe(415);
		expect(res.data).toEqual({ error: expect.stringMatching(/JSON only/) });
		expect(messages()).toEqual([]);
	});

	it('cannot change settings with a JSON request from its pages (another site in Origin)', async () => {
		const res = await http.patch(
			`${sandbox.apiUrl}/sandbox/instances/${id}/settings`,
			{ webhookUrl: 'https://attacker.example/hook' },
			{ headers: { Origin: 'https://attacker.example' } },
		);
		expect(res.status).toBe(403);
		expect(res.data.error).toMatch(/other sites/);
		expect(sandbox.getSettings(id).webhookUrl).toBe('');
		expect((await http.post(incoming(), { text: 'x' }, { headers: { Origin: 'null' } })).status).toBe(403);
	});

	it.each([
		['GET', 'requests'],
		['GET', ''],
		['POST', `instances/{id}/incoming`],
	])('reached by DNS rebinding (its own name in Host) is refused: %s /sandbox/%s', async (method, path) => {
		const res = await http.request({
			method,
			url: `${sandbox.apiUrl}/sandbox/${path.replace('{id}', String(id))}`,
			data: method === 'POST' ? { text: 'rebound' } : undefined,
			headers: { Host: `rebind.attacker.example:${port()}` },
		});
		expect(res.status).toBe(403);
		expect(res.data.error).toMatch(/only to requests for this machine/);
		expect(messages()).toEqual([]);
	});
});

describe('local clients', () => {
	it.each(['127.0.0.1', 'localhost', '[::1]'])('work with Host %s and a same-machine Origin', async (host) => {
		const headers = { Host: `${host}:${port()}`, Origin: `http://${host}:${port()}` };
		const res = await http.post(incoming(), { text: `via ${host}` }, { headers });
		expect(res.status).toBe(200);
		expect((await http.get(`${sandbox.apiUrl}/sandbox/info`, { headers })).status).toBe(200);
		expect(messages().map((m) => m.text)).toEqual([`via ${host}`]);
	});

	it('still read files and avatars (GET without a body type)', async () => {
		const stored = sandbox.injectIncoming(id, { typeMessage: 'documentMessage' });
		const file = sandbox.chats(id)[0].messages.find((m) => m.idMessage === stored.idMessage);
		expect(file?.file?.url).toMatch(/\/sandbox\/files\//);
		expect((await http.get(String(file?.file?.url))).status).toBe(200);
	});
});

describe('a sandbox bound to another address on purpose', () => {
	let open: Sandbox;
	beforeAll(async () => {
		open = await startSandbox({ rateLimits: false, host: '0.0.0.0', publicHost: 'sandbox.lan' });
	});
	afterAll(() => open.close());

	it('also answers to its public host name, and to nothing else', async () => {
		const url = `http://127.0.0.1:${new URL(open.apiUrl).port}/sandbox/info`;
		expect((await http.get(url, { headers: { Host: 'sandbox.lan' } })).status).toBe(200);
		expect((await http.get(url, { headers: { Host: 'other.example' } })).status).toBe(403);
	});

	it('warns at start that anyone who reaches the port can use the control API', async () => {
		expect(exposureWarning({ host: '127.0.0.1', publicHost: '127.0.0.1' }, 7788)).toBeUndefined();
		expect(exposureWarning({ host: '0.0.0.0', publicHost: 'sandbox.lan' }, 7788)).toMatch(
			/^WARNING: the sandbox listens on 0\.0\.0\.0.*Anyone who can reach port 7788 can use its control API.*localhost, 127\.0\.0\.1, sandbox\.lan/,
		);

		const root = join(__dirname, '..', '..');
		const child = spawn(
			join(root, 'node_modules', '.bin', 'tsx'),
			['sandbox/cli.ts', '--port', '0', '--media-port', '0', '--host', '0.0.0.0', '--quiet'],
			{
				cwd: root,
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		try {
			const warning = await new Promise<string>((resolve, reject) => {
				let text = '';
				child.stderr.on('data', (chunk: Buffer) => {
					text += chunk.toString();
					if (text.includes('control API')) resolve(text);
				});
				child.on('exit', (code) => reject(new Error(`exited with ${code}: ${text}`)));
			});
			expect(warning).toMatch(/WARNING: the sandbox listens on 0\.0\.0\.0/);
		} finally {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		}
	});
});
