/**
 * Message → Send and Wait for Response through n8n-core's engine against the sandbox: the message
 * and its signed resume links, the wait, and the three ways an execution goes on (a tap on a
 * link, a form, the wait limit), each resumed the way n8n resumes it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { WAIT_INDEFINITELY, type INodeParameters } from 'n8n-workflow';

import { GreenApi } from '../../nodes/GreenApi/GreenApi.node';
import { BROWSER, runUntilWaiting, type WaitingExecution } from '../harness/waiting';
import { startWorld, type SandboxWorld } from './operations/sandboxSetup';

let world: SandboxWorld;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(() => world.sandbox.close());
beforeEach(() => world.sandbox.reset());

const PERSON = '79001234567@c.us';
const GROUP = '120363000000000001@g.us';
const NODE_ID = 'GREEN-API-id';

const sendAndWait = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'message',
	operation: 'sendAndWait',
	chatId: '+7 900 123-45-67',
	message: 'Order #1024: 3 × tea, 12.50 EUR. Approve?',
	...extra,
});

const start = (
	parameters: INodeParameters,
	credentials = world.credentials,
	input = [{ json: { orderId: 1024 } }],
	continueOnFail = false,
) =>
	runUntilWaiting({
		node: new GreenApi(),
		parameters,
		input,
		credentials,
		credentialTypes: world.credentialTypes,
		continueOnFail,
	});

const sent = (method: string) => world.sandbox.requests({ kind: 'instance', method });

interface Button {
	type: string;
	buttonId: string;
	buttonText: string;
	url: string;
}

function buttonsOf(): Button[] {
	const [call] = sent('sendInteractiveButtons');
	return (call.json as { buttons: Button[] }).buttons;
}

function expectWaiting(waiting: WaitingExecution) {
	expect(waiting.first.status).toBe('waiting');
	expect(waiting.first.data.resultData.error).toBeUndefined();
}

describe('the message', () => {
	it('goes to a personal chat as URL buttons with n8n’s signed resume links, and the execution waits', async () => {
		const waiting = await start(
			sendAndWait({ approvalOptions: { values: { approvalType: 'double', approveLabel: '✅ Approve', disapproveLabel: '❌ Decline' } } }),
		);
		expectWaiting(waiting);
		expect(waiting.waitTill?.getTime()).toBe(WAIT_INDEFINITELY.getTime());
		const [call] = sent('sendInteractiveButtons');
		expect(call.json).toMatchObject({ chatId: PERSON, body: 'Order #1024: 3 × tea, 12.50 EUR. Approve?' });
		const buttons = buttonsOf();
		expect(buttons.map(({ type, buttonId, buttonText }) => ({ type, buttonId, buttonText }))).toEqual([
			{ type: 'url', buttonId: 'approve', buttonText: '✅ Approve' },
			{ type: 'url', buttonId: 'decline', buttonText: '❌ Decline' },
		]);
		for (const [button, approved] of [
			[buttons[0], 'true'],
			[buttons[1], 'false'],
		] as const) {
			const url = new URL(button.url);
			expect(url.origin + url.pathname).toMatch(new RegExp(`^http://localhost:5678/webhook-waiting/\\d+/${NODE_ID}$`));
			expect(url.searchParams.get('approved')).toBe(approved);
			expect(url.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);
		}
		// One request: the message. The instance's webhook settings are never read or changed.
		expect(world.sandbox.requests({ kind: 'instance' }).map((record) => record.method)).toEqual(['sendInteractiveButtons']);
		// The waiting node shows its input; nothing about the GREEN-API instance leaks into the run.
		expect(JSON.stringify(waiting.first)).not.toContain(world.token);
	});

	it('goes to a group as links in the text, without a link preview that would open them', async () => {
		const waiting = await start(sendAndWait({ chatId: GROUP }));
		expectWaiting(waiting);
		expect(sent('sendInteractiveButtons')).toHaveLength(0);
		const [call] = sent('sendMessage');
		const body = call.json as { chatId: string; message: string; linkPreview: boolean };
		expect(body).toMatchObject({ chatId: GROUP, linkPreview: false });
		expect(body.message).toMatch(
			/^Order #1024: 3 × tea, 12\.50 EUR\. Approve\?\n\n\*Approve\*\nhttp:\/\/localhost:5678\/webhook-waiting\/\d+\/GREEN-API-id\?approved=true&signature=[0-9a-f]{64}$/,
		);
	});

	it('Message Format "Links in the Text" sends links to a personal chat too', async () => {
		await start(sendAndWait({ options: { messageFormat: 'links' } }));
		expect(sent('sendInteractiveButtons')).toHaveLength(0);
		expect((sent('sendMessage')[0].json as { message: string }).message).toContain('*Approve*\nhttp://localhost:5678/webhook-waiting/');
	});

	it('refuses a button label WhatsApp cannot show, a bad chat or a past deadline before sending anything', async () => {
		const cases: Array<[INodeParameters, RegExp]> = [
			[
				sendAndWait({ approvalOptions: { values: { approveLabel: 'Approve this order right now please' } } }),
				/^Item 0, button label "Approve this order right now please" is 35 characters long; WhatsApp shows at most 25/,
			],
			[sendAndWait({ chatId: 'not a chat' }), /^Item 0, "Chat": "not a chat" is neither a phone number nor a chat ID/],
			[sendAndWait({ message: '   ' }), /^Item 0, "Message": is empty/],
			[
				sendAndWait({ options: { limitWaitTime: { values: { limitType: 'atSpecifiedTime', maxDateAndTime: '2020-01-01T00:00:00Z' } } } }),
				/^Item 0, "Limit Wait Time": 2020-01-01T00:00:00.000Z is already past/,
			],
			[
				sendAndWait({ options: { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 0, resumeUnit: 'minutes' } } } }),
				/^Item 0, "Limit Wait Time": the amount must be more than 0/,
			],
		];
		for (const [parameters, message] of cases) {
			const run = await start(parameters);
			expect(run.first.status).toBe('error');
			expect(run.first.data.resultData.error?.message).toMatch(message);
		}
		expect(world.sandbox.requests({ kind: 'instance' })).toHaveLength(0);
	});

	it('a failed send fails the node (or becomes an error item with Continue On Fail) and nothing waits', async () => {
		world.sandbox.addFault({ method: 'sendInteractiveButtons', status: 500 });
		const failed = await start(sendAndWait());
		expect(failed.first.status).toBe('error');
		expect(failed.first.data.resultData.error?.message).toMatch(/GREEN-API server error on sendInteractiveButtons \(500\)/);
		// A server error may have sent the buttons: no second message with links.
		expect(sent('sendMessage')).toHaveLength(0);
		expect(JSON.stringify(failed.first)).not.toContain(world.token);

		world.sandbox.addFault({ method: 'sendInteractiveButtons', status: 500 });
		const continued = await start(sendAndWait(), world.credentials, undefined, true);
		expect(continued.first.status).toBe('success');
		const items = continued.first.data.resultData.runData['GREEN-API'][0].data?.main[0] ?? [];
		expect(items.map((item) => item.json)).toEqual([
			expect.objectContaining({ error: 'GREEN-API server error on sendInteractiveButtons (500): Internal Server Error', httpCode: '500' }),
		]);
	});
});

describe('answers', () => {
	it('a tap on Decline resumes the execution with data.approved false; a link preview resumes nothing', async () => {
		const waiting = await start(sendAndWait({ approvalOptions: { values: { approvalType: 'double' } } }));
		const [approve, decline] = buttonsOf();

		const preview = await waiting.request({ method: 'GET', url: approve.url, headers: { 'user-agent': 'WhatsApp/2.24.1.1 A' } });
		expect(preview).toMatchObject({ status: 204, resumed: false });

		const answer = await waiting.request({ method: 'GET', url: decline.url, headers: { 'user-agent': BROWSER } });
		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
		expect(answer.headers['content-security-policy']).toContain('sandbox');
		expect(answer.body).toContain('Your answer “Decline” was recorded.');
		expect(answer.resumed).toBe(true);
		expect(answer.run?.status).toBe('success');
		expect(answer.run?.items.map((item) => item.json)).toEqual([
			{ data: { approved: false, responded: true, respondedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } },
		]);
	});

	it('a changed link (approved=false → true with the old signature) is refused', async () => {
		const waiting = await start(sendAndWait({ approvalOptions: { values: { approvalType: 'double' } } }));
		const [, decline] = buttonsOf();
		const forged = decline.url.replace('approved=false', 'approved=true');
		expect(await waiting.request({ method: 'GET', url: forged, headers: { 'user-agent': BROWSER } })).toMatchObject({
			status: 401,
			resumed: false,
		});
		const answer = await waiting.request({ method: 'GET', url: decline.url, headers: { 'user-agent': BROWSER } });
		expect(answer.run?.items[0].json).toMatchObject({ data: { approved: false } });
	});

	it('Free Text: the link opens a form; its answer resumes the execution as data.text', async () => {
		const waiting = await start(
			sendAndWait({ responseType: 'freeText', options: { messageButtonLabel: 'Reply', responseFormTitle: 'Order #1024' } }),
		);
		const [button] = buttonsOf();
		expect(button).toMatchObject({ buttonId: 'respond', buttonText: 'Reply' });
		expect(new URL(button.url).searchParams.has('approved')).toBe(false);

		const form = await waiting.request({ method: 'GET', url: button.url, headers: { 'user-agent': BROWSER } });
		expect(form).toMatchObject({ status: 200, resumed: false });
		expect(form.body).toContain('<h1>Order #1024</h1>');
		expect(form.body).toContain('Order #1024: 3 × tea, 12.50 EUR. Approve?');
		expect(form.body).toMatch(/<textarea id="field-0" name="field-0" required>/);
		expect(form.body).toContain('<form method="post" enctype="multipart/form-data">');

		// n8n parses the multipart post into {data: {...}, files}.
		const empty = await waiting.request({
			method: 'POST',
			url: button.url,
			headers: { 'user-agent': BROWSER },
			body: { data: { 'field-0': '  ' }, files: {} },
		});
		expect(empty).toMatchObject({ status: 400, resumed: false });
		expect(empty.body).toContain('Please fill in this field.');

		const answer = await waiting.request({
			method: 'POST',
			url: button.url,
			headers: { 'user-agent': BROWSER },
			body: { data: { 'field-0': 'Deliver after 6 pm, please <b>' }, files: {} },
		});
		expect(answer).toMatchObject({ status: 200, resumed: true });
		expect(answer.body).toContain('Your answer was recorded.');
		expect(answer.run?.items.map((item) => item.json)).toEqual([
			{ data: { text: 'Deliver after 6 pm, please <b>', responded: true, respondedAt: expect.any(String) } },
		]);
	});

	it('Custom Form: the fields are checked, and the answers come out keyed by label', async () => {
		const formFields = {
			values: [
				{ fieldLabel: 'Quantity', fieldType: 'number', requiredField: true },
				{ fieldLabel: 'Delivery', fieldType: 'dropdown', fieldOptions: 'Morning, Evening', requiredField: true },
				{ fieldLabel: 'Email', fieldType: 'email' },
				{ fieldLabel: 'Note', fieldType: 'textarea', placeholder: 'Anything else?' },
			],
		};
		const waiting = await start(sendAndWait({ responseType: 'customForm', formFields }));
		const [button] = buttonsOf();
		const form = await waiting.request({ method: 'GET', url: button.url, headers: { 'user-agent': BROWSER } });
		expect(form.body).toContain('<input type="number" step="any" id="field-0" name="field-0" required value="">');
		expect(form.body).toContain(
			'<select id="field-1" name="field-1" required><option value=""></option><option>Morning</option><option>Evening</option></select>',
		);
		expect(form.body).toContain('placeholder="Anything else?"');

		const wrong = await waiting.request({
			method: 'POST',
			url: button.url,
			body: { 'field-0': 'three', 'field-1': 'Night', 'field-2': 'not-an-email' },
		});
		expect(wrong).toMatchObject({ status: 400, resumed: false });
		expect(wrong.body).toContain('Please enter a number.');
		expect(wrong.body).toContain('Please choose one of the options.');
		expect(wrong.body).toContain('Please enter an email address.');
		expect(wrong.body).toContain('value="three"');

		// As n8n hands over a multipart post.
		const answer = await waiting.request({
			method: 'POST',
			url: button.url,
			body: { data: { 'field-0': '3', 'field-1': 'Evening', 'field-2': 'anna@example.com', 'field-3': '' } },
		});
		expect(answer.resumed).toBe(true);
		expect(answer.run?.items[0].json).toEqual({
			data: { Quantity: 3, Delivery: 'Evening', Email: 'anna@example.com', Note: '', responded: true, respondedAt: expect.any(String) },
		});
	});
});

describe('the wait limit', () => {
	const limited = (extra: INodeParameters = {}) =>
		sendAndWait({
			options: { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 30, resumeUnit: 'minutes' } } },
			...extra,
		});

	it('sets waitTill, and when it passes the node outputs a clear no-response item', async () => {
		const before = Date.now();
		const waiting = await start(limited());
		expectWaiting(waiting);
		const waitTill = waiting.waitTill!.getTime();
		expect(waitTill).toBeGreaterThanOrEqual(before + 30 * 60_000);
		expect(waitTill).toBeLessThan(Date.now() + 30 * 60_000 + 1000);

		const resumed = await waiting.timeout();
		expect(resumed.status).toBe('success');
		expect(resumed.items).toEqual([
			{
				json: { data: { responded: false, timedOut: true, approved: false, waitedUntil: new Date(waitTill).toISOString() } },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('"At Specified Time" waits until that time; Free Text times out without an approved flag', async () => {
		const at = new Date(Date.now() + 86_400_000).toISOString();
		const waiting = await start(
			sendAndWait({
				responseType: 'freeText',
				options: { limitWaitTime: { values: { limitType: 'atSpecifiedTime', maxDateAndTime: at } } },
			}),
		);
		expect(waiting.waitTill?.toISOString()).toBe(at);
		expect((await waiting.timeout()).items[0].json).toEqual({ data: { responded: false, timedOut: true, waitedUntil: at } });
	});

	it('On Timeout "Pass the Input Items On" outputs the input, as n8n’s own nodes do', async () => {
		const waiting = await start(
			limited({ options: { onTimeout: 'passThrough', limitWaitTime: { values: { resumeAmount: 1, resumeUnit: 'hours' } } } }),
			world.credentials,
			[{ json: { orderId: 1 } }, { json: { orderId: 2 } }],
		);
		expect(sent('sendInteractiveButtons')).toHaveLength(1);
		expect((await waiting.timeout()).items.map((item) => item.json)).toEqual([{ orderId: 1 }, { orderId: 2 }]);
	});

	it('an answer before the limit wins: the execution is resumed by the tap, not the limit', async () => {
		const waiting = await start(limited());
		const [approve] = buttonsOf();
		const answer = await waiting.request({ method: 'GET', url: approve.url, headers: { 'user-agent': BROWSER } });
		expect(answer.run?.items[0].json).toMatchObject({ data: { approved: true, responded: true } });
		// The resumed execution has finished: a late tap finds nothing waiting.
		expect(await waiting.request({ method: 'GET', url: approve.url, headers: { 'user-agent': BROWSER } })).toMatchObject({
			status: 409,
			resumed: false,
		});
	});
});

describe('chats without buttons', () => {
	let server: Server;
	let received: Array<{ method: string; body: Record<string, unknown> }>;

	beforeAll(async () => {
		// A GREEN-API that has not enabled the beta buttons for this instance.
		server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const method = (req.url ?? '').split('/')[2];
				received.push({ method, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown> });
				const refused = method === 'sendInteractiveButtons';
				res.writeHead(refused ? 403 : 200, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify(refused ? { code: 403, description: 'Forbidden' } : { idMessage: 'BAE5F4886F6F2D05' }));
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
	beforeEach(() => {
		received = [];
	});

	it('get the links as text when GREEN-API refuses the buttons', async () => {
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		const credentials = {
			...world.credentials,
			greenApiInstanceApi: { ...world.credentials.greenApiInstanceApi, apiUrl: url, mediaUrl: url },
		};
		const waiting = await start(sendAndWait(), credentials);
		expectWaiting(waiting);
		expect(received.map((call) => call.method)).toEqual(['sendInteractiveButtons', 'sendMessage']);
		expect(received[1].body).toMatchObject({ chatId: PERSON, linkPreview: false });
		expect(String(received[1].body.message)).toContain('*Approve*\nhttp://localhost:5678/webhook-waiting/');
		expect(waiting.logs.join('\n')).toMatch(
			/warn: GREEN-API refused sendInteractiveButtons \(GREEN-API denied access to sendInteractiveButtons \(403\)/,
		);
	});
});
