import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { GreenApiInstanceApi } from '../../credentials/GreenApiInstanceApi.credentials';
import { removeBinaryDataStorage, runNode, runPoll, type BinaryMode, type RunNodeOptions } from '../harness';
import { ToyNode, toyHeaderAuth } from '../harness/fixtures/toyNode';
import { ToyPollNode } from '../harness/fixtures/toyPollNode';

const TOKEN = 'tok-5ecr3t-9f2a';

interface SeenRequest {
	method?: string;
	path?: string;
	headers: IncomingHttpHeaders;
}

let server: Server;
let port: number;
const seen: SeenRequest[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		seen.push({ method: req.method, path: req.url, headers: req.headers });
		res.setHeader('content-type', 'application/json');
		if (req.url?.startsWith('/waInstance1/sendBroken/')) {
			res.statusCode = 400;
			res.end(JSON.stringify({ message: 'bad chat' }));
			return;
		}
		res.end(JSON.stringify({ stateInstance: 'authorized' }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
	removeBinaryDataStorage();
});

beforeEach(() => {
	seen.length = 0;
});

const base64 = (text: string) => Buffer.from(text).toString('base64');
const apiUrl = () => `http://127.0.0.1:${port}`;

const credentials = () => ({
	credentials: {
		greenApiInstanceApi: {
			idInstance: '1',
			apiTokenInstance: TOKEN,
			apiUrl: apiUrl(),
			mediaUrl: `http://127.0.0.1:${port}/media`,
		},
	},
	credentialTypes: [new GreenApiInstanceApi()],
});

const toy = async (parameters: INodeParameters, options: Partial<RunNodeOptions> = {}) =>
	await runNode({ node: new ToyNode(), parameters, ...credentials(), ...options });

describe('credentials', () => {
	it('puts the token into the path of requests to the API host', async () => {
		const result = await toy({ operation: 'state' });

		expect(result.status).toBe('success');
		expect(seen.map((r) => r.path)).toEqual([`/waInstance1/getStateInstance/${TOKEN}`]);
		expect(result.items[0].json.stateInstance).toBe('authorized');
	});

	it('sends no token to another host', async () => {
		const result = await toy({
			operation: 'fetch',
			url: `http://localhost:${port}/waInstance1/getStateInstance`,
		});

		expect(result.status).toBe('success');
		expect(seen.map((r) => r.path)).toEqual(['/waInstance1/getStateInstance']);
		expect(JSON.stringify(seen)).not.toContain(TOKEN);
	});

	it('applies the generic form of authenticate', async () => {
		const result = await toy(
			{ operation: 'fetch', credentialType: 'toyHeaderAuth', url: `${apiUrl()}/anything` },
			{ credentials: { toyHeaderAuth: { key: 'k-123' } }, credentialTypes: [toyHeaderAuth] },
		);

		expect(result.status).toBe('success');
		expect(seen[0].headers['x-key']).toBe('k-123');
	});

	it.each([
		['succeeds', 'getStateInstance', 'success'],
		['fails', 'sendBroken', 'error'],
	])('keeps the token out of the serialized run and the logs when the request %s', async (_, method, status) => {
		const result = await toy({ operation: 'state', method });

		expect(result.status).toBe(status);
		expect(seen.map((r) => r.path)).toEqual([`/waInstance1/${method}/${TOKEN}`]);
		expect(result.serialized).toContain(status === 'success' ? '"stateInstance":"authorized"' : 'bad chat');
		expect(result.logs.length).toBeGreaterThan(0);
		expect(result.serialized).not.toContain(TOKEN);
		expect(result.logs.join('\n')).not.toContain(TOKEN);
	});
});

describe('parameters and items', () => {
	it('resolves expressions per item and pairs every output item with its input', async () => {
		const result = await toy(
			{ operation: 'echo', phone: '={{ $json.phone }}@c.us' },
			{ input: [{ json: { phone: '111' } }, { json: { phone: '222' } }] },
		);

		expect(result.status).toBe('success');
		expect(result.items).toEqual([
			{ json: { phone: '111@c.us', calls: 1 }, pairedItem: { item: 0 } },
			{ json: { phone: '222@c.us', calls: 2 }, pairedItem: { item: 1 } },
		]);
	});

	it('captures what the node logs and keeps its static data', async () => {
		const staticData: IDataObject = {};
		const result = await toy({ operation: 'echo' }, { staticData });

		expect(result.logs).toContain('info: echo item 0');
		expect(result.logs.some((line) => line.startsWith('debug: Workflow execution started'))).toBe(true);
		expect(staticData['node:Toy']).toEqual({ calls: 1 });
	});
});

describe.each<BinaryMode>(['default', 'filesystem'])('binary data in %s mode', (binaryMode) => {
	it('gives the node the input file as buffer and stream, and reads its output file back', async () => {
		const result = await toy(
			{ operation: 'file', upperCaseFile: true },
			{
				binaryMode,
				input: [
					{
						json: {},
						binary: {
							data: { data: Buffer.from('hello'), fileName: 'hi.txt', mimeType: 'text/plain' },
						},
					},
				],
			},
		);

		expect(result.status).toBe('success');
		const [item] = result.items;
		expect(item.json).toMatchObject({
			fileName: 'hi.txt',
			mimeType: 'text/plain',
			stored: binaryMode === 'filesystem',
			text: 'hello',
			streamedText: binaryMode === 'filesystem' ? 'hello' : undefined,
		});
		const input = result.run.data.resultData.runData.Input[0].data?.main[0]?.[0].binary?.data;
		expect(input?.id !== undefined).toBe(binaryMode === 'filesystem');
		expect(input?.data === base64('hello')).toBe(binaryMode === 'default');
		expect((await result.binary(item)).toString()).toBe('HELLO');
		const output = item.binary?.data;
		if (binaryMode === 'filesystem') {
			expect(output?.id).toEqual(expect.any(String));
			expect(output?.data).not.toBe(base64('HELLO'));
			expect(result.serialized).not.toContain(base64('HELLO'));
		} else {
			expect(output?.id).toBeUndefined();
			expect(output?.data).toBe(base64('HELLO'));
		}
	});
});

describe('errors', () => {
	it('explains an input file whose type n8n would have to sniff', async () => {
		const result = await toy({ operation: 'file' }, { input: [{ json: {}, binary: { data: { data: Buffer.from('%PDF-1.4') } } }] });

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('give it a mimeType');
	});

	it('turns a failure into an error item when the node continues on fail', async () => {
		const result = await toy({ operation: 'fail' }, { continueOnFail: true });

		expect(result.status).toBe('success');
		expect(result.items).toEqual([{ json: { error: 'Item 0 failed on purpose' }, pairedItem: { item: 0 } }]);
	});

	it('fails the run with the node error otherwise', async () => {
		const result = await toy({ operation: 'fail' });

		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('Item 0 failed on purpose');
		expect(result.serialized).toContain('Item 0 failed on purpose');
	});
});

describe('poll', () => {
	it('runs poll() with credentials and static data, and keeps manual fetches from moving state', async () => {
		const staticData: IDataObject = {};
		const poll = async (mode: 'manual' | 'trigger') =>
			await runPoll({
				node: new ToyPollNode(),
				parameters: {},
				...credentials(),
				staticData,
				mode,
			});

		const manual = await poll('manual');
		expect(manual.status).toBe('success');
		expect(staticData['node:Toy Poll']).toEqual({});

		const polled = await poll('trigger');
		expect(polled.items).toEqual([{ json: { stateInstance: 'authorized' } }]);
		expect(seen.map((r) => r.path)).toEqual([`/waInstance1/receiveNotification/${TOKEN}`, `/waInstance1/receiveNotification/${TOKEN}`]);
		expect(staticData['node:Toy Poll']).toEqual({ received: 1 });
		// n8n hands what poll() returned to an execution, and saves static data as it does so.
		expect(polled.executions.map((execution) => execution.items)).toEqual([
			[{ json: { stateInstance: 'authorized' }, pairedItem: { item: 0 } }],
		]);
	});

	it.each(['legacy', 'durable'] as const)(
		'under the %s scheduler persists the static data when it hands over the execution',
		async (scheduler) => {
			const staticData: IDataObject = {};
			const saved: IDataObject[] = [];
			const result = await runPoll({
				node: new ToyPollNode(),
				parameters: {},
				...credentials(),
				staticData,
				scheduler,
				onPersist: (data) => saved.push(data),
			});
			expect(result.executions).toHaveLength(1);
			expect(saved).toEqual([{ 'node:Toy Poll': { received: 1 } }]);
			expect(staticData).toEqual({ 'node:Toy Poll': { received: 1 } });
		},
	);

	it.each(['discard', new Error('cannot start')] as const)('lets n8n refuse a hand-over (%s)', async (outcome) => {
		const result = await runPoll({
			node: new ToyPollNode(),
			parameters: {},
			...credentials(),
			staticData: {},
			onEmit: () => outcome,
		});
		expect(result.emitted).toHaveLength(1);
		expect(result.executions).toHaveLength(0);
	});
});
