/**
 * Request validation: presence and type of every field the contract lists, plus helpers for the
 * documented limits. Messages follow the "Validation failed. Details: '<field>' ..." wording the
 * contract quotes (e.g. "'messages' must contain at least 1 items").
 */
import type { ContractField, ContractMethod } from './contract';
import { validationFailed } from './errors';

export type Body = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const quoted = (name: string) => `'${name}'`;

/** Contract field types as written in methods.json, without the "(form field)" suffix. */
function baseType(type: string): string {
	return type.replace(/\s*\(form field\)$/, '').trim();
}

function isHeaderOrRawBody(field: ContractField): boolean {
	return field.name.startsWith('(') || field.name.includes('(header)');
}

/**
 * Checks one value against a contract type. Form fields arrive as strings, so integers are
 * accepted there as digit strings.
 */
export function checkType(name: string, type: string, value: unknown, required: boolean, fromForm = false): void {
	switch (baseType(type)) {
		case 'string':
			if (typeof value !== 'string') throw validationFailed(`${quoted(name)} must be a string`);
			if (required && value === '') throw validationFailed(`${quoted(name)} is not allowed to be empty`);
			return;
		case 'integer':
			if (fromForm && typeof value === 'string') {
				if (!/^-?\d+$/.test(value)) throw validationFailed(`${quoted(name)} must be an integer`);
				return;
			}
			if (typeof value !== 'number' || !Number.isFinite(value)) {
				throw validationFailed(`${quoted(name)} must be a number`);
			}
			if (!Number.isInteger(value)) throw validationFailed(`${quoted(name)} must be an integer`);
			return;
		case 'number (double)':
			if (typeof value !== 'number' || !Number.isFinite(value)) {
				throw validationFailed(`${quoted(name)} must be a number`);
			}
			return;
		case 'boolean':
			if (typeof value !== 'boolean') throw validationFailed(`${quoted(name)} must be a boolean`);
			return;
		case 'object':
			if (!isPlainObject(value)) throw validationFailed(`${quoted(name)} must be of type object`);
			return;
		case 'array<object>':
		case 'array<string>': {
			if (!Array.isArray(value)) throw validationFailed(`${quoted(name)} must be an array`);
			const wantString = baseType(type) === 'array<string>';
			value.forEach((item, i) => {
				if (wantString && typeof item !== 'string') {
					throw validationFailed(`${quoted(`${name}[${i}]`)} must be a string`);
				}
				if (!wantString && !isPlainObject(item)) {
					throw validationFailed(`${quoted(`${name}[${i}]`)} must be of type object`);
				}
			});
			return;
		}
		default:
			// binary parts are checked by the multipart reader; anything else is not typed in the contract.
			return;
	}
}

/** Presence and type of every body field listed for the method. `null` counts as absent. */
export function checkBody(spec: ContractMethod, body: Body, fromForm = false, skip: readonly string[] = []): void {
	for (const field of spec.body) {
		if (isHeaderOrRawBody(field) || field.type.startsWith('binary')) continue;
		if (skip.includes(field.name)) continue;
		const value = body[field.name];
		if (value === undefined || value === null) {
			if (field.required) throw validationFailed(`${quoted(field.name)} is required`);
			continue;
		}
		checkType(field.name, field.type, value, field.required, fromForm);
	}
}

/** Query parameters are strings; integers and booleans are parsed as the contract types them. */
export function checkQuery(spec: ContractMethod, query: Record<string, string>): Body {
	const parsed: Body = {};
	for (const field of spec.query) {
		const raw = query[field.name];
		if (raw === undefined || raw === '') {
			if (field.required) throw validationFailed(`${quoted(field.name)} is required`);
			continue;
		}
		if (field.type === 'integer') {
			if (!/^-?\d+$/.test(raw)) throw validationFailed(`${quoted(field.name)} must be an integer`);
			parsed[field.name] = Number(raw);
		} else if (field.type === 'boolean') {
			if (raw !== 'true' && raw !== 'false') throw validationFailed(`${quoted(field.name)} must be a boolean`);
			parsed[field.name] = raw === 'true';
		} else {
			parsed[field.name] = raw;
		}
	}
	return parsed;
}

// --- chat ids -------------------------------------------------------------------------------

export const PERSONAL_CHAT = /^[1-9]\d{4,19}@c\.us$/;
export const GROUP_CHAT = /^\d+(-\d+)?@g\.us$/;
export const LID_CHAT = /^\d+@lid$/;

export type ChatKind = 'personal' | 'group' | 'lid';

export function chatKind(chatId: string): ChatKind | undefined {
	if (PERSONAL_CHAT.test(chatId)) return 'personal';
	if (GROUP_CHAT.test(chatId)) return 'group';
	if (LID_CHAT.test(chatId)) return 'lid';
	return undefined;
}

const CHAT_FORMAT_TEXT: Record<string, string> = {
	any: "must be one of the next formats: 'phone_number@c.us', 'group_id@g.us' or 'lid@lid'",
	personal: "must have the format 'phone_number@c.us'",
	group: "must have the format 'group_id@g.us'",
	personalOrLid: "must have the format 'phone_number@c.us' or 'lid@lid'",
};

/** Checks a chat id field; `kinds` limits which forms are allowed (all three by default). */
export function checkChatId(name: string, value: string, kinds: ChatKind[] = ['personal', 'group', 'lid']): void {
	const kind = chatKind(value);
	if (kind && kinds.includes(kind)) return;
	let text = CHAT_FORMAT_TEXT.any;
	if (kinds.length === 1 && kinds[0] === 'personal') text = CHAT_FORMAT_TEXT.personal;
	else if (kinds.length === 1 && kinds[0] === 'group') text = CHAT_FORMAT_TEXT.group;
	else if (!kinds.includes('group')) text = CHAT_FORMAT_TEXT.personalOrLid;
	throw validationFailed(`${quoted(name)} ${text}`);
}

// --- limits --------------------------------------------------------------------------------

/** Length in characters (code points), so an emoji counts once. */
export const charLength = (text: string) => [...text].length;

export function checkMaxLength(name: string, value: string, max: number): void {
	if (charLength(value) > max) {
		throw validationFailed(`${quoted(name)} length must be less than or equal to ${max} characters long`);
	}
}

export function checkRange(name: string, value: number, min: number, max: number): void {
	if (value < min) throw validationFailed(`${quoted(name)} must be greater than or equal to ${min}`);
	if (value > max) throw validationFailed(`${quoted(name)} must be less than or equal to ${max}`);
}

export function checkOneOf<T>(name: string, value: T, allowed: readonly T[]): void {
	if (!allowed.includes(value)) {
		throw validationFailed(`${quoted(name)} must be one of [${allowed.join(', ')}]`);
	}
}

export function checkItemCount(name: string, items: unknown[], min: number, max = Infinity): void {
	if (items.length < min) throw validationFailed(`${quoted(name)} must contain at least ${min} items`);
	if (items.length > max) {
		throw validationFailed(`${quoted(name)} must contain less than or equal to ${max} items`);
	}
}

/** The typingTime range documented for the send methods that list it. */
export function checkTypingTime(body: Body, name = 'typingTime'): void {
	const value = body[name];
	if (value === undefined || value === null) return;
	checkRange(name, Number(value), 1000, 20000);
}

// --- typed getters (after checkBody has run) ----------------------------------------------

export function optString(body: Body, name: string): string | undefined {
	const value = body[name];
	return typeof value === 'string' ? value : undefined;
}

export function reqString(body: Body, name: string): string {
	const value = body[name];
	if (typeof value !== 'string') throw validationFailed(`${quoted(name)} is required`);
	return value;
}

export function optNumber(body: Body, name: string): number | undefined {
	const value = body[name];
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
	return undefined;
}

/** Phone numbers are integers of digits; a digit string is accepted as well (docs error texts check "only digits"). */
export function phoneDigits(name: string, value: unknown): string {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
	if (!/^\d+$/.test(text)) throw validationFailed(`Wrong format. ${quoted(name)} must contain only digits`);
	return text;
}
