import { V1_2 } from '../description/versions';
import { FieldError } from './fieldError';
import { isBlank, makeField, type FieldOptions } from './field';

export type NumberOptions = FieldOptions & {
	min?: number;
	max?: number;
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
	if ((options.min !== undefined && number < options.min) || (options.max !== undefined && number > options.max)) {
		throw new FieldError(`${number} is outside the allowed range ${options.min ?? '…'}–${options.max ?? '…'}`);
	}
	return number;
}

/** A number; whole by default. Limits go both into the UI and into the check. */
export function number(options: NumberOptions & { default: number }) {
	const typeOptions: Record<string, number> = {};
	if (options.min !== undefined) typeOptions.minValue = options.min;
	if (options.max !== undefined) typeOptions.maxValue = options.max;
	if (options.integer === false) typeOptions.numberPrecision = 7;
	return makeField(
		options,
		{
			type: 'number',
			default: options.default,
			...(Object.keys(typeOptions).length ? { typeOptions } : {}),
		},
		(value) => checkNumber(value, options),
	);
}

/**
 * A required numeric ID (an instance ID, a receipt ID). From node version 1.2 it starts empty,
 * so a node never acts on an ID nobody entered. Earlier versions keep the number field and the
 * default their saved workflows hold (`savedDefault`). Numbers and digits typed as text pass.
 */
export function numericId(options: FieldOptions & { placeholder: string; savedDefault: number }) {
	const { placeholder, savedDefault, ...rest } = options;
	const check: NumberOptions = { ...rest, required: true, min: 1 };
	const saved = number({ ...check, default: savedDefault });
	const field = makeField({ ...check, placeholder }, { type: 'string', default: '' }, (value) => checkNumber(value, check));
	return { ...field, earlier: [{ until: V1_2, property: saved.property }] };
}
