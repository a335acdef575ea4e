import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { GreenApiInstanceApi } from '../../credentials/GreenApiInstanceApi.credentials';
import { startSandbox, type Sandbox } from '../../sandbox';
import {
	deliverWebhook,
	removeBinaryDataStorage,
	runHook,
	type BinaryMode,
	type DeliverWebhookOptions,
	type DeliverWebhookResult,
	type WebhookMode,
} from '../harness';
import { ToyWebhookTrigger } from '../harness/fixtures/toyWebhookTrigger';

const TYPE = 'n8n-nodes-green-api.toyWebhookTrigger';
const STATE_KEY = 'node:Toy Webhook Trigger';
const WEBHOOK_ID = '7d0c2b51-8e4f-4a6b-b3c9-2f1e0a9d8c76';
const NOTIFICATION = { typeWebhook: 'incomingMessageReceived', idMessage: 'M1' };

let sandbox: Sandbox;
let idInstance: string;
let apiTokenInstance: string;
let receiver: Server;
let receiverUrl: string;
/** What the receiver did with each POST the sandbox delivered. */
const deliveries: DeliverWebhookResult[] = [];
/** The static data the receiver hands to the trigger, as n8n keeps it for the workflow. */
let receiverStaticData: IDataObject = {};

const urlOf = (mode: WebhookMode) => `${receiverUrl}/${mode === 'manual' ? 'webhook-test' : 'webhook'}/${WEBHOOK_ID}/webhook`;

const toy = (staticData: IDataObject, parameters: INodeParameters = {}) => ({
	node: new ToyWebhookTrigger(),
	type: TYPE,
	parameters,
	staticData,
	credentials: {
		greenApiInstanceApi: {
			idInstance,
			apiTokenInstance,
			apiUrl: sandbox.apiUrl,
			mediaUrl: sandbox.mediaUrl,
		},
	},
	credentialTypes: [new GreenApiInstanceApi()],
});

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** Plays n8n's webhook server: every POST goes to the trigger's webhook() through the harness. */
function startReceiver(): Promise<void> {
	receiver = createServer((req, res) => {
		void (async () => {
			const url = `${receiverUrl}${req.url ?? ''}`;
			const result = await deliverWebhook({
				...toy(receiverStaticData),
				mode: url.includes('/webhook-test/') ? 'manual' : 'trigger',
				webhookUrl: url,
				headers: req.headers,
				rawBody: await readBody(req),
			});
			deliveries.push(result);
			res.writeHead(result.status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(result.responseBody ?? ''));
		})().catch((error: Error) => {
			res.writeHead(500);
			res.end(`harness: ${error.message}`);
		});
	});
	return new Promise((resolve) => {
		receiver.listen(0, '127.0.0.1', () => {
			receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
			resolve();
		});
	});
}

beforeAll(async () => {
	sandbox = await startSandbox({ rateLimits: false, restartDelayMs: 0 });
	const [instance] = sandbox.instances;
	idInstance = String(instance.idInstance);
	apiTokenInstance = instance.apiTokenInstance;
	await startReceiver();
});

afterAll(async () => {
	await sandbox.close();
	receiver.closeAllConnections();
	await new Promise((resolve) => receiver.close(resolve));
	removeBinaryDataStorage();
});

beforeEach(() => {
	sandbox.reset();
	deliveries.length = 0;
	receiverStaticData = {};
});

describe('runHook', () => {
	it.each<[WebhookMode, string]>([
		['trigger', 'activate'],
		['manual', 'manual'],
	])('create in %s mode registers the URL the node sees and keeps its secret', async (mode, activation) => {
		const staticData: IDataObject = {};

		const result = await runHook({
			...toy(staticData),
			method: 'create',
			mode,
			webhookUrl: urlOf(mode),
		});

		expect(result.error).toBeUndefined();
		expect(result.result).toBe(true);
		const state = staticData[STATE_KEY] as IDataObject;
		expect(state.created).toEqual({
			mode,
			activation,
			webhookName: 'default',
			webhookUrl: urlOf(mode),
		});
		expect(sandbox.getSettings(idInstance)).toMatchObject({
			webhookUrl: urlOf(mode),
			webhookUrlToken: state.token,
			incomingWebhook: 'yes',
		});
		expect(result.logs).toContain(`info: Toy trigger registered ${urlOf(mode)}`);
		expect(result.logs.join('\n')).not.toContain(apiTokenInstance);
	});

	it('passes the activation mode through', async () => {
		const staticData: IDataObject = {};

		await runHook({
			...toy(staticData),
			method: 'create',
			activation: 'init',
			webhookUrl: urlOf('trigger'),
		});

		expect((staticData[STATE_KEY] as IDataObject).created).toMatchObject({ activation: 'init' });
	});

	it('checkExists answers whether the registered URL is the node URL', async () => {
		const staticData: IDataObject = {};
		const check = async (webhookUrl: string) => await runHook({ ...toy(staticData), method: 'checkExists', webhookUrl });

		expect((await check(urlOf('trigger'))).result).toBe(false);
		await runHook({ ...toy(staticData), method: 'create', webhookUrl: urlOf('trigger') });

		expect((await check(urlOf('trigger'))).result).toBe(true);
		expect((await check(`${receiverUrl}/webhook/another-id/webhook`)).result).toBe(false);
	});

	it.each<WebhookMode>(['trigger', 'manual'])(
		'delete of a %s registration runs as internal/update with that URL and keeps static data',
		async (mode) => {
			const staticData: IDataObject = {};
			await runHook({ ...toy(staticData), method: 'create', mode, webhookUrl: urlOf(mode) });

			const result = await runHook({
				...toy(staticData),
				method: 'delete',
				mode,
				webhookUrl: urlOf(mode),
			});

			expect(result.result).toBe(true);
			const state = staticData[STATE_KEY] as IDataObject;
			expect(state.token).toBeUndefined();
			expect(state.created).toMatchObject({ mode });
			expect(state.deleted).toEqual({
				mode: 'internal',
				activation: 'update',
				webhookName: 'default',
				webhookUrl: urlOf(mode),
			});
			expect(sandbox.getSettings(idInstance)).toMatchObject({
				webhookUrl: '',
				webhookUrlToken: '',
			});
		},
	);

	it('reports the error a lifecycle method throws', async () => {
		const options = toy({});
		options.credentials.greenApiInstanceApi.apiTokenInstance = 'wrong-token';

		const result = await runHook({ ...options, method: 'create', webhookUrl: urlOf('trigger') });

		expect(result.result).toBeUndefined();
		expect(result.error?.message).toBe('Authorization failed - please check your credentials');
		expect(sandbox.getSettings(idInstance).webhookUrl).toBe('');
	});

	it('refuses a webhookUrl n8n could not have built for the node', async () => {
		await expect(runHook({ ...toy({}), method: 'create', webhookUrl: `${receiverUrl}/hook` })).rejects.toThrow(
			'n8n builds as <base>/<webhookId>/webhook',
		);
	});
});

describe('deliverWebhook', () => {
	const TOKEN = 'harness-secret';
	const registered = () => ({ [STATE_KEY]: { token: TOKEN } });
	const deliver = async (options: Partial<DeliverWebhookOptions> = {}, parameters: INodeParameters = {}) =>
		await deliverWebhook({
			...toy(registered(), parameters),
			webhookUrl: urlOf(options.mode ?? 'trigger'),
			headers: { Authorization: `Bearer ${TOKEN}` },
			body: NOTIFICATION,
			...options,
		});

	it.each([
		['without the header', {}],
		['with another token', { authorization: 'Bearer nope' }],
	])('answers what the node wrote itself %s', async (_, headers) => {
		const result = await deliver({ headers });

		expect(result).toMatchObject({
			status: 401,
			responseBody: { message: 'Unauthorized' },
			responseHeaders: { 'content-type': expect.stringContaining('application/json') },
			started: false,
			items: [],
		});
		expect(result.workflowData).toBeUndefined();
		expect(result.logs).toContain('warn: Toy trigger refused a request without its token');
	});

	it('starts an execution with the items and answers as onReceived does', async () => {
		const result = await deliver();

		expect(result.error).toBeUndefined();
		expect(result).toMatchObject({
			status: 200,
			responseBody: { message: 'Workflow was started' },
			started: true,
		});
		expect(result.workflowData).toHaveLength(1);
		expect(result.items).toEqual([
			{
				json: {
					...NOTIFICATION,
					seen: {
						mode: 'webhook',
						webhookName: 'default',
						nodeWebhookUrl: urlOf('trigger'),
						resourceUrl: urlOf('trigger'),
					},
				},
				// The trigger's output in the execution n8n-core ran.
				pairedItem: { item: 0 },
			},
		]);
		expect(result.execution?.status).toBe('success');
	});

	it('answers once n8n started the execution, before it ends; saves what webhook() wrote only when it started none, as n8n 2.41 does', async () => {
		const staticData = registered();
		const order: string[] = [];
		const delivered = deliver({
			staticData,
			respond: ({ status }) => order.push(`answer ${status}`),
		});
		void delivered.then(() => order.push('execution ended'));
		await delivered;
		expect(order).toEqual(['answer 200', 'execution ended']);
		// Creating the execution clears the changed mark of the object webhook() wrote to.
		expect((staticData[STATE_KEY] as IDataObject).deliveries).toBeUndefined();

		const failed = await deliver({ staticData, failStart: true });
		expect(failed).toMatchObject({ status: 500, started: false });
		const thrown = await deliver({ staticData, body: { hello: 'world' } });
		expect(thrown).toMatchObject({ status: 500, started: false });
		expect((staticData[STATE_KEY] as IDataObject).deliveries).toBeUndefined();

		const filtered = await deliver({ staticData }, { onlyType: 'incomingCall' });
		expect(filtered).toMatchObject({ status: 200, started: false });
		expect((staticData[STATE_KEY] as IDataObject).deliveries).toBe(1);
	});

	it('lets deliveries overlap, as concurrent requests do', async () => {
		const results = await Promise.all([deliver(), deliver(), deliver()]);
		expect(results.map((result) => result.status)).toEqual([200, 200, 200]);
	});

	it('in manual mode gives getNodeWebhookUrl the production URL, as n8n-core does', async () => {
		const result = await deliver({ mode: 'manual' });

		expect(result.items[0].json.seen).toEqual({
			mode: 'manual',
			webhookName: 'default',
			nodeWebhookUrl: `http://localhost:5678/webhook/${WEBHOOK_ID}/webhook`,
			resourceUrl: urlOf('manual'),
		});
	});

	it('answers without starting when webhook() returns no workflowData', async () => {
		const result = await deliver({}, { onlyType: 'outgoingMessageStatus' });

		expect(result).toMatchObject({
			status: 200,
			responseBody: { message: 'Webhook call received' },
			started: false,
		});
	});

	it('answers 500 when webhook() throws', async () => {
		const result = await deliver({ body: { hello: 'world' } });

		expect(result).toMatchObject({ status: 500, started: false });
		expect(result.error?.message).toBe('Not a GREEN-API notification');
		expect(result.responseBody).toEqual({
			code: 0,
			message: 'Workflow Webhook Error: Workflow could not be started!',
		});
	});

	it('parses a JSON rawBody and defaults the URL to localhost:5678', async () => {
		const result = await deliverWebhook({
			...toy(registered()),
			headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
			rawBody: Buffer.from(JSON.stringify(NOTIFICATION)),
		});

		expect(result.items[0].json).toMatchObject({
			...NOTIFICATION,
			seen: {
				nodeWebhookUrl: expect.stringMatching(/^http:\/\/localhost:5678\/webhook\/[^/]+\/webhook$/),
			},
		});
	});

	it.each<BinaryMode>(['default', 'filesystem'])('puts a readable binary into the output in %s mode', async (binaryMode) => {
		const rawBody = Buffer.from(JSON.stringify(NOTIFICATION));

		const result = await deliver(
			{
				binaryMode,
				body: undefined,
				rawBody,
				headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
			},
			{ keepRawBody: true },
		);

		expect(result.started).toBe(true);
		const [item] = result.items;
		expect(item.binary?.data).toMatchObject({
			fileName: 'notification.json',
			mimeType: 'application/json',
		});
		expect(await result.binary(item)).toEqual(rawBody);
		if (binaryMode === 'filesystem') expect(item.binary?.data.id).toContain('/executions/temp/');
		else expect(item.binary?.data.id).toBeUndefined();
	});
});

describe('with the sandbox delivering', () => {
	it('create, a real notification, delete: all on one static data object', async () => {
		const webhookUrl = urlOf('trigger');
		const created = await runHook({ ...toy(receiverStaticData), method: 'create', webhookUrl });
		expect(created.result).toBe(true);

		const { idMessage } = sandbox.injectIncoming(idInstance, { text: 'hello' });
		const notification = await sandbox.waitForNotification(idInstance, (n) => n.body.idMessage === idMessage && n.state === 'delivered');

		expect(notification.attempts).toEqual([expect.objectContaining({ url: webhookUrl, status: 200, authorization: true })]);
		expect(deliveries).toHaveLength(1);
		expect(deliveries[0]).toMatchObject({ status: 200, started: true });
		expect(deliveries[0].items[0].json).toMatchObject({
			typeWebhook: 'incomingMessageReceived',
			idMessage,
			seen: { nodeWebhookUrl: webhookUrl },
		});

		const deleted = await runHook({ ...toy(receiverStaticData), method: 'delete', webhookUrl });
		expect(deleted.result).toBe(true);
		expect(receiverStaticData[STATE_KEY]).not.toHaveProperty('token');
		expect(sandbox.getSettings(idInstance).webhookUrl).toBe('');
	});
});
