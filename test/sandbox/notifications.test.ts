/**
 * Notifications: every typeWebhook and typeMessage of webhooks.json can be produced through the
 * control API and arrives, shaped like its example, through the queue and through a webhook
 * (with the Bearer token), only when its switches are on; webhooks are retried until 200.
 */
import { WEBHOOKS } from '../../sandbox/contract';
import type { NotificationBody, Sandbox } from '../../sandbox';
import { ALL_ON, Api, http, shapeErrors, start, waitFor, WebhookReceiver } from './helpers';

const CHAT = '79001234567@c.us';
let sandbox: Sandbox;
let api: Api;

const control = (path: string, body: unknown) => http.post(`${sandbox.apiUrl}/sandbox/instances/${api.idInstance}/${path}`, body);

async function receive(seconds = 5): Promise<{ receiptId: number; body: NotificationBody } | null> {
	const res = await api.get('receiveNotification', { query: { receiveTimeout: seconds } });
	expect(res.status).toBe(200);
	return res.data as { receiptId: number; body: NotificationBody } | null;
}

async function receiveAndDelete(): Promise<NotificationBody> {
	const item = await receive();
	if (!item) throw new Error('no notification arrived');
	const deleted = await api.call('DELETE', 'deleteNotification', {
		extraPath: [String(item.receiptId)],
	});
	expect(deleted.data).toEqual({ result: true });
	return item.body;
}

async function drain(): Promise<void> {
	while (sandbox.instance(api.idInstance).pendingNotifications > 0) await receiveAndDelete();
}

const messageExample = (typeMessage: string) =>
	WEBHOOKS.typeMessage.find((t) => t.name === typeMessage)?.example as Record<string, unknown>;
const webhookExample = (typeWebhook: string) =>
	WEBHOOKS.typeWebhook.find((t) => t.name === typeWebhook)?.example as Record<string, unknown>;

/** The envelope against incomingMessageReceived's example, messageData against the typeMessage example. */
function messageShapeErrors(body: NotificationBody, typeWebhook: string, typeMessage: string): string[] {
	const { messageData: exampleData, ...envelope } = webhookExample(typeWebhook);
	void exampleData;
	const { messageData, ...actualEnvelope } = body;
	return [...shapeErrors(envelope, actualEnvelope), ...shapeErrors(messageExample(typeMessage), messageData, '$.messageData')];
}

/** Control-API input that makes the example shape (targets for replies, edits and votes). */
async function inputFor(typeMessage: string): Promise<Record<string, unknown>> {
	const needsText = ['quotedMessage', 'reactionMessage', 'editedMessage', 'deletedMessage'];
	if (needsText.includes(typeMessage)) {
		const target = (await control('incoming', { text: 'Your order has shipped' })).data as {
			idMessage: string;
		};
		await drain();
		return typeMessage === 'quotedMessage' || typeMessage === 'reactionMessage'
			? { typeMessage, quotedMessageId: target.idMessage }
			: { typeMessage, stanzaId: target.idMessage };
	}
	if (typeMessage === 'pollUpdateMessage') {
		await api.post('sendPoll', {
			chatId: CHAT,
			message: 'Which day suits you?',
			options: [{ optionName: 'Monday' }, { optionName: 'Tuesday' }],
		});
		await waitFor(() => sandbox.sent(api.idInstance).at(-1)?.messages[0].statusMessage === 'read');
		await drain();
		return { typeMessage, votes: ['Monday'] };
	}
	return { typeMessage };
}

const TYPE_MESSAGES = WEBHOOKS.typeMessage.map((t) => t.name);
const TYPE_WEBHOOKS = WEBHOOKS.typeWebhook.map((t) => t.name);

beforeAll(async () => {
	({ sandbox, api } = await start({
		restartDelayMs: 0,
		instances: [{ idInstance: 1101000001, apiTokenInstance: 'tok-1', settings: ALL_ON }],
	}));
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe('through the queue (receiveNotification / deleteNotification)', () => {
	test.each(TYPE_MESSAGES)('incoming %s arrives shaped like its example', async (typeMessage) => {
		const input = await inputFor(typeMessage);
		const injected = (await control('incoming', input)).data as { idMessage: string };
		const body = await receiveAndDelete();
		expect(body.idMessage).toBe(injected.idMessage);
		expect(body.typeWebhook).toBe('incomingMessageReceived');
		expect((body.messageData as { typeMessage: string }).typeMessage).toBe(typeMessage);
		expect(messageShapeErrors(body, 'incomingMessageReceived', typeMessage)).toEqual([]);
		const file = (body.messageData as { fileMessageData?: { downloadUrl: string; mimeType: string } }).fileMessageData;
		if (file) {
			const download = await http.get(file.downloadUrl, { responseType: 'arraybuffer' });
			expect(download.status).toBe(200);
			expect(download.headers['content-type']).toBe(file.mimeType);
			expect((download.data as Buffer).length).toBeGreaterThan(0);
		}
	});

	test.each(['textMessage', 'imageMessage', 'locationMessage', 'pollMessage'])(
		'%s sent from the phone is outgoingMessageReceived',
		async (typeMessage) => {
			await control('outgoing', { typeMessage });
			const body = await receiveAndDelete();
			expect(body.typeWebhook).toBe('outgoingMessageReceived');
			expect((body.senderData as { sender: string }).sender).toBe(sandbox.instances[0].wid);
			expect(messageShapeErrors(body, 'outgoingMessageReceived', typeMessage)).toEqual([]);
		},
	);

	test.each(TYPE_WEBHOOKS)('%s can be produced and is shaped like its example', async (typeWebhook) => {
		const res = await control('events', { typeWebhook });
		expect(res.status).toBe(200);
		const body = await receiveAndDelete();
		expect(body.typeWebhook).toBe(typeWebhook);
		const example = webhookExample(typeWebhook);
		if ('messageData' in example) {
			expect(messageShapeErrors(body, typeWebhook, 'textMessage')).toEqual([]);
		} else {
			expect(shapeErrors(example, body)).toEqual([]);
		}
	});

	test('an incoming call gives the offer, then the outcome', async () => {
		await control('calls/incoming', { from: CHAT, outcome: 'hungUp' });
		const offer = await receiveAndDelete();
		const outcome = await receiveAndDelete();
		expect([offer.status, outcome.status]).toEqual(['offer', 'hungUp']);
		expect(offer.idMessage).toBe(outcome.idMessage);
		expect(offer.from).toBe(CHAT);
	});

	test('an API send gives outgoingAPIMessageReceived, then sent → delivered → read', async () => {
		const sent = await api.post('sendMessage', {
			chatId: CHAT,
			message: 'Hello! Your order #1024 has shipped.',
		});
		const { idMessage } = sent.data as { idMessage: string };
		const bodies = [await receiveAndDelete(), await receiveAndDelete(), await receiveAndDelete(), await receiveAndDelete()];
		expect(bodies.map((b) => [b.typeWebhook, b.status ?? null])).toEqual([
			['outgoingAPIMessageReceived', null],
			['outgoingMessageStatus', 'sent'],
			['outgoingMessageStatus', 'delivered'],
			['outgoingMessageStatus', 'read'],
		]);
		expect(bodies.every((b) => b.idMessage === idMessage)).toBe(true);
		expect(messageShapeErrors(bodies[0], 'outgoingAPIMessageReceived', 'textMessage')).toEqual([]);
		expect(shapeErrors(webhookExample('outgoingMessageStatus'), bodies[2])).toEqual([]);
	});

	test('the same head is returned until it is deleted; a wrong receipt id deletes nothing', async () => {
		await control('incoming', { text: 'one' });
		await control('incoming', { text: 'two' });
		const first = await receive();
		const again = await receive();
		expect(again).toEqual(first);
		expect((await api.call('DELETE', 'deleteNotification', { extraPath: ['999999'] })).data).toEqual({ result: false });
		expect((await api.call('DELETE', 'deleteNotification', { extraPath: [String(first?.receiptId)] })).data).toEqual({ result: true });
		expect((await api.call('DELETE', 'deleteNotification', { extraPath: [String(first?.receiptId)] })).data).toEqual({ result: false });
		const second = await receive();
		expect((second?.body.messageData as { textMessageData: { textMessage: string } }).textMessageData.textMessage).toBe('two');
	});

	test('an empty queue answers null after the (scaled) receiveTimeout; a waiting poll gets a new item at once', async () => {
		const started = Date.now();
		const empty = await api.get('receiveNotification', { query: { receiveTimeout: 5 } });
		expect(empty.text).toBe('null');
		expect(Date.now() - started).toBeGreaterThanOrEqual(450);

		const waiting = receive(60);
		setTimeout(() => void control('incoming', { text: 'late' }), 100);
		const t0 = Date.now();
		const item = await waiting;
		expect(Date.now() - t0).toBeLessThan(1500);
		expect((item?.body.messageData as { textMessageData: { textMessage: string } }).textMessageData.textMessage).toBe('late');
	});

	test('with a webhookUrl set, receiveNotification returns nothing', async () => {
		sandbox.setSettings(api.idInstance, { webhookUrl: 'http://127.0.0.1:9/unreachable' });
		await control('incoming', { text: 'hi' });
		expect(await receive()).toBeNull();
	});
});

describe('switches', () => {
	test('nothing is queued while its switch is off', async () => {
		sandbox.setSettings(api.idInstance, { incomingWebhook: 'no' });
		const injected = (await control('incoming', { text: 'hi' })).data as {
			notification: { state: string; missingSwitches: string[] };
		};
		expect(injected.notification).toMatchObject({
			state: 'suppressed',
			missingSwitches: ['incomingWebhook'],
		});
		expect(await receive()).toBeNull();
	});

	test('polls, edits and deletes need their extra switch', async () => {
		sandbox.setSettings(api.idInstance, {
			pollMessageWebhook: 'no',
			editedMessageWebhook: 'no',
			deletedMessageWebhook: 'no',
		});
		await control('incoming', { typeMessage: 'pollMessage' });
		await control('incoming', { typeMessage: 'editedMessage' });
		await control('incoming', { typeMessage: 'deletedMessage' });
		await control('incoming', { typeMessage: 'textMessage' });
		const states = sandbox.notifications(api.idInstance).map((n) => [n.typeMessage, n.state]);
		expect(states).toEqual([
			['pollMessage', 'suppressed'],
			['editedMessage', 'suppressed'],
			['deletedMessage', 'suppressed'],
			['textMessage', 'pending'],
		]);
	});

	test('incoming calls need incomingCallWebhook and incomingWebhook', async () => {
		sandbox.setSettings(api.idInstance, { incomingCallWebhook: 'yes', incomingWebhook: 'no' });
		await control('calls/incoming', { outcome: 'none' });
		expect(sandbox.notifications(api.idInstance)[0]).toMatchObject({
			state: 'suppressed',
			missingSwitches: ['incomingWebhook'],
		});
	});

	test('noAccount and failed statuses arrive even with outgoingWebhook off', async () => {
		sandbox.setSettings(api.idInstance, { outgoingWebhook: 'no', outgoingAPIMessageWebhook: 'no' });
		await api.post('sendMessage', { chatId: '79001230000@c.us', message: 'anyone?' });
		const body = await receiveAndDelete();
		expect(body).toMatchObject({
			typeWebhook: 'outgoingMessageStatus',
			status: 'noAccount',
			chatId: '79001230000@c.us',
		});
		const sent = await api.post('sendMessage', { chatId: CHAT, message: 'hi' });
		const { idMessage } = sent.data as { idMessage: string };
		await waitFor(() => sandbox.sent(api.idInstance).at(-1)?.messages[0].statusMessage === 'read');
		expect(await receive()).toBeNull();
		await http.post(`${sandbox.apiUrl}/sandbox/instances/${api.idInstance}/messages/${idMessage}/status`, {
			status: 'failed',
			description: 'SWE004: 1000',
		});
		expect(await receiveAndDelete()).toMatchObject({
			status: 'failed',
			description: 'SWE004: 1000',
			idMessage,
		});
	});

	test('stateInstanceChanged reports wid "" when the account is logged out', async () => {
		await api.get('logout');
		const body = await receiveAndDelete();
		expect(body).toMatchObject({
			typeWebhook: 'stateInstanceChanged',
			stateInstance: 'notAuthorized',
			instanceData: { wid: '' },
		});
	});
});

describe('through a webhook', () => {
	let receiver: WebhookReceiver;
	beforeEach(async () => {
		receiver = await new WebhookReceiver().start();
	});
	afterEach(() => receiver.close());

	test('every typeMessage is POSTed in order with the Bearer token, once setSettings took effect', async () => {
		const set = await api.post('setSettings', {
			webhookUrl: receiver.url,
			webhookUrlToken: 's3cr3t-token',
		});
		expect(set.data).toEqual({ saveSettings: true });
		const ids: string[] = [];
		for (const typeMessage of TYPE_MESSAGES) {
			const injected = (await control('incoming', { typeMessage })).data as { idMessage: string };
			ids.push(injected.idMessage);
		}
		await waitFor(() => receiver.accepted().length >= TYPE_MESSAGES.length, 15_000, 'webhooks');
		expect(receiver.accepted().map((b) => b.idMessage)).toEqual(ids);
		for (const hit of receiver.received) {
			expect(hit.headers.authorization).toBe('Bearer s3cr3t-token');
			expect(hit.headers['content-type']).toMatch(/^application\/json/);
		}
		for (const body of receiver.accepted()) {
			const typeMessage = (body.messageData as { typeMessage: string }).typeMessage;
			const example = messageExample(typeMessage);
			// Replies, reactions and votes point at messages that exist here, so their quoted part may differ.
			expect(shapeErrors(example[Object.keys(example)[1]], (body.messageData as Record<string, unknown>)[Object.keys(example)[1]])).toEqual(
				[],
			);
		}
	});

	test('without a token there is no Authorization header', async () => {
		sandbox.setSettings(api.idInstance, { webhookUrl: receiver.url });
		await control('events', { typeWebhook: 'deviceInfo' });
		await waitFor(() => receiver.received.length === 1);
		expect(receiver.received[0].headers.authorization).toBeUndefined();
		expect(receiver.received[0].body.typeWebhook).toBe('deviceInfo');
	});

	test('only types whose switches are on are POSTed', async () => {
		sandbox.setSettings(api.idInstance, { webhookUrl: receiver.url, incomingWebhook: 'no' });
		await control('incoming', { text: 'not sent' });
		await control('events', { typeWebhook: 'stateInstanceChanged', stateInstance: 'yellowCard' });
		await waitFor(() => receiver.received.length === 1);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(receiver.received.map((r) => r.body.typeWebhook)).toEqual(['stateInstanceChanged']);
	});

	test('a webhook is retried until it gets 200, and later ones wait behind it', async () => {
		receiver.answers = [500, 503, 204];
		sandbox.setSettings(api.idInstance, { webhookUrl: receiver.url, webhookUrlToken: 'tok' });
		const first = (await control('incoming', { text: 'first' })).data as { idMessage: string };
		const second = (await control('incoming', { text: 'second' })).data as { idMessage: string };
		await waitFor(() => receiver.accepted().length === 2, 15_000, 'two deliveries');
		expect(receiver.received.map((r) => [r.body.idMessage, r.status])).toEqual([
			[first.idMessage, 500],
			[first.idMessage, 503],
			[first.idMessage, 204],
			[first.idMessage, 200],
			[second.idMessage, 200],
		]);
		const record = sandbox.notifications(api.idInstance)[0];
		expect(record.state).toBe('delivered');
		expect(record.attempts.map((a) => a.status)).toEqual([500, 503, 204, 200]);
		expect(record.attempts.every((a) => a.authorization)).toBe(true);
	});

	test('an unreachable endpoint is retried; delivery resumes when the URL is fixed', async () => {
		sandbox.setSettings(api.idInstance, { webhookUrl: 'http://127.0.0.1:9/closed' });
		await control('incoming', { text: 'hello' });
		await waitFor(() => sandbox.notifications(api.idInstance)[0].attempts.length >= 2, 3000, 'retries');
		expect(sandbox.notifications(api.idInstance)[0].attempts[0].error).toBeDefined();
		sandbox.setSettings(api.idInstance, { webhookUrl: receiver.url });
		// The receiver sees the POST before the sandbox reads its answer: wait for both.
		await waitFor(
			() => receiver.accepted().length === 1 && sandbox.notifications(api.idInstance)[0].state === 'delivered',
			3000,
			'delivery',
		);
		expect(receiver.accepted()).toHaveLength(1);
	});

	test('the control API lists notifications with their delivery attempts', async () => {
		receiver.answers = [500];
		sandbox.setSettings(api.idInstance, { webhookUrl: receiver.url });
		await control('incoming', { text: 'hi' });
		await waitFor(
			() => receiver.accepted().length === 1 && sandbox.notifications(api.idInstance)[0].state === 'delivered',
			10_000,
			'delivery',
		);
		const listed = await http.get(`${sandbox.apiUrl}/sandbox/instances/${api.idInstance}/notifications`);
		expect(listed.data).toEqual([
			expect.objectContaining({
				typeWebhook: 'incomingMessageReceived',
				state: 'delivered',
				via: 'webhook',
				attempts: [expect.objectContaining({ status: 500, url: receiver.url }), expect.objectContaining({ status: 200 })],
			}),
		]);
	});
});
