import { jsonParse } from 'n8n-workflow';

import { FieldError } from './fieldError';
import { isBlank, makeField, type FieldOptions } from './field';

type JsonOptions = FieldOptions & {
	default?: string;
	/** Extra check on the parsed value; return a problem to report it. */
	check?: (value: unknown) => string | undefined;
};

/** Marks text that did not parse (any real JSON value, even null, is different from it). */
const NOT_JSON = Symbol('not JSON');

/** Structured input for the rare payloads that do not fit flat fields. */
export function json(options: JsonOptions) {
	return makeField(options, { type: 'json', default: options.default ?? '' }, (value) => {
		if (isBlank(value)) {
			if (options.required) throw new FieldError('is empty');
			return undefined;
		}
		let parsed: unknown = value;
		if (typeof value === 'string') {
			parsed = jsonParse<unknown>(value, { fallbackValue: NOT_JSON });
			if (parsed === NOT_JSON) throw new FieldError('is not valid JSON');
		}
		const problem = options.check?.(parsed);
		if (problem) throw new FieldError(problem);
		return parsed;
	});
}
