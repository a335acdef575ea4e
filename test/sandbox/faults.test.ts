/** Configured faults (5xx, 429, 466, latency, dropped connections) and the per-method rate limits. */
import type { Sandbox } from '../../sandbox';
import { ALL_ON, Api, http, start, waitFor } from './helpers';

const CHAT = '79001234567@c.us';
let sandbox: Sandbox;
let api: Api;

beforeAll(async () => {
	({ sandbox, api } = await start({
		rateLimits: true,
		instances: [{ idInstance: 1101000001, apiTokenInstance: 'tok', settings: ALL_ON }],
	}));
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const send = () => api.post('sendMessage', { chatId: CHAT, message: 'hi' });
const waitForFinished = () =>
	waitFor(
		() => {
			const records = sandbox.requests({ method: 'sendMessage' });
			return records.every((r) => r.fault?.includes('clientGone') || r.status !== 0) && records;
		},
		10_000,
		'the request to finish',
	);

describe('faults', () => {
	test('a number of 500 answers, then normal service', async () => {
		const res = await http.post(`${sandbox.apiUrl}/sandbox/faults`, {
			method: 'sendMessage',
			status: 500,
			times: 2,
		});
		expect(res.data).toMatchObject({ method: 'sendMessage', status: 500, times: 2, used: 0 });
		expect((await send()).status).toBe(500);
		expect((await send()).data).toEqual({ code: 500, description: 'Internal Server Error' });
		expect((await send()).status).toBe(200);
		expect(sandbox.faults()).toEqual([]);
	});

	test('502 comes back as an HTML page, like a gateway would send it', async () => {
		sandbox.addFault({ method: 'SENDMESSAGE', status: 502 });
		const res = await send();
		expect(res.status).toBe(502);
		expect(res.headers['content-type']).toBe('text/html');
		expect(res.text).toContain('502 Bad Gateway');
	});

	test('429 with a Retry-After header', async () => {
		sandbox.addFault({ method: 'sendMessage', status: 429, retryAfter: 3 });
		const res = await send();
		expect(res.status).toBe(429);
		expect(res.headers['retry-after']).toBe('3');
	});

	test('466 answers the documented quota body and sends quotaExceeded', async () => {
		sandbox.setSettings(api.idInstance, { incomingBlockWebhook: 'yes' });
		sandbox.addFault({ method: 'sendMessage', status: 466 });
		const res = await send();
		expect(res.status).toBe(466);
		expect(res.data).toMatchObject({
			invokeStatus: { method: 'sendMessage', status: expect.stringMatching(/^QUOTE_/) },
			correspondentsStatus: {
				method: 'correspondents',
				used: 3,
				total: 3,
				status: 'CORRESPONDENTS_QUOTE_EXCEEDED',
			},
		});
		expect(sandbox.notifications(api.idInstance).at(-1)).toMatchObject({
			typeWebhook: 'quotaExceeded',
			state: 'pending',
			body: { quotaData: { status: 'CORRESPONDENTS_QUOTA_EXCEEDED' } },
		});
		expect(sandbox.sent(api.idInstance)).toEqual([]);
	});

	test('added latency delays the answer', async () => {
		sandbox.addFault({ method: 'getStateInstance', latencyMs: 150 });
		const started = Date.now();
		expect((await api.get('getStateInstance')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	});

	test('a dropped connection gets no answer at all', async () => {
		sandbox.addFault({ method: 'sendMessage', drop: true });
		await expect(send()).rejects.toMatchObject({
			code: expect.stringMatching(/ECONNRESET|ERR_BAD_RESPONSE|EPIPE/),
		});
		expect(sandbox.requests({ method: 'sendMessage' })[0]).toMatchObject({
			status: 0,
			fault: 'drop',
		});
		expect((await send()).status).toBe(200);
	});

	test('a fault can target one instance, and times: 0 lasts until cleared', async () => {
		const other = sandbox.createInstance({ apiTokenInstance: 'other-token' });
		sandbox.addFault({ method: '*', idInstance: other.idInstance, status: 500, times: 0 });
		const otherApi = new Api(sandbox, other.idInstance, 'other-token');
		expect((await otherApi.get('getStateInstance')).status).toBe(500);
		expect((await otherApi.get('getSettings')).status).toBe(500);
		expect((await api.get('getStateInstance')).status).toBe(200);
		await http.delete(`${sandbox.apiUrl}/sandbox/faults`);
		expect((await otherApi.get('getStateInstance')).status).toBe(200);
	});

	test('faults apply to partner methods too', async () => {
		sandbox.addFault({ method: 'getInstances', status: 502 });
		const res = await http.get(`${sandbox.partnerApiUrl}/partner/getInstances/${sandbox.partnerToken}`);
		expect(res.status).toBe(502);
	});

	test('a probability shapes matching requests at random, the same ones again for the same seed', async () => {
		const run = async (seed: number) => {
			sandbox.reset();
			sandbox.setRateLimits(false);
			sandbox.addFault({ method: 'getStateInstance', status: 502, probability: 0.3, seed, times: 0 });
			const statuses: number[] = [];
			for (let i = 0; i < 60; i++) statuses.push((await api.get('getStateInstance')).status);
			return statuses;
		};
		const first = await run(11);
		expect(await run(11)).toEqual(first);
		expect(await run(12)).not.toEqual(first);
		const failed = first.filter((status) => status === 502).length;
		expect(failed).toBeGreaterThan(8);
		expect(failed).toBeLessThan(32);
		expect(first.filter((status) => status === 200)).toHaveLength(60 - failed);
		const [rule] = sandbox.faults();
		expect(rule).toMatchObject({ probability: 0.3, seed: 12 });
		expect(rule.used + rule.skipped).toBe(60);
	});

	test('times counts only the requests a random rule shaped', async () => {
		sandbox.setRateLimits(false);
		sandbox.addFault({ method: 'getStateInstance', status: 500, probability: 0.5, seed: 3, times: 2 });
		const statuses: number[] = [];
		while (statuses.filter((s) => s === 500).length < 2 && statuses.length < 50) statuses.push((await api.get('getStateInstance')).status);
		expect(statuses.filter((s) => s === 500)).toHaveLength(2);
		expect(sandbox.faults()).toEqual([]);
		expect((await api.get('getStateInstance')).status).toBe(200);
	});

	test('afterHandling carries the request out, then loses or replaces the answer', async () => {
		sandbox.addFault({ method: 'sendMessage', drop: true, afterHandling: true });
		await expect(send()).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|ERR_BAD_RESPONSE|EPIPE/) });
		sandbox.addFault({ method: 'sendMessage', status: 500, afterHandling: true });
		expect((await send()).status).toBe(500);
		// Both messages went out although the sender saw no success.
		expect(sandbox.sent(api.idInstance)).toHaveLength(2);
		expect(sandbox.requests({ method: 'sendMessage' }).map((r) => [r.status, r.fault])).toEqual([
			[0, 'dropAfterHandling'],
			[500, 'status500AfterHandling'],
		]);
	});

	test('a request whose client hung up during the added latency is not carried out', async () => {
		sandbox.addFault({ method: 'sendMessage', latencyMs: 3000 });
		const controller = new AbortController();
		const sending = http.post(api.url('sendMessage'), { chatId: CHAT, message: 'hi' }, { signal: controller.signal });
		await waitFor(() => sandbox.requests({ method: 'sendMessage' }).length === 1, 10_000, 'the request');
		controller.abort();
		await expect(sending).rejects.toMatchObject({ code: 'ERR_CANCELED' });
		const [record] = await waitForFinished();
		expect(record).toMatchObject({ status: 0, fault: 'latency,clientGone' });
		expect(sandbox.sent(api.idInstance)).toEqual([]);
	});

	test('an unknown method or an empty fault is refused', async () => {
		expect((await http.post(`${sandbox.apiUrl}/sandbox/faults`, { method: 'sendMessages', status: 500 })).status).toBe(400);
		expect((await http.post(`${sandbox.apiUrl}/sandbox/faults`, { method: 'sendMessage' })).status).toBe(400);
		expect((await http.post(`${sandbox.apiUrl}/sandbox/faults`, { method: 'sendMessage', status: 503 })).status).toBe(400);
		for (const bad of [
			{ method: 'sendMessage', status: 500, probability: 0 },
			{ method: 'sendMessage', status: 500, probability: 1.5 },
			{ method: 'sendMessage', latencyMs: 10, afterHandling: true },
			{ method: 'sendMessage', status: 500, seed: -2 },
		]) {
			expect((await http.post(`${sandbox.apiUrl}/sandbox/faults`, bad)).status).toBe(400);
		}
	});
});

describe('rate limits', () => {
	// The limits are per second of arrival; on a loaded machine requests the test sends together
	// can arrive further apart, so the expectations follow the arrival times the sandbox logged.
	const arrivals = (method: string) => sandbox.requests({ method }).map((r) => ({ at: Date.parse(r.at), status: r.status }));

	test('a 1 request/s method answers 429 on the second call within a second', async () => {
		expect((await api.get('getSettings')).status).toBe(200);
		const second = await api.get('getSettings');
		const [a, b] = arrivals('getSettings');
		if (b.at - a.at < 950) {
			expect(second.status).toBe(429);
			expect(second.data).toEqual({ code: 429, description: 'Too Many Requests' });
		} else if (b.at - a.at > 1050) expect(second.status).toBe(200);
		// Limits are per method and per instance.
		expect((await api.get('getStateInstance')).status).toBe(200);
	});

	test('a 50 request/s method allows 50 and refuses the 51st', async () => {
		const statuses = await Promise.all(Array.from({ length: 51 }, () => send().then((r) => r.status)));
		const log = arrivals('sendMessage');
		const accepted = log.filter((r) => r.status === 200);
		// Never more than 50 accepted within any second...
		for (const { at } of accepted) expect(accepted.filter((r) => r.at > at - 990 && r.at <= at).length).toBeLessThanOrEqual(50);
		// ...and when all 51 arrived within one, exactly one refused.
		if (log.at(-1)!.at - log[0].at < 950) {
			expect(statuses.filter((s) => s === 200)).toHaveLength(50);
			expect(statuses.filter((s) => s === 429)).toHaveLength(1);
		} else expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
	});

	test('rate limits can be switched off', async () => {
		await http.put(`${sandbox.apiUrl}/sandbox/rate-limits`, { enabled: false });
		for (let i = 0; i < 5; i++) expect((await api.get('getSettings')).status).toBe(200);
		expect((await http.get(`${sandbox.apiUrl}/sandbox/rate-limits`)).data).toEqual({
			enabled: false,
		});
	});
});
