import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeParameters } from 'n8n-workflow';

import { GreenApi } from '../../nodes/GreenApi/GreenApi.node';
import { runNode, type InputItem } from '../harness';
import { PERSON } from './operations/cases';
import { startWorld, type SandboxWorld } from './operations/sandboxSetup';

let world: SandboxWorld;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(() => world.sandbox.close());
beforeEach(() => {
	world.sandbox.reset();
	world.sandbox.clearFaults();
});

const sendText = (chatId: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'message',
	operation: 'sendMessage',
	chatId,
	message: 'Hello',
	...extra,
});

function run(
	parameters: INodeParameters,
	options: { input?: InputItem[]; continueOnFail?: boolean; credentials?: SandboxWorld['credentials'] } = {},
) {
	return runNode({
		node: new GreenApi(),
		parameters,
		input: options.input,
		continueOnFail: options.continueOnFail,
		credentials: options.credentials ?? world.credentials,
		credentialTypes: world.credentialTypes,
	});
}

const apiRequests = (method?: string) => world.sandbox.requests({ kind: 'instance', method });

describe('input checks', () => {
	it('refuses a bad chat naming the item and the field, and sends nothing for any item', async () => {
		const result = await run(sendText('={{ $json.to }}'), {
			input: [{ json: { to: '79001234567' } }, { json: { to: '+7 900 111-22-33' } }, { json: { to: 'not a phone' } }],
		});
		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe('Item 2, "Chat": "not a phone" is neither a phone number nor a chat ID');
		expect(result.error?.description).toMatch(/@g\.us/);
		expect(apiRequests()).toHaveLength(0);
	});

	it('refuses text over the documented limit before sending', async () => {
		const result = await run(sendText(PERSON, { message: 'x'.repeat(20001) }));
		expect(result.error?.message).toMatch(/^Item 0, "Text": is 20001 characters long; GREEN-API accepts at most 20000/);
		expect(apiRequests()).toHaveLength(0);
	});

	it('refuses a missing binary field with the fields the item does have', async () => {
		const result = await run(
			{ resource: 'file', operation: 'sendFileByUpload', chatId: PERSON, binaryPropertyName: 'photo' },
			{ input: [{ json: {}, binary: { data: { data: Buffer.from('x'), fileName: 'a.txt', mimeType: 'text/plain' } } }] },
		);
		expect(result.error?.message).toMatch(/^Item 0, "Input Binary Field": has no binary field named "photo"/);
		expect(result.error?.description).toContain('data');
		expect(apiRequests()).toHaveLength(0);
	});

	it('with continue-on-fail, sends the good items and reports the bad one in place', async () => {
		const result = await run(sendText('={{ $json.to }}'), {
			input: [{ json: { to: '79001234567' } }, { json: { to: 'garbage' } }, { json: { to: '120363000000000001@g.us' } }],
			continueOnFail: true,
		});
		expect(result.status).toBe('success');
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json.idMessage).toEqual(expect.any(String));
		expect(result.items[1].json.error).toMatch(/^Item 1, "Chat"/);
		expect(apiRequests('sendMessage').map((r) => (r.json as { chatId: string }).chatId)).toEqual([
			'79001234567@c.us',
			'120363000000000001@g.us',
		]);
	});
});

describe('every item is processed', () => {
	it('sends one message per input item, in order, each paired with its item', async () => {
		const input = ['79001110001', '79001110002', '79001110003', '79001110004'].map((to) => ({ json: { to } }));
		const result = await run(sendText('={{ $json.to }}', { message: '=Hi {{ $json.to }}' }), { input });
		expect(result.status).toBe('success');
		expect(result.items.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
		expect(apiRequests('sendMessage').map((r) => (r.json as { message: string }).message)).toEqual(
			input.map(({ json }) => `Hi ${json.to}`),
		);
	});
});

describe('GREEN-API failures', () => {
	it('keeps the HTTP status and GREEN-API’s own text in continue-on-fail output', async () => {
		world.sandbox.addFault({ method: 'sendMessage', status: 466 });
		const result = await run(sendText(PERSON), { continueOnFail: true });
		expect(result.items[0].json).toMatchObject({
			error: expect.stringMatching(/Developer plan quota exceeded \(466\)/),
			httpCode: '466',
			greenApiMessage: expect.any(String),
		});
	});

	it('retries a 429 for a send, honouring Retry-After, and delivers once', async () => {
		world.sandbox.addFault({ method: 'sendMessage', status: 429, retryAfter: 0, times: 2 });
		const result = await run(sendText(PERSON));
		expect(result.status).toBe('success');
		expect(apiRequests('sendMessage').map((r) => r.status)).toEqual([429, 429, 200]);
	});

	it('gives up on 429 after a bounded number of attempts', async () => {
		world.sandbox.addFault({ method: 'getStateInstance', status: 429, retryAfter: 0, times: 0 });
		const result = await run({ resource: 'instance', operation: 'getStateInstance' });
		expect(result.error?.message).toBe('Too many requests to getStateInstance (429)');
		expect(apiRequests('getStateInstance')).toHaveLength(4);
	});

	it('does not repeat a send after a server error, because that could deliver it twice', async () => {
		world.sandbox.addFault({ method: 'sendMessage', status: 500 });
		const result = await run(sendText(PERSON));
		expect(result.error?.message).toMatch(/server error on sendMessage \(500\)/);
		expect(result.error?.description).toMatch(/Retry on Server Errors/);
		expect(apiRequests('sendMessage')).toHaveLength(1);
	});

	it('repeats a send after a server error when the user opts in', async () => {
		world.sandbox.addFault({ method: 'sendMessage', status: 502 });
		const result = await run(sendText(PERSON, { options: { retryOnServerError: true } }));
		expect(result.status).toBe('success');
		expect(apiRequests('sendMessage').map((r) => r.status)).toEqual([502, 200]);
	});

	it('retries reads after server errors and dropped connections', async () => {
		world.sandbox.addFault({ method: 'getSettings', status: 502 });
		world.sandbox.addFault({ method: 'getSettings', drop: true });
		const result = await run({ resource: 'instance', operation: 'getSettings' });
		expect(result.status).toBe('success');
		expect(apiRequests('getSettings').map((r) => r.status)).toEqual([502, 0, 200]);
	});

	it('explains a refused partner call although the partner API answers HTTP 200', async () => {
		const result = await run(
			{ resource: 'partner', operation: 'getInstances', returnAll: true },
			{
				credentials: {
					...world.credentials,
					greenApiPartnerApi: { ...world.credentials.greenApiPartnerApi, partnerToken: 'wrong-partner' },
				},
			},
		);
		expect(result.error?.message).toBe('GREEN-API rejected the partner token (401)');
	});
});

describe('the API token never leaks', () => {
	const file: InputItem[] = [{ json: {}, binary: { data: { data: Buffer.from('pdf'), fileName: 'a.pdf', mimeType: 'application/pdf' } } }];
	type RunOptions = { input?: InputItem[]; credentials?: SandboxWorld['credentials'] };
	const failures: Array<[string, () => void, INodeParameters, () => RunOptions]> = [
		['an instance that is starting (400)', () => void world.sandbox.setState(world.idInstance, 'starting'), sendText(PERSON), () => ({})],
		[
			'an upload sent to the API host instead of the media host (404)',
			() => undefined,
			{ resource: 'file', operation: 'uploadFile', binaryPropertyName: 'data' },
			() => ({
				input: file,
				credentials: {
					...world.credentials,
					greenApiInstanceApi: { ...world.credentials.greenApiInstanceApi, mediaUrl: world.sandbox.apiUrl },
				},
			}),
		],
		[
			'a rate limit (429)',
			() => world.sandbox.addFault({ method: 'getSettings', status: 429, retryAfter: 0, times: 0 }),
			{ resource: 'instance', operation: 'getSettings' },
			() => ({}),
		],
		['a quota answer (466)', () => world.sandbox.addFault({ method: 'sendMessage', status: 466, times: 0 }), sendText(PERSON), () => ({})],
		['a server error (500)', () => world.sandbox.addFault({ method: 'sendMessage', status: 500, times: 0 }), sendText(PERSON), () => ({})],
		['a dropped connection', () => world.sandbox.addFault({ method: 'sendMessage', drop: true, times: 0 }), sendText(PERSON), () => ({})],
	];

	it.each(failures)('from %s, in the error, the output or the logs', async (_label, prepare, parameters, options) => {
		prepare();
		for (const continueOnFail of [false, true]) {
			const result = await run(parameters, { ...options(), continueOnFail });
			expect(result.status === 'error' || result.items[0]?.json.error !== undefined).toBe(true);
			const everything = `${result.serialized}\n${result.logs.join('\n')}\n${JSON.stringify(result.error ?? {})}`;
			expect(everything).not.toContain(world.token);
		}
	});

	it('when the token is wrong (401)', async () => {
		const wrong = 'wrong-token-5f3a9c';
		const credentials = {
			...world.credentials,
			greenApiInstanceApi: { ...world.credentials.greenApiInstanceApi, apiTokenInstance: wrong },
		};
		const result = await run(sendText(PERSON), { credentials });
		expect(result.error?.message).toBe('GREEN-API rejected the API token (apiTokenInstance) (401)');
		expect(`${result.serialized}${result.logs.join('')}${JSON.stringify(result.error)}`).not.toContain(wrong);
	});

	it('when a server echoes the URL with the token back', async () => {
		const server = createServer((req, res) => {
			res.writeHead(404, { 'content-type': 'text/plain' });
			res.end(`Cannot ${req.method} ${req.url}`);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		try {
			const credentials = { ...world.credentials, greenApiInstanceApi: { ...world.credentials.greenApiInstanceApi, apiUrl: url } };
			const result = await run(sendText(PERSON), { credentials, continueOnFail: true });
			expect(result.items[0].json.httpCode).toBe('404');
			expect(result.serialized).not.toContain(world.token);
			expect(JSON.stringify(result.items)).toContain('***');
		} finally {
			server.close();
		}
	});
});

describe('rules across fields', () => {
	it.each([
		[
			{ resource: 'message', operation: 'sendContact', chatId: PERSON, phoneContact: '79001234567', firstName: '' },
			/contact card needs a first, middle or last name or a company/,
		],
		[{ resource: 'instance', operation: 'setSettings' }, /add at least one setting to change/],
	])('are checked before sending (%#)', async (parameters, message) => {
		const result = await run(parameters as INodeParameters);
		expect(result.error?.message).toMatch(message);
		expect(result.error?.message).toMatch(/^Item 0: /);
		expect(apiRequests()).toHaveLength(0);
	});
});
