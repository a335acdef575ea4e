import type { INodeParameters } from 'n8n-workflow';

import { GreenApi } from '../../nodes/GreenApi/GreenApi.node';
import type { RequestRecord } from '../../sandbox';
import { runNode, type InputItem } from '../harness';
import { startWorld, type SandboxWorld } from './operations/sandboxSetup';

/**
 * Parallel Requests through n8n-core's engine against a sandbox that enforces GREEN-API's
 * documented rate limits with 429s: order, pairing, per-chat order, 429 handling.
 */
let world: SandboxWorld;

beforeAll(async () => {
	world = await startWorld({ rateLimits: true });
});
afterAll(() => world.sandbox.close());
beforeEach(() => {
	world.sandbox.reset();
	world.sandbox.clearFaults();
	world.sandbox.setRateLimits(true);
});

const phone = (i: number) => `7900${String(1000001 + i)}`;
const chat = (i: number) => `7911${String(1000000 + i)}@c.us`;

function run(parameters: INodeParameters, input: InputItem[], continueOnFail = false) {
	return runNode({
		node: new GreenApi(),
		parameters,
		input,
		continueOnFail,
		credentials: world.credentials,
		credentialTypes: world.credentialTypes,
	});
}

const requests = (method: string) => world.sandbox.requests({ kind: 'instance', method });
const accepted = (method: string) => requests(method).filter((r) => r.status === 200);
const startMs = (r: RequestRecord) => Date.parse(r.at);
const endMs = (r: RequestRecord) => Date.parse(r.at) + r.durationMs;

/** The most requests that were being answered at the same moment. */
function peakOverlap(records: RequestRecord[]): number {
	const edges = records.flatMap((r) => [
		[startMs(r), 1],
		[endMs(r), -1],
	]);
	edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let open = 0;
	let peak = 0;
	for (const [, step] of edges) peak = Math.max(peak, (open += step));
	return peak;
}

const checkWhatsapp = (options: Record<string, unknown>): INodeParameters => ({
	resource: 'contact',
	operation: 'checkWhatsapp',
	phoneNumber: '={{ $json.phone }}',
	options: { parallelRequests: true, ...options },
});

const sendText = (options: Record<string, unknown>): INodeParameters => ({
	resource: 'message',
	operation: 'sendMessage',
	chatId: '={{ $json.chatId }}',
	message: '={{ $json.text }}',
	options: { parallelRequests: true, ...options },
});

describe('Parallel Requests', () => {
	it('overlaps checks, keeps every answer in its input slot and paired with its input', async () => {
		world.sandbox.addFault({ method: 'checkWhatsapp', latencyMs: 150, times: 0 });
		const input = Array.from({ length: 24 }, (_, i) => ({ json: { phone: phone(i) } }));
		for (const i of [3, 10, 17]) world.sandbox.setNumberExists(phone(i), false);

		const result = await run(checkWhatsapp({}), input);

		expect(result.status).toBe('success');
		expect(result.items.map((item) => item.pairedItem)).toEqual(input.map((_, i) => ({ item: i })));
		expect(result.items.map((item) => item.json.existsWhatsapp)).toEqual(input.map((_, i) => ![3, 10, 17].includes(i)));
		// The sandbox answers each check after 150 ms: several were open at once.
		expect(peakOverlap(accepted('checkWhatsapp'))).toBeGreaterThan(1);
	});

	it('adapts to the 429s of a server enforcing the limit, and none reaches the user', async () => {
		// Asking for three times what GREEN-API allows for checkWhatsapp (10 per second).
		const input = Array.from({ length: 30 }, (_, i) => ({ json: { phone: phone(i) } }));
		const result = await run(checkWhatsapp({ requestsPerSecond: 30 }), input);

		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(30);
		expect(result.items.every((item) => typeof item.json.existsWhatsapp === 'boolean')).toBe(true);
		expect(requests('checkWhatsapp').filter((r) => r.status === 429).length).toBeGreaterThan(0);
		expect(accepted('checkWhatsapp')).toHaveLength(30);
	});

	it('waits out a Retry-After and sends everything once', async () => {
		world.sandbox.addFault({ method: 'sendMessage', status: 429, retryAfter: 1, times: 2 });
		const input = Array.from({ length: 12 }, (_, i) => ({ json: { chatId: chat(i), text: `Hi ${i}` } }));

		const result = await run(sendText({}), input);

		expect(result.status).toBe('success');
		expect(result.items.map((item) => typeof item.json.idMessage)).toEqual(input.map(() => 'string'));
		expect(requests('sendMessage').filter((r) => r.fault === 'status429')).toHaveLength(2);
		const sent = accepted('sendMessage').map((r) => (r.json as { message: string }).message);
		expect([...sent].sort()).toEqual(input.map((item) => item.json.text).sort());
	});

	it('sends the messages of each chat in input order, never two of one chat at once', async () => {
		world.sandbox.addFault({ method: 'sendMessage', latencyMs: 30, times: 0 });
		const chats = [chat(1), chat(2), chat(3), '120363000000000001@g.us'];
		const input = Array.from({ length: 40 }, (_, i) => ({ json: { chatId: chats[(i * 7) % 4], text: `#${i}` } }));

		const result = await run(sendText({ requestsPerSecond: 50 }), input);

		expect(result.status).toBe('success');
		expect(result.items.map((item) => item.pairedItem)).toEqual(input.map((_, i) => ({ item: i })));
		const records = accepted('sendMessage');
		for (const chatId of chats) {
			const mine = records.filter((r) => (r.json as { chatId: string }).chatId === chatId);
			const expected = input.filter((item) => item.json.chatId === chatId).map((item) => item.json.text);
			expect(mine.map((r) => (r.json as { message: string }).message)).toEqual(expected);
			expect(peakOverlap(mine)).toBe(1);
		}
		expect(peakOverlap(records)).toBeGreaterThan(1);
		// Each output item is the answer to its own input's request.
		for (const [i, item] of result.items.entries()) {
			const record = records.find((r) => (r.response as { idMessage?: string })?.idMessage === item.json.idMessage);
			expect((record?.json as { message: string }).message).toBe(`#${i}`);
		}
	});

	it('with continue-on-fail, reports a refused item and a failed send in place and sends the rest', async () => {
		world.sandbox.addFault({ method: 'sendMessage', status: 500, times: 1 });
		const input = [
			{ json: { chatId: chat(1), text: 'a' } },
			{ json: { chatId: 'not a chat', text: 'b' } },
			{ json: { chatId: chat(2), text: 'c' } },
			{ json: { chatId: chat(3), text: 'd' } },
		];

		const result = await run(sendText({}), input, true);

		expect(result.status).toBe('success');
		expect(result.items.map((item) => item.pairedItem)).toEqual(input.map((_, i) => ({ item: i })));
		expect(result.items[1].json.error).toMatch(/^Item 1, "Chat"/);
		const failed = result.items.filter((item) => item.json.httpCode === '500');
		expect(failed).toHaveLength(1);
		expect(result.items.filter((item) => typeof item.json.idMessage === 'string')).toHaveLength(2);
		expect(requests('sendMessage')).toHaveLength(3);
	});

	it('without continue-on-fail, fails with the failing item named', async () => {
		world.sandbox.addFault({ method: 'sendMessage', status: 500, times: 1 });
		const input = [0, 1, 2].map((i) => ({ json: { chatId: chat(i), text: `x${i}` } }));

		const result = await run(sendText({}), input);

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/server error on sendMessage \(500\)/);
	});

	it('refuses a rate of 0 before sending anything', async () => {
		const result = await run(sendText({ requestsPerSecond: 0 }), [{ json: { chatId: chat(1), text: 'a' } }]);
		expect(result.error?.message).toBe('"Requests per Second" must be a number above 0');
		expect(requests('sendMessage')).toHaveLength(0);
	});
});

describe('Parameters over many items', () => {
	it('gives each item its own expression values while fixed parameters stay the same for all', async () => {
		const input = Array.from({ length: 6 }, (_, i) => ({ json: { chatId: chat(i), quoted: `BAE5QUOTED${i}` } }));
		const parameters: INodeParameters = {
			resource: 'message',
			operation: 'sendMessage',
			chatId: '={{ $json.chatId }}',
			message: 'The same text for all',
			linkPreview: false,
			// A collection with one expression inside is evaluated per item, with its fixed neighbour.
			options: { quotedMessageId: '={{ $json.quoted }}', typingTime: 2000 },
		};

		const result = await run(parameters, input);

		expect(result.status).toBe('success');
		expect(accepted('sendMessage').map((r) => r.json)).toEqual(
			input.map((item) => ({
				chatId: item.json.chatId,
				message: 'The same text for all',
				linkPreview: false,
				quotedMessageId: item.json.quoted,
				typingTime: 2000,
			})),
		);
	});
});
