import type { INodeProperties } from 'n8n-workflow';

import type { Field } from '../catalogue/types';
import { FieldError, inContext } from './fieldError';
import { makeField, type FieldOptions } from './field';

type Row = Record<string, unknown>;

type RowsOptions = FieldOptions & {
	/** Label of one row, e.g. 'Option'. */
	rowName: string;
	/** Fields of one row; their `key` is the JSON key inside the row object. */
	columns: Field[];
	min?: number;
	max?: number;
	/** Column key whose values must not repeat. */
	unique?: string;
	/**
	 * Rules across the columns of one converted row (e.g. a URL button needs a URL) and its final
	 * shape; `position` counts from 0. Throws FieldError.
	 */
	row?: (row: Row, position: number) => Row;
};

function convertRow(entry: Row, position: number, options: RowsOptions): Row {
	const label = `${options.rowName} ${position + 1}`;
	const row: Row = {};
	for (const column of options.columns) {
		const key = column.placement.in === 'body' ? column.placement.key : column.property.name;
		try {
			const converted = column.toApi(entry[column.property.name]);
			if (converted !== undefined) row[key] = converted;
		} catch (error) {
			throw inContext(error, `${label}, ${column.property.displayName}: `);
		}
	}
	if (!options.row) return row;
	try {
		return options.row(row, position);
	} catch (error) {
		throw inContext(error, `${label}: `);
	}
}

/** A repeatable group of fields sent as an array of objects (poll options, buttons, ...). */
export function rows(options: RowsOptions) {
	const rowKey = 'row';
	// n8n lists a row's fields alphabetically; the columns keep their order in the JSON.
	const values: INodeProperties[] = options.columns
		.map((column) => column.property)
		.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return makeField(
		options,
		{
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: `Add ${options.rowName}`,
			default: {},
			options: [{ displayName: options.rowName, name: rowKey, values }],
		},
		(value) => {
			const raw = (value as Record<string, unknown> | undefined)?.[rowKey];
			const entries = Array.isArray(raw) ? (raw as Row[]) : [];
			if (options.min !== undefined && entries.length < options.min) {
				throw new FieldError(`needs at least ${options.min} entries (has ${entries.length})`);
			}
			if (options.max !== undefined && entries.length > options.max) {
				throw new FieldError(`has ${entries.length} entries; GREEN-API accepts at most ${options.max}`);
			}
			if (entries.length === 0 && !options.required) return undefined;
			const result = entries.map((entry, position) => convertRow(entry, position, options));
			if (options.unique) {
				const seen = new Set<unknown>();
				for (const row of result) {
					const key = row[options.unique];
					if (seen.has(key)) throw new FieldError(`"${String(key)}" appears twice; entries must be unique`);
					seen.add(key);
				}
			}
			return result;
		},
	);
}
