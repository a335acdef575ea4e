import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { Field, MethodEntry, ResourceOption } from '../catalogue/types';
import { bulkProperties } from '../execute/bulkOptions';
import { DOWNLOAD_OPTIONS, TIMEOUT_OPTION } from './limitOptions';
import { NODE_VERSIONS, V1_1, versionsFrom } from './versions';

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
const byDisplayName = (a: INodeProperties, b: INodeProperties) => a.displayName.localeCompare(b.displayName);

/** Adds conditions to a property's own: both `show` and `hide` rules are merged, none dropped. */
export function withDisplay(property: INodeProperties, conditions: IDisplayOptions): INodeProperties {
	const displayOptions: IDisplayOptions = { ...property.displayOptions };
	for (const kind of ['show', 'hide'] as const) {
		if (conditions[kind]) displayOptions[kind] = { ...displayOptions[kind], ...conditions[kind] };
	}
	return { ...property, displayOptions };
}

/** The property shown only on nodes from version `from` up to, not including, `until`. */
function forVersions(property: INodeProperties, from: number, until?: number): INodeProperties {
	const show = versionsFrom(from, until);
	return show ? withDisplay(property, { show }) : property;
}

interface Shape {
	property: INodeProperties;
	from: number;
	until?: number;
}

/** Each shape a field has had, oldest first, with the node versions it holds for. */
function shapes(field: Field): Shape[] {
	const result: Shape[] = [];
	let from = NODE_VERSIONS[0];
	for (const earlier of field.earlier ?? []) {
		result.push({ property: earlier.property, from, until: earlier.until });
		from = earlier.until;
	}
	return [...result, { property: field.property, from }];
}

const shapeAt = (field: Field, version: number): INodeProperties =>
	shapes(field).find((shape) => version >= shape.from && (shape.until === undefined || version < shape.until))!.property;

function operationOption(entry: MethodEntry): INodePropertyOptions {
	return {
		name: entry.deprecated ? `${entry.name} (Deprecated)` : entry.name,
		value: entry.operation,
		description: entry.description,
		action: entry.action,
	};
}

function outputProperties(entry: MethodEntry): INodeProperties[] {
	const output = entry.output;
	if (output?.kind === 'list') {
		return [
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description: 'Max number of results to return',
				displayOptions: { show: { returnAll: [false] } },
			},
		];
	}
	if (output?.kind === 'file') {
		const download: INodeProperties = {
			displayName: output.switchName,
			name: 'download',
			type: 'boolean',
			default: false,
			description: 'Whether to put the file into the output as binary data',
		};
		download.default = output.downloadByDefault;
		return [
			download,
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyOutput',
				type: 'string',
				default: 'data',
				hint: 'The name of the output binary field to put the file in',
				description: 'Name of the output binary field that receives the file',
				displayOptions: { show: { download: [true] } },
			},
		];
	}
	return [];
}

const RETRY_OPTION: INodeProperties = {
	displayName: 'Retry on Server Errors',
	name: 'retryOnServerError',
	type: 'boolean',
	default: false,
	description: 'Whether to retry after a GREEN-API server error or a dropped connection. A retried send can deliver the message twice.',
};

const collection = (name: string, displayName: string, placeholder: string, options: INodeProperties[]): INodeProperties => ({
	displayName,
	name,
	type: 'collection',
	placeholder,
	default: {},
	options: [...options].sort(byDisplayName),
});

/** A field as each node version shows it: one property, or one per shape it has had. */
function versioned(fields: MethodEntry['fields']): INodeProperties[] {
	return fields.flatMap((field) => shapes(field).map(({ property, from, until }) => forVersions(property, from, until)));
}

/**
 * The Options collection, and from version 1.1 the entry's own collection for its optional
 * fields. Each span of versions in which no optional field changes gets its own collections.
 */
function optionalProperties(entry: MethodEntry): INodeProperties[] {
	const optional = entry.fields.filter((field) => !field.onNode);
	const always = [
		...(entry.safeToRetry ? [] : [RETRY_OPTION]),
		TIMEOUT_OPTION,
		...(entry.output?.kind === 'file' && entry.output.source === 'url' ? DOWNLOAD_OPTIONS : []),
		...bulkProperties(entry),
	];
	const own = entry.optionalCollection;
	const options = (fields: INodeProperties[]) => (fields.length ? [collection('options', 'Options', 'Add Option', fields)] : []);
	const atVersion = (version: number): INodeProperties[] => {
		const fields = optional.map((field) => shapeAt(field, version));
		if (!own || version < V1_1) return options([...fields, ...always]);
		return [
			{ displayName: own.notice, name: `${own.name}Notice`, type: 'notice', default: '' } as INodeProperties,
			collection(own.name, own.displayName, own.placeholder, fields),
			...options(always),
		];
	};

	const changes = [...(own ? [V1_1] : []), ...optional.flatMap((field) => (field.earlier ?? []).map((shape) => shape.until))];
	const bounds = [...new Set(changes)].sort((a, b) => a - b);
	const starts = [NODE_VERSIONS[0], ...bounds];
	return starts.flatMap((from, index) =>
		atVersion(from).map((property) => (bounds.length ? forVersions(property, from, starts[index + 1]) : property)),
	);
}

function entryProperties(entry: MethodEntry): INodeProperties[] {
	const properties: INodeProperties[] = [];
	if (entry.deprecated) {
		properties.push({
			displayName: `GREEN-API has archived ${entry.method}. It still works where GREEN-API still serves it, but may stop at any time.`,
			name: 'deprecatedNotice',
			type: 'notice',
			default: '',
		});
	}
	properties.push(
		...versioned(entry.fields.filter((field) => field.onNode)),
		...(entry.properties ?? [...outputProperties(entry), ...optionalProperties(entry)]),
	);
	return properties.map((property) => withDisplay(property, { show: { resource: [entry.resource], operation: [entry.operation] } }));
}

function operationProperty(resource: ResourceOption, entries: MethodEntry[]): INodeProperties {
	const { defaultOperation } = resource;
	const options = entries.map(operationOption).sort(byName);
	if (!options.some((option) => option.value === defaultOperation)) {
		throw new Error(`The default operation "${defaultOperation}" of ${resource.value} is not offered`);
	}
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options,
		default: defaultOperation,
	};
}

/**
 * Archived operations stay selectable in version 1, so saved workflows keep them; new nodes
 * (1.1) do not offer them.
 */
function operationProperties(resource: ResourceOption, entries: MethodEntry[]): INodeProperties[] {
	const active = entries.filter((entry) => !entry.deprecated);
	if (active.length === entries.length || active.length === 0) return [operationProperty(resource, entries)];
	return [
		forVersions(operationProperty(resource, entries), NODE_VERSIONS[0], V1_1),
		forVersions(operationProperty(resource, active), V1_1),
	];
}

/** The node's whole parameter UI, generated from the method catalogue. */
export function buildProperties(catalogue: readonly MethodEntry[], resources: ResourceOption[]): INodeProperties[] {
	const used = resources.filter((resource) => catalogue.some((entry) => entry.resource === resource.value));
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: used.map(({ name, value, description }) => ({ name, value, description })).sort(byName),
			default: 'message',
		},
	];
	for (const resource of used) {
		properties.push(
			...operationProperties(
				resource,
				catalogue.filter((entry) => entry.resource === resource.value),
			),
		);
	}
	for (const entry of catalogue) properties.push(...entryProperties(entry));
	return properties;
}

/** Canvas subtitle: what the node does ("Send a text message"), not GREEN-API's method name. */
export function operationSubtitle(catalogue: readonly MethodEntry[]): string {
	const actions = JSON.stringify(Object.fromEntries(catalogue.map((entry) => [entry.operation, entry.action])));
	return `={{ (${actions})[$parameter["operation"]] || $parameter["operation"] }}`;
}
