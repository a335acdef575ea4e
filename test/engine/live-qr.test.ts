/**
 * Instance → Get Live QR Code through n8n-core's engine against the sandbox's scanqrcode
 * websocket. n8n runs on Node.js 24, whose WebSocket is built in; jest runs on Node.js 20, so the
 * test provides the same implementation (undici's) for the node to find, and only here.
 */
import type { INodeParameters } from 'n8n-workflow';
import { WebSocket as UndiciWebSocket } from 'undici';

import { GreenApi } from '../../nodes/GreenApi/GreenApi.node';
import { runNode } from '../harness';
import { startWorld, type SandboxWorld } from './operations/sandboxSetup';

let world: SandboxWorld;
let id: number;
const globals = globalThis as { WebSocket?: unknown };

beforeAll(async () => {
	globals.WebSocket = UndiciWebSocket;
	// A QR code that stays the same during a test, and websocket sessions short enough to end in one.
	world = await startWorld({ qrRotateMs: 60_000, qrSessionMs: 1_500 });
	id = Number(world.idInstance);
});
afterAll(async () => {
	delete globals.WebSocket;
	await world.sandbox.close();
});
beforeEach(() => {
	world.sandbox.reset();
	world.sandbox.setState(id, 'notAuthorized');
});

const liveQr = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'instance',
	operation: 'scanqrcode',
	...extra,
});

const run = (
	parameters: INodeParameters,
	options: { credentials?: SandboxWorld['credentials']; continueOnFail?: boolean; items?: number } = {},
) =>
	runNode({
		node: new GreenApi(),
		parameters,
		credentials: options.credentials ?? world.credentials,
		credentialTypes: world.credentialTypes,
		continueOnFail: options.continueOnFail,
		input: Array.from({ length: options.items ?? 1 }, (_, i) => ({ json: { i } })),
	});

const sockets = () => world.sandbox.requests({ method: 'scanqrcode' });
const controlQr = () => world.call<{ type: string; message: string }>('qr');

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('the QR code as an image', () => {
	it('returns the current QR code as PNG binary data with status qrCode', async () => {
		const result = await run(liveQr({ binaryPropertyOutput: 'qr' }));
		expect(result.status).toBe('success');
		const [item] = result.items;
		expect(item.json).toMatchObject({ status: 'qrCode', authorized: false, qrCodesReceived: 1 });
		expect(item.json.message).toMatch(/Linked devices/);
		expect(item.binary?.qr).toMatchObject({ mimeType: 'image/png', fileName: 'qr-code.png' });
		const image = await result.binary(item, 'qr');
		expect(image.toString('base64')).toBe((await controlQr()).message);
		// The node closes the socket once it has the code.
		await until(() => sockets()[0]?.status === 101, 'the socket to close');
		expect(sockets()).toEqual([expect.objectContaining({ status: 101, tokenOk: true, response: { frames: ['qrCode'] } })]);
		expect(result.serialized).not.toContain(world.token);
	});

	it('one socket per input item, each item paired', async () => {
		const result = await run(liveQr(), { items: 2 });
		expect(result.items.map((item) => [item.json.status, item.pairedItem])).toEqual([
			['qrCode', { item: 0 }],
			['qrCode', { item: 1 }],
		]);
		expect(sockets()).toHaveLength(2);
	});
});

describe('waiting until a phone is linked', () => {
	it('keeps the socket open across GREEN-API’s session ends and reports the linked account', async () => {
		const running = run(liveQr({ waitForAuthorization: true, timeLimit: 60 }));
		// Two sessions: the first one ended with timeoutExpired and the node reconnected.
		await until(() => sockets().length >= 2 && sockets()[1].status === 0, 'a second websocket session');
		world.sandbox.setState(id, 'authorized');
		const result = await running;
		expect(result.status).toBe('success');
		const [item] = result.items;
		expect(item.json).toMatchObject({
			status: 'authorized',
			authorized: true,
			message: 'A phone was linked: the instance is authorized.',
			account: { wid: '11001234567@c.us', phone: '11001234567' },
		});
		expect(item.json.qrCodesReceived).toBeGreaterThanOrEqual(2);
		expect(item.binary).toBeUndefined();
		expect((sockets()[0].response as { frames: string[] }).frames).toEqual(['qrCode', 'timeoutExpired']);
		expect((sockets().at(-1)?.response as { frames: string[] }).frames.at(-1)).toBe('accountData');
	});

	it('an instance that is already linked answers alreadyLogged at once', async () => {
		world.sandbox.setState(id, 'authorized');
		const result = await run(liveQr({ waitForAuthorization: true }));
		expect(result.items[0].json).toMatchObject({
			status: 'alreadyLogged',
			authorized: true,
			greenApiMessage: 'instance account already authorized',
			qrCodesReceived: 0,
		});
		expect(result.items[0].json.message).toMatch(/already authorized \(alreadyLogged\).*Log out first/);
		expect(result.items[0].binary).toBeUndefined();
	});
});

describe('the time limit', () => {
	it('fails with a clear message when no phone was linked in time', async () => {
		const started = Date.now();
		const result = await run(liveQr({ waitForAuthorization: true, timeLimit: 2 }));
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('No phone was linked within 2 seconds');
		expect(result.error?.description).toMatch(/^GREEN-API sent [1-9]\d* QR code\(s\); none was scanned/);
		// Nothing is left open when the node gives up.
		await until(() => sockets().every((record) => record.status === 101), 'the sockets to close');
	});

	it('On Timeout "Return the Latest QR Code" outputs status timeout with the QR code instead', async () => {
		const result = await run(liveQr({ waitForAuthorization: true, timeLimit: 1, onTimeout: 'output' }));
		expect(result.status).toBe('success');
		const [item] = result.items;
		expect(item.json).toMatchObject({ status: 'timeout', authorized: false, message: 'No phone was linked within the time limit.' });
		expect((await result.binary(item)).toString('base64')).toBe((await controlQr()).message);
	});

	it('also bounds the wait for the first QR code', async () => {
		world.sandbox.addFault({ method: 'scanqrcode', latencyMs: 4000 });
		const result = await run(liveQr({ timeLimit: 1 }));
		expect(result.error?.message).toBe('GREEN-API sent no QR code within 1 seconds');
	});

	it('refuses a limit outside 1–600 seconds before connecting', async () => {
		const result = await run(liveQr({ timeLimit: 601 }));
		expect(result.error?.message).toBe('Item 0, "Time Limit (Seconds)": 601 is outside the allowed range 1–600');
		expect(sockets()).toHaveLength(0);
	});
});

describe('failures never show the token', () => {
	it('a wrong token: GREEN-API’s 401, found out with getStateInstance since a refused socket says nothing', async () => {
		const wrong = 'wrong-token-0123456789';
		const credentials = {
			...world.credentials,
			greenApiInstanceApi: { ...world.credentials.greenApiInstanceApi, apiTokenInstance: wrong },
		};
		const result = await run(liveQr(), { credentials });
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe('GREEN-API rejected the API token (apiTokenInstance) (401)');
		expect(world.sandbox.requests({ method: 'getStateInstance' })).toHaveLength(1);
		expect(result.serialized).not.toContain(wrong);
		expect(result.logs.join('\n')).not.toContain(wrong);
	});

	it('GREEN-API’s error frame becomes its own explanation (a starting instance)', async () => {
		world.sandbox.setState(id, 'starting');
		const result = await run(liveQr());
		expect(result.error?.message).toBe('GREEN-API refused scanqrcode: instance in starting process try later');
		expect(result.error?.description).toMatch(/starting/);
	});

	it('a socket that keeps dropping: the error names the URL with *** for the token', async () => {
		world.sandbox.addFault({ method: 'scanqrcode', drop: true, times: 0 });
		const result = await run(liveQr({ timeLimit: 30 }), { continueOnFail: true });
		expect(result.status).toBe('success');
		const error = result.items[0].json;
		expect(error.error).toBe(
			`GREEN-API's QR websocket at ${world.sandbox.apiUrl.replace('http', 'ws')}/waInstance${id}/scanqrcode/*** closed without sending anything`,
		);
		expect(String(error.description)).toMatch(/Tried 3 times; the instance's state is notAuthorized/);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(result.serialized).not.toContain(world.token);
	});
});
