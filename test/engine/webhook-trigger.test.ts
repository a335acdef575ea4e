import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { GreenApiTrigger } from '../../nodes/GreenApi/GreenApiTrigger.node';
import { deliverWebhook, removeBinaryDataStorage, runHook, type DeliverWebhookResult, type WebhookMode } from '../harness';
import { PERSON } from './operations/cases';
import { startWorld, type SandboxWorld } from './operations/sandboxSetup';

const TYPE = 'n8n-nodes-green-api.greenApiTrigger';
const NODE_DATA = 'node:GREEN-API Trigger';
const WEBHOOK_ID = '5f0c2b51-8e4f-4a6b-b3c9-2f1e0a9d8c76';
const FOREIGN = 'https://crm.example.com/green-api/hook';

let world: SandboxWorld;
let receiver: Server;
let receiverUrl: string;
/** The workflow's static data, as n8n keeps it between activation, deliveries and deactivation. */
let staticData: IDataObject;
let parameters: INodeParameters;
const deliveries: DeliverWebhookResult[] = [];
/** Status the fake n8n answers before passing deliveries on (to make GREEN-API resend). */
let failNextDeliveries = 0;

const urlOf = (mode: WebhookMode) => `${receiverUrl}/${mode === 'manual' ? 'webhook-test' : 'webhook'}/${WEBHOOK_ID}/webhook`;
const stored = () => (staticData[NODE_DATA] ?? {}) as IDataObject;
const settings = () => world.sandbox.getSettings(world.idInstance);

const trigger = (extra: INodeParameters = {}) => ({
	node: new GreenApiTrigger(),
	type: TYPE,
	parameters: { ...parameters, ...extra },
	staticData,
	credentials: world.credentials,
	credentialTypes: world.credentialTypes,
});

const hook = (method: 'checkExists' | 'create' | 'delete', mode: WebhookMode = 'trigger', extra: INodeParameters = {}) =>
	runHook({ ...trigger(extra), method, mode, webhookUrl: urlOf(mode) });

const deliver = (body: unknown, headers: Record<string, string> = {}, mode: WebhookMode = 'trigger') =>
	deliverWebhook({ ...trigger(), mode, webhookUrl: urlOf(mode), body, headers });

const bearer = () => ({ authorization: `Bearer ${stored().webhookToken as string}` });

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

beforeAll(async () => {
	world = await startWorld({ restartDelayMs: 0 });
	// Plays n8n's webhook server: each POST from the sandbox goes to the trigger's webhook().
	receiver = createServer((req, res) => {
		void (async () => {
			const rawBody = await readBody(req);
			if (failNextDeliveries > 0) {
				failNextDeliveries--;
				res.writeHead(503).end();
				return;
			}
			const url = `${receiverUrl}${req.url ?? ''}`;
			const result = await deliverWebhook({
				...trigger(),
				mode: url.includes('/webhook-test/') ? 'manual' : 'trigger',
				webhookUrl: url,
				headers: req.headers,
				rawBody,
			});
			deliveries.push(result);
			res.writeHead(result.status, { 'content-type': 'application/json' }).end(JSON.stringify(result.responseBody ?? ''));
		})();
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await world.sandbox.close();
	await new Promise((resolve) => receiver.close(resolve));
	removeBinaryDataStorage();
});

beforeEach(() => {
	world.sandbox.reset();
	staticData = {};
	parameters = { events: ['incomingMessageReceived'] };
	deliveries.length = 0;
	failNextDeliveries = 0;
});

describe('activation', () => {
	it('takes a free webhook with a fresh token and exactly the switches the events need', async () => {
		world.sandbox.setSettings(world.idInstance, { outgoingWebhook: 'yes', stateWebhook: 'yes' });
		parameters = { events: ['incomingMessageReceived', 'incomingCall'], messageTypes: ['textMessage'] };
		expect((await hook('checkExists')).result).toBe(false);
		expect((await hook('create')).error).toBeUndefined();
		expect(settings()).toMatchObject({
			webhookUrl: urlOf('trigger'),
			webhookUrlToken: expect.stringMatching(/^[0-9a-f]{48}$/),
			incomingWebhook: 'yes',
			incomingCallWebhook: 'yes',
			outgoingWebhook: 'no',
			stateWebhook: 'no',
			pollMessageWebhook: 'no',
		});
		expect(stored().webhookToken).toBe(settings().webhookUrlToken);
		expect((await hook('checkExists')).result).toBe(true);
	});

	it('refuses a webhook another URL owns, names it, and changes nothing', async () => {
		world.sandbox.setSettings(world.idInstance, { webhookUrl: FOREIGN, webhookUrlToken: 'theirs', incomingWebhook: 'yes' });
		const { error } = await hook('create');
		expect(error?.message).toBe(`GREEN-API instance ${world.idInstance} already sends its notifications to ${FOREIGN}`);
		expect((error as { description?: string }).description).toMatch(/Take Over Existing Webhook/);
		expect(settings()).toMatchObject({ webhookUrl: FOREIGN, webhookUrlToken: 'theirs' });
		expect(stored().webhookToken).toBeUndefined();
	});

	it('takes a webhook over when asked, and gives back exactly what was there on deactivation', async () => {
		world.sandbox.setSettings(world.idInstance, {
			webhookUrl: FOREIGN,
			webhookUrlToken: 'theirs',
			outgoingWebhook: 'yes',
			incomingWebhook: 'no',
		});
		const before = settings();
		expect((await hook('create', 'trigger', { takeOver: true })).error).toBeUndefined();
		expect(settings()).toMatchObject({ webhookUrl: urlOf('trigger'), incomingWebhook: 'yes', outgoingWebhook: 'no' });

		expect((await hook('delete')).error).toBeUndefined();
		expect(settings()).toEqual(before);
		expect(stored()).toEqual({});
	});

	it('leaves the settings alone on deactivation when someone changed the webhook since', async () => {
		await hook('create');
		world.sandbox.setSettings(world.idInstance, { webhookUrl: FOREIGN });
		const result = await hook('delete');
		expect(result.logs.join('\n')).toMatch(/leaves the webhook settings alone/);
		expect(settings().webhookUrl).toBe(FOREIGN);
	});

	it('re-registers with the same token and keeps the saved settings when the events change', async () => {
		world.sandbox.setSettings(world.idInstance, { webhookUrl: '', stateWebhook: 'yes' });
		await hook('create');
		const token = stored().webhookToken;
		parameters = { events: ['incomingMessageReceived', 'outgoingMessageStatus'] };
		expect((await hook('checkExists')).result).toBe(false);
		await hook('create');
		expect(settings()).toMatchObject({ outgoingWebhook: 'yes', webhookUrlToken: token });
		await hook('delete');
		expect(settings()).toMatchObject({ webhookUrl: '', stateWebhook: 'yes', outgoingWebhook: 'no' });
	});

	it('refuses a bad chat list at activation, naming the entry', async () => {
		const { error } = await hook('create', 'trigger', { chats: 'list', chatList: '79001234567\nnot-a-chat' });
		expect(error?.message).toBe('"Chat List", entry 2: "not-a-chat" is neither a phone number nor a chat ID');
		expect(settings().webhookUrl).toBe('');
	});
});

describe('listening for a test event', () => {
	it('never takes the webhook from a live workflow, even with Take Over on', async () => {
		await hook('create');
		const live = settings();
		const test = await hook('create', 'manual', { takeOver: true });
		expect(test.error?.message).toBe(`GREEN-API instance ${world.idInstance} already sends its notifications to ${urlOf('trigger')}`);
		expect((test.error as { description?: string }).description).toMatch(/would miss notifications/);
		expect(settings()).toEqual(live);
	});

	it('uses a free webhook for the test and frees it afterwards', async () => {
		expect((await hook('create', 'manual')).error).toBeUndefined();
		expect(settings().webhookUrl).toBe(urlOf('manual'));
		await hook('delete', 'manual');
		expect(settings()).toMatchObject({ webhookUrl: '', webhookUrlToken: '' });
	});
});

describe('deliveries', () => {
	beforeEach(async () => {
		await hook('create');
	});
	const message = () => JSON.parse(readFileSync(join(__dirname, '../../contract/green-api/webhooks.json'), 'utf8')).envelope.receiveNotificationExample.body as IDataObject;

	it('answers 401 and starts nothing without the right token', async () => {
		for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: stored().webhookToken as string }] as Array<Record<string, string>>) {
			const result = await deliver(message(), headers);
			expect({ status: result.status, started: result.started }).toEqual({ status: 401, started: false });
		}
	});

	it('answers 400 to a body that is not a notification', async () => {
		const result = await deliver({ hello: 'world' }, bearer());
		expect({ status: result.status, started: result.started }).toEqual({ status: 400, started: false });
	});

	it('starts the workflow once for a notification delivered twice', async () => {
		const first = await deliver(message(), bearer());
		const again = await deliver(message(), bearer());
		expect([first.started, again.started]).toEqual([true, false]);
		expect([first.status, again.status]).toEqual([200, 200]);
		expect(first.items[0].json).toMatchObject({ event: 'incomingMessageReceived', text: 'Hi, is my order ready?' });
	});

	it('answers 200 and starts nothing for a filtered-out notification', async () => {
		parameters = { events: ['incomingMessageReceived'], chats: 'personal' };
		const filtered = await deliver({ ...message(), senderData: { chatId: '120363000000000001@g.us' } }, bearer());
		expect({ status: filtered.status, started: filtered.started }).toEqual({ status: 200, started: false });
	});

	const examples = (
		JSON.parse(readFileSync(join(__dirname, '../../contract/green-api/webhooks.json'), 'utf8')).typeWebhook as Array<{
			name: string;
			example: IDataObject;
		}>
	).map((type) => [type.name, type.example] as const);

	it.each(examples)('starts the workflow for the %s example only when that event is chosen', async (name, example) => {
		parameters = { events: [name], simplify: false };
		const chosen = await deliver(example, bearer());
		expect(chosen.started).toBe(true);
		expect(chosen.items[0].json).toEqual(example);
		parameters = { events: name === 'incomingMessageReceived' ? ['incomingCall'] : ['incomingMessageReceived'] };
		const other = await deliver({ ...example, timestamp: 1 }, bearer());
		expect({ status: other.status, started: other.started }).toEqual({ status: 200, started: false });
	});
});

describe('with GREEN-API (the sandbox) delivering', () => {
	const waitFor = async (predicate: () => boolean) => {
		for (let i = 0; i < 200 && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
		expect(predicate()).toBe(true);
	};

	it('runs the workflow for an incoming message, with the media file, once despite a resend', async () => {
		const allowedInternalHosts = new URL(world.sandbox.apiUrl).host;
		parameters = { events: ['incomingMessageReceived'], options: { downloadMedia: true, allowedInternalHosts } };
		await hook('create');
		failNextDeliveries = 1;
		const image = Buffer.from('89504e470d0a1a0a', 'hex');
		world.sandbox.injectIncoming(world.idInstance, {
			chatId: PERSON,
			typeMessage: 'imageMessage',
			caption: 'the parcel',
			file: { base64: image.toString('base64'), fileName: 'parcel.png', mimeType: 'image/png' },
		});
		await waitFor(() => deliveries.some((d) => d.started));
		const started = deliveries.filter((d) => d.started);
		expect(started).toHaveLength(1);
		expect(started[0].items[0].json).toMatchObject({ messageType: 'imageMessage', text: 'the parcel', chatId: PERSON });
		expect(await started[0].binary(started[0].items[0])).toEqual(image);
		await waitFor(() => world.sandbox.notifications(world.idInstance)[0].state === 'delivered');
		expect(world.sandbox.notifications(world.idInstance)[0].attempts.map((a) => a.status)).toEqual([503, 200]);
	});

	it('starts nothing when the delivered token is not the workflow’s', async () => {
		await hook('create');
		staticData[NODE_DATA] = { ...stored(), webhookToken: 'rotated' };
		world.sandbox.injectIncoming(world.idInstance, { chatId: PERSON, text: 'hello' });
		await waitFor(() => deliveries.length > 0);
		expect(deliveries[0]).toMatchObject({ status: 401, started: false });
	});

	it.each([
		['outgoingMessageStatus', () => world.call('sendMessage', { chatId: PERSON, message: 'hi' })],
		['stateInstanceChanged', () => world.sandbox.setState(world.idInstance, 'notAuthorized')],
		['incomingCall', () => world.sandbox.injectIncomingCall(world.idInstance, { from: PERSON })],
	])('turns on and receives %s', async (event, cause) => {
		parameters = { events: [event] };
		await hook('create');
		await cause();
		await waitFor(() => deliveries.some((d) => d.started));
		expect(deliveries.find((d) => d.started)?.items[0].json.event).toBe(event);
	});
});
