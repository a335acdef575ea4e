import { FieldError } from './fieldError';
import { phoneDigits } from './chatField';
import { isBlank, makeField, withDefaults, type FieldOptions } from './field';

// Docs disagree (11 or 12 digits on older pages, 11-16 on the newest): accept the union.
const MIN_DIGITS = 11;
const MAX_DIGITS = 16;

/** A phone number sent as the integer GREEN-API wants (country code, no "+"). */
export function normalizePhoneNumber(input: unknown): number {
	if (isBlank(input)) throw new FieldError('is empty');
	const text = String(input)
		.trim()
		.replace(/@c\.us$/i, '');
	const digits = phoneDigits(text);
	if (!digits || digits.length < MIN_DIGITS || digits.length > MAX_DIGITS) {
		throw new FieldError(
			`"${text}" is not a phone number with country code`,
			`Use ${MIN_DIGITS}-${MAX_DIGITS} digits including the country code, e.g. +7 900 123-45-67 or 79001234567.`,
		);
	}
	return Number(digits);
}

export function phoneNumber(options: Partial<FieldOptions> = {}) {
	const merged = withDefaults(
		{
			name: 'phoneNumber',
			displayName: 'Phone Number',
			description: 'Phone number with country code, in any common format, e.g. +7 900 123-45-67',
			placeholder: '79001234567',
			required: true,
		},
		options,
	);
	return makeField(merged, { type: 'string', default: '' }, (value) =>
		!merged.required && isBlank(value) ? undefined : normalizePhoneNumber(value),
	);
}
