import type { INodePropertyOptions } from 'n8n-workflow';

import { FieldError } from './fieldError';
import { isBlank, makeField, type FieldOptions } from './field';

type ChoiceOptions = FieldOptions & {
	options: INodePropertyOptions[];
	default?: string | number;
};

/** One value out of a fixed list (kept sorted by name, as n8n's UI expects). */
export function choice(options: ChoiceOptions) {
	const sorted = [...options.options].sort((a, b) => a.name.localeCompare(b.name));
	const allowed = sorted.map((option) => option.value);
	return makeField(
		options,
		{ type: 'options', options: sorted, default: options.default ?? allowed[0] },
		(value) => {
			if (isBlank(value)) {
				if (options.required) throw new FieldError('is empty');
				return undefined;
			}
			const match = allowed.find((candidate) => String(candidate) === String(value));
			if (match === undefined) {
				throw new FieldError(`"${String(value)}" is not one of ${allowed.join(', ')}`);
			}
			return match;
		},
	);
}
