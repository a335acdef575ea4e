import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { GreenApiQueueTrigger } from '../../nodes/GreenApi/GreenApiQueueTrigger.node';
import { removeBinaryDataStorage, runPoll, type BinaryMode } from '../harness';
import { PERSON } from './operations/cases';
import { startWorld, type SandboxWorld } from './operations/sandboxSetup';

let world: SandboxWorld;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => {
	await world.sandbox.close();
	removeBinaryDataStorage();
});
beforeEach(() => {
	world.sandbox.reset();
	world.sandbox.clearFaults();
	world.sandbox.setSettings(world.idInstance, { incomingWebhook: 'yes' });
});

const poll = (
	parameters: INodeParameters = {},
	options: { staticData?: IDataObject; mode?: 'manual' | 'trigger'; binaryMode?: BinaryMode } = {},
) =>
	runPoll({
		node: new GreenApiQueueTrigger(),
		type: 'n8n-nodes-green-api.greenApiQueueTrigger',
		parameters: { events: ['incomingMessageReceived'], ...parameters },
		credentials: world.credentials,
		credentialTypes: world.credentialTypes,
		staticData: options.staticData ?? {},
		mode: options.mode,
		binaryMode: options.binaryMode,
	});

const inject = (count: number) =>
	Array.from({ length: count }, (_, i) => world.sandbox.injectIncoming(world.idInstance, { chatId: PERSON, text: `message ${i + 1}` }));

const requestsFor = (method: string) => world.sandbox.requests({ kind: 'instance', method });
const waiting = () => world.sandbox.notifications(world.idInstance).filter((n) => n.state === 'pending');

describe('GREEN-API Queue Trigger', () => {
	it('drains N notifications with one receive and one delete each', async () => {
		inject(5);
		const result = await poll();
		expect(result.error?.message).toBeUndefined();
		expect(result.items.map((item) => item.json.text)).toEqual([1, 2, 3, 4, 5].map((i) => `message ${i}`));
		// One more receive finds the queue empty and ends the poll.
		expect(requestsFor('receiveNotification')).toHaveLength(6);
		expect(requestsFor('deleteNotification')).toHaveLength(5);
		expect(world.sandbox.requests({ kind: 'instance' })).toHaveLength(11);
		expect(waiting()).toHaveLength(0);
	});

	it('loses and repeats nothing when a delete fails', async () => {
		const staticData: IDataObject = {};
		inject(3);
		world.sandbox.addFault({ method: 'deleteNotification', status: 500, times: 4 });
		const first = await poll({}, { staticData });
		expect(first.items.map((item) => item.json.text)).toEqual(['message 1']);
		expect(first.logs.join('\n')).toMatch(/could not delete notification/);

		const second = await poll({}, { staticData });
		expect(second.items.map((item) => item.json.text)).toEqual(['message 2', 'message 3']);
		expect(waiting()).toHaveLength(0);
	});

	it('deletes filtered-out notifications without starting the workflow', async () => {
		world.sandbox.injectIncoming(world.idInstance, { chatId: PERSON, typeMessage: 'locationMessage' });
		world.sandbox.injectIncoming(world.idInstance, { chatId: '120363000000000009@g.us', text: 'in a group' });
		world.sandbox.injectIncoming(world.idInstance, { chatId: PERSON, text: 'wanted' });
		const result = await poll({ messageTypes: ['textMessage'], chats: 'personal' });
		expect(result.items.map((item) => item.json.text)).toEqual(['wanted']);
		expect(waiting()).toHaveLength(0);
	});

	it('in a manual run shows the oldest notification and leaves it for the live workflow', async () => {
		inject(2);
		const result = await poll({}, { mode: 'manual' });
		expect(result.items.map((item) => item.json.text)).toEqual(['message 1']);
		expect(requestsFor('deleteNotification')).toHaveLength(0);
		expect(waiting()).toHaveLength(2);
	});

	it('says why nothing arrives when the instance uses a webhook', async () => {
		world.sandbox.setSettings(world.idInstance, { webhookUrl: 'https://n8n.example.com/webhook/abc' });
		const result = await poll();
		expect(result.error?.message).toBe(
			'The instance sends its notifications to the webhook https://n8n.example.com/webhook/abc, so its queue stays empty',
		);
	});

	it('says which settings keep the chosen events out of the queue', async () => {
		const result = await poll({ events: ['incomingMessageReceived', 'outgoingMessageStatus'] });
		expect(result.error?.message).toBe('The instance does not queue the chosen events: Notify Outgoing Message Status is off');
	});

	it.each(['default', 'filesystem'] as const)('attaches media as binary data (%s binary mode)', async (binaryMode) => {
		const image = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
		world.sandbox.injectIncoming(world.idInstance, {
			chatId: PERSON,
			typeMessage: 'imageMessage',
			caption: 'the parcel',
			file: { base64: image.toString('base64'), fileName: 'parcel.png', mimeType: 'image/png' },
		});
		const allowedInternalHosts = new URL(world.sandbox.apiUrl).host;
		const result = await poll({ options: { downloadMedia: true, allowedInternalHosts } }, { binaryMode });
		expect(result.items[0].json).toMatchObject({ text: 'the parcel', messageType: 'imageMessage' });
		expect(result.items[0].binary?.data).toMatchObject({ fileName: 'parcel.png', mimeType: 'image/png' });
		expect(await result.binary(result.items[0])).toEqual(image);
	});

	it('outputs the notification as GREEN-API sent it when Simplify is off', async () => {
		const [{ idMessage }] = inject(1);
		const result = await poll({ simplify: false });
		expect(result.items[0].json).toMatchObject({
			typeWebhook: 'incomingMessageReceived',
			idMessage,
			messageData: { typeMessage: 'textMessage', textMessageData: { textMessage: 'message 1' } },
		});
		expect(result.logs.join('')).not.toContain(world.token);
	});
});
