/**
 * The scanqrcode websocket, driven by undici's WebSocket (the client built into Node.js 22+, which
 * n8n runs on) the way a client of GREEN-API would use it.
 */
import { WebSocket } from 'undici';

import type { Sandbox } from '../../sandbox';
import { http, start, waitFor } from './helpers';

interface Frame {
	type: string;
	message: unknown;
}

interface Session {
	frames: Frame[];
	closed: Promise<{ code: number; framesAtClose: number }>;
	socket: WebSocket;
}

let sandbox: Sandbox;
let id: number;
let token: string;

const socketUrl = (options: { id?: number; token?: string; method?: string } = {}) =>
	`${sandbox.apiUrl.replace(/^http/, 'ws')}/waInstance${options.id ?? id}/${options.method ?? 'scanqrcode'}/${options.token ?? token}`;

function connect(url = socketUrl()): Session {
	const socket = new WebSocket(url);
	const frames: Frame[] = [];
	socket.onmessage = (event) => frames.push(JSON.parse(String(event.data)) as Frame);
	const closed = new Promise<{ code: number; framesAtClose: number }>((resolve) => {
		socket.onclose = (event) => resolve({ code: event.code, framesAtClose: frames.length });
	});
	return { frames, closed, socket };
}

const png = (frame: Frame) => Buffer.from(String(frame.message), 'base64').subarray(1, 4).toString();
const controlQr = async () => ((await http.get(`${sandbox.apiUrl}/sandbox/instances/${id}/qr`)).data as { png: string }).png;

beforeEach(async () => {
	({ sandbox } = await start({ qrRotateMs: 150, qrSessionMs: 5000 }));
	({ idInstance: id, apiTokenInstance: token } = sandbox.instances[0]);
	sandbox.setState(id, 'notAuthorized');
});
afterEach(() => sandbox.close());

test('sends the QR code at once and each new one, then accountData when the phone is linked', async () => {
	const session = connect();
	await waitFor(() => session.frames.length >= 1, 3000, 'the first frame');
	expect(session.frames[0].type).toBe('qrCode');
	expect(png(session.frames[0])).toBe('PNG');
	await waitFor(() => session.frames.length >= 3, 3000, 'two more QR codes');
	const codes = session.frames.map((frame) => frame.message);
	expect(new Set(codes).size).toBe(codes.length);

	// The page's "Phone linked" button calls this route.
	const linked = await http.put(`${sandbox.apiUrl}/sandbox/instances/${id}/state`, { stateInstance: 'authorized' });
	expect(linked.status).toBe(200);
	const { code } = await session.closed;
	expect(code).toBe(1000);
	const last = session.frames[session.frames.length - 1];
	expect(last).toEqual({
		type: 'accountData',
		message: { wid: sandbox.instances[0].wid, phone: sandbox.instances[0].wid.replace('@c.us', ''), pushname: expect.any(String) },
	});
	expect(session.frames.slice(0, -1).every((frame) => frame.type === 'qrCode')).toBe(true);

	const [record] = sandbox.requests({ method: 'scanqrcode' });
	expect(record).toMatchObject({ status: 101, tokenOk: true, idInstance: id, kind: 'instance' });
	expect((record.response as { frames: string[] }).frames).toEqual(session.frames.map((frame) => frame.type));
	expect(JSON.stringify(sandbox.requests())).not.toContain(token);
});

test('a linked instance gets alreadyLogged, a starting one an error, and the socket closes', async () => {
	sandbox.setState(id, 'authorized');
	const linked = connect();
	await linked.closed;
	expect(linked.frames).toEqual([{ type: 'alreadyLogged', message: 'instance account already authorized' }]);

	sandbox.setState(id, 'starting');
	await new Promise((resolve) => setTimeout(resolve, 1100)); // scanqrcode allows 1 connection a second
	const starting = connect();
	await starting.closed;
	expect(starting.frames).toEqual([{ type: 'error', message: 'instance in starting process try later' }]);
});

test('a session that is not scanned in time ends with timeoutExpired', async () => {
	await sandbox.close();
	// A code that does not change during the short session.
	({ sandbox } = await start({
		qrRotateMs: 3_600_000,
		qrSessionMs: 300,
		instances: [{ idInstance: 1101000009, apiTokenInstance: 'tok-9', stateInstance: 'notAuthorized' }],
	}));
	id = 1101000009;
	const session = connect(socketUrl({ token: 'tok-9' }));
	const { code } = await session.closed;
	expect(code).toBe(1000);
	expect(session.frames.map((frame) => frame.type)).toEqual(['qrCode', 'timeoutExpired']);
	// The same picture the page and the qr method show.
	expect(session.frames[0].message).toBe(await controlQr());
});

test('refused handshakes: wrong token 401, unknown instance 403, other paths 404; never upgraded', async () => {
	for (const [url, status] of [
		[socketUrl({ token: 'wrong-token' }), 401],
		[socketUrl({ id: 1101999999 }), 403],
		[socketUrl({ method: 'sendMessage' }), 404],
	] as const) {
		const session = connect(url);
		const { code } = await session.closed;
		expect({ url, code, frames: session.frames }).toEqual({ url, code: 1006, frames: [] });
		const record = sandbox.requests().at(-1);
		expect(record?.status).toBe(status);
	}
	expect(JSON.stringify(sandbox.requests())).not.toContain('wrong-token');
});

test('rate limit (1 per second), faults and a sandbox reset apply to the websocket too', async () => {
	sandbox.setRateLimits(true);
	const first = connect();
	await waitFor(() => first.frames.length >= 1, 3000, 'the first session');
	const second = connect();
	expect((await second.closed).code).toBe(1006);
	expect(sandbox.requests({ method: 'scanqrcode' }).map((record) => record.status)).toEqual([0, 429]);
	sandbox.setRateLimits(false);

	sandbox.addFault({ method: 'scanqrcode', drop: true });
	const dropped = connect();
	expect((await dropped.closed).code).toBe(1006);
	expect(sandbox.requests({ method: 'scanqrcode' }).at(-1)?.fault).toBe('drop');

	sandbox.reset();
	const { code } = await first.closed;
	expect(code).toBe(1001);
	expect(first.frames.at(-1)?.type).toBe('error');
});
