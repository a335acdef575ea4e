import { FieldError } from './fieldError';
import { isBlank, makeField, type FieldOptions } from './field';

export type NumberOptions = FieldOptions & {
	min?: number;
	max?: number;
	default?: number;
	integer?: boolean;
};

export function checkNumber(value: unknown, options: NumberOptions): number | undefined {
	if (isBlank(value)) {
		if (options.required) throw new FieldError('is empty');
		return undefined;
	}
	const number = typeof value === 'number' ? value : Number(String(value).trim());
	const integer = options.integer ?? true;
	if (!Number.isFinite(number) || (integer && !Number.isInteger(number))) {
		throw new FieldError(`"${String(value)}" is not ${integer ? 'a whole number' : 'a number'}`);
	}
	if (
		(options.min !== undefined && number < options.min) ||
		(options.max !== undefined && number > options.max)
	) {
		throw new FieldError(`${number} is outside the allowed range ${options.min ?? '…'}–${options.max ?? '…'}`);
	}
	return number;
}

/** A number; whole by default. Limits go both into the UI and into the check. */
export function number(options: NumberOptions) {
	const typeOptions: Record<string, number> = {};
	if (options.min !== undefined) typeOptions.minValue = options.min;
	if (options.max !== undefined) typeOptions.maxValue = options.max;
	if (options.integer === false) typeOptions.numberPrecision = 7;
	return makeField(
		options,
		{
			type: 'number',
			default: options.default ?? options.min ?? 0,
			...(Object.keys(typeOptions).length ? { typeOptions } : {}),
		},
		(value) => checkNumber(value, options),
	);
}
