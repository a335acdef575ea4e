import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties, INodePropertyCollection, INodeTypeDescription } from 'n8n-workflow';

import { GreenApiInstanceApi } from '../../credentials/GreenApiInstanceApi.credentials';
import { GreenApiPartnerApi } from '../../credentials/GreenApiPartnerApi.credentials';
import { GreenApi } from '../../nodes/GreenApi/GreenApi.node';
import { GreenApiQueueTrigger } from '../../nodes/GreenApi/GreenApiQueueTrigger.node';
import { GreenApiTrigger } from '../../nodes/GreenApi/GreenApiTrigger.node';
import { CATALOGUE } from '../../nodes/GreenApi/catalogue';
import {
	credentialSnapshot,
	nodeSnapshot,
	savedValueChanges,
	savedValuesOf,
	sortKeys,
	toJsonText,
	type SavedValues,
} from '../snapshots/views';

const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';
const HOW_TO_UPDATE = 'UPDATE_SNAPSHOTS=1 npx jest test/unit/description-snapshot.test.ts';
const SNAPSHOTS = join(__dirname, '../snapshots');
const SAVED_VALUES = join(SNAPSHOTS, 'saved-values');

const nodes = { GreenApi, GreenApiTrigger, GreenApiQueueTrigger };
const credentials = { GreenApiInstanceApi, GreenApiPartnerApi };

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** A parameter or option is known by its name (or value) and its display conditions, not its position. */
const identity = (value: unknown): string | undefined => {
	if (!value || typeof value !== 'object' || !('name' in value || 'value' in value)) return undefined;
	const { name, value: option, displayOptions } = value as Record<string, unknown>;
	return JSON.stringify(sortKeys({ name, option, displayOptions }));
};

/** The first few places where two JSON values differ, as paths. */
function differences(was: unknown, now: unknown, path = '', found: string[] = []): string[] {
	if (found.length >= 20 || JSON.stringify(sortKeys(was)) === JSON.stringify(sortKeys(now))) return found;
	if (Array.isArray(was) && Array.isArray(now) && [...was, ...now].every(identity)) {
		const before = new Map(was.map((entry) => [identity(entry)!, entry]));
		const after = new Map(now.map((entry) => [identity(entry)!, entry]));
		for (const [key, entry] of before) {
			if (after.has(key)) differences(entry, after.get(key), `${path}[${key}]`, found);
			else found.push(`${path}: removed ${key}`);
		}
		for (const key of after.keys()) if (!before.has(key)) found.push(`${path}: added ${key}`);
		const order = (from: Map<string, unknown>, other: Map<string, unknown>) => [...from.keys()].filter((key) => other.has(key)).join();
		if (order(before, after) !== order(after, before)) found.push(`${path}: order changed`);
		return found;
	}
	if (was && now && typeof was === 'object' && typeof now === 'object' && Array.isArray(was) === Array.isArray(now)) {
		const keys = new Set([...Object.keys(was), ...Object.keys(now)]);
		for (const key of keys) {
			differences((was as Record<string, unknown>)[key], (now as Record<string, unknown>)[key], `${path}/${key}`, found);
		}
		return found;
	}
	found.push(`${path || '/'}: ${JSON.stringify(was)?.slice(0, 120)} → ${JSON.stringify(now)?.slice(0, 120)}`);
	return found;
}

describe('the committed snapshot of the generated descriptions', () => {
	const file = join(SNAPSHOTS, 'descriptions.json');
	const current = sortKeys({
		...Object.fromEntries(Object.entries(nodes).map(([name, Type]) => [name, nodeSnapshot(new Type().description)])),
		...Object.fromEntries(Object.entries(credentials).map(([name, Type]) => [name, credentialSnapshot(new Type())])),
	});

	it('matches the descriptions the code generates', () => {
		if (UPDATE) writeFileSync(file, toJsonText(current));
		const found = differences(readJson(file), current);
		if (found.length) {
			throw new Error(
				[
					'The generated descriptions differ from test/snapshots/descriptions.json:',
					...found.map((line) => `  ${line}`),
					'If the change is intended, update the snapshot in the same commit:',
					`  ${HOW_TO_UPDATE}`,
					"and check that the saved-values test below still passes: a change to a default, an option value or a parameter's name or place needs a new node version.",
				].join('\n'),
			);
		}
	});
});

/** Every released version, recorded once in test/snapshots/saved-values and never edited. */
const versions: Array<[string, Pick<INodeTypeDescription, 'name' | 'properties'>, number | null]> = [
	...Object.entries(nodes).flatMap(([name, Type]) => {
		const { description } = new Type();
		return [description.version].flat().map((version) => [name, description, version] as [string, INodeTypeDescription, number]);
	}),
	...Object.entries(credentials).map(([name, Type]) => {
		const credential = new Type();
		return [name, credential, null] as [string, Pick<INodeTypeDescription, 'name' | 'properties'>, null];
	}),
];

const recordFile = (name: string, version: number | null) =>
	join(SAVED_VALUES, version === null ? `${name}.json` : `${name}@${version}.json`);

describe('workflows saved with a released node version', () => {
	it.each(
		versions.map(([name, description, version]) => [version === null ? name : `${name}@${version}`, name, description, version] as const),
	)('%s: every saved parameter keeps its name, place, type, default and option values', (_label, name, description, version) => {
		const file = recordFile(name, version);
		const current = savedValuesOf(description, version);
		if (!existsSync(file)) {
			if (!UPDATE) {
				throw new Error(`${file} is missing. Record the new version once, in the commit that adds it: ${HOW_TO_UPDATE}`);
			}
			mkdirSync(SAVED_VALUES, { recursive: true });
			writeFileSync(file, toJsonText(current));
		}
		const changes = savedValueChanges(readJson<SavedValues>(file), current);
		if (changes.length) {
			throw new Error(
				[
					`${version === null ? `The ${name} credential` : `${name} version ${version}`} no longer gives saved ${version === null ? 'credentials' : 'workflows'} what they had:`,
					...changes.slice(0, 30).map((line) => `  ${line}`),
					'n8n saves only the values that differ from the default and fills in the current defaults when it loads a workflow,',
					'so this edit changes workflows users already saved. Keep this version exactly as it was and ship the change as a new',
					'node version (README, "Versioning"). The recorded file is never edited.',
				].join('\n'),
			);
		}
	});
});

describe('the saved-values guard', () => {
	const recorded = savedValuesOf(new GreenApi().description, 1.1);
	/** A deep copy of the action node's description with one property changed. */
	const changed = (edit: (properties: INodeProperties[]) => void) => {
		const description = structuredClone(new GreenApi().description);
		edit(description.properties);
		return savedValueChanges(recorded, savedValuesOf(description, 1.1));
	};
	const find = (properties: INodeProperties[], name: string, operation: string) =>
		properties.find((p) => p.name === name && p.displayOptions?.show?.operation?.includes(operation))!;

	it('passes an unchanged description', () => {
		expect(changed(() => undefined)).toEqual([]);
	});

	it('catches a changed default', () => {
		expect(changed((p) => (find(p, 'linkPreview', 'sendMessage').default = false))).toEqual([
			'message/sendMessage › linkPreview: default was true, is now false',
		]);
	});

	it('catches a changed default of the operation a saved node omits', () => {
		const operation = (p: INodeProperties[]) =>
			p.filter((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes('partner'));
		expect(changed((p) => operation(p).forEach((property) => (property.default = 'createInstance')))).toEqual([
			'partner › operation: default was "getInstances", is now "createInstance"',
		]);
	});

	it('catches a changed option value', () => {
		const edit = (p: INodeProperties[]) => {
			const font = find(p, 'options', 'sendTextStatus').options!.find((o) => 'name' in o && o.name === 'font') as INodeProperties;
			font.options = font.options!.map((o) => ('value' in o && o.value === 'SERIF' ? { ...o, value: 'serif' } : o));
		};
		expect(changed(edit)).toEqual(['status/sendTextStatus › options › font: option value "SERIF" is gone']);
	});

	it('catches a renamed parameter', () => {
		expect(changed((p) => (find(p, 'message', 'sendMessage').name = 'text'))).toEqual([
			'message/sendMessage › message: the parameter is gone (renamed, moved or removed); saved values for it are lost',
			'message/sendMessage › text: new parameter; saved workflows would get its default',
		]);
	});

	it('catches a parameter moved from Options onto the node', () => {
		const edit = (p: INodeProperties[]) => {
			const options = find(p, 'options', 'sendMessage');
			const quoted = options.options!.find((o) => 'name' in o && o.name === 'quotedMessageId') as INodeProperties;
			options.options = options.options!.filter((o) => o !== quoted);
			p.push({ ...quoted, displayOptions: options.displayOptions });
		};
		expect(changed(edit)).toEqual([
			'message/sendMessage › options › quotedMessageId: the parameter is gone (renamed, moved or removed); saved values for it are lost',
			'message/sendMessage › quotedMessageId: new parameter; saved workflows would get its default',
		]);
	});

	it('catches a changed default of a field in a row (fixedCollection), which n8n saves without its defaults', () => {
		const edit = (p: INodeProperties[]) => {
			const buttons = find(p, 'buttons', 'sendInteractiveButtons');
			const group = (buttons.options as INodePropertyCollection[])[0];
			const type = group.values.find((value) => value.name === 'type')!;
			type.default = 'call';
		};
		expect(changed(edit)).toEqual(['message/sendInteractiveButtons › buttons › row › type: default was "url", is now "call"']);
	});

	it('allows a changed default of an Options entry: n8n saves an added option whatever its value', () => {
		expect(
			changed((p) => ((find(p, 'options', 'sendMessage').options as INodeProperties[]).find((o) => o.name === 'timeout')!.default = 30)),
		).toEqual([]);
	});

	it('allows what no saved workflow can hold yet: a new operation, option value or collection option', () => {
		const edit = (p: INodeProperties[]) => {
			const font = find(p, 'options', 'sendTextStatus').options!.find((o) => 'name' in o && o.name === 'font') as INodeProperties;
			font.options = [...font.options!, { name: 'Mono', value: 'MONO' }];
			const options = find(p, 'options', 'sendMessage');
			options.options = [...options.options!, { displayName: 'New', name: 'newOption', type: 'string', default: '' }];
			const operation = p.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes('chat'))!;
			operation.options = [...operation.options!, { name: 'Pin', value: 'pinChat' }];
		};
		expect(changed(edit)).toEqual([]);
	});
});

describe('operation values', () => {
	it('are unique within each resource', () => {
		const keys = CATALOGUE.map((entry) => `${entry.resource}/${entry.operation}`);
		expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
	});

	it('of every released version are still offered, each by the catalogue entry that had it', () => {
		const recorded = (
			versions.filter(([name, , version]) => name === 'GreenApi' && version !== null) as Array<[string, unknown, number]>
		).flatMap(([name, , version]) =>
			Object.keys(readJson<SavedValues>(recordFile(name, version)).scopes).filter((scope) => scope.includes('/')),
		);
		const offered = new Set(CATALOGUE.map((entry) => `${entry.resource}/${entry.operation}`));
		expect(recorded.length).toBeGreaterThanOrEqual(CATALOGUE.length);
		expect([...new Set(recorded)].filter((scope) => !offered.has(scope))).toEqual([]);
	});
});
