import { join } from 'node:path';

import { ESLint } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { NodeHelpers, Workflow, type INodeProperties, type INodePropertyOptions, type INodeTypeDescription } from 'n8n-workflow';

import { GreenApi } from '../../nodes/GreenApi/GreenApi.node';
import { GreenApiQueueTrigger } from '../../nodes/GreenApi/GreenApiQueueTrigger.node';
import { GreenApiTrigger } from '../../nodes/GreenApi/GreenApiTrigger.node';
import { CATALOGUE, RESOURCES } from '../../nodes/GreenApi/catalogue';
import type { MethodEntry, ResourceOption } from '../../nodes/GreenApi/catalogue/types';
import { buildProperties, withDisplay } from '../../nodes/GreenApi/description/properties';
import { text } from '../../nodes/GreenApi/fields';
import { SWITCH_LABELS } from '../../nodes/GreenApi/events/eventCatalogue';

const description = new GreenApi().description;

/** Source text with the generated description as a literal, so lint rules can read it. */
function toLiteral(value: unknown, indent = ''): string {
	const inner = `${indent}\t`;
	if (Array.isArray(value)) {
		return value.length === 0 ? '[]' : `[\n${value.map((v) => inner + toLiteral(v, inner)).join(',\n')},\n${indent}]`;
	}
	if (value && typeof value === 'object') {
		const entries = Object.entries(value).filter(([, v]) => v !== undefined);
		if (entries.length === 0) return '{}';
		const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
		return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${toLiteral(v, inner)}`).join(',\n')},\n${indent}}`;
	}
	return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

async function lintDescription(className: string, value: unknown): Promise<string[]> {
	// The plugin treats every file as a trigger when it sees NODE_ENV=test (jest's default).
	const nodeEnv = process.env.NODE_ENV;
	process.env.NODE_ENV = 'lint';
	const n8nNodesBase = (await import('eslint-plugin-n8n-nodes-base')).default;
	process.env.NODE_ENV = nodeEnv;
	const source = [
		"import type { INodeTypeDescription } from 'n8n-workflow';",
		`export class ${className} {`,
		`\tdescription: INodeTypeDescription = ${toLiteral(value, '\t')};`,
		'}',
		'',
	].join('\n');
	const rules = {
		...n8nNodesBase.configs.nodes.rules,
		// Inputs/outputs are the NodeConnectionTypes enum in the real file.
		'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
		'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
	} as const;
	const eslint = new ESLint({
		cwd: join(__dirname, '../..'),
		overrideConfigFile: true,
		overrideConfig: [
			{
				files: ['**/*.ts'],
				languageOptions: { parser: tsParser },
				plugins: { 'n8n-nodes-base': n8nNodesBase },
				rules,
			},
		],
	});
	const [result] = await eslint.lintText(source, {
		filePath: join(__dirname, `../../nodes/GreenApi/${className}.node.ts`),
	});
	const lines = source.split('\n');
	return result.messages.map((m) => `${m.ruleId}: ${m.message} → ${lines[m.line - 1]?.trim()}`);
}

describe('generated node descriptions', () => {
	it.each([
		['GreenApi', description],
		['GreenApiTrigger', new GreenApiTrigger().description],
		['GreenApiQueueTrigger', new GreenApiQueueTrigger().description],
	])('%s passes the n8n node lint rules that cannot see generated objects in the source', async (name, value) => {
		expect(await lintDescription(name, value)).toEqual([]);
	});

	/** The properties n8n shows for these parameter values on a node of this version. */
	const shown = (version: number, values: Record<string, unknown>, properties = description.properties) =>
		properties.filter((p) => NodeHelpers.displayParameter(values as never, p, { typeVersion: version }, description));

	const operationOptions = (version: number) =>
		RESOURCES.flatMap((resource) =>
			shown(version, { resource: resource.value })
				.filter((p) => p.name === 'operation')
				.flatMap((p) => (p.options ?? []).map((o) => ({ resource: resource.value, ...(o as INodePropertyOptions) }))),
		);

	it("declares no n8n type check, which the node skips when it reads an item's parameters", () => {
		// execute/itemParameter.ts reads with skipValidation: the fields check every value.
		const declared: string[] = [];
		const visit = (properties: unknown[] | undefined, path: string) => {
			for (const property of (properties ?? []) as Array<INodeProperties & { values?: unknown[] }>) {
				const at = `${path}${property.name}`;
				if (property.validateType || property.type === 'resourceMapper') declared.push(at);
				if (property.type === 'collection' || property.type === 'fixedCollection') visit(property.options as unknown[], `${at}.`);
				if (property.values) visit(property.values, `${at}.`);
			}
		};
		visit(description.properties, '');
		expect(declared).toEqual([]);
	});

	it('is version 1.2 for new nodes and keeps versions 1 and 1.1 for saved workflows', () => {
		expect(description.version).toEqual([1, 1.1, 1.2]);
		expect(description.defaultVersion).toBe(1.2);
	});

	it('version 1 offers every catalogue entry as exactly one operation, each with an action', () => {
		const offered = operationOptions(1).map((o) => `${o.resource}.${String(o.value)}`);
		expect(offered.sort()).toEqual(CATALOGUE.map((e) => `${e.resource}.${e.operation}`).sort());
		for (const option of operationOptions(1)) expect(option.action).toMatch(/^[A-Z]/);
	});

	it.each([1.1, 1.2])('version %s offers every operation but the ones GREEN-API archived', (version) => {
		const offered = operationOptions(version).map((o) => `${o.resource}.${String(o.value)}`);
		const active = CATALOGUE.filter((e) => !e.deprecated);
		expect(offered.sort()).toEqual(active.map((e) => `${e.resource}.${e.operation}`).sort());
		expect(CATALOGUE.filter((e) => e.deprecated).map((e) => e.method)).toEqual(
			expect.arrayContaining(['sendButtons', 'sendTemplateButtons', 'sendListMessage', 'getDeviceInfo', 'getStatusInstance']),
		);
	});

	it("shows an archived operation's parameters in either version, so a saved node still runs", () => {
		for (const version of [1, 1.1, 1.2]) {
			const names = shown(version, { resource: 'message', operation: 'sendButtons' }).map((p) => p.name);
			expect(names).toEqual(expect.arrayContaining(['deprecatedNotice', 'chatId', 'message', 'buttons']));
		}
	});

	it('labels archived methods as deprecated and says what destructive ones destroy', () => {
		for (const entry of CATALOGUE) {
			const option = operationOptions(1).find((o) => o.resource === entry.resource && o.value === entry.operation)!;
			expect(option.name.endsWith('(Deprecated)')).toBe(Boolean(entry.deprecated));
			if (entry.destructive)
				expect(option.description).toMatch(/cannot be undone|permanently|removes|deletes|logs out|restarts|clears|leaves/i);
		}
	});

	it.each([1, 1.1, 1.2])('never shows two parameters with the same name or label for one operation (version %s)', (version) => {
		for (const entry of CATALOGUE) {
			const visible = shown(version, { resource: entry.resource, operation: entry.operation });
			const names = visible.map((p) => p.name);
			expect([...new Set(names)]).toEqual(names);
			const labels = visible.filter((p) => p.type !== 'notice').map((p) => p.displayName);
			expect([...new Set(labels)]).toEqual(labels);
			const buttons = visible.map((p) => p.placeholder).filter((text) => typeof text === 'string' && text.startsWith('Add '));
			expect([...new Set(buttons)]).toEqual(buttons);
		}
	});

	it('starts every resource at the operation it names, in every version', () => {
		for (const version of [1, 1.1, 1.2]) {
			for (const resource of RESOURCES) {
				const operation = shown(version, { resource: resource.value }).filter((p) => p.name === 'operation');
				expect(operation.map((p) => p.default)).toEqual([resource.defaultOperation]);
			}
		}
		expect(RESOURCES.find((r) => r.value === 'message')?.defaultOperation).toBe('sendMessage');
	});

	it.each([
		['partner', 'deleteInstanceAccount', 'idInstance'],
		['notification', 'deleteNotification', 'receiptId'],
	])(
		'%s %s: the required %s starts empty from version 1.2; versions 1 and 1.1 keep the 1 their saved workflows hold',
		(resource, operation, name) => {
			const field = (version: number) => shown(version, { resource, operation }).filter((p) => p.name === name);
			expect(field(1.2)).toEqual([expect.objectContaining({ type: 'string', default: '', required: true })]);
			for (const version of [1, 1.1])
				expect(field(version)).toEqual([expect.objectContaining({ type: 'number', default: 1, required: true })]);
		},
	);

	it("names Send Poll's answers apart from its Options", () => {
		const visible = shown(1.1, { resource: 'message', operation: 'sendPoll' });
		expect(visible.map((p) => `${p.displayName}/${p.placeholder ?? ''}`)).toEqual(
			expect.arrayContaining(['Answers/Add Answer', 'Options/Add Option']),
		);
	});

	describe('chat and group fields', () => {
		const methods = Object.keys(new GreenApi().methods.listSearch);
		const chatFields = (version: number) =>
			CATALOGUE.flatMap((entry) =>
				shown(version, { resource: entry.resource, operation: entry.operation })
					.filter((p) => ['chatId', 'chatIdFrom', 'groupId', 'participantChatId'].includes(p.name))
					.map((p) => ({ entry, p })),
			);

		it('are resource locators from version 1.1: from list, by phone number, by ID', () => {
			const fields = chatFields(1.1);
			expect(fields.length).toBeGreaterThan(30);
			for (const { entry, p } of fields) {
				expect(p.type).toBe('resourceLocator');
				expect(p.default).toEqual({ mode: 'list', value: '' });
				const modes = p.modes ?? [];
				const list = modes.find((m) => m.name === 'list');
				expect(methods).toContain(list?.typeOptions?.searchListMethod);
				expect(list?.typeOptions?.searchable).toBe(true);
				const group = p.name === 'groupId';
				expect(modes.map((m) => m.name)).toEqual(group ? ['list', 'id'] : ['list', 'phone', 'id']);
				const person = p.name === 'participantChatId' || entry.method === 'getContactInfo';
				expect(list?.typeOptions?.searchListMethod).toBe(group ? 'searchGroups' : person ? 'searchPeople' : 'searchChats');
			}
		});

		it('stay plain text in version 1, as saved workflows hold them', () => {
			const fields = chatFields(1);
			expect(fields.length).toBe(chatFields(1.1).length);
			for (const { p } of fields) {
				expect(p.type).toBe('string');
				expect(p.default).toBe('');
			}
		});

		it.each([
			['phone', '+7 (900) 123-45-67', true],
			['phone', '0079001234567', true],
			['phone', 'call me', false],
			['id', '79001234567@c.us', true],
			['id', '79001234567@C.US', true],
			['id', '120363000000000001@g.us', true],
			['id', '123456789012345@lid', true],
			['id', '79001234567', false],
		])('mode %s: the editor accepts "%s": %s', (mode, value, valid) => {
			const chatId = shown(1.1, { resource: 'message', operation: 'sendMessage' }).find((p) => p.name === 'chatId')!;
			const rules = chatId.modes?.find((m) => m.name === mode)?.validation as unknown as Array<{ properties: { regex: string } }>;
			expect(new RegExp(rules[0].properties.regex).test(value)).toBe(valid);
		});
	});

	describe('Set Settings', () => {
		const setSettings = (version: number) =>
			shown(version, { resource: 'instance', operation: 'setSettings' }).filter((p) => !['resource', 'operation'].includes(p.name));
		const options = (p?: INodeProperties) => ((p?.options ?? []) as INodeProperties[]).map((o) => o.displayName);

		it('version 1.1 explains what to do and keeps the settings apart from how the call is made', () => {
			const visible = setSettings(1.1);
			expect(visible[0].type).toBe('notice');
			expect(visible[0].displayName).toMatch(/at least one/);
			const settings = visible.find((p) => p.name === 'settings');
			expect(settings).toMatchObject({ displayName: 'Settings', type: 'collection', placeholder: 'Add Setting' });
			expect(options(settings)).toEqual(expect.arrayContaining(['Notify Incoming Messages', 'Webhook URL']));
			expect(options(settings)).not.toContain('Retry on Server Errors');
			expect(options(visible.find((p) => p.name === 'options'))).toEqual([
				'Parallel Requests',
				'Requests per Second',
				'Retry on Server Errors',
				'Timeout (Seconds)',
			]);
		});

		it('version 1 keeps every setting under Options, where saved workflows hold them', () => {
			const visible = setSettings(1);
			expect(visible.map((p) => p.name)).toEqual(['options']);
			expect(options(visible[0])).toEqual(expect.arrayContaining(['Notify Incoming Messages', 'Retry on Server Errors']));
		});

		it("names every notification switch as the triggers' messages do, with no label a user cannot act on", () => {
			const labels = options(setSettings(1.1).find((p) => p.name === 'settings'));
			expect(labels).toEqual(expect.arrayContaining(Object.values(SWITCH_LABELS)));
			expect(labels.join('|')).not.toMatch(/unconfirmed/i);
		});
	});

	describe('canvas subtitles', () => {
		const subtitle = (type: { description: INodeTypeDescription }, parameters: Record<string, unknown>) => {
			const node = { id: '1', name: 'N', type: 'x', typeVersion: 1, position: [0, 0] as [number, number], parameters: parameters as never };
			const workflow = new Workflow({
				nodes: [node],
				connections: {},
				active: false,
				nodeTypes: { getByName: () => type, getByNameAndVersion: () => type, getKnownTypes: () => ({}) } as never,
			});
			return workflow.expression.getSimpleParameterValue(node, type.description.subtitle!, 'internal', {});
		};

		it('say what the action node does, not the GREEN-API method', () => {
			expect(subtitle(new GreenApi(), { resource: 'message', operation: 'sendMessage' })).toBe('Send a text message');
			expect(subtitle(new GreenApi(), { resource: 'group', operation: 'addGroupParticipant' })).toBe('Add a participant to a group');
		});

		it("name the triggers' events", () => {
			const events = { events: ['incomingMessageReceived', 'outgoingMessageStatus'] };
			expect(subtitle(new GreenApiTrigger(), events)).toBe('Incoming Message, Outgoing Message Status');
			expect(subtitle(new GreenApiQueueTrigger(), events)).toBe('Incoming Message, Outgoing Message Status');
		});
	});

	describe('trigger options', () => {
		const property = (name: string) => new GreenApiTrigger().description.properties.find((p) => p.name === name)!;
		const names = (name: string) => (property(name).options as INodePropertyOptions[]).map((o) => o.name);

		it('label each message type once', () => {
			for (const label of names('messageTypes')) expect(label).not.toMatch(/\(.*\).*\(/);
			expect(names('messageTypes')).toEqual(expect.arrayContaining(['Button Reply (Legacy)', 'Buttons (Legacy)', 'List (Legacy)']));
		});

		it('give every event a sentence for the nodes panel, its status in brackets', () => {
			const actions = (property('events').options as INodePropertyOptions[]).map((o) => o.action);
			expect(actions).toEqual(
				expect.arrayContaining([
					'On incoming message',
					'On message sent through the API',
					'On outgoing call (beta)',
					'On socket status change (deprecated)',
					'On device info (not working yet)',
					'On chat blocked (not working yet)',
					'On avatar info (legacy)',
				]),
			);
			for (const action of actions) expect(action).toMatch(/^On [a-z]/);
		});
	});

	it('is usable as an AI tool', () => {
		expect(description.usableAsTool).toBe(true);
	});

	describe('the property builder', () => {
		const resource: ResourceOption = { value: 'message', defaultOperation: 'sendThing', name: 'Message', description: 'Messages' };
		const entry = (fields: MethodEntry['fields']): MethodEntry => ({
			resource: 'message',
			operation: 'sendThing',
			method: 'sendThing',
			rateLimitRps: null,
			name: 'Send Thing',
			action: 'Send a thing',
			description: 'Sends a thing',
			verb: 'POST',
			host: 'api',
			safeToRetry: true,
			fields,
		});

		it("keeps a field's own show and hide conditions and adds the operation's", () => {
			const caption = text({ name: 'caption', displayName: 'Caption', description: 'Caption', required: true });
			caption.property.displayOptions = { show: { kind: ['image'] }, hide: { '@version': [1] } };
			const built = buildProperties([entry([caption])], [resource]).find((p) => p.name === 'caption')!;
			expect(built.displayOptions).toEqual({
				show: { kind: ['image'], resource: ['message'], operation: ['sendThing'] },
				hide: { '@version': [1] },
			});
			const values = { resource: 'message', operation: 'sendThing', kind: 'image' };
			const visible = (version: number) => NodeHelpers.displayParameter(values, built, { typeVersion: version } as never, description);
			expect([visible(1), visible(1.1)]).toEqual([false, true]);
		});

		it('merges hide rules with the ones a property already has', () => {
			const merged = withDisplay(
				{ displayName: 'A', name: 'a', type: 'string', default: '', displayOptions: { hide: { b: [true] } } },
				{ show: { c: ['x'] }, hide: { d: [false] } },
			);
			expect(merged.displayOptions).toEqual({ show: { c: ['x'] }, hide: { b: [true], d: [false] } });
		});

		it('shows each shape of a changed field on its own versions only', () => {
			const chatField = { ...CATALOGUE.find((e) => e.operation === 'sendMessage')!.fields[0] };
			const built = buildProperties([entry([chatField])], [resource]).filter((p) => p.name === 'chatId');
			expect(built.map((p) => [p.type, p.displayOptions?.show?.['@version']])).toEqual([
				['string', [1]],
				['resourceLocator', [{ _cnd: { gte: 1.1 } }]],
			]);
		});

		it('refuses a default operation the resource does not offer', () => {
			expect(() => buildProperties([entry([])], [{ ...resource, defaultOperation: 'sendOther' }])).toThrow(/not offered/);
		});
	});
});
