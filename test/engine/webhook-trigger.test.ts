import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import type { ICredentialType, IDataObject, INodeParameters } from 'n8n-workflow';

import { GreenApiTrigger } from '../../nodes/GreenApi/GreenApiTrigger.node';
import { tokenHash } from '../../nodes/GreenApi/trigger/webhookAuth';
import {
	deliverWebhook,
	removeBinaryDataStorage,
	runHook,
	runTriggeredExecution,
	startApiProxy,
	type ApiProxy,
	type DeliverWebhookOptions,
	type DeliverWebhookResult,
	type WebhookMode,
} from '../harness';
import { targetNode } from '../harness/engine';
import { processedCount } from '../harness/processedData';
import { PERSON } from './operations/cases';
import { startWorld, type SandboxWorld } from './operations/sandboxSetup';

const TYPE = 'n8n-nodes-green-api.greenApiTrigger';
const NODE_DATA = 'node:GREEN-API Trigger';
const WEBHOOK_ID = '5f0c2b51-8e4f-4a6b-b3c9-2f1e0a9d8c76';
const FOREIGN = 'https://crm.example.com/green-api/hook';

let world: SandboxWorld;
let proxy: ApiProxy;
let receiver: Server;
let receiverUrl: string;
/** The workflow's static data as n8n's database holds it between activation, deliveries and deactivation. */
let staticData: IDataObject;
let parameters: INodeParameters;
/** Each test is another workflow: the trigger's memory of notifications is per workflow. */
let workflowId: string;
let workflows = 0;
const deliveries: DeliverWebhookResult[] = [];
/** Status the fake n8n answers before passing deliveries on (to make GREEN-API resend). */
let failNextDeliveries = 0;

const urlOf = (mode: WebhookMode) => `${receiverUrl}/${mode === 'manual' ? 'webhook-test' : 'webhook'}/${WEBHOOK_ID}/webhook`;
const stored = () => (staticData[NODE_DATA] ?? {}) as IDataObject;
const settings = () => world.sandbox.getSettings(world.idInstance);

const trigger = (extra: INodeParameters = {}, node = new GreenApiTrigger()) => ({
	node,
	type: TYPE,
	parameters: { ...parameters, ...extra },
	staticData,
	workflowId,
	credentials: world.credentials,
	credentialTypes: world.credentialTypes,
});

const hook = (method: 'checkExists' | 'create' | 'delete', mode: WebhookMode = 'trigger', extra: INodeParameters = {}) =>
	runHook({ ...trigger(extra), method, mode, webhookUrl: urlOf(mode) });

const deliver = (body: unknown, headers: Record<string, string> = {}, more: Partial<DeliverWebhookOptions> = {}) =>
	deliverWebhook({ ...trigger(), mode: 'trigger', webhookUrl: urlOf('trigger'), body, headers, ...more });

/** The token GREEN-API sends: only GREEN-API knows it, the workflow keeps its hash. */
const bearer = () => ({ authorization: `Bearer ${settings().webhookUrlToken}` });

const contract = JSON.parse(readFileSync(join(__dirname, '../../contract/green-api/webhooks.json'), 'utf8'));
const message = (idMessage = 'BAE5F4886F6F2D05'): IDataObject => ({
	...(contract.envelope.receiveNotificationExample.body as IDataObject),
	idMessage,
});

/**
 * The package as another n8n process loads it (a second webhook process, or n8n after a
 * restart): the same code with its own memory; the credential comes from the same load.
 */
function inAnotherProcess(): Pick<DeliverWebhookOptions, 'node' | 'credentialTypes'> {
	let loaded: Pick<DeliverWebhookOptions, 'node' | 'credentialTypes'> | undefined;
	jest.isolateModules(() => {
		/* eslint-disable @typescript-eslint/no-require-imports */
		const { GreenApiTrigger: Trigger } = require('../../nodes/GreenApi/GreenApiTrigger.node') as {
			GreenApiTrigger: typeof GreenApiTrigger;
		};
		const { GreenApiInstanceApi } = require('../../credentials/GreenApiInstanceApi.credentials') as {
			GreenApiInstanceApi: new () => ICredentialType;
		};
		/* eslint-enable @typescript-eslint/no-require-imports */
		loaded = { node: new Trigger(), credentialTypes: [new GreenApiInstanceApi()] };
	});
	return loaded!;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

const passOn =
	(res: ServerResponse) =>
	({ status, body }: { status: number; body: unknown }) =>
		res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? ''));

const waitFor = async (predicate: () => boolean, what = 'the condition') => {
	for (let i = 0; i < 1500 && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
	if (!predicate()) throw new Error(`Timed out waiting for ${what}`);
};

beforeAll(async () => {
	world = await startWorld({ restartDelayMs: 0 });
	proxy = await startApiProxy(world.sandbox.apiUrl);
	// Plays n8n's webhook server: each POST from the sandbox goes to the trigger's webhook(), and
	// the answer goes back when n8n would send it (for a started execution: once it exists).
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
				respond: passOn(res),
			});
			deliveries.push(result);
		})();
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await world.sandbox.close();
	await proxy.close();
	receiver.closeAllConnections();
	await new Promise((resolve) => receiver.close(resolve));
	removeBinaryDataStorage();
});

beforeEach(() => {
	world.sandbox.reset();
	staticData = {};
	parameters = { events: ['incomingMessageReceived'] };
	workflowId = `webhook-workflow-${++workflows}`;
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
		expect((await hook('checkExists')).result).toBe(true);
	});

	it('keeps only a hash of its token: the static data cannot be used to forge a delivery', async () => {
		await hook('create');
		const { webhookUrlToken } = settings();
		expect(stored().webhookTokenHash).toBe(tokenHash(webhookUrlToken));
		expect(JSON.stringify(staticData)).not.toContain(webhookUrlToken);

		await deliver(message(), bearer());
		expect(JSON.stringify(staticData)).not.toContain(webhookUrlToken);
		const forged = await deliver(message('FORGED'), { authorization: `Bearer ${stored().webhookTokenHash as string}` });
		expect({ status: forged.status, started: forged.started }).toEqual({ status: 401, started: false });
	});

	it('keeps working for a workflow activated by a version that stored the token itself', async () => {
		await hook('create');
		const { webhookUrlToken } = settings();
		staticData[NODE_DATA] = { webhookToken: webhookUrlToken, previous: stored().previous };

		const delivered = await deliver(message(), bearer());
		expect({ status: delivered.status, started: delivered.started }).toEqual({ status: 200, started: true });
		// n8n keeps nothing webhook() wrote for a delivery that started an execution; the check
		// n8n runs whenever it activates the workflow (every start of n8n) replaces the token.
		expect((await hook('checkExists')).result).toBe(true);
		expect(stored().webhookToken).toBeUndefined();
		expect(stored().webhookTokenHash).toBe(tokenHash(webhookUrlToken));
	});

	it('refuses a webhook another URL owns, names it, and changes nothing', async () => {
		world.sandbox.setSettings(world.idInstance, { webhookUrl: FOREIGN, webhookUrlToken: 'theirs', incomingWebhook: 'yes' });
		const { error } = await hook('create');
		expect(error?.message).toBe(`GREEN-API instance ${world.idInstance} already sends its notifications to ${FOREIGN}`);
		expect((error as { description?: string }).description).toMatch(/Take Over Existing Webhook/);
		expect(settings()).toMatchObject({ webhookUrl: FOREIGN, webhookUrlToken: 'theirs' });
		expect(stored().webhookTokenHash).toBeUndefined();
	});

	it('takes a webhook over when asked, keeps what was there, and gives exactly that back on deactivation', async () => {
		world.sandbox.setSettings(world.idInstance, {
			webhookUrl: FOREIGN,
			webhookUrlToken: 'theirs',
			outgoingWebhook: 'yes',
			incomingWebhook: 'no',
		});
		const before = settings();
		expect((await hook('create', 'trigger', { takeOver: true })).error).toBeUndefined();
		expect(settings()).toMatchObject({ webhookUrl: urlOf('trigger'), incomingWebhook: 'yes', outgoingWebhook: 'no' });
		// Restoring needs the other owner's settings, its token included (README, Triggers).
		expect(stored().previous).toMatchObject({ webhookUrl: FOREIGN, webhookUrlToken: 'theirs' });

		expect((await hook('delete')).error).toBeUndefined();
		expect(settings()).toEqual(before);
		expect(stored()).toEqual({});
	});

	it('restores the previous owner when setSettings was applied but its answer was lost', async () => {
		world.sandbox.setSettings(world.idInstance, { webhookUrl: FOREIGN, webhookUrlToken: 'theirs', stateWebhook: 'yes' });
		const before = settings();
		const viaProxy = { ...world.credentials, greenApiInstanceApi: { ...world.credentials.greenApiInstanceApi, apiUrl: proxy.url } };
		const lifecycle = (method: 'create' | 'delete') =>
			runHook({ ...trigger({ takeOver: true }), credentials: viaProxy, method, webhookUrl: urlOf('trigger') });
		proxy.loseAnswer('setSettings');

		const created = await lifecycle('create');
		expect(created.error).toBeDefined();
		expect(settings().webhookUrl).toBe(urlOf('trigger'));
		// n8n calls the delete hook after a failed create, on the same static data.
		expect((await lifecycle('delete')).error).toBeUndefined();
		expect(settings()).toEqual(before);
	});

	it('frees the webhook it set even when the static data was lost', async () => {
		await hook('create');
		staticData = {};
		expect((await hook('delete')).error).toBeUndefined();
		expect(settings()).toMatchObject({ webhookUrl: '', webhookUrlToken: '' });
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
		const token = settings().webhookUrlToken;
		parameters = { events: ['incomingMessageReceived', 'outgoingMessageStatus'] };
		expect((await hook('checkExists')).result).toBe(false);
		await hook('create');
		expect(settings()).toMatchObject({ outgoingWebhook: 'yes', webhookUrlToken: token });
		expect((await hook('checkExists')).result).toBe(true);
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

	it('answers 401 and starts nothing without the right token', async () => {
		for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: settings().webhookUrlToken }] as Array<
			Record<string, string>
		>) {
			const result = await deliver(message(), headers);
			expect({ status: result.status, started: result.started }).toEqual({ status: 401, started: false });
		}
	});

	it('answers 400 to a JSON body that is not a notification', async () => {
		const result = await deliver({ hello: 'world' }, bearer());
		expect({ status: result.status, started: result.started }).toEqual({ status: 400, started: false });
	});

	it('answers 200 and starts nothing for a filtered-out notification or an unknown type', async () => {
		parameters = { events: ['incomingMessageReceived'], chats: 'personal' };
		const filtered = await deliver({ ...message(), senderData: { chatId: '120363000000000001@g.us' } }, bearer());
		expect({ status: filtered.status, started: filtered.started }).toEqual({ status: 200, started: false });
		const unknown = await deliver({ ...message(), typeWebhook: 'incomingMessageReactionReceived' }, bearer());
		expect({ status: unknown.status, started: unknown.started }).toEqual({ status: 200, started: false });
		expect(unknown.logs.join('\n')).toContain('GREEN-API Trigger ignores a notification of type "incomingMessageReactionReceived"');
	});

	it('starts the workflow once for a notification delivered twice', async () => {
		const first = await deliver(message(), bearer());
		const again = await deliver(message(), bearer());
		expect([first.started, again.started]).toEqual([true, false]);
		expect([first.status, again.status]).toEqual([200, 200]);
		expect(first.items[0].json).toMatchObject({ event: 'incomingMessageReceived', text: 'Hi, is my order ready?' });
		expect(again.logs.join('\n')).toMatch(/answers a copy of notification \w+ without starting the workflow/);
	});

	it('starts the workflow once for copies that arrive at the same moment', async () => {
		const copies = await Promise.all(Array.from({ length: 5 }, () => deliver(message(), bearer())));
		expect(copies.filter((copy) => copy.started)).toHaveLength(1);
		expect(copies.map((copy) => copy.status)).toEqual([200, 200, 200, 200, 200]);
	});

	it('starts the workflow once when each copy comes the moment the first one is answered', async () => {
		const pairs = await Promise.all(
			['P1', 'P2', 'P3', 'P4', 'P5'].map(
				(id) =>
					new Promise<DeliverWebhookResult[]>((resolve) => {
						let copy: Promise<DeliverWebhookResult> | undefined;
						const first = deliver(message(id), bearer(), {
							respond: () => {
								copy = deliver(message(id), bearer());
							},
						});
						void first.then(async (result) => resolve([result, await copy!]));
					}),
			),
		);
		expect(pairs.map((pair) => pair.map((result) => result.started))).toEqual(Array(5).fill([true, false]));
	});

	it('lets a copy start the notification when n8n could not start it for the first one', async () => {
		const [failed, copy] = await Promise.all([deliver(message(), bearer(), { failStart: true }), deliver(message(), bearer())]);
		expect([failed.status, failed.started]).toEqual([500, false]);
		expect([copy.status, copy.started]).toEqual([200, true]);
		const later = await deliver(message(), bearer());
		expect(later.started).toBe(false);
	});

	it('starts nothing for the resend after a dropped answer: the process remembers what n8n started', async () => {
		const dropped = await deliver(message(), bearer(), { clientGone: true });
		expect(dropped.started).toBe(true);
		const resend = await deliver(message(), bearer());
		expect([resend.status, resend.started]).toEqual([200, false]);
	});

	it('starts nothing for a copy that comes after GREEN-API hung up but before n8n answered', async () => {
		// GREEN-API gives up on a slow answer and sends the notification again; n8n still creates
		// the first execution and writes its 200 into the closed connection.
		let copy: Promise<DeliverWebhookResult> | undefined;
		const first = await deliver(message('GONE'), bearer(), {
			clientGone: true,
			// The copy reads the static data before n8n saved the first one's.
			beforeStart: () =>
				new Promise<void>((read) => {
					copy = deliver(message('GONE'), bearer(), { staticDataRead: read });
				}),
		});
		const second = await copy!;
		expect([first.started, second.started]).toEqual([true, false]);
		expect(second.status).toBe(200);
	});

	it("in another webhook process, a copy starts an execution that ends at the trigger without the notification: n8n's database knows the first one holds it", async () => {
		const first = await deliver(message(), bearer());
		const elsewhere = await deliver(message(), bearer(), inAnotherProcess());
		expect([first.started, elsewhere.started]).toEqual([true, true]);
		expect(first.items.map((item) => item.json.idMessage)).toEqual(['BAE5F4886F6F2D05']);
		expect(elsewhere.items).toEqual([]);
		expect(elsewhere.logs.join('\n')).toMatch(/ends this execution without the notification: another execution already holds/);
		expect(processedCount(workflowId, 'GREEN-API Trigger-id')).toBe(1);
	});

	it("in two webhook processes at the same moment, only one execution goes on with the notification (this store, unlike n8n's, is atomic: README)", async () => {
		const copies = await Promise.all([deliver(message(), bearer()), deliver(message(), bearer(), inAnotherProcess())]);
		expect(copies.map((copy) => copy.started)).toEqual([true, true]);
		expect(copies.map((copy) => copy.items.length).sort()).toEqual([0, 1]);
	});

	it('runs a retry the user asks for, and a test event, with the notification although an execution already holds it', async () => {
		const first = await deliver(message(), bearer());
		expect(first.items).toHaveLength(1);
		for (const mode of ['retry', 'manual'] as const) {
			const again = await runTriggeredExecution(trigger(), targetNode(trigger(), 0), first.workflowData!, mode);
			expect({ mode, items: again.items.map((item) => item.json.idMessage) }).toEqual({ mode, items: ['BAE5F4886F6F2D05'] });
		}
	});

	it.each((contract.typeWebhook as Array<{ name: string; example: IDataObject }>).map((type) => [type.name, type.example] as const))(
		'starts the workflow for the %s example only when that event is chosen',
		async (name, example) => {
			parameters = { events: [name], simplify: false };
			const chosen = await deliver(example, bearer());
			expect(chosen.started).toBe(true);
			expect(chosen.items[0].json).toEqual(example);
			parameters = { events: name === 'incomingMessageReceived' ? ['incomingCall'] : ['incomingMessageReceived'] };
			const other = await deliver({ ...example, timestamp: 1 }, bearer());
			expect({ status: other.status, started: other.started }).toEqual({ status: 200, started: false });
		},
	);
});

describe('with GREEN-API (the sandbox) delivering', () => {
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
		await waitFor(() => deliveries.some((d) => d.started), 'the started delivery');
		const started = deliveries.filter((d) => d.started);
		expect(started).toHaveLength(1);
		expect(started[0].items[0].json).toMatchObject({ messageType: 'imageMessage', text: 'the parcel', chatId: PERSON });
		expect(started[0].items[0].json).not.toHaveProperty('__greenApiDelivery');
		expect(await started[0].binary(started[0].items[0])).toEqual(image);
		await waitFor(() => world.sandbox.notifications(world.idInstance)[0].state === 'delivered');
		expect(world.sandbox.notifications(world.idInstance)[0].attempts.map((a) => a.status)).toEqual([503, 200]);
	});

	it('answers GREEN-API before a slow media download ends; the file arrives in the execution', async () => {
		const image = Buffer.from('89504e470d0a1a0a0000000d', 'hex');
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		let mediaRequests = 0;
		const media = createServer((req, res) => {
			mediaRequests++;
			void released.then(() => res.writeHead(200, { 'content-type': 'image/png' }).end(image));
		});
		await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
		try {
			const host = `127.0.0.1:${(media.address() as AddressInfo).port}`;
			parameters = { events: ['incomingMessageReceived'], options: { downloadMedia: true, allowedInternalHosts: host } };
			await hook('create');
			const url = `http://${host}/files/slow.png`;
			world.sandbox.injectIncoming(world.idInstance, {
				chatId: PERSON,
				typeMessage: 'imageMessage',
				url,
				fileName: 'slow.png',
				mimeType: 'image/png',
			});

			// GREEN-API has its 200 while the download is still waiting for the media host.
			await waitFor(() => world.sandbox.notifications(world.idInstance)[0]?.state === 'delivered', 'the 200 to GREEN-API');
			// The execution starts after the 200, so on a busy machine the download may begin later.
			await waitFor(() => mediaRequests === 1, 'the media download to start');
			expect(deliveries).toHaveLength(0);

			release();
			await waitFor(() => deliveries.length === 1, 'the execution');
			expect(deliveries[0].started).toBe(true);
			expect(await deliveries[0].binary(deliveries[0].items[0])).toEqual(image);
			expect(world.sandbox.notifications(world.idInstance)[0].attempts.map((a) => a.status)).toEqual([200]);
		} finally {
			release();
			media.closeAllConnections();
			await new Promise((resolve) => media.close(resolve));
		}
	});

	it('starts nothing when the delivered token is not the workflow’s', async () => {
		await hook('create');
		staticData[NODE_DATA] = { ...stored(), webhookTokenHash: tokenHash('rotated') };
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
