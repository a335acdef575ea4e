/** The web page and the control routes it uses. */
import { get } from 'node:http';
import { Script } from 'node:vm';
import type { Sandbox } from '../../sandbox';
import { http, start, waitFor } from './helpers';

let sandbox: Sandbox;
let id: number;

beforeAll(async () => {
	({ sandbox } = await start());
	id = sandbox.instances[0].idInstance;
});
afterAll(() => sandbox.close());

test('/sandbox/ is a self-contained HTML page whose script parses', async () => {
	const res = await http.get(`${sandbox.apiUrl}/sandbox/`, { responseType: 'text' });
	expect(res.status).toBe(200);
	expect(res.headers['content-type']).toContain('text/html');
	const html = res.data as string;
	expect(html).toContain('<form id="compose">');
	expect(html).not.toMatch(/(src|href)="https?:/);
	const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
	expect(() => new Script(script)).not.toThrow();
	expect(script).toContain("new EventSource('/sandbox/events')");
});

test('the page data: chats with messages and file links, instance view, QR picture', async () => {
	const sent = await http.post(`${sandbox.apiUrl}/sandbox/instances/${id}/incoming`, {
		typeMessage: 'imageMessage',
		chatId: '79001234567@c.us',
		caption: 'parcel',
	});
	expect(sent.status).toBe(200);
	const chats = (await http.get(`${sandbox.apiUrl}/sandbox/instances/${id}/chats`)).data as {
		chatId: string;
		name: string;
		unread: number;
		messages: { file: { url: string; mimeType: string; caption: string } }[];
	}[];
	expect(chats[0]).toMatchObject({ chatId: '79001234567@c.us', name: 'Ivan Petrov', unread: 1 });
	expect(chats[0].messages[0].file).toMatchObject({ mimeType: 'image/png', caption: 'parcel' });
	expect((await http.get(chats[0].messages[0].file.url)).status).toBe(200);
	expect((await http.get(`${sandbox.apiUrl}/sandbox/instances/${id}`)).data).toMatchObject({
		idInstance: id,
		stateInstance: 'authorized',
	});
	const qr = (await http.get(`${sandbox.apiUrl}/sandbox/instances/${id}/qr`)).data as {
		png: string;
	};
	expect(Buffer.from(qr.png, 'base64').subarray(1, 4).toString()).toBe('PNG');
	await http.post(`${sandbox.apiUrl}/sandbox/instances/${id}/incoming`, { text: 'second' });
	const latest = (await http.get(`${sandbox.apiUrl}/sandbox/instances/${id}/chats?last=1`)).data as { messages: { text: string }[] }[];
	expect(latest[0].messages.map((m) => m.text)).toEqual(['second']);
	expect((await http.get(`${sandbox.apiUrl}/sandbox/instances/999/chats`)).status).toBe(404);
	expect((await http.get(`${sandbox.apiUrl}/sandbox/nothing`)).status).toBe(404);
});

test('the event stream announces changes of an instance', async () => {
	const events = await new Promise<string>((resolve, reject) => {
		const req = get(`${sandbox.apiUrl}/sandbox/events`, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => {
				text += chunk;
				if (text.includes('event: change')) {
					req.destroy();
					resolve(text);
				}
			});
			void http.post(`${sandbox.apiUrl}/sandbox/instances/${id}/incoming`, { text: 'ping' });
		});
		req.on('error', reject);
	});
	expect(events).toContain(`data: {"idInstance":${id}}`);
});

/** Runs the page script against the sandbox with a minimal stand-in for the browser DOM. */
test('the page script renders chats and sends a message typed into the form', async () => {
	sandbox.reset();
	sandbox.injectIncoming(id, { text: 'Is my order ready?' });
	const html = (await http.get(`${sandbox.apiUrl}/sandbox/`, { responseType: 'text' })).data as string;
	const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
	const ids = [...html.matchAll(/id="([^"]+)"/g)].map((m) => m[1]);
	type Element = {
		id: string;
		innerHTML: string;
		textContent: string;
		value: string;
		files: unknown[];
		onclick?: () => void;
		onchange?: () => void;
		onsubmit?: (e: unknown) => Promise<void>;
		scrollHeight: number;
		scrollTop: number;
		clientHeight: number;
	};
	const elements = new Map<string, Element>(
		ids.map((name) => [
			name,
			{
				id: name,
				innerHTML: '',
				textContent: '',
				value: '',
				files: [],
				scrollHeight: 0,
				scrollTop: 0,
				clientHeight: 0,
			},
		]),
	);
	elements.get('chatId')!.value = '79001234567@c.us';
	elements.get('type')!.value = 'textMessage';
	elements.get('from')!.value = 'contact';
	const timers: NodeJS.Timeout[] = [];
	const context = {
		document: {
			querySelector: (selector: string) => elements.get(selector.replace(/^#/, '')) ?? null,
			querySelectorAll: () => [],
		},
		fetch: (path: string, options: RequestInit) => fetch(`${sandbox.apiUrl}${path}`, options),
		EventSource: class {
			addEventListener(): void {}
		},
		setInterval: () => 0,
		setTimeout: (fn: () => void, ms: number) => {
			const handle = setTimeout(fn, ms);
			timers.push(handle);
			return handle;
		},
		FileReader: class {},
		console,
	};
	new Script(script).runInNewContext(context);
	await waitFor(
		() =>
			elements.get('chats')!.innerHTML.includes('Ivan Petrov') &&
			elements.get('messages')!.innerHTML.includes('Is my order ready?') &&
			elements.get('state')!.textContent === 'authorized',
		10_000,
		'the page to render',
	);
	expect(elements.get('chats')!.innerHTML).toContain('Ivan Petrov');
	expect(elements.get('messages')!.innerHTML).toContain('Is my order ready?');
	expect(elements.get('state')!.textContent).toBe('authorized');
	expect(elements.get('error')!.textContent).toBe('');

	elements.get('text')!.value = 'Typed on the page';
	await elements.get('compose')!.onsubmit!({ preventDefault: () => undefined });
	await waitFor(() => elements.get('messages')!.innerHTML.includes('Typed on the page'), 10_000, 'the typed message');
	expect(sandbox.chats(id)[0].messages.at(-1)).toMatchObject({
		type: 'incoming',
		text: 'Typed on the page',
	});
	expect(elements.get('messages')!.innerHTML).toContain('Typed on the page');
	timers.forEach(clearTimeout);
});

test('the page shows URL buttons and links in texts as links, only for http(s)', async () => {
	const html = (await http.get(`${sandbox.apiUrl}/sandbox/`, { responseType: 'text' })).data as string;
	const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
	const context: Record<string, unknown> = {
		document: { querySelector: () => null, querySelectorAll: () => [] },
		fetch: () => new Promise(() => undefined),
		EventSource: class {
			addEventListener(): void {}
		},
		setInterval: () => 0,
		setTimeout: () => 0,
		FileReader: class {},
		console,
	};
	new Script(script).runInNewContext(context);
	const buttonsMessage = context.buttonsMessage as (data: unknown) => string;
	const linkify = context.linkify as (text: string) => string;

	const resume = 'http://127.0.0.1:5678/webhook-waiting/7/node?approved=true&signature=ab12';
	const message = buttonsMessage({
		titleText: 'Order <1024>',
		contentText: 'Approve?',
		buttons: [
			{ type: 'url', buttonId: '1', buttonText: 'Approve', url: resume },
			{ type: 'url', buttonId: '2', buttonText: 'Sneaky', url: 'javascript:alert(1)' },
			{ type: 'call', buttonId: '3', buttonText: 'Call us', phoneNumber: '79001234567' },
		],
	});
	expect(message).toContain(
		'<a class="wa-button" href="http://127.0.0.1:5678/webhook-waiting/7/node?approved=true&amp;signature=ab12" target="_blank" rel="noopener noreferrer"',
	);
	expect(message).toContain('<div class="head">Order &lt;1024&gt;</div>');
	expect(message).not.toContain('javascript:');
	expect(message).toContain('<span class="wa-button">↩ Sneaky</span>');
	expect(message).toContain('☎ Call us</span>');

	expect(linkify(`*Approve*\n${resume}. <b>`)).toBe(
		`*Approve*\n<a href="${resume.replace('&', '&amp;')}" target="_blank" rel="noopener noreferrer">${resume.replace('&', '&amp;')}</a>. &lt;b&gt;`,
	);
	expect(linkify('javascript:alert(1) and ftp://x')).toBe('javascript:alert(1) and ftp://x');
});
