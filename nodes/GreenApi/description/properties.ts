import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { MethodEntry, ResourceOption } from '../catalogue/types';

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

const showFor = (entry: MethodEntry) => ({
	show: { resource: [entry.resource], operation: [entry.method] },
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

function entryProperties(entry: MethodEntry): INodeProperties[] {
	const displayOptions = showFor(entry);
	const onNode = entry.fields.filter((field) => field.onNode).map((field) => field.property);
	const optional = entry.fields.filter((field) => !field.onNode).map((field) => field.property);
	if (!entry.safeToRetry) optional.push(RETRY_OPTION);

	const properties: INodeProperties[] = [];
	if (entry.deprecated) {
		properties.push({
			displayName: `GREEN-API has archived ${entry.method}. It still works where GREEN-API still serves it, but may stop at any time.`,
			name: 'deprecatedNotice',
			type: 'notice',
			default: '',
		});
	}
	properties.push(...onNode, ...(entry.properties ?? outputProperties(entry)));
	if (optional.length > 0 && !entry.properties) {
		properties.push({
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [...optional].sort((a, b) => a.displayName.localeCompare(b.displayName)),
		});
	}
	return properties.map((property) => ({
		...property,
		displayOptions: {
			show: { ...displayOptions.show, ...(property.displayOptions?.show ?? {}) },
		},
	}));
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
		const entries = catalogue.filter((entry) => entry.resource === resource.value);
		const options = entries.map(operationOption).sort(byName);
		const operation: INodeProperties = {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options,
			default: '',
		};
		operation.default = (entries.find((entry) => !entry.deprecated) ?? entries[0]).method;
		properties.push(operation);
	}
	for (const entry of catalogue) properties.push(...entryProperties(entry));
	return properties;
}
