import type { INodeProperties } from 'n8n-workflow';

import type { Field, Placement } from '../catalogue/types';

export interface FieldOptions {
	/** n8n parameter name, unique within the operation. */
	name: string;
	displayName: string;
	description: string;
	/** API name when it differs from `name`; may be dotted for nested JSON. */
	key?: string;
	/** Where the value goes; `path` appends it as a URL segment after the token. Default body. */
	in?: 'body' | 'query' | 'header' | 'path';
	required?: boolean;
	/** Show on the node and always send, even when optional (default: only required fields). */
	onNode?: boolean;
	placeholder?: string;
}

type PropertyShape = Omit<INodeProperties, 'name' | 'displayName' | 'description'>;

/**
 * The options of a builder with defaults of its own (chat, phone number, message ID, file
 * name): its defaults, overridden by what the catalogue entry sets; `required` stays the
 * builder's unless the entry sets it.
 */
export function withDefaults<T extends Partial<FieldOptions>>(defaults: FieldOptions, options: T): FieldOptions & T {
	return { ...defaults, ...options, required: options.required ?? defaults.required };
}

/** Assembles a Field from the shared options, the parameter's shape and its converter. */
export function makeField(options: FieldOptions, shape: PropertyShape, toApi: (value: unknown) => unknown, placement?: Placement): Field {
	const required = options.required ?? false;
	const property: INodeProperties = {
		displayName: options.displayName,
		name: options.name,
		...shape,
		description: options.description,
	};
	if (options.placeholder) property.placeholder = options.placeholder;
	if (required) property.required = true;
	return {
		property,
		required,
		onNode: options.onNode ?? required,
		placement: placement ?? placementOf(options),
		toApi,
	};
}

function placementOf(options: FieldOptions): Placement {
	if (options.in === 'path') return { in: 'path' };
	return { in: options.in ?? 'body', key: options.key ?? options.name };
}

export const isBlank = (value: unknown): boolean =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
