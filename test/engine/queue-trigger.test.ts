import type { ICredentialType, IDataObject, INodeParameters } from 'n8n-workflow';

import { GreenApiQueueTrigger } from '../../nodes/GreenApi/GreenApiQueueTrigger.node';
import { removeBinaryDataStorage, runPoll, startApiProxy, type ApiProxy, type RunPollOptions } from '../harness';
import { PERSON } from './operations/cases';
import { startWorld, type SandboxWorld } from './operations/sandboxSetup';

let world: SandboxWorld;
let proxy: ApiProxy;
/** Each test is another workflow: the trigger's memory of notifications is per workflow. */
let workflowId: string;
let workflows = 0;

beforeAll(async () => {
	world = await startWorld();
	proxy = await startApiProxy(world.sandbox.apiUrl);
});
afterAll(async () => {
	await world.sandbox.close();
	await proxy.close();
	removeBinaryDataStorage();
});
beforeEach(() => {
	world.sandbox.reset();
	world.sandbox.clearFaults();
	world.sandbox.setSettings(world.idInstance, { incomingWebhook: 'yes' });
	workflowId = `queue-workflow-${++workflows}`;
});

type PollOptions = Partial<Omit<RunPollOptions, 'parameters'>> & { viaProxy?: boolean };

const poll = (parameters: INodeParameters = {}, options: PollOptions = {}) => {
	const { viaProxy, ...rest } = options;
	const credentials = viaProxy
		? { ...world.credentials, greenApiInstanceApi: { ...world.credentials.greenApiInstanceApi, apiUrl: proxy.url } }
		: world.credentials;
	return runPoll({
		node: new GreenApiQueueTrigger(),
		type: 'n8n-nodes-green-api.greenApiQueueTrigger',
		credentials,
		credentialTypes: world.credentialTypes,
		staticData: {},
		workflowId,
		...rest,
		parameters: { events: ['incomingMessageReceived'], ...parameters },
	});
};

/**
 * The package as n8n loads it after a restart: the same code, nothing in memory (only the static
 * data n8n saved survives). The credential comes from the same load, as in n8n.
 */
function afterRestart(): Pick<PollOptions, 'node' | 'credentialTypes'> {
	let loaded: Pick<PollOptions, 'node' | 'credentialTypes'> = {};
	jest.isolateModules(() => {
		/* eslint-disable @typescript-eslint/no-require-imports */
		const { GreenApiQueueTrigger: Trigger } = require('../../nodes/GreenApi/GreenApiQueueTrigger.node') as {
			GreenApiQueueTrigger: typeof GreenApiQueueTrigger;
		};
		const { GreenApiInstanceApi } = require('../../credentials/GreenApiInstanceApi.credentials') as {
			GreenApiInstanceApi: new () => ICredentialType;
		};
		/* eslint-enable @typescript-eslint/no-require-imports */
		loaded = { node: new Trigger(), credentialTypes: [new GreenApiInstanceApi()] };
	});
	return loaded;
}

const inject = (count: number, from = 1) =>
	Array.from({ length: count }, (_, i) => world.sandbox.injectIncoming(world.idInstance, { chatId: PERSON, text: `message ${from + i}` }));

const requestsFor = (method: string) => world.sandbox.requests({ kind: 'instance', method });
const waiting = () => world.sandbox.notifications(world.idInstance).filter((n) => n.state === 'pending');
const lastSeq = () => world.sandbox.requests().at(-1)?.seq ?? 0;
/** The texts of the messages that started an execution, in the order they did. */
const textsOf = (result: Awaited<ReturnType<typeof poll>>) =>
	result.executions.map((execution) => execution.items.map((item) => item.json.text).join('+'));

describe('GREEN-API Queue Trigger draining the queue', () => {
	it('starts one execution per notification, in queue order, and removes each only once its execution holds it', async () => {
		const injected = inject(5);
		const handedOverAt: number[] = [];
		const result = await poll({}, { onEmit: () => (handedOverAt.push(lastSeq()), 'run') });

		expect(result.error?.message).toBeUndefined();
		expect(result.data).toBeNull();
		expect(textsOf(result)).toEqual([1, 2, 3, 4, 5].map((i) => `message ${i}`));
		expect(result.executions.every((execution) => execution.status === 'success')).toBe(true);
		expect(result.executions[0].items[0].json).not.toHaveProperty('__greenApiDelivery');
		// One receive and one delete each, and one more receive that finds the queue empty.
		expect(requestsFor('receiveNotification')).toHaveLength(6);
		const deletes = requestsFor('deleteNotification');
		expect(deletes.map((d) => Number(d.extraPath[0]))).toEqual(injected.map((n) => n.notification!.receiptId));
		deletes.forEach((deleted, i) => expect(deleted.seq).toBeGreaterThan(handedOverAt[i]));
		expect(waiting()).toHaveLength(0);
	});

	it('loses nothing when a receive fails after two executions, and repeats nothing on the next poll', async () => {
		inject(5);
		const staticData: IDataObject = {};
		const first = await poll(
			{},
			{
				staticData,
				onEmit: (_, index) => {
					if (index === 1) world.sandbox.addFault({ method: 'receiveNotification', status: 502, times: 4 });
					return 'run';
				},
			},
		);
		expect(first.error).toBeUndefined();
		expect(textsOf(first)).toEqual(['message 1', 'message 2']);
		expect(first.logs.join('\n')).toMatch(/stops this poll: receiveNotification failed; the next poll goes on/);
		expect(waiting()).toHaveLength(3);

		const second = await poll({}, { staticData });
		expect(textsOf(second)).toEqual(['message 3', 'message 4', 'message 5']);
		expect(waiting()).toHaveLength(0);
	});

	it('lets a poll that starts while the previous one drains do nothing', async () => {
		inject(3);
		const result = await poll(
			{},
			{
				onEmit: async (_, index, pollAgain) => {
					if (index === 0) await pollAgain();
					return 'run' as const;
				},
			},
		);
		expect(textsOf(result)).toEqual(['message 1', 'message 2', 'message 3']);
		expect(result.logs.join('\n')).toContain('GREEN-API Queue Trigger skips this poll: the previous poll is still draining the queue');
		expect(requestsFor('receiveNotification')).toHaveLength(4);
	});

	it('fails the poll when its first receive fails, having removed nothing', async () => {
		inject(2);
		world.sandbox.addFault({ method: 'receiveNotification', status: 502, times: 4 });
		const result = await poll();
		expect(result.error).toBeDefined();
		expect(result.executions).toHaveLength(0);
		expect(waiting()).toHaveLength(2);
	});

	it('removes a notification it cannot read or does not know with a warning, and goes on', async () => {
		inject(3);
		proxy.rewriteAnswer('receiveNotification', (answer) => ({ ...(answer as IDataObject), body: { something: 'new' } }));
		proxy.rewriteAnswer('receiveNotification', (answer) => {
			const { receiptId, body } = answer as { receiptId: number; body: IDataObject };
			return { receiptId, body: { ...body, typeWebhook: 'incomingMessageReactionReceived' } };
		});
		const result = await poll({}, { viaProxy: true });

		expect(textsOf(result)).toEqual(['message 3']);
		const logs = result.logs.join('\n');
		expect(logs).toMatch(/removes notification \d+ from the queue: it has no typeWebhook/);
		expect(logs).toMatch(/removes notification \d+ from the queue: its type "incomingMessageReactionReceived" is unknown/);
		expect(waiting()).toHaveLength(0);
	});

	it('stops, removing nothing, when GREEN-API answers without a receipt ID', async () => {
		inject(1);
		proxy.rewriteAnswer('receiveNotification', (answer) => ({ body: (answer as IDataObject).body }));
		const result = await poll({}, { viaProxy: true });
		expect(result.error?.message).toBe('GREEN-API answered receiveNotification without a receipt ID');
		expect(requestsFor('deleteNotification')).toHaveLength(0);
		expect(waiting()).toHaveLength(1);
	});

	it('starts no execution twice when its execution could not remove the notification', async () => {
		inject(3);
		// Every attempt of the first execution's delete fails (4 attempts), then the poll's own removal too.
		world.sandbox.addFault({ method: 'deleteNotification', status: 500, times: 8 });
		const staticData: IDataObject = {};
		const first = await poll({}, { staticData });
		expect(textsOf(first)).toEqual(['message 1']);
		const logs = first.logs.join('\n');
		expect(logs).toMatch(/could not remove notification \d+ from the queue; the next poll removes it without starting the workflow again/);
		expect(logs).toMatch(/could not remove notification \d+ from the queue; the next poll receives it again/);

		const second = await poll({}, { staticData });
		expect(second.logs.join('\n')).toMatch(
			/removes notification \d+ from the queue without starting the workflow: an execution already holds it/,
		);
		expect(textsOf(second)).toEqual(['message 2', 'message 3']);
		expect(waiting()).toHaveLength(0);
	});

	it("after a restart that lost what the poll remembered, ends the copy's execution at the trigger: n8n's database knows the first one holds it", async () => {
		inject(3);
		world.sandbox.addFault({ method: 'deleteNotification', status: 500, times: 8 });
		const first = await poll({}, { staticData: {} });
		expect(textsOf(first)).toEqual(['message 1']);

		// n8n restarted before it saved the poll's static data: nothing remembers message 1.
		const restarted = await poll({}, { ...afterRestart(), staticData: {} });
		expect(textsOf(restarted)).toEqual(['', 'message 2', 'message 3']);
		expect(restarted.logs.join('\n')).toMatch(/ends this execution without the notification: another execution already holds/);
		expect(waiting()).toHaveLength(0);
	});

	it.each(['discard', 'fail'] as const)(
		'leaves a notification in the queue when n8n does not start its execution (%s), and starts it on the next poll',
		async (fault) => {
			inject(3);
			const staticData: IDataObject = {};
			const outcome = fault === 'discard' ? 'discard' : new Error('Published version not found for workflow');
			const first = await poll({}, { staticData, onEmit: (_, index) => (index === 1 ? outcome : 'run') });
			expect(textsOf(first)).toEqual(['message 1']);
			expect(first.logs.join('\n')).toMatch(
				/n8n did not start an execution for notification \d+, so it stays in the queue for the next poll/,
			);
			expect(waiting()).toHaveLength(2);

			const second = await poll({}, { staticData });
			expect(textsOf(second)).toEqual(['message 2', 'message 3']);
			expect(waiting()).toHaveLength(0);
		},
	);

	it('after a crash of n8n while an execution ran, starts each notification once', async () => {
		inject(4);
		let persisted: IDataObject = {};
		// n8n dies after the second execution started: it still runs (a worker has it) but the
		// poll never hears back. (The durable scheduler's short budget keeps the wait short.)
		const crashed = await poll(
			{},
			{
				scheduler: 'durable',
				pollBudgetMs: 6_000,
				onPersist: (data) => (persisted = data),
				onEmit: (_, index) => (index === 1 ? 'lost' : 'run'),
			},
		);
		expect(textsOf(crashed)).toEqual(['message 1', 'message 2']);

		const restarted = await poll({}, { scheduler: 'durable', ...afterRestart(), staticData: persisted });
		expect(textsOf(restarted)).toEqual(['message 3', 'message 4']);
		expect(waiting()).toHaveLength(0);
	});

	it('under the durable scheduler, commits what it remembers together with the executions', async () => {
		inject(3);
		const cursor: IDataObject = {};
		const commits: IDataObject[] = [];
		const result = await poll({}, { scheduler: 'durable', staticData: cursor, onPersist: (data) => commits.push(data) });
		expect(textsOf(result)).toEqual(['message 1', 'message 2', 'message 3']);
		// Each execution after the first is committed with the memory of the ones before it.
		expect(commits.map((data) => ((data['node:GREEN-API Queue Trigger'] as IDataObject)?.seen as string[])?.length)).toEqual([1, 2, 3]);
	});

	it('removes filtered-out notifications without starting the workflow', async () => {
		world.sandbox.injectIncoming(world.idInstance, { chatId: PERSON, typeMessage: 'locationMessage' });
		world.sandbox.injectIncoming(world.idInstance, { chatId: '120363000000000009@g.us', text: 'in a group' });
		world.sandbox.injectIncoming(world.idInstance, { chatId: PERSON, text: 'wanted' });
		const result = await poll({ messageTypes: ['textMessage'], chats: 'personal' });
		expect(textsOf(result)).toEqual(['wanted']);
		expect(waiting()).toHaveLength(0);
	});

	it.each(['default', 'filesystem'] as const)('attaches media as binary data in the execution (%s binary mode)', async (binaryMode) => {
		const image = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
		world.sandbox.injectIncoming(world.idInstance, {
			chatId: PERSON,
			typeMessage: 'imageMessage',
			caption: 'the parcel',
			file: { base64: image.toString('base64'), fileName: 'parcel.png', mimeType: 'image/png' },
		});
		const allowedInternalHosts = new URL(world.sandbox.apiUrl).host;
		const result = await poll({ options: { downloadMedia: true, allowedInternalHosts } }, { binaryMode });
		const [item] = result.executions[0].items;
		expect(item.json).toMatchObject({ text: 'the parcel', messageType: 'imageMessage' });
		expect(item.binary?.data).toMatchObject({ fileName: 'parcel.png', mimeType: 'image/png' });
		expect(await result.binary(item)).toEqual(image);
	});

	it('outputs the notification as GREEN-API sent it when Simplify is off', async () => {
		const [{ idMessage }] = inject(1);
		const result = await poll({ simplify: false });
		expect(result.executions[0].items[0].json).toEqual(world.sandbox.notifications(world.idInstance)[0].body);
		expect(result.executions[0].items[0].json).toMatchObject({
			typeWebhook: 'incomingMessageReceived',
			idMessage,
			messageData: { typeMessage: 'textMessage', textMessageData: { textMessage: 'message 1' } },
		});
		expect(result.logs.join('')).not.toContain(world.token);
	});
});

describe('GREEN-API Queue Trigger in a manual run', () => {
	it('shows the oldest notification and leaves it for the live workflow', async () => {
		inject(2);
		const result = await poll({}, { mode: 'manual' });
		expect(result.items.map((item) => item.json.text)).toEqual(['message 1']);
		expect(requestsFor('receiveNotification')).toHaveLength(1);
		expect(requestsFor('deleteNotification')).toHaveLength(0);
		expect(waiting()).toHaveLength(2);
	});

	it('says why nothing arrives when the instance uses a webhook', async () => {
		world.sandbox.setSettings(world.idInstance, { webhookUrl: 'https://n8n.example.com/webhook/abc' });
		for (const mode of ['manual', 'trigger'] as const) {
			const result = await poll({}, { mode });
			expect(result.error?.message).toBe(
				'The instance sends its notifications to the webhook https://n8n.example.com/webhook/abc, so its queue stays empty',
			);
		}
	});

	it('says which settings keep the chosen events out of the queue', async () => {
		const result = await poll({ events: ['incomingMessageReceived', 'outgoingMessageStatus'] });
		expect(result.error?.message).toBe('The instance does not queue the chosen events: Notify Outgoing Message Status is off');
	});
});
