/** The request log: every request in order, with what was sent and answered, and never a token. */
import type { Sandbox } from '../../sandbox';
import { createHash } from 'node:crypto';
import { Api, http, JPEG, start } from './helpers';

const CHAT = '79001234567@c.us';
const TOKEN = 'secret-instance-token-0123456789';
let sandbox: Sandbox;
let api: Api;

beforeAll(async () => {
	({ sandbox, api } = await start({
		partnerToken: 'secret-partner-token-0123456789',
		instances: [{ idInstance: 1101000001, apiTokenInstance: TOKEN, settings: { incomingWebhook: 'yes' } }],
	}));
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

test('records method as written, instance, tokenOk, query, headers and the JSON body, in order', async () => {
	await api.post('SendMessage', { chatId: CHAT, message: 'hi' }, { headers: { 'X-Trace': 'abc' } });
	await api.get('lastIncomingMessages', { query: { minutes: 30 } });
	await api.get('getSettings', { token: 'wrong-token-value' });
	const log = sandbox.requests();
	expect(log.map((r) => [r.method, r.status, r.tokenOk])).toEqual([
		['SendMessage', 200, true],
		['lastIncomingMessages', 200, true],
		['getSettings', 401, false],
	]);
	expect(log[0]).toMatchObject({
		host: 'api',
		kind: 'instance',
		verb: 'POST',
		idInstance: 1101000001,
		extraPath: [],
		contentType: 'application/json',
		json: { chatId: CHAT, message: 'hi' },
		response: { idMessage: expect.any(String) },
	});
	expect(log[0].headers['x-trace']).toBe('abc');
	expect(log[1].query).toEqual({ minutes: '30' });
	expect(log[0].seq).toBeLessThan(log[1].seq);
	expect(new Date(log[0].at).getTime()).toBeLessThanOrEqual(Date.now());
});

test('records the receipt id of deleteNotification as extraPath', async () => {
	sandbox.injectIncoming(api.idInstance, { text: 'hi' });
	const received = (await api.get('receiveNotification')).data as { receiptId: number };
	await api.call('DELETE', 'deleteNotification', { extraPath: [String(received.receiptId)] });
	const record = sandbox.requests({ method: 'deleteNotification' })[0];
	expect(record).toMatchObject({
		verb: 'DELETE',
		extraPath: [String(received.receiptId)],
		response: { result: true },
	});
});

test('summarises multipart and raw bodies with size and sha256', async () => {
	const form = new FormData();
	form.append('chatId', CHAT);
	form.append('caption', 'look');
	form.append('file', new Blob([JPEG], { type: 'image/jpeg' }), 'photo.jpg');
	await api.post('sendFileByUpload', form, { host: 'media' });
	const pdf = Buffer.from('%PDF-1.4');
	await api.post('uploadFile', pdf, {
		host: 'media',
		headers: { 'Content-Type': 'application/pdf', 'GA-Filename': 'a.pdf' },
	});
	const [upload, raw] = sandbox.requests({ host: 'media' });
	const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
	expect(upload.multipart).toEqual({
		fields: { chatId: CHAT, caption: 'look' },
		files: [
			{
				field: 'file',
				filename: 'photo.jpg',
				contentType: 'image/jpeg',
				size: JPEG.length,
				sha256: sha(JPEG),
			},
		],
	});
	expect(raw.raw).toEqual({ size: pdf.length, sha256: sha(pdf), contentType: 'application/pdf' });
	expect(raw.headers['ga-filename']).toBe('a.pdf');
});

test('records partner calls, 404s and empty answers', async () => {
	await http.get(`${sandbox.partnerApiUrl}/partner/getInstances/${sandbox.partnerToken}`);
	await http.get(`${sandbox.partnerApiUrl}/partner/getInstances/bad-partner-token`);
	await http.get(`${sandbox.apiUrl}/nothing/here`);
	sandbox.injectIncoming(api.idInstance, { text: 'x' });
	await api.post('archiveChat', { chatId: CHAT });
	const [ok, bad, other, archive] = sandbox.requests();
	expect(ok).toMatchObject({
		kind: 'partner',
		method: 'getInstances',
		idInstance: null,
		tokenOk: true,
		status: 200,
	});
	expect(bad).toMatchObject({
		kind: 'partner',
		tokenOk: false,
		status: 200,
		response: { code: 401, description: 'Unauthorized' },
	});
	expect(other).toMatchObject({ kind: 'other', method: '', status: 404 });
	expect(archive).toMatchObject({ method: 'archiveChat', status: 200, response: '' });
});

test('no token ever appears in the log, even in answers and wrong URLs', async () => {
	await api.get('getSettings');
	await http.get(`${sandbox.partnerApiUrl}/partner/getInstances/${sandbox.partnerToken}`);
	const created = await http.post(`${sandbox.partnerApiUrl}/partner/createInstance/${sandbox.partnerToken}`, { name: 'x' });
	const newToken = (created.data as { apiTokenInstance: string }).apiTokenInstance;
	await api.post('sendMessage', { chatId: CHAT, message: `my token is ${TOKEN}` }, { headers: { Referer: api.url('x') } });
	await api.get('getSettings', { token: 'a-wrong-token-guess-123' });
	const text = JSON.stringify(sandbox.requests());
	for (const secret of [TOKEN, sandbox.partnerToken, newToken, 'a-wrong-token-guess-123']) expect(text).not.toContain(secret);
	expect(text).toContain('[redacted]');
	const overHttp = await http.get(`${sandbox.apiUrl}/sandbox/requests`, { responseType: 'text' });
	expect(overHttp.data).not.toContain(TOKEN);
});

test('GET /sandbox/requests filters; clearRequests empties; /sandbox/ pages are not logged', async () => {
	await api.get('getStateInstance');
	await api.post('sendMessage', { chatId: CHAT, message: 'hi' });
	await http.get(`${sandbox.apiUrl}/sandbox/info`);
	const filtered = await http.get(`${sandbox.apiUrl}/sandbox/requests?method=sendmessage`);
	expect((filtered.data as unknown[]).length).toBe(1);
	expect(sandbox.requests().map((r) => r.method)).toEqual(['getStateInstance', 'sendMessage']);
	await http.delete(`${sandbox.apiUrl}/sandbox/requests`);
	expect(sandbox.requests()).toEqual([]);
	const waited = sandbox.waitForRequest({ method: 'getSettings' }, 2000);
	await api.get('getSettings');
	expect((await waited).status).toBe(200);
});
