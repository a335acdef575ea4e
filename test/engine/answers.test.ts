import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeParameters } from 'n8n-workflow';

import { GreenApi } from '../../nodes/GreenApi/GreenApi.node';
import { runNode } from '../harness';
import { PERSON } from './operations/cases';
import { startWorld, type SandboxWorld } from './operations/sandboxSetup';

/** HTTP-200 answers that are not what they seem: the item says what GREEN-API meant. */

let world: SandboxWorld;

beforeAll(async () => {
	world = await startWorld({ longPollScale: 0.1 });
});
afterAll(() => world.sandbox.close());
beforeEach(() => world.sandbox.reset());

const run = (parameters: INodeParameters, options: { apiUrl?: string; continueOnFail?: boolean } = {}) =>
	runNode({
		node: new GreenApi(),
		parameters,
		credentials: options.apiUrl
			? { ...world.credentials, greenApiInstanceApi: { ...world.credentials.greenApiInstanceApi, apiUrl: options.apiUrl } }
			: world.credentials,
		credentialTypes: world.credentialTypes,
		continueOnFail: options.continueOnFail,
	});

/** A fake API host that answers every request with this status and raw body. */
async function answering(body: string, run: (apiUrl: string) => Promise<void>) {
	const server = createServer((_req, res) => {
		res.writeHead(200, body ? { 'content-type': 'application/json' } : { 'content-length': '0' });
		res.end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
	} finally {
		server.close();
	}
}

describe('Get QR Code', () => {
	const qr: INodeParameters = { resource: 'instance', operation: 'qr' };

	it('attaches the image only for type qrCode', async () => {
		world.sandbox.setState(world.idInstance, 'notAuthorized');
		const result = await run(qr);
		expect(result.items[0].json).toEqual({ type: 'qrCode' });
		expect(result.items[0].binary?.data).toMatchObject({ mimeType: 'image/png', fileName: 'qr-code.png' });
		expect((await result.binary(result.items[0])).subarray(1, 4).toString()).toBe('PNG');
	});

	it('answers an authorized instance with GREEN-API’s message and what it means, without an image', async () => {
		const result = await run(qr);
		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toEqual({
			type: 'alreadyLogged',
			message: 'instance account already authorized',
			explanation: expect.stringMatching(/already linked.*log out first/i),
		});
		expect(result.items[0].binary).toBeUndefined();
	});

	it('fails on type error with GREEN-API’s text, and keeps it in the error item', async () => {
		world.sandbox.setState(world.idInstance, 'blocked');
		const failed = await run(qr);
		expect(failed.status).toBe('error');
		expect(failed.error?.message).toBe('GREEN-API gave no QR code: instance account is blocked');
		expect(failed.error?.description).toMatch(/only available while the instance is notAuthorized/);

		const continued = await run(qr, { continueOnFail: true });
		expect(continued.items[0].json).toMatchObject({
			error: 'GREEN-API gave no QR code: instance account is blocked',
			greenApiMessage: 'instance account is blocked',
		});
		expect(continued.items[0].binary).toBeUndefined();
	});

	it('explains the older error wording for a linked instance', async () => {
		await answering(JSON.stringify({ type: 'error', message: 'Instance has auth. You need to make log out' }), async (apiUrl) => {
			const result = await run(qr, { apiUrl });
			expect(result.error?.message).toBe('GREEN-API gave no QR code: Instance has auth. You need to make log out');
			expect(result.error?.description).toMatch(/already linked/);
		});
	});
});

describe('Receive Notification', () => {
	const receive: INodeParameters = { resource: 'notification', operation: 'receiveNotification', options: { receiveTimeout: 5 } };
	const EMPTY = [{ receiptId: null, body: null }];

	it('gives one item with receiptId and body null for an empty queue answered with null', async () => {
		const result = await run(receive);
		expect(result.items.map((item) => item.json)).toEqual(EMPTY);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	it('gives the same item for an empty queue answered with no body at all', async () => {
		await answering('', async (apiUrl) => {
			const result = await run(receive, { apiUrl });
			expect(result.items.map((item) => item.json)).toEqual(EMPTY);
		});
	});

	it('gives the notification when there is one', async () => {
		world.sandbox.setSettings(world.idInstance, { incomingWebhook: 'yes' });
		world.sandbox.injectIncoming(world.idInstance, { chatId: PERSON, text: 'queued' });
		const result = await run(receive);
		expect(result.items[0].json).toMatchObject({ receiptId: expect.any(Number), body: { typeWebhook: 'incomingMessageReceived' } });
	});
});
