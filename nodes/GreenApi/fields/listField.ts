import { FieldError, inContext } from './fieldError';
import { isBlank, makeField, type FieldOptions } from './field';

type ListOptions = FieldOptions & {
	min?: number;
	max?: number;
	/** Checks and converts one entry; its FieldError is reported with the entry's position. */
	item?: (value: unknown) => unknown;
};

/** Accepts an array (from an expression) or text with one entry per line or comma. */
export function splitList(value: unknown): unknown[] {
	if (Array.isArray(value)) return value.filter((entry) => !isBlank(entry));
	if (isBlank(value)) return [];
	return String(value)
		.split(/[\n,;]+/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

export function checkList(value: unknown, options: ListOptions): unknown[] | undefined {
	const entries = splitList(value);
	if (entries.length === 0 && !options.required && !options.min) return undefined;
	if (options.min !== undefined && entries.length < options.min) {
		throw new FieldError(`needs at least ${options.min} ${options.min === 1 ? 'entry' : 'entries'}`);
	}
	if (options.max !== undefined && entries.length > options.max) {
		throw new FieldError(`has ${entries.length} entries; GREEN-API accepts at most ${options.max}`);
	}
	const convert = options.item ?? ((entry: unknown) => String(entry).trim());
	return entries.map((entry, position) => {
		try {
			return convert(entry);
		} catch (error) {
			throw inContext(error, `entry ${position + 1} `);
		}
	});
}

/** Several values typed one per line (or comma separated), or an array from an expression. */
export function list(options: ListOptions) {
	return makeField(options, { type: 'string', default: '', typeOptions: { rows: 3 } }, (value) =>
		checkList(value, { ...options, min: options.min ?? (options.required ? 1 : undefined) }),
	);
}
