import { makeField, type FieldOptions } from './field';

type SwitchOptions = FieldOptions & { default: boolean };

/** The switch's value; text from an expression such as "false" or "no" counts as off. */
function isOn(value: unknown): boolean {
	if (typeof value === 'string') return !/^(false|no|off|0|)$/i.test(value.trim());
	return Boolean(value);
}

/** A boolean sent as JSON true/false. Descriptions start with "Whether". */
export function flag(options: SwitchOptions) {
	return makeField(options, { type: 'boolean', default: options.default }, (value) => (value === undefined ? undefined : isOn(value)));
}

/** A boolean GREEN-API settings want as the strings "yes"/"no". */
export function yesNo(options: SwitchOptions) {
	return makeField(options, { type: 'boolean', default: options.default }, (value) =>
		value === undefined ? undefined : isOn(value) ? 'yes' : 'no',
	);
}
