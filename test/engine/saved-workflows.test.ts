import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, NodeHelpers, type IConnections, type IDataObject, type INode, type INodeParameters } from 'n8n-workflow';

import { GreenApi } from '../../nodes/GreenApi/GreenApi.node';
import { runNode } from '../harness';
import { createWorkflow, exclusive, prepareEngine } from '../harness/engine';
import { MANUAL_TRIGGER_TYPE, manualTrigger } from '../harness/nodeTypes';
import { startWorld, type SandboxWorld } from './operations/sandboxSetup';

const PERSON = '79001234567@c.us';
const GROUP = '120363000000000001@g.us';

let world: SandboxWorld;

beforeAll(async () => {
	world = await startWorld();
});

afterAll(async () => {
	await world.sandbox.close();
});

beforeEach(() => {
	world.sandbox.reset();
	world.sandbox.addGroup(world.idInstance, { groupId: GROUP, subject: 'Support team', participants: [PERSON] });
});

const sentSince = (mark: number) => world.sandbox.requests({ afterSeq: mark }).filter((request) => request.kind === 'instance');

const readSaved = (file: string) =>
	JSON.parse(readFileSync(join(__dirname, 'fixtures', file), 'utf8')) as { nodes: INode[]; connections: IConnections };

/** Runs an exported workflow as n8n does: load it (defaults filled in, hidden values dropped), execute it. */
async function runSavedWorkflow(file: string) {
	const saved = readSaved(file);
	return await exclusive(async () => {
		await prepareEngine();
		const node = new GreenApi();
		const { workflow, additionalData } = createWorkflow(
			{ node, parameters: {}, credentials: world.credentials, credentialTypes: world.credentialTypes },
			saved.nodes,
			saved.connections,
			{ [MANUAL_TRIGGER_TYPE]: manualTrigger, 'n8n-nodes-green-api.greenApi': node },
		);
		const trigger = saved.nodes.find((n) => n.type === MANUAL_TRIGGER_TYPE)!;
		const run = await new WorkflowExecute(
			additionalData,
			'manual',
			createRunExecutionData({
				executionData: { nodeExecutionStack: [{ node: trigger, data: { main: [[{ json: {} }]] }, source: null }] },
			}),
		).processRunExecutionData(workflow);
		const output = (name: string) => run.data.resultData.runData[name]?.[0]?.data?.main?.[0] ?? [];
		return { run, workflow, output };
	});
}

describe('a workflow saved with node version 1', () => {
	it('holds its parameters exactly as n8n saves them: values equal to a default are left out', () => {
		const { description } = new GreenApi();
		const nodes = readSaved('saved-v1-workflow.json').nodes.filter((node) => node.type === 'n8n-nodes-green-api.greenApi');
		expect(nodes.length).toBe(6);
		for (const node of nodes) {
			expect(NodeHelpers.getNodeParameters(description.properties, node.parameters, false, false, node, description)).toEqual(
				node.parameters,
			);
		}
		// Send Text relies on the default resource and operation, Delete Receipt 1 on the default Receipt ID.
		expect(nodes.find((node) => node.name === 'Send Text')?.parameters).not.toHaveProperty('operation');
		expect(nodes.find((node) => node.name === 'Delete Receipt 1')?.parameters).not.toHaveProperty('receiptId');
	});

	it('runs unchanged: defaults it relies on, plain chat strings, a number from an expression, an archived operation, settings under Options', async () => {
		world.sandbox.setSettings(world.idInstance, { incomingWebhook: 'yes' });
		world.sandbox.injectIncoming(world.idInstance, { chatId: PERSON, text: 'waiting in the queue' });
		expect((await world.call<{ receiptId: number }>('receiveNotification')).receiptId).toBe(1);
		const mark = world.sandbox.requests().at(-1)?.seq ?? 0;
		const { run, workflow, output } = await runSavedWorkflow('saved-v1-workflow.json');

		// n8n kept the saved values as they are: no resource locator was made of the chat string.
		expect(workflow.getNode('Send Text')?.parameters.chatId).toBe('+7 (900) 123-45-67');
		expect(workflow.getNode('Set Settings')?.parameters.options).toEqual({
			incomingWebhook: true,
			delaySendMessagesMilliseconds: 1000,
			retryOnServerError: true,
		});

		const sent = sentSince(mark);
		const body = (method: string, message?: string) =>
			sent.find((r) => r.method === method && (!message || (r.json as IDataObject).message === message))?.json;
		expect(body('sendMessage', 'Saved as a phone number')).toEqual({
			chatId: PERSON,
			message: 'Saved as a phone number',
			linkPreview: true,
		});
		expect(body('sendMessage', 'A number from an expression')).toMatchObject({ chatId: PERSON });
		expect(body('sendButtons')).toMatchObject({
			chatId: PERSON,
			message: 'Archived, still sent',
			buttons: [{ buttonId: '1', buttonText: 'Yes' }],
		});
		expect(body('setSettings')).toEqual({ incomingWebhook: 'yes', delaySendMessagesMilliseconds: 1000 });
		expect(body('getGroupData')).toEqual({ groupId: GROUP });
		// The Receipt ID the node was saved without is still the 1 it was saved with.
		expect(sent.find((r) => r.method === 'deleteNotification')?.extraPath).toEqual(['1']);
		expect(sent.map((r) => r.method).sort()).toEqual([
			'deleteNotification',
			'getGroupData',
			'sendButtons',
			'sendMessage',
			'sendMessage',
			'setSettings',
		]);

		expect(output('Send Text')[0].json.idMessage).toEqual(expect.any(String));
		expect(output('Set Settings')[0].json).toEqual({ saveSettings: true });
		expect(output('Get Group')[0].json.subject).toBe('Support team');
		expect(output('Delete Receipt 1')[0].json).toEqual({ result: true });
		// GREEN-API answers archived button methods with 403; the saved node still sends and reports it.
		expect(output('Send Buttons')[0].json).toMatchObject({ httpCode: '403' });
		expect(run.status).toBe('success');
	});
});

describe('required numeric IDs of a node saved with version 1.2', () => {
	const run = async (resource: string, operation: string, parameters: INodeParameters) => {
		const mark = world.sandbox.requests().at(-1)?.seq ?? 0;
		const result = runNode({
			node: new GreenApi(),
			typeVersion: 1.2,
			parameters: { resource, operation, ...parameters },
			input: [{ json: { id: '' } }],
			credentials: world.credentials,
			credentialTypes: world.credentialTypes,
		});
		return { result, sent: async () => (await result.catch(() => undefined), world.sandbox.requests({ afterSeq: mark })) };
	};

	it.each([
		['notification', 'deleteNotification', 'receiptId', 'Receipt ID'],
		['partner', 'deleteInstanceAccount', 'idInstance', 'Instance ID'],
	])(
		'%s %s: n8n refuses to run the node while %s is untouched, and an empty one from an expression fails the item with the field named; nothing is sent',
		async (resource, operation, name, label) => {
			const untouched = await run(resource, operation, {});
			await expect(untouched.result).rejects.toThrow(`Parameter "${label}" is required`);
			expect(await untouched.sent()).toEqual([]);

			const empty = await run(resource, operation, { [name]: '={{ $json.id }}' });
			expect((await empty.result).error?.message).toBe(`Item 0, "${label}": is empty`);
			expect(await empty.sent()).toEqual([]);
		},
	);
});

describe('node version 1.1 chat pickers', () => {
	const sendText = async (chatId: unknown, input: IDataObject = {}) => {
		const mark = world.sandbox.requests().at(-1)?.seq ?? 0;
		const result = await runNode({
			node: new GreenApi(),
			parameters: { resource: 'message', operation: 'sendMessage', chatId, message: 'hi' } as INodeParameters,
			input: [{ json: input }],
			credentials: world.credentials,
			credentialTypes: world.credentialTypes,
		});
		return { result, sent: sentSince(mark).filter((r) => r.method === 'sendMessage') };
	};

	it.each([
		['a chat picked from the list', { __rl: true, mode: 'list', value: PERSON, cachedResultName: 'Ivan (+79001234567)' }],
		['a phone number', { __rl: true, mode: 'phone', value: '+7 (900) 123-45-67' }],
		['an ID', { __rl: true, mode: 'id', value: PERSON }],
		['an expression in ID mode', { __rl: true, mode: 'id', value: '={{ $json.phone }}' }],
		['a plain string, as version 1 saved it', '79001234567'],
		['a plain expression giving a number', '={{ $json.phone }}'],
	])('sends to %s', async (_label, chatId) => {
		const { result, sent } = await sendText(chatId, { phone: 79001234567 });
		expect(result.error?.message).toBeUndefined();
		expect(sent.map((r) => (r.json as IDataObject).chatId)).toEqual([PERSON]);
	});

	it('lets n8n refuse a typed value that does not fit the mode, before anything is sent', async () => {
		const mark = world.sandbox.requests().at(-1)?.seq ?? 0;
		await expect(sendText({ __rl: true, mode: 'phone', value: 'call me' })).rejects.toThrow(/Enter a phone number with country code/);
		await expect(sendText({ __rl: true, mode: 'id', value: '79001234567' })).rejects.toThrow(/Enter a chat ID ending in @c\.us/);
		expect(sentSince(mark)).toEqual([]);
	});

	it('refuses a bad value from an expression with the item and the field named, sending nothing', async () => {
		const { result, sent } = await sendText({ __rl: true, mode: 'id', value: '={{ $json.phone }}' }, { phone: 'call me' });
		expect(result.error?.message).toBe('Item 0, "Chat": "call me" is neither a phone number nor a chat ID');
		expect(sent).toEqual([]);
	});

	it('takes a linked @lid ID', async () => {
		const { sent } = await sendText({ __rl: true, mode: 'id', value: '123456789012345@lid' });
		expect(sent.map((r) => (r.json as IDataObject).chatId)).toEqual(['123456789012345@lid']);
	});

	it('refuses a person where a group is required', async () => {
		const mark = world.sandbox.requests().at(-1)?.seq ?? 0;
		const result = await runNode({
			node: new GreenApi(),
			parameters: {
				resource: 'group',
				operation: 'getGroupData',
				groupId: { __rl: true, mode: 'id', value: `={{ "${PERSON}" }}` },
			},
			credentials: world.credentials,
			credentialTypes: world.credentialTypes,
		});
		expect(result.error?.message).toBe(`Item 0, "Group": "${PERSON}" is not a group ID`);
		expect(sentSince(mark)).toEqual([]);
	});
});
