import type { INodePropertyOptions } from 'n8n-workflow';

import { FieldError } from './fieldError';
import { isBlank, makeField, type FieldOptions } from './field';

type ChoiceOptions = FieldOptions & {
	options: INodePropertyOptions[];
	/** What a new node starts with and a saved node that never changed it holds. */
	default: INodePropertyOptions['value'];
};

/** One value out of a fixed list (kept sorted by name, as n8n's UI expects). */
export function choice(options: ChoiceOptions) {
	const sorted = [...options.options].sort((a, b) => a.name.localeCompare(b.name));
	const allowed = sorted.map((option) => option.value);
	if (!allowed.includes(options.default)) throw new Error(`${options.name}: the default is not one of the options`);
	return makeField(options, { type: 'options', options: sorted, default: options.default }, (value) => {
		if (isBlank(value)) {
			if (options.required) throw new FieldError('is empty');
			return undefined;
		}
		const match = allowed.find((candidate) => String(candidate) === String(value));
		if (match === undefined) {
			throw new FieldError(`"${String(value)}" is not one of ${allowed.join(', ')}`);
		}
		return match;
	});
}
