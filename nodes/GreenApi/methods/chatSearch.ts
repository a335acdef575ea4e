import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { isGroupChat, type ChatKind } from '../fields/chatField';
import { greenApiRequest } from '../transport/greenApiRequest';

/** Entries per page of the editor's chat list; the list loads the next page on scroll. */
export const PAGE_SIZE = 50;

interface ChatEntry {
	id: string;
	name: string;
}

const asList = (body: unknown): IDataObject[] =>
	Array.isArray(body) ? body.filter((entry): entry is IDataObject => !!entry && typeof entry === 'object') : [];

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** A chat ID as given; a bare number (as getChats may answer) is a personal chat. */
const idOf = (entry: IDataObject): string => {
	const id = typeof entry.id === 'number' ? String(entry.id) : text(entry.id);
	return /^\d+$/.test(id) ? `${id}@c.us` : id;
};

/**
 * getChats is not in GREEN-API's main documentation (only on its WABA pages and in newer SDKs),
 * so its answer is taken liberally: any array of objects with an id, in the order given (most
 * recent chats first). An instance that does not serve it still lists its contacts.
 */
async function recentChats(ctx: ILoadOptionsFunctions): Promise<IDataObject[]> {
	try {
		const { body } = await greenApiRequest(ctx, { method: 'getChats', verb: 'GET', host: 'api', retry: 'safe' });
		return asList(body);
	} catch (error) {
		ctx.logger.debug('GREEN-API getChats failed; the chat list shows contacts only', {
			error: (error as Error).message,
		});
		return [];
	}
}

/** The instance's chats (getChats) and contacts and groups (getContacts), once each, named. */
async function allChats(ctx: ILoadOptionsFunctions): Promise<ChatEntry[]> {
	const [chats, contacts] = await Promise.all([
		recentChats(ctx),
		greenApiRequest(ctx, { method: 'getContacts', verb: 'GET', host: 'api', retry: 'safe' }).then(({ body }) => asList(body)),
	]);
	const names = new Map<string, string>();
	for (const contact of contacts) {
		const id = idOf(contact);
		if (id) names.set(id, text(contact.contactName) || text(contact.name));
	}
	const entry = (raw: IDataObject): ChatEntry => ({ id: idOf(raw), name: names.get(idOf(raw)) || text(raw.name) });
	const recent = chats.map(entry);
	const others = contacts.map(entry);
	others.sort((a, b) => (a.name || '\uffff').localeCompare(b.name || '\uffff') || a.id.localeCompare(b.id));
	const seen = new Set<string>();
	return [...recent, ...others].filter(({ id }) => id !== '' && !seen.has(id) && seen.add(id));
}

const wantedKind = (id: string, kind: ChatKind) =>
	kind === 'group' ? isGroupChat(id) : kind === 'person' ? /@(c\.us|lid)$/.test(id) : /@(c\.us|g\.us|lid)$/.test(id);

/** What the list shows: the name with the number, so two people of the same name can be told apart. */
export function chatLabel({ id, name }: ChatEntry): string {
	const [user, server] = id.split('@');
	const number = server === 'c.us' ? `+${user}` : server === 'g.us' ? 'group' : id;
	return name ? `${name} (${number})` : number;
}

function matches(entry: ChatEntry, filter: string): boolean {
	const needle = filter.trim().toLowerCase();
	if (!needle) return true;
	if (entry.name.toLowerCase().includes(needle) || entry.id.toLowerCase().includes(needle)) return true;
	const digits = needle.replace(/\D/g, '');
	return digits.length >= 3 && /^[\d\s()+\-./]+$/.test(needle) && entry.id.split('@')[0].includes(digits);
}

/** One page of the chats of a kind matching what the user typed; the token is the next offset. */
export async function searchChatsOf(
	ctx: ILoadOptionsFunctions,
	kind: ChatKind,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const found = (await allChats(ctx)).filter((entry) => wantedKind(entry.id, kind) && matches(entry, filter ?? ''));
	const offset = Math.max(0, Number(paginationToken) || 0);
	const results: INodeListSearchItems[] = found
		.slice(offset, offset + PAGE_SIZE)
		.map((entry) => ({ name: chatLabel(entry), value: entry.id }));
	const next = offset + PAGE_SIZE;
	return next < found.length ? { results, paginationToken: String(next) } : { results };
}

export const chatListSearch = {
	async searchChats(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
		return await searchChatsOf(this, 'any', filter, paginationToken);
	},
	async searchGroups(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
		return await searchChatsOf(this, 'group', filter, paginationToken);
	},
	async searchPeople(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
		return await searchChatsOf(this, 'person', filter, paginationToken);
	},
};
