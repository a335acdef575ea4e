import { FieldError } from './fieldError';
import { isBlank, makeField, withDefaults, type FieldOptions } from './field';

export type TextOptions = FieldOptions & {
	max?: number;
	rows?: number;
	default?: string;
	/** Send an empty value as "" (e.g. to clear a setting) instead of leaving the key out. */
	allowEmpty?: boolean;
	/** Mask the value in the UI (secrets). */
	password?: boolean;
};

/** Length as a person counts it: an emoji is one character. */
export const charCount = (text: string): number => [...text].length;

export function checkText(value: unknown, required: boolean, max?: number): string | undefined {
	if (isBlank(value)) {
		if (required) throw new FieldError('is empty');
		return undefined;
	}
	const text = typeof value === 'string' ? value : String(value);
	if (max !== undefined && charCount(text) > max) {
		throw new FieldError(`is ${charCount(text)} characters long; GREEN-API accepts at most ${max}`);
	}
	return text;
}

/** An empty string the user deliberately left blank, when the field sends blanks as "". */
const sentEmpty = (value: unknown, options: { allowEmpty?: boolean; required?: boolean }) =>
	options.allowEmpty === true && !options.required && typeof value === 'string' && value.trim() === '';

export function text(options: TextOptions) {
	const required = options.required ?? false;
	const typeOptions: Record<string, number | boolean> = {};
	if (options.rows) typeOptions.rows = options.rows;
	if (options.password) typeOptions.password = true;
	return makeField(
		options,
		{
			type: 'string',
			default: options.default ?? '',
			...(Object.keys(typeOptions).length ? { typeOptions } : {}),
		},
		(value) => (sentEmpty(value, options) ? '' : checkText(value, required, options.max)),
	);
}

/** A link GREEN-API will fetch: only http(s). */
export function url(options: FieldOptions & { allowEmpty?: boolean }) {
	const required = options.required ?? false;
	return makeField(options, { type: 'string', default: '' }, (value) => {
		if (sentEmpty(value, options)) return '';
		const link = checkText(value, required)?.trim();
		if (link === undefined) return undefined;
		if (!/^https?:\/\/[^\s]+$/i.test(link)) {
			throw new FieldError(`"${link}" is not an http(s) link`);
		}
		return link;
	});
}

/** A message ID (idMessage), as returned by send operations and triggers. */
export function messageId(options: Partial<FieldOptions> = {}) {
	return text(
		withDefaults(
			{
				name: 'idMessage',
				displayName: 'Message ID',
				description: 'The idMessage returned when the message was sent or received',
				placeholder: 'BAE5F4886F6F2D05',
				required: true,
			},
			options,
		),
	);
}

/** The optional message a send quotes in its reply. */
export const quotedMessageId = () =>
	messageId({
		name: 'quotedMessageId',
		displayName: 'Reply To Message ID',
		description: 'ID of a message in the same chat to quote in the reply',
		required: false,
	});

/** A file name with an extension: WhatsApp decides from the extension how to show the file. */
export function fileName(options: Partial<FieldOptions> = {}) {
	const merged = withDefaults(
		{
			name: 'fileName',
			displayName: 'File Name',
			description: 'Name of the file including its extension, e.g. invoice.pdf; the extension decides how WhatsApp shows it',
			placeholder: 'invoice.pdf',
		},
		options,
	);
	const required = merged.required ?? false;
	return makeField(merged, { type: 'string', default: '' }, (value) => {
		const name = checkText(value, required)?.trim();
		if (name === undefined) return undefined;
		if (!/\.[A-Za-z0-9]{1,10}$/.test(name)) {
			throw new FieldError(`"${name}" has no file extension`, 'Add an extension such as .jpg, .mp4, .mp3 or .pdf.');
		}
		return name;
	});
}

/** A colour, sent as "#RRGGBB"; "#RGB" and values without "#" are accepted too. */
export function color(options: FieldOptions & { default?: string }) {
	const required = options.required ?? false;
	return makeField(options, { type: 'color', default: options.default ?? '' }, (value) => {
		const raw = checkText(value, required)?.trim();
		if (raw === undefined) return undefined;
		const hex = raw.replace(/^#/, '');
		if (!/^([0-9a-f]{3}|[0-9a-f]{6})$/i.test(hex)) {
			throw new FieldError(`"${raw}" is not a colour`, 'Use a hex colour such as #228B22.');
		}
		const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
		return `#${full.toUpperCase()}`;
	});
}
