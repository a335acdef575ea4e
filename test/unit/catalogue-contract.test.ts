import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CATALOGUE, RESOURCES } from '../../nodes/GreenApi/catalogue';
import type { Field, MethodEntry } from '../../nodes/GreenApi/catalogue/types';
import { FieldError } from '../../nodes/GreenApi/fields';

interface ContractParam {
	name: string;
	type: string;
	required: boolean;
	constraints: string | null;
}

interface ContractMethod {
	name: string;
	archived: boolean;
	verb: string;
	host: string;
	path: string;
	query: ContractParam[];
	contentType: string | null;
	body: ContractParam[];
	fileField: string | null;
	rateLimitRps: number | null;
}

const CONTRACT = JSON.parse(readFileSync(join(__dirname, '../../contract/green-api/methods.json'), 'utf8')) as ContractMethod[];

/** Where a value travels, comparable between the contract and the catalogue. */
type Slot = string;

/** The slot of a contract parameter: file parts, raw bodies and their Content-Type are the file. */
function contractSlot(method: ContractMethod, param: ContractParam, where: 'body' | 'query'): Slot {
	if (where === 'query') return `query:${param.name}`;
	if (param.name === method.fileField || param.name === '(request body)' || param.name === 'Content-Type (header)') {
		return 'file';
	}
	const header = /^(.+) \(header\)$/.exec(param.name);
	return header ? `header:${header[1]}` : `body:${param.name}`;
}

function fieldSlot(field: Field): Slot {
	const placement = field.placement;
	if (placement.in === 'file' || placement.in === 'path') return placement.in;
	const key = placement.in === 'body' ? placement.key.split('.')[0] : placement.key;
	return `${placement.in}:${key}`;
}

function limitSlot(entry: MethodEntry): Slot | undefined {
	return entry.output?.kind === 'list' && entry.output.limitParam
		? `${entry.output.limitParam.in}:${entry.output.limitParam.key}`
		: undefined;
}

const contractParams = (method: ContractMethod) => [
	...method.body.map((param) => ({ param, slot: contractSlot(method, param, 'body') })),
	...method.query.map((param) => ({ param, slot: contractSlot(method, param, 'query') })),
];

const entryFor = (method: string): MethodEntry => {
	const entry = CATALOGUE.find((candidate) => candidate.method === method);
	if (!entry) throw new Error(`no entry for ${method}`);
	return entry;
};

const fieldFor = (method: string, name: string): Field => {
	const field = entryFor(method).fields.find((candidate) => candidate.property.name === name);
	if (!field) throw new Error(`${method} has no field ${name}`);
	return field;
};

const refuses = (field: Field, value: unknown) => expect(() => field.toApi(value)).toThrow(FieldError);
const accepts = (field: Field, value: unknown) => expect(() => field.toApi(value)).not.toThrow();

/** A fixedCollection value with the given rows. */
const rowsOf = (...entries: Array<Record<string, unknown>>) => ({ row: entries });

const pairs = CONTRACT.map((method) => [method.name, method, entryFor(method.name)] as const);

describe('catalogue against contract/green-api/methods.json', () => {
	it('has exactly one entry per method (62 HTTP, the scanqrcode websocket) and nothing else', () => {
		const methods = CATALOGUE.filter((entry) => !entry.uses).map((entry) => entry.method);
		expect(new Set(methods).size).toBe(methods.length);
		expect([...methods].sort()).toEqual(CONTRACT.map((method) => method.name).sort());
		expect(methods).toHaveLength(63);
	});

	it('operations made of several methods (Send and Wait) use only contract methods, under their own name', () => {
		const composite = CATALOGUE.filter((entry) => entry.uses);
		expect(composite.map((entry) => entry.method)).toEqual(['sendAndWait']);
		for (const entry of composite) {
			expect(CONTRACT.map((method) => method.name)).not.toContain(entry.method);
			for (const used of entry.uses ?? []) expect(CONTRACT.map((method) => method.name)).toContain(used);
		}
	});

	it.each(pairs)('%s: verb, host, encoding and archived flag match', (_name, method, entry) => {
		expect(entry.verb).toBe(method.verb);
		expect(entry.host).toBe(method.host);
		const encoding = method.contentType?.startsWith('multipart') ? 'multipart' : method.contentType?.startsWith('raw') ? 'raw' : 'json';
		expect(entry.encoding ?? 'json').toBe(encoding);
		expect(Boolean(entry.deprecated)).toBe(method.archived);
	});

	it.each(pairs)('%s: the rate limit Parallel Requests paces to is the documented one', (_name, method, entry) => {
		expect(entry.rateLimitRps).toBe(method.rateLimitRps ?? null);
	});

	it.each(pairs)('%s: every contract parameter is covered, with the same required flag', (_name, method, entry) => {
		for (const { param, slot } of contractParams(method)) {
			const covering = entry.fields.filter((field) => fieldSlot(field) === slot);
			const byLimit = limitSlot(entry) === slot;
			expect({ param: param.name, covered: covering.length > 0 || byLimit }).toEqual({
				param: param.name,
				covered: true,
			});
			const required = covering.some((field) => field.required);
			expect({ param: param.name, required }).toEqual({ param: param.name, required: param.required });
		}
	});

	it.each(pairs)('%s: sends no key the contract does not list', (_name, method, entry) => {
		const known = new Set(contractParams(method).map(({ slot }) => slot));
		if (/\{\{apiTokenInstance\}\}\/\{\{\w+\}\}$/.test(method.path)) known.add('path');
		for (const field of entry.fields) {
			expect({ field: field.property.name, slot: fieldSlot(field), known: known.has(fieldSlot(field)) }).toEqual({
				field: field.property.name,
				slot: fieldSlot(field),
				known: true,
			});
		}
		const limit = limitSlot(entry);
		if (limit) expect(known.has(limit)).toBe(true);
	});

	it.each(pairs)("%s: parameter names are unique and do not clash with the node's own", (_name, _method, entry) => {
		const names = entry.fields.map((field) => field.property.name);
		expect(new Set(names).size).toBe(names.length);
		const reserved = [
			'resource',
			'operation',
			'options',
			'returnAll',
			'limit',
			'download',
			'binaryPropertyOutput',
			'retryOnServerError',
			'parallelRequests',
			'requestsPerSecond',
		];
		expect(names.filter((name) => reserved.includes(name))).toEqual([]);
	});

	it('sends the values the docs say to always send, from the node', () => {
		expect(fieldFor('sendTextStatus', 'backgroundColor').onNode).toBe(true);
		expect(fieldFor('setDisappearingChat', 'ephemeralExpiration').onNode).toBe(true);
		expect(fieldFor('sendMessage', 'linkPreview').onNode).toBe(true);
		expect(fieldFor('sendTextStatus', 'backgroundColor').toApi('#228b22')).toBe('#228B22');
	});
});

describe('documented limits are refused before sending', () => {
	const textLimits = CONTRACT.flatMap((method) =>
		method.body
			.map((param) => ({ param, max: /^max ~?(\d+) char/.exec(param.constraints ?? '')?.[1] }))
			.filter(({ max }) => max !== undefined)
			.map(({ param, max }) => [method.name, param.name, Number(max)] as const),
	);

	it.each(textLimits)('%s %s: at most %i characters', (method, key, max) => {
		const field = entryFor(method).fields.find((candidate) => fieldSlot(candidate) === `body:${key}`);
		expect(field?.property.type).toBe('string');
		accepts(field!, 'x'.repeat(max));
		refuses(field!, 'x'.repeat(max + 1));
	});

	const ranges = CONTRACT.flatMap((method) =>
		[...method.body, ...method.query]
			.filter((param) => /integer|number/.test(param.type))
			.map((param) => ({ param, range: /^(-?\d+)\s*(?:\.\.|–|-)\s*(\d+)/.exec(param.constraints ?? '') }))
			.filter(({ range }) => range !== null)
			.map(({ param, range }) => [method.name, param.name, Number(range![1]), Number(range![2])] as const),
	);

	it.each(ranges)('%s %s: from %d to %d', (method, key, min, max) => {
		const field = entryFor(method).fields.find(
			(candidate) => fieldSlot(candidate) === `body:${key}` || fieldSlot(candidate) === `query:${key}`,
		)!;
		const fractions = Boolean(field.property.typeOptions?.numberPrecision);
		const step = fractions ? 0.5 : 1;
		if (fractions) accepts(field, min + 0.25);
		accepts(field, min);
		accepts(field, max);
		refuses(field, min - step);
		refuses(field, max + step);
	});

	it('every typing time is 1000–20000 ms', () => {
		const typing = CATALOGUE.flatMap((entry) => entry.fields.filter((field) => field.property.name === 'typingTime'));
		const documented = CONTRACT.flatMap((method) => method.body.filter((param) => param.name === 'typingTime'));
		expect(typing).toHaveLength(documented.length);
		for (const field of typing) {
			accepts(field, 1000);
			accepts(field, 20000);
			refuses(field, 999);
			refuses(field, 20001);
		}
	});

	it('custom preview texts are at most 300 characters', () => {
		for (const name of ['previewTitle', 'previewDescription', 'previewLink']) {
			accepts(fieldFor('sendMessage', name), 'x'.repeat(300));
			refuses(fieldFor('sendMessage', name), 'x'.repeat(301));
		}
		expect(fieldFor('sendMessage', 'previewTitle').placement).toEqual({ in: 'body', key: 'customPreview.title' });
	});

	it('polls take 2–12 unique options of at most 100 characters', () => {
		const options = fieldFor('sendPoll', 'pollOptions');
		const named = (count: number) => rowsOf(...Array.from({ length: count }, (_, i) => ({ optionName: `o${i}` })));
		accepts(options, named(2));
		accepts(options, named(12));
		refuses(options, named(1));
		refuses(options, named(13));
		refuses(options, rowsOf({ optionName: 'Same' }, { optionName: 'Same' }));
		refuses(options, rowsOf({ optionName: 'x'.repeat(101) }, { optionName: 'b' }));
		expect(options.toApi(named(2))).toEqual([{ optionName: 'o0' }, { optionName: 'o1' }]);
	});

	it('button messages take at most 3 buttons with at most 25 characters', () => {
		const reply = (count: number, text = 'Yes') =>
			rowsOf(...Array.from({ length: count }, (_, i) => ({ buttonId: String(i), buttonText: text })));
		for (const method of ['sendButtons', 'sendInteractiveButtonsReply']) {
			const buttons = fieldFor(method, 'buttons');
			accepts(buttons, reply(3, 'x'.repeat(25)));
			refuses(buttons, reply(4));
			refuses(buttons, reply(1, 'x'.repeat(26)));
			refuses(buttons, reply(0));
		}
		const action = (count: number) =>
			rowsOf(
				...Array.from({ length: count }, (_, i) => ({ type: 'url', buttonId: String(i), buttonText: 'Open', url: 'https://example.com' })),
			);
		accepts(fieldFor('sendInteractiveButtons', 'buttons'), action(3));
		refuses(fieldFor('sendInteractiveButtons', 'buttons'), action(4));
		const template = (count: number) =>
			rowsOf(...Array.from({ length: count }, (_, i) => ({ type: 'quickReplyButton', displayText: 'Hi', id: String(i) })));
		accepts(fieldFor('sendTemplateButtons', 'templateButtons'), template(3));
		refuses(fieldFor('sendTemplateButtons', 'templateButtons'), template(4));
	});

	it('interactive buttons carry what their type needs', () => {
		const buttons = fieldFor('sendInteractiveButtons', 'buttons');
		expect(
			buttons.toApi(
				rowsOf(
					{ type: 'copy', buttonId: '1', buttonText: 'Copy code', copyCode: 'PROMO10', url: 'https://stale.example' },
					{ type: 'call', buttonId: '2', buttonText: 'Call us', phoneNumber: '+7 900 123-45-67' },
					{ type: 'url', buttonId: '3', buttonText: 'Open site', url: 'https://example.com' },
				),
			),
		).toEqual([
			{ type: 'copy', buttonId: '1', buttonText: 'Copy code', copyCode: 'PROMO10' },
			{ type: 'call', buttonId: '2', buttonText: 'Call us', phoneNumber: '79001234567' },
			{ type: 'url', buttonId: '3', buttonText: 'Open site', url: 'https://example.com' },
		]);
		expect(() => buttons.toApi(rowsOf({ type: 'url', buttonId: '1', buttonText: 'Open' }))).toThrow('Button 1: URL is empty');
		expect(
			fieldFor('sendTemplateButtons', 'templateButtons').toApi(
				rowsOf(
					{ type: 'urlButton', displayText: 'Site', url: 'https://example.com' },
					{ type: 'quickReplyButton', displayText: 'Hi', id: 'hi' },
				),
			),
		).toEqual([
			{ index: 1, urlButton: { displayText: 'Site', url: 'https://example.com' } },
			{ index: 2, quickReplyButton: { displayText: 'Hi', id: 'hi' } },
		]);
	});

	it('list messages need sections with titled rows', () => {
		const sections = fieldFor('sendListMessage', 'sections');
		accepts(sections, '[{"title":"A","rows":[{"title":"One","rowId":"1"}]}]');
		refuses(sections, '[]');
		refuses(sections, '[{"title":"A","rows":[]}]');
		refuses(sections, '[{"title":"A","rows":[{"title":"One"}]}]');
	});

	it('disappearing messages take only the four documented timers', () => {
		const timer = fieldFor('setDisappearingChat', 'ephemeralExpiration');
		for (const seconds of [0, 86400, 604800, 7776000]) expect(timer.toApi(String(seconds))).toBe(seconds);
		refuses(timer, 3600);
	});

	it('the notification receipt is a positive whole number in the path', () => {
		const receipt = fieldFor('deleteNotification', 'receiptId');
		expect(receipt.placement).toEqual({ in: 'path' });
		expect(receipt.toApi('1234567')).toBe(1234567);
		refuses(receipt, 0);
		refuses(receipt, 1.5);
		refuses(receipt, '');
	});

	it('settings are "yes"/"no" strings and the send delay is at least 500 ms', () => {
		expect(fieldFor('setSettings', 'incomingWebhook').toApi(true)).toBe('yes');
		expect(fieldFor('createInstance', 'incomingWebhook').toApi(false)).toBe('no');
		expect(fieldFor('setSettings', 'linkPreview').toApi(true)).toBe(true);
		expect(fieldFor('setSettings', 'webhookUrl').toApi('')).toBe('');
		refuses(fieldFor('setSettings', 'webhookUrl'), 'not a url');
		for (const method of ['setSettings', 'createInstance']) {
			accepts(fieldFor(method, 'delaySendMessagesMilliseconds'), 500);
			accepts(fieldFor(method, 'delaySendMessagesMilliseconds'), 86400000);
			refuses(fieldFor(method, 'delaySendMessagesMilliseconds'), 499);
		}
		expect(entryFor('setSettings').fields.every((field) => !field.onNode)).toBe(true);
	});

	it('chat fields take the right kind of chat', () => {
		refuses(fieldFor('getGroupData', 'groupId'), '79001234567@c.us');
		refuses(fieldFor('addGroupParticipant', 'participantChatId'), '120363000000000001@g.us');
		expect(fieldFor('createGroup', 'chatIds').toApi('+7 900 123-45-67\n79001234568@c.us')).toEqual([
			'79001234567@c.us',
			'79001234568@c.us',
		]);
		refuses(fieldFor('createGroup', 'chatIds'), '120363000000000001@g.us');
		expect(fieldFor('sendContact', 'phoneContact').toApi('+7 900 123-45-67')).toBe(79001234567);
		expect(fieldFor('sendContact', 'phoneContact').placement).toEqual({ in: 'body', key: 'contact.phoneContact' });
	});

	it('contacts can be filtered to groups or people, or not at all', () => {
		const group = fieldFor('getContacts', 'group');
		expect(group.toApi('true')).toBe(true);
		expect(group.toApi('false')).toBe(false);
		expect(group.toApi('')).toBeUndefined();
	});

	it('file names need an extension', () => {
		refuses(fieldFor('sendFileByUrl', 'fileName'), 'invoice');
		accepts(fieldFor('sendFileByUrl', 'fileName'), 'invoice.pdf');
		expect(fieldFor('uploadFile', 'fileName').placement).toEqual({ in: 'header', key: 'GA-Filename' });
		expect(fieldFor('sendFileByUpload', 'fileName').toApi('')).toBeUndefined();
	});
});

describe('catalogue conventions', () => {
	it('groups entries by resource in the order of RESOURCES, which is sorted by name', () => {
		const names = RESOURCES.map((resource) => resource.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		const order = CATALOGUE.map((entry) => RESOURCES.findIndex((resource) => resource.value === entry.resource));
		expect(order.every((index) => index >= 0)).toBe(true);
		expect(order).toEqual([...order].sort((a, b) => a - b));
		expect(new Set(order).size).toBe(RESOURCES.length);
	});

	it('never marks a destructive call as safe to retry, and says what is lost', () => {
		for (const entry of CATALOGUE.filter((candidate) => candidate.destructive)) {
			expect({ method: entry.method, safe: Boolean(entry.safeToRetry) }).toEqual({ method: entry.method, safe: false });
			expect(entry.description).toMatch(/cannot be undone|permanently|removes|leaves|restarts/);
		}
	});

	it('writes names in Title Case, actions in sentence case and booleans as "Whether …"', () => {
		for (const entry of CATALOGUE) {
			expect(entry.name).toMatch(/^[A-Z][A-Za-z]*( ([A-Z][A-Za-z]*|by|as|and|for))*$/);
			expect(entry.action).toMatch(/^[A-Z][a-z]+ [a-z]/);
			expect(entry.description).toMatch(/^[A-Z].*\.$/);
			for (const field of entry.fields) {
				if (field.property.type === 'boolean') expect(field.property.description).toMatch(/^Whether /);
			}
		}
	});
});
