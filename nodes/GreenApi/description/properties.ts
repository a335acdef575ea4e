import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { MethodEntry, ResourceOption } from '../catalogue/types';
import { bulkProperties } from '../execute/bulkOptions';
import { DOWNLOAD_OPTIONS, TIMEOUT_OPTION } from './limitOptions';

/**
 * Node versions. 1.1 (for new nodes) no longer offers the operations GREEN-API archived, makes
 * chat and group fields resource locators and gives Set Settings its own "Settings" list.
 * Version 1 keeps the parameters its saved workflows hold.
 */
export const NODE_VERSIONS = [1, 1.1];
export const DEFAULT_NODE_VERSION = 1.1;

type Show = NonNullable<IDisplayOptions['show']>;

export const ONLY_V1: Show = { '@version': [1] };
export const SINCE_V1_1: Show = { '@version': [{ _cnd: { gte: 1.1 } }] };

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
const byDisplayName = (a: INodeProperties, b: INodeProperties) => a.displayName.localeCompare(b.displayName);

const withShow = (property: INodeProperties, show: Show): INodeProperties => ({
	...property,
	displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, ...show } },
});

function operationOption(entry: MethodEntry): INodePropertyOptions {
	return {
		name: entry.deprecated ? `${entry.name} (Deprecated)` : entry.name,
		value: entry.method,
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
	description:
		'Whether to retry after a GREEN-API server error or a dropped connection. A retried send can deliver the message twice.',
};

const collection = (name: string, displayName: string, placeholder: string, options: INodeProperties[]): INodeProperties => ({
	displayName,
	name,
	type: 'collection',
	placeholder,
	default: {},
	options: [...options].sort(byDisplayName),
});

/** A field as each node version shows it: one property, or the version 1 and the 1.1 shape. */
function versioned(fields: MethodEntry['fields']): INodeProperties[] {
	return fields.flatMap((field) =>
		field.legacyProperty ? [withShow(field.legacyProperty, ONLY_V1), withShow(field.property, SINCE_V1_1)] : [field.property],
	);
}

/** The Options collection, and from version 1.1 the entry's own collection for its optional fields. */
function optionalProperties(entry: MethodEntry): INodeProperties[] {
	const optional = entry.fields.filter((field) => !field.onNode);
	const always = [
		...(entry.safeToRetry ? [] : [RETRY_OPTION]),
		TIMEOUT_OPTION,
		...(entry.output?.kind === 'file' && entry.output.source === 'url' ? DOWNLOAD_OPTIONS : []),
		...bulkProperties(entry),
	];
	const own = entry.optionalCollection;
	const changed = own !== undefined || optional.some((field) => field.legacyProperty);
	const options = (fields: INodeProperties[]) =>
		fields.length ? [collection('options', 'Options', 'Add Option', fields)] : [];

	const v1 = options([...optional.map((field) => field.legacyProperty ?? field.property), ...always]);
	if (!changed) return v1;
	const latestFields = optional.map((field) => field.property);
	const latest = own
		? [
				{ displayName: own.notice, name: `${own.name}Notice`, type: 'notice', default: '' } as INodeProperties,
				collection(own.name, own.displayName, own.placeholder, latestFields),
				...options(always),
			]
		: options([...latestFields, ...always]);
	return [...v1.map((property) => withShow(property, ONLY_V1)), ...latest.map((property) => withShow(property, SINCE_V1_1))];
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
	return properties.map((property) => withShow(property, { resource: [entry.resource], operation: [entry.method] }));
}

function operationProperty(resource: ResourceOption, entries: MethodEntry[], defaultOperation: string): INodeProperties {
	const operation: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options: entries.map(operationOption).sort(byName),
		default: '',
	};
	operation.default = defaultOperation;
	return operation;
}

/**
 * Archived operations stay selectable in version 1, so saved workflows keep them; new nodes
 * (1.1) do not offer them.
 */
function operationProperties(resource: ResourceOption, entries: MethodEntry[]): INodeProperties[] {
	const active = entries.filter((entry) => !entry.deprecated);
	const defaultOperation = (active[0] ?? entries[0]).method;
	if (active.length === entries.length || active.length === 0) return [operationProperty(resource, entries, defaultOperation)];
	return [
		withShow(operationProperty(resource, entries, defaultOperation), ONLY_V1),
		withShow(operationProperty(resource, active, defaultOperation), SINCE_V1_1),
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
		properties.push(...operationProperties(resource, catalogue.filter((entry) => entry.resource === resource.value)));
	}
	for (const entry of catalogue) properties.push(...entryProperties(entry));
	return properties;
}

/** Canvas subtitle: what the node does ("Send a text message"), not GREEN-API's method name. */
export function operationSubtitle(catalogue: readonly MethodEntry[]): string {
	const actions = JSON.stringify(Object.fromEntries(catalogue.map((entry) => [entry.method, entry.action])));
	return `={{ (${actions})[$parameter["operation"]] || $parameter["operation"] }}`;
}
