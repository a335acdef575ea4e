import { FieldError } from './fieldError';
import { isBlank, makeField, type FieldOptions } from './field';

const PERSONAL = /^\d{7,15}@c\.us$/;
const GROUP = /^\d{5,20}(-\d{5,20})?@g\.us$/;
const LINKED = /^\d{5,20}@lid$/;

export const CHAT_HINT =
	'Use a phone number with country code (e.g. +7 900 123-45-67 or 79001234567), a chat ID ending in @c.us, a group ID ending in @g.us, or a linked ID ending in @lid.';

export type ChatKind = 'any' | 'group' | 'person';

/** Digits of a phone number typed any common way: "+7 (900) 123-45-67", "0079001234567". */
export function phoneDigits(input: string): string | undefined {
	const compact = input.replace(/[\s().\-/]/g, '');
	const digits = compact.replace(/^\+/, '').replace(/^00/, '');
	return /^\d+$/.test(digits) && compact.indexOf('+') <= 0 ? digits : undefined;
}

/** Turns what a user typed into the chatId GREEN-API expects, or says why it cannot. */
export function normalizeChatId(input: unknown, kind: ChatKind = 'any'): string {
	if (isBlank(input)) throw new FieldError('is empty', CHAT_HINT);
	const text = String(input).trim();

	let chatId: string;
	if (text.includes('@')) {
		const at = text.lastIndexOf('@');
		chatId = `${text.slice(0, at)}@${text.slice(at + 1).toLowerCase()}`;
		if (!PERSONAL.test(chatId) && !GROUP.test(chatId) && !LINKED.test(chatId)) {
			throw new FieldError(`"${text}" is not a valid chat ID`, CHAT_HINT);
		}
	} else {
		const digits = phoneDigits(text);
		if (!digits || digits.length < 7 || digits.length > 15) {
			throw new FieldError(`"${text}" is neither a phone number nor a chat ID`, CHAT_HINT);
		}
		chatId = `${digits}@c.us`;
	}

	if (kind === 'group' && !GROUP.test(chatId)) {
		throw new FieldError(`"${text}" is not a group ID`, 'Group IDs end in @g.us; take them from Create Group, Get Contacts or a trigger.');
	}
	if (kind === 'person' && GROUP.test(chatId)) {
		throw new FieldError(`"${text}" is a group, a person is needed here`, CHAT_HINT);
	}
	return chatId;
}

export const isGroupChat = (chatId: string): boolean => GROUP.test(chatId);

type ChatFieldOptions = Partial<FieldOptions> & { kind?: ChatKind };

/** A chat to act on. Required unless told otherwise. */
export function chat(options: ChatFieldOptions = {}) {
	const kind = options.kind ?? 'any';
	const defaults: FieldOptions =
		kind === 'group'
			? {
					name: 'groupId',
					displayName: 'Group ID',
					description: 'The group chat ID, ending in @g.us',
					placeholder: '120363000000000001@g.us',
				}
			: {
					name: 'chatId',
					displayName: 'Chat',
					description:
						'Phone number with country code (any format, e.g. +7 900 123-45-67) or a chat ID: 79001234567@c.us, a group ...@g.us or a linked ...@lid',
					placeholder: '79001234567 or 79001234567@c.us',
				};
	const merged: FieldOptions = { ...defaults, ...options, required: options.required ?? true };
	return makeField(merged, { type: 'string', default: '' }, (value) =>
		!merged.required && isBlank(value) ? undefined : normalizeChatId(value, kind),
	);
}
