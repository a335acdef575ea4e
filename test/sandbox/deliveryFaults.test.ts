/**
 * Delivery faults: the copies and early give-ups of GREEN-API's at-least-once webhook delivery,
 * drawn from a seed so a run can be repeated, and recorded on each notification.
 */
import type { Sandbox } from '../../sandbox';
import { http, start, WebhookReceiver, waitFor } from './helpers';

const ID = 1101000001;
let sandbox: Sandbox;
let receiver: WebhookReceiver;

beforeAll(async () => {
	({ sandbox } = await start({
		webhookRetryMs: 20,
		instances: [{ idInstance: ID, apiTokenInstance: 'tok', settings: { incomingWebhook: 'yes' } }],
	}));
});
afterAll(() => sandbox.close());
beforeEach(async () => {
	sandbox.reset();
	receiver = await new WebhookReceiver().start();
	sandbox.setSettings(ID, { webhookUrl: receiver.url, webhookUrlToken: 'secret' });
});
afterEach(() => receiver.close());

const texts = (n: number) => Array.from({ length: n }, (_, i) => `message ${i}`);
const idsOf = (bodies: Record<string, unknown>[]) => bodies.map((b) => b.idMessage as string);

async function deliverAll(count: number): Promise<string[]> {
	const ids = texts(count).map((text) => sandbox.injectIncoming(ID, { text }).idMessage);
	await waitFor(
		() => sandbox.notifications(ID).every((n) => n.state === 'delivered') && sandbox.notifications(ID).length === count,
		10_000,
		'every notification delivered',
	);
	return ids;
}

describe('delivery faults', () => {
	test('every notification is resent after its 200: each arrives twice, in order', async () => {
		sandbox.setDeliveryFaults({ seed: 7, resend: 1, resendGapMs: 5 });
		const ids = await deliverAll(5);
		await waitFor(() => receiver.received.length === 10, 15_000, 'the resends');
		expect(idsOf(receiver.accepted())).toEqual(ids.flatMap((id) => [id, id]));
		for (const record of sandbox.notifications(ID)) {
			expect(record.attempts.map((a) => [a.status, a.copy])).toEqual([
				[200, undefined],
				[200, 'resend'],
			]);
			expect(record.deliveryFaults?.resendAfterMs).toBeLessThanOrEqual(5);
		}
		expect(receiver.received.every((r) => r.headers.authorization === 'Bearer secret')).toBe(true);
	});

	test('an overlapping copy is posted while the first is still open', async () => {
		receiver.delayMs = 100;
		sandbox.setDeliveryFaults({ seed: 1, overlap: 1, overlapGapMs: 10 });
		const [id] = await deliverAll(1);
		expect(receiver.mostOpen).toBe(2);
		expect(idsOf(receiver.accepted())).toEqual([id, id]);
		const [record] = sandbox.notifications(ID);
		expect(record.attempts.map((a) => a.copy)).toEqual([undefined, 'overlap']);
		expect(Date.parse(record.attempts[1].at) - Date.parse(record.attempts[0].at)).toBeLessThan(100);
	});

	test('a slow answer is given up and the notification sent again', async () => {
		receiver.delayMs = 200;
		sandbox.setDeliveryFaults({ seed: 3, slow: 1, slowTimeoutMs: 20 });
		const [id] = await deliverAll(1);
		const [record] = sandbox.notifications(ID);
		expect(record.attempts[0]).toMatchObject({ gaveUp: true, error: 'ECONNABORTED' });
		expect(record.attempts.at(-1)?.status).toBe(200);
		// The receiver got the given-up POST too: it is the receiver's job to start one run for both.
		expect(idsOf(receiver.received.map((r) => r.body))).toEqual([id, id]);
	});

	test('the same seed draws the same faults; the shares come out close to what was asked', async () => {
		const draw = async (seed: number) => {
			sandbox.reset();
			sandbox.setSettings(ID, { webhookUrl: receiver.url });
			sandbox.setDeliveryFaults({ seed, overlap: 0.2, resend: 0.3, slow: 0.1, slowTimeoutMs: 50 });
			await deliverAll(100);
			return sandbox.notifications(ID).map((n) => n.deliveryFaults ?? {});
		};
		const first = await draw(42);
		const again = await draw(42);
		const other = await draw(43);
		expect(again).toEqual(first);
		expect(other).not.toEqual(first);
		const share = (key: 'overlapAfterMs' | 'resendAfterMs' | 'giveUpAfterMs') => first.filter((plan) => plan[key] !== undefined).length;
		expect(share('overlapAfterMs')).toBeGreaterThan(8);
		expect(share('overlapAfterMs')).toBeLessThan(35);
		expect(share('resendAfterMs')).toBeGreaterThan(15);
		expect(share('resendAfterMs')).toBeLessThan(45);
		expect(share('giveUpAfterMs')).toBeGreaterThan(2);
		expect(share('giveUpAfterMs')).toBeLessThan(22);
		const info = (await http.get(`${sandbox.apiUrl}/sandbox/delivery-faults`)).data;
		expect(info).toMatchObject({ seed: 43, overlap: 0.2, planned: { notifications: 100 } });
	});

	test('the control API sets, shows and clears them, and refuses nonsense', async () => {
		const url = `${sandbox.apiUrl}/sandbox/delivery-faults`;
		expect((await http.get(url)).data).toBeNull();
		const set = await http.put(url, { seed: 5, resend: 0.5 });
		expect(set.status).toBe(200);
		expect(set.data).toMatchObject({ seed: 5, resend: 0.5, overlap: 0, slow: 0, planned: { notifications: 0 } });
		expect((await http.put(url, { resend: 2 })).status).toBe(400);
		expect((await http.put(url, { resnd: 0.5 })).status).toBe(400);
		expect((await http.put(url, { seed: -1 })).status).toBe(400);
		expect((await http.delete(url)).status).toBe(200);
		expect((await http.get(url)).data).toBeNull();
		// Cleared: one POST per notification again.
		await deliverAll(3);
		expect(receiver.received).toHaveLength(3);
	});
});
