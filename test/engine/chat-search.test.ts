import { LoadOptionsContext } from 'n8n-core';
import type { ILoadOptionsFunctions, INode, INodeListSearchResult } from 'n8n-workflow';

import { GreenApi } from '../../nodes/GreenApi/GreenApi.node';
import { PAGE_SIZE } from '../../nodes/GreenApi/methods/chatSearch';
import { createWorkflow, exclusive, prepareEngine } from '../harness/engine';
import { startWorld, type SandboxWorld } from './operations/sandboxSetup';

const IVAN = '79001234567@c.us';
const MARIA = '79007654321@c.us';
const LINKED = '123456789012345@lid';
const GROUP = '120363000000000001@g.us';

let world: SandboxWorld;

beforeAll(async () => {
	world = await startWorld();
});

afterAll(async () => {
	await world.sandbox.close();
});

beforeEach(() => {
	world.sandbox.reset();
	world.sandbox.addContact(world.idInstance, { chatId: IVAN, name: 'Ivan', contactName: 'Ivan Petrov' });
	world.sandbox.addContact(world.idInstance, { chatId: MARIA, name: 'Maria' });
	world.sandbox.addContact(world.idInstance, { chatId: LINKED, name: 'Lena' });
	world.sandbox.addGroup(world.idInstance, { groupId: GROUP, subject: 'Support team', participants: [IVAN] });
});

type Method = 'searchChats' | 'searchGroups' | 'searchPeople';

/** Calls a list search the way n8n's editor backend does: a LoadOptionsContext on a temporary node. */
async function search(method: Method, filter?: string, token?: string): Promise<INodeListSearchResult> {
	return await exclusive(async () => {
		await prepareEngine();
		const type = new GreenApi();
		const node: INode = {
			id: 'temp',
			name: 'Temp-Node',
			type: 'n8n-nodes-green-api.greenApi',
			typeVersion: 1.1,
			position: [0, 0],
			parameters: { resource: 'message', operation: 'sendMessage' },
			credentials: { greenApiInstanceApi: { id: '1', name: 'GREEN-API' } },
		};
		const { workflow, additionalData } = createWorkflow(
			{ node: type, parameters: {}, credentials: world.credentials, credentialTypes: world.credentialTypes },
			[node],
			{},
			{ [node.type]: type },
		);
		const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters.chatId') as ILoadOptionsFunctions;
		return await type.methods.listSearch[method].call(context, filter, token);
	});
}

describe('the chat picker', () => {
	it("lists the instance's chats and groups, names shown with the number", async () => {
		const { results, paginationToken } = await search('searchChats');
		expect(results).toEqual(
			expect.arrayContaining([
				{ name: 'Ivan Petrov (+79001234567)', value: IVAN },
				{ name: 'Maria (+79007654321)', value: MARIA },
				{ name: `Lena (${LINKED})`, value: LINKED },
				{ name: 'Support team (group)', value: GROUP },
			]),
		);
		expect(paginationToken).toBeUndefined();
	});

	it('finds chats by name, by number typed any way, and by ID', async () => {
		const values = async (filter: string) => (await search('searchChats', filter)).results.map((r) => r.value);
		expect(await values('petrov')).toEqual([IVAN]);
		expect(await values('+7 900 765')).toEqual([MARIA]);
		expect(await values('support')).toEqual([GROUP]);
		expect(await values('@lid')).toEqual([LINKED]);
		expect(await values('nobody')).toEqual([]);
	});

	it('offers only groups where a group is required, and only people where a person is', async () => {
		expect((await search('searchGroups')).results.map((r) => r.value)).toEqual([GROUP]);
		expect((await search('searchPeople')).results.map((r) => r.value).sort()).toEqual([LINKED, MARIA, IVAN].sort());
	});

	it('includes the chats the instance has written with', async () => {
		await world.call('sendMessage', { chatId: '79005550000@c.us', message: 'hello' });
		expect((await search('searchChats', '555')).results).toEqual([{ name: '+79005550000', value: '79005550000@c.us' }]);
	});

	it('pages through long lists', async () => {
		for (let i = 0; i < PAGE_SIZE + 5; i++) {
			world.sandbox.addContact(world.idInstance, { chatId: `7911000${String(i).padStart(4, '0')}@c.us`, name: `Customer ${i}` });
		}
		const first = await search('searchPeople', 'customer');
		expect(first.results).toHaveLength(PAGE_SIZE);
		const second = await search('searchPeople', 'customer', first.paginationToken as string);
		expect(second.results).toHaveLength(5);
		expect(second.paginationToken).toBeUndefined();
		const all = [...first.results, ...second.results].map((r) => r.value);
		expect(new Set(all).size).toBe(PAGE_SIZE + 5);
	});

	it('reports a wrong token instead of showing an empty list', async () => {
		world.credentials.greenApiInstanceApi.apiTokenInstance = 'wrong-token';
		try {
			await expect(search('searchChats')).rejects.toThrow(/token/i);
		} finally {
			world.credentials.greenApiInstanceApi.apiTokenInstance = world.token;
		}
	});
});
