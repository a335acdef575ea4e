import { isResourceLocatorValue, type INodeProperties, type INodePropertyMode } from 'n8n-workflow';

import { V1_1 } from '../description/versions';
import { FieldError } from './fieldError';
import { isBlank, makeField, withDefaults, type FieldOptions } from './field';

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

/** The list search method (the node's `methods.listSearch`) that offers chats of a kind. */
export const CHAT_SEARCH: Record<ChatKind, string> = {
	any: 'searchChats',
	group: 'searchGroups',
	person: 'searchPeople',
};

// Domains in any letter case, as normalizeChatId lower-cases them.
const PERSONAL_ID = '[0-9]{7,15}@[cC]\\.[uU][sS]';
const GROUP_ID = '[0-9]{5,20}(-[0-9]{5,20})?@[gG]\\.[uU][sS]';
const LINKED_ID = '[0-9]{5,20}@[lL][iI][dD]';

const ID_PATTERNS: Record<ChatKind, { regex: string; placeholder: string; errorMessage: string }> = {
	any: {
		regex: `^\\s*(${PERSONAL_ID}|${GROUP_ID}|${LINKED_ID})\\s*$`,
		placeholder: '79001234567@c.us',
		errorMessage: 'Enter a chat ID ending in @c.us, a group ID ending in @g.us or a linked ID ending in @lid',
	},
	group: {
		regex: `^\\s*${GROUP_ID}\\s*$`,
		placeholder: '120363000000000001@g.us',
		errorMessage: 'Enter a group ID ending in @g.us',
	},
	person: {
		regex: `^\\s*(${PERSONAL_ID}|${LINKED_ID})\\s*$`,
		placeholder: '79001234567@c.us',
		errorMessage: 'Enter a chat ID ending in @c.us or a linked ID ending in @lid',
	},
};

/**
 * Pick from the instance's chats, type a phone number (not for groups) or an ID. n8n checks a
 * typed value against its mode's pattern in the editor and before a run (expressions excepted);
 * the node then normalizes every value, expressions included, with normalizeChatId.
 */
function chatModes(kind: ChatKind): INodePropertyMode[] {
	const id = ID_PATTERNS[kind];
	const locator: { modes: INodePropertyMode[] } = {
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: kind === 'group' ? 'Select a group...' : 'Select a chat...',
				typeOptions: { searchListMethod: CHAT_SEARCH[kind], searchable: true },
			},
			{
				displayName: 'By Phone Number',
				name: 'phone',
				type: 'string',
				placeholder: '+7 900 123-45-67',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*(\\+|00)?[0-9][0-9\\s().\\-/]{5,22}\\s*$',
							errorMessage: 'Enter a phone number with country code, e.g. +7 900 123-45-67',
						},
					},
				],
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: id.placeholder,
				validation: [{ type: 'regex', properties: { regex: id.regex, errorMessage: id.errorMessage } }],
			},
		],
	};
	return locator.modes.filter((mode) => kind !== 'group' || mode.name !== 'phone');
}

/**
 * A chat to act on. Required unless told otherwise. From node version 1.1 it is a resource
 * locator (pick from the instance's chats, or type a phone number or an ID); version 1 keeps the
 * plain text field its saved workflows hold. Both accept what the other holds: the text, a
 * number from an expression, or `{ __rl, mode, value }`.
 */
export function chat(options: ChatFieldOptions = {}) {
	const kind = options.kind ?? 'any';
	const defaults: FieldOptions =
		kind === 'group'
			? {
					name: 'groupId',
					displayName: 'Group ID',
					description: 'The group chat ID, ending in @g.us',
					placeholder: '120363000000000001@g.us',
					required: true,
				}
			: {
					name: 'chatId',
					displayName: 'Chat',
					description:
						'Phone number with country code (any format, e.g. +7 900 123-45-67) or a chat ID: 79001234567@c.us, a group ...@g.us or a linked ...@lid',
					placeholder: '79001234567 or 79001234567@c.us',
					required: true,
				};
	const merged = withDefaults(defaults, options);
	const field = makeField(merged, { type: 'string', default: '' }, (value) => {
		const raw = isResourceLocatorValue(value) ? value.value : value;
		return !merged.required && isBlank(raw) ? undefined : normalizeChatId(raw, kind);
	});
	// Each mode has its own placeholder; the property's own would not be shown.
	const locator: INodeProperties = {
		...field.property,
		placeholder: undefined,
		displayName: kind === 'group' ? 'Group' : merged.displayName,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes: chatModes(kind),
	};
	return { ...field, property: locator, earlier: [{ until: V1_1, property: field.property }] };
}
