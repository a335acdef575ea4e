import axios from 'axios';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { MessageView, RequestRecord } from '../../../sandbox';
import type { InputItem } from '../../harness';
import type { SandboxWorld } from './sandboxSetup';

export const PERSON = '79001234567@c.us';
const OTHER = '79007654321@c.us';
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7), Buffer.from([0xff, 0xd9])]);

/** What one run of a case produced, for its output check. */
export interface CaseRun {
	/** Main output of the node. */
	items: INodeExecutionData[];
	/** The request the node sent, as the sandbox logged it; `response` is what the sandbox answered. */
	record: RequestRecord;
	/** The node's parameters in this run, including those setup() returned (ids). */
	parameters: INodeParameters;
	world: SandboxWorld;
	/** The bytes of an output item's binary property, in either binary data mode. */
	bytes: (item: INodeExecutionData, property?: string) => Promise<Buffer>;
}

/** One run of one operation against the sandbox, and what the user should see. */
export interface OperationCase {
	method: string;
	/** Node parameters besides resource and operation; setup() may add more. */
	parameters?: INodeParameters;
	input?: InputItem[];
	/** Prepares sandbox state; returns parameters that depend on it (ids). */
	setup?: (world: SandboxWorld) => Promise<INodeParameters | void>;
	/** What the request must carry beyond the contract shape. */
	sent?: (record: RequestRecord, world: SandboxWorld) => void;
	/**
	 * What the node must output, checked against what the sandbox answered and what it now holds.
	 * Every case has one, and it must assert something (the suite fails a check that asserts nothing).
	 */
	expectOutput: (run: CaseRun) => void | Promise<void>;
	/** Run once per binary data mode. */
	binary?: boolean;
	/**
	 * The status the sandbox answers when it is not 200, as GREEN-API does: the archived button
	 * methods answer 403. The node then fails with an explanation (checked with continue-on-fail).
	 */
	refusedWith?: { status: number; message: RegExp };
}

const json = (record: RequestRecord) => record.json as IDataObject;
/** The sandbox serves files on loopback: downloads from it must be allowed explicitly. */
const sandboxFiles = (world: SandboxWorld) => ({ allowedInternalHosts: new URL(world.sandbox.apiUrl).host });
const photo = (): InputItem[] => [{ json: {}, binary: { data: { data: JPEG, fileName: 'photo.jpg', mimeType: 'image/jpeg' } } }];

const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);

/** The single item the node put out. */
function only(items: INodeExecutionData[]): IDataObject {
	expect(items).toHaveLength(1);
	return items[0].json;
}

/** The node put out the sandbox's answer unchanged, as one item. */
const answered = ({ items, record }: CaseRun) => expect(jsonOf(items)).toEqual([record.response]);

/** The node put out the sandbox's list answer one item per entry, in order. */
function listed({ items, record }: CaseRun) {
	expect(Array.isArray(record.response)).toBe(true);
	expect(jsonOf(items)).toEqual(record.response);
}

/** A string parameter of the run (ids that setup() returned). */
const param = (run: CaseRun, name: string) => String(run.parameters[name]);

const instance = (world: SandboxWorld) => world.sandbox.instance(world.idInstance);

const chatOf = (world: SandboxWorld, chatId: string) => world.sandbox.chats(world.idInstance).find((chat) => chat.chatId === chatId);

/** A message the sandbox's instance holds in a chat. */
function messageIn(world: SandboxWorld, chatId: string, idMessage: unknown): MessageView {
	const message = chatOf(world, chatId)?.messages.find((m) => m.idMessage === idMessage);
	if (!message) throw new Error(`the sandbox has no message ${String(idMessage)} in ${chatId}`);
	return message;
}

/** Messages of a chat as the journal methods show them, newest first. */
const journalOf = (world: SandboxWorld, chatId: string, type: MessageView['type']) =>
	(chatOf(world, chatId)?.messages ?? [])
		.filter((m) => m.type === type && m.journaled)
		.reverse()
		.map((m) => world.sandbox.message(world.idInstance, m.idMessage));

interface GroupData {
	subject: string;
	participants: Array<{ id: string; isAdmin: boolean }>;
}
const groupData = (world: SandboxWorld, groupId: string) => world.call<GroupData>('getGroupData', { groupId });
const memberIds = (group: GroupData) => group.participants.map((p) => p.id);

/** A file the sandbox serves, as bytes. */
async function download(url: unknown): Promise<Buffer> {
	const response = await axios.get<ArrayBuffer>(String(url), { responseType: 'arraybuffer', proxy: false });
	return Buffer.from(response.data);
}

const statusOf = (world: SandboxWorld, idMessage: unknown) =>
	world.sandbox.statuses(world.idInstance).find((s) => s.idMessage === idMessage);

/** Waits, at most 5 s, for the sandbox's timers to reach a state (its send queue works on timers). */
async function until(what: string, reached: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!reached()) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** An incoming message; journals and the notification queue only see it with incomingWebhook on. */
async function incoming(world: SandboxWorld, input: Parameters<SandboxWorld['sandbox']['injectIncoming']>[1] = {}) {
	world.sandbox.setSettings(world.idInstance, { incomingWebhook: 'yes' });
	return world.sandbox.injectIncoming(world.idInstance, { chatId: PERSON, ...input });
}

async function sentMessage(world: SandboxWorld): Promise<string> {
	const { idMessage } = await world.call<{ idMessage: string }>('sendMessage', { chatId: PERSON, message: 'to edit' });
	return idMessage;
}

async function group(world: SandboxWorld, admin = true) {
	return world.sandbox.addGroup(world.idInstance, {
		subject: 'Support team',
		participants: [PERSON, OTHER],
		admin,
	});
}

/** A posted status; its journal needs outgoingWebhook on. */
async function status(world: SandboxWorld, participants?: string[]): Promise<string> {
	world.sandbox.setSettings(world.idInstance, { outgoingWebhook: 'yes' });
	const { idMessage } = await world.call<{ idMessage: string }>('sendTextStatus', {
		message: 'Open today',
		backgroundColor: '#228B22',
		...(participants ? { participants } : {}),
	});
	return idMessage;
}

/** An archived button method: the item carries GREEN-API's refusal, and nothing was sent. */
function refused(run: CaseRun) {
	const item = only(run.items);
	expect(item).toMatchObject({
		httpCode: '403',
		greenApiMessage: (run.record.response as IDataObject).description,
	});
	expect(run.world.sandbox.sent(run.world.idInstance)).toEqual([]);
}

export const CASES: OperationCase[] = [
	// Message
	{
		method: 'sendMessage',
		parameters: {
			chatId: '+7 (900) 123-45-67',
			message: 'Your order #1024 has shipped 🚚',
			linkPreview: false,
			options: { typingTime: 2000, typePreview: 'small', previewTitle: 'Order' },
		},
		sent: (r) =>
			expect(json(r)).toEqual({
				chatId: PERSON,
				message: 'Your order #1024 has shipped 🚚',
				linkPreview: false,
				typingTime: 2000,
				typePreview: 'small',
				customPreview: { title: 'Order' },
			}),
		expectOutput: (run) => {
			answered(run);
			expect(messageIn(run.world, PERSON, only(run.items).idMessage)).toMatchObject({
				type: 'outgoing',
				sendByApi: true,
				text: 'Your order #1024 has shipped 🚚',
			});
		},
	},
	{
		method: 'sendPoll',
		parameters: {
			chatId: PERSON,
			message: 'Which day suits you?',
			pollOptions: { row: [{ optionName: 'Monday' }, { optionName: 'Tuesday' }] },
			options: { multipleAnswers: true },
		},
		sent: (r) =>
			expect(json(r)).toMatchObject({
				options: [{ optionName: 'Monday' }, { optionName: 'Tuesday' }],
				multipleAnswers: true,
			}),
		expectOutput: (run) => {
			answered(run);
			expect(messageIn(run.world, PERSON, only(run.items).idMessage).typeMessage).toBe('pollMessage');
		},
	},
	{
		method: 'sendLocation',
		parameters: { chatId: PERSON, latitude: 55.7558, longitude: 37.6173, options: { nameLocation: 'Office' } },
		sent: (r) => expect(json(r)).toMatchObject({ latitude: 55.7558, longitude: 37.6173, nameLocation: 'Office' }),
		expectOutput: (run) => {
			answered(run);
			const message = messageIn(run.world, PERSON, only(run.items).idMessage);
			expect(message.messageData).toMatchObject({
				typeMessage: 'locationMessage',
				locationMessageData: { nameLocation: 'Office', latitude: 55.7558, longitude: 37.6173 },
			});
		},
	},
	{
		method: 'sendContact',
		parameters: { chatId: PERSON, phoneContact: '+7 900 765-43-21', firstName: 'Ivan', options: { company: 'Acme' } },
		sent: (r) => expect(json(r).contact).toEqual({ phoneContact: 79007654321, firstName: 'Ivan', company: 'Acme' }),
		expectOutput: (run) => {
			answered(run);
			const message = messageIn(run.world, PERSON, only(run.items).idMessage);
			expect(message.messageData).toMatchObject({
				typeMessage: 'contactMessage',
				contactMessageData: { displayName: 'Ivan' },
			});
		},
	},
	{
		method: 'forwardMessages',
		setup: async (world) => ({ messages: (await incoming(world, { text: 'forward me' })).idMessage }),
		parameters: { chatId: '79007654321', chatIdFrom: PERSON },
		sent: (r) => expect(json(r)).toMatchObject({ chatId: OTHER, chatIdFrom: PERSON }),
		expectOutput: (run) => {
			answered(run);
			const ids = only(run.items).messages as string[];
			expect(ids).toHaveLength(1);
			expect(messageIn(run.world, OTHER, ids[0])).toMatchObject({ type: 'outgoing', text: 'forward me' });
		},
	},
	{
		method: 'sendInteractiveButtons',
		parameters: {
			chatId: PERSON,
			body: 'How can we help?',
			buttons: { row: [{ type: 'copy', buttonId: '1', buttonText: 'Copy code', copyCode: 'X1' }] },
		},
		sent: (r) => expect(json(r).buttons).toEqual([expect.objectContaining({ type: 'copy', buttonText: 'Copy code' })]),
		expectOutput: (run) => {
			answered(run);
			const message = messageIn(run.world, PERSON, only(run.items).idMessage);
			expect(message.messageData).toMatchObject({
				typeMessage: 'interactiveButtons',
				interactiveButtons: { contentText: 'How can we help?' },
			});
		},
	},
	{
		method: 'sendInteractiveButtonsReply',
		parameters: { chatId: PERSON, body: 'Rate us', buttons: { row: [{ buttonId: '1', buttonText: 'Great' }] } },
		sent: (r) => expect(json(r).buttons).toEqual([{ buttonId: '1', buttonText: 'Great' }]),
		expectOutput: (run) => {
			answered(run);
			const message = messageIn(run.world, PERSON, only(run.items).idMessage);
			expect(message.messageData).toMatchObject({
				typeMessage: 'interactiveButtonsReply',
				interactiveButtonsReply: { contentText: 'Rate us' },
			});
		},
	},
	{
		method: 'editMessage',
		setup: async (world) => ({ idMessage: await sentMessage(world) }),
		parameters: { chatId: PERSON, message: 'edited text' },
		sent: (r) => expect(json(r).message).toBe('edited text'),
		expectOutput: (run) => {
			answered(run);
			expect(messageIn(run.world, PERSON, param(run, 'idMessage'))).toMatchObject({ text: 'edited text', isEdited: true });
			// The id the node outputs is the edit's own message.
			expect(messageIn(run.world, PERSON, only(run.items).idMessage).typeMessage).toBe('editedMessage');
		},
	},
	{
		method: 'deleteMessage',
		setup: async (world) => ({ idMessage: await sentMessage(world) }),
		parameters: { chatId: PERSON, options: { onlySenderDelete: true } },
		sent: (r) => expect(json(r).onlySenderDelete).toBe(true),
		expectOutput: (run) => {
			expect(jsonOf(run.items)).toEqual([{ success: true }]);
			expect(messageIn(run.world, PERSON, param(run, 'idMessage')).isDeleted).toBe(true);
		},
	},
	{
		method: 'sendButtons',
		parameters: { chatId: PERSON, message: 'Pick one', buttons: { row: [{ buttonId: '1', buttonText: 'Yes' }] } },
		sent: (r) => expect(json(r).buttons).toEqual([{ buttonId: '1', buttonText: 'Yes' }]),
		refusedWith: { status: 403, message: /denied access to sendButtons \(403\)/ },
		expectOutput: refused,
	},
	{
		method: 'sendTemplateButtons',
		parameters: {
			chatId: PERSON,
			message: 'Visit us',
			templateButtons: { row: [{ type: 'urlButton', displayText: 'Site', url: 'https://example.com' }] },
		},
		sent: (r) =>
			expect(json(r).templateButtons).toEqual([
				expect.objectContaining({ urlButton: { displayText: 'Site', url: 'https://example.com' } }),
			]),
		refusedWith: { status: 403, message: /denied access to sendTemplateButtons/ },
		expectOutput: refused,
	},
	{
		method: 'sendListMessage',
		parameters: {
			chatId: PERSON,
			message: 'Menu',
			buttonText: 'Open',
			sections: JSON.stringify([{ title: 'Food', rows: [{ title: 'Pizza', rowId: 'p1' }] }]),
		},
		sent: (r) => expect(json(r).sections).toEqual([{ title: 'Food', rows: [{ title: 'Pizza', rowId: 'p1' }] }]),
		refusedWith: { status: 403, message: /denied access to sendListMessage/ },
		expectOutput: refused,
	},
	// File
	{
		method: 'sendFileByUpload',
		binary: true,
		input: photo(),
		parameters: { chatId: PERSON, binaryPropertyName: 'data', options: { caption: 'The parcel' } },
		sent: (r) => {
			expect(r.multipart?.fields).toMatchObject({ chatId: PERSON, caption: 'The parcel', fileName: 'photo.jpg' });
			expect(r.multipart?.files).toEqual([
				expect.objectContaining({ field: 'file', filename: 'photo.jpg', contentType: 'image/jpeg', size: JPEG.length }),
			]);
		},
		expectOutput: async (run) => {
			answered(run);
			const { idMessage, urlFile } = only(run.items);
			expect(messageIn(run.world, PERSON, idMessage).file).toMatchObject({
				url: urlFile,
				fileName: 'photo.jpg',
				caption: 'The parcel',
			});
			expect(await download(urlFile)).toEqual(JPEG);
		},
	},
	{
		method: 'sendFileByUrl',
		parameters: { chatId: PERSON, urlFile: 'https://example.com/files/invoice.pdf', fileName: 'invoice.pdf' },
		expectOutput: (run) => {
			answered(run);
			expect(messageIn(run.world, PERSON, only(run.items).idMessage).file).toMatchObject({
				url: 'https://example.com/files/invoice.pdf',
				fileName: 'invoice.pdf',
			});
		},
	},
	{
		method: 'uploadFile',
		binary: true,
		input: photo(),
		parameters: { binaryPropertyName: 'data' },
		sent: (r) => {
			expect(r.raw).toMatchObject({ size: JPEG.length, contentType: 'image/jpeg' });
			expect(r.headers['ga-filename']).toBe('photo.jpg');
		},
		expectOutput: async (run) => {
			answered(run);
			expect(await download(only(run.items).urlFile)).toEqual(JPEG);
		},
	},
	{
		method: 'downloadFile',
		binary: true,
		setup: async (world) => ({
			idMessage: (await incoming(world, { typeMessage: 'documentMessage', fileName: 'report.pdf' })).idMessage,
			options: sandboxFiles(world),
		}),
		parameters: { chatId: PERSON },
		expectOutput: async (run) => {
			answered(run);
			const file = messageIn(run.world, PERSON, param(run, 'idMessage')).file!;
			expect(only(run.items).downloadUrl).toBe(file.url);
			expect(run.items[0].binary?.data).toMatchObject({ fileName: 'report.pdf', mimeType: file.mimeType });
			expect(await run.bytes(run.items[0])).toEqual(await download(file.url));
		},
	},
	// Journal
	{
		method: 'getChatHistory',
		setup: async (world) => {
			await incoming(world, { text: 'one' });
			await incoming(world, { text: 'two' });
			await incoming(world, { text: 'three' });
		},
		parameters: { chatId: PERSON, returnAll: false, limit: 2 },
		sent: (r) => expect(json(r)).toEqual({ chatId: PERSON, count: 2 }),
		expectOutput: (run) => {
			listed(run);
			// The two newest messages of the chat, newest first.
			expect(jsonOf(run.items)).toEqual(journalOf(run.world, PERSON, 'incoming').slice(0, 2));
			expect(jsonOf(run.items).map((item) => item.textMessage)).toEqual(['three', 'two']);
		},
	},
	{
		method: 'getMessage',
		setup: async (world) => ({ idMessage: (await incoming(world, { text: 'find me' })).idMessage }),
		parameters: { chatId: PERSON },
		expectOutput: (run) => {
			expect(only(run.items)).toEqual(run.world.sandbox.message(run.world.idInstance, param(run, 'idMessage')));
			expect(run.items[0].json.textMessage).toBe('find me');
		},
	},
	{
		method: 'lastIncomingMessages',
		setup: async (world) => {
			await incoming(world, { text: 'earlier' });
			await incoming(world, { text: 'recent' });
		},
		parameters: { returnAll: true, options: { minutes: 30 } },
		sent: (r) => expect(r.query).toEqual({ minutes: '30' }),
		expectOutput: (run) => {
			listed(run);
			expect(jsonOf(run.items)).toEqual(journalOf(run.world, PERSON, 'incoming'));
			expect(jsonOf(run.items).map((item) => item.textMessage)).toEqual(['recent', 'earlier']);
		},
	},
	{
		method: 'lastOutgoingMessages',
		setup: async (world) => void (await sentMessage(world)),
		parameters: { returnAll: true },
		expectOutput: (run) => {
			listed(run);
			// Delivery statuses move on after the answer: compare which messages came out.
			const ids = journalOf(run.world, PERSON, 'outgoing').map((m) => m.idMessage);
			expect(ids).toHaveLength(1);
			expect(jsonOf(run.items).map((item) => item.idMessage)).toEqual(ids);
			expect(run.items[0].json.textMessage).toBe('to edit');
		},
	},
	// Chat
	{
		method: 'readChat',
		setup: async (world) => void (await incoming(world)),
		parameters: { chatId: PERSON },
		expectOutput: (run) => {
			answered(run);
			expect(only(run.items)).toEqual({ setRead: true });
			expect(chatOf(run.world, PERSON)?.unread).toBe(0);
		},
	},
	{
		method: 'archiveChat',
		setup: async (world) => void (await incoming(world)),
		parameters: { chatId: PERSON },
		expectOutput: (run) => {
			expect(jsonOf(run.items)).toEqual([{ success: true }]);
			expect(chatOf(run.world, PERSON)?.archived).toBe(true);
		},
	},
	{
		method: 'unarchiveChat',
		setup: async (world) => {
			await incoming(world);
			await world.call('archiveChat', { chatId: PERSON });
		},
		parameters: { chatId: PERSON },
		expectOutput: (run) => {
			expect(jsonOf(run.items)).toEqual([{ success: true }]);
			expect(chatOf(run.world, PERSON)?.archived).toBe(false);
		},
	},
	{
		method: 'setDisappearingChat',
		parameters: { chatId: PERSON, ephemeralExpiration: 86400 },
		sent: (r) => expect(json(r).ephemeralExpiration).toBe(86400),
		expectOutput: (run) => {
			answered(run);
			expect(only(run.items)).toMatchObject({ chatId: PERSON, ephemeralExpiration: 86400 });
			expect(chatOf(run.world, PERSON)?.ephemeralExpiration).toBe(86400);
		},
	},
	// Contact
	{
		method: 'checkWhatsapp',
		// The sandbox says this number has no WhatsApp account, which is what the node must pass on.
		setup: async (world) => void world.sandbox.setNumberExists('79001234567', false),
		parameters: { phoneNumber: '+7 900 123 45 67' },
		sent: (r) => expect(json(r).phoneNumber).toBe(79001234567),
		expectOutput: (run) => {
			answered(run);
			expect(only(run.items)).toEqual({ existsWhatsapp: false });
		},
	},
	{
		method: 'getAvatar',
		setup: async (world) => ({ options: sandboxFiles(world) }),
		parameters: { chatId: PERSON, download: true },
		expectOutput: async (run) => {
			answered(run);
			const { urlAvatar } = only(run.items);
			expect(run.items[0].binary?.data?.mimeType).toBe('image/png');
			expect(await run.bytes(run.items[0])).toEqual(await download(urlAvatar));
		},
	},
	{
		method: 'getContacts',
		setup: async (world) => {
			world.sandbox.addContact(world.idInstance, { chatId: '79001112233@c.us', name: 'Anna' });
			world.sandbox.addContact(world.idInstance, { chatId: '79004445566@c.us', name: 'Boris' });
		},
		parameters: { returnAll: true },
		expectOutput: (run) => {
			listed(run);
			expect(jsonOf(run.items).map((item) => item.name)).toEqual(['Anna', 'Boris']);
		},
	},
	{
		method: 'getContactInfo',
		setup: async (world) => void world.sandbox.addContact(world.idInstance, { chatId: PERSON, name: 'Ivan', contactName: 'Ivan Petrov' }),
		parameters: { chatId: PERSON },
		expectOutput: (run) => {
			answered(run);
			expect(only(run.items)).toMatchObject({ chatId: PERSON, name: 'Ivan', contactName: 'Ivan Petrov' });
		},
	},
	// Group
	{
		method: 'createGroup',
		parameters: { groupName: 'Launch', chatIds: '79001234567\n+7 900 765 43 21' },
		sent: (r) => expect(json(r).chatIds).toEqual([PERSON, OTHER]),
		expectOutput: async (run) => {
			answered(run);
			const { chatId } = only(run.items);
			expect(chatId).toEqual(expect.stringMatching(/@g\.us$/));
			const created = await groupData(run.world, String(chatId));
			expect(created.subject).toBe('Launch');
			expect(memberIds(created)).toEqual(expect.arrayContaining([PERSON, OTHER]));
		},
	},
	{
		method: 'updateGroupName',
		setup: async (world) => ({ groupId: (await group(world)).groupId }),
		parameters: { groupName: 'Renamed' },
		expectOutput: async (run) => {
			answered(run);
			expect(only(run.items)).toEqual({ updateGroupName: true });
			expect((await groupData(run.world, param(run, 'groupId'))).subject).toBe('Renamed');
		},
	},
	{
		method: 'getGroupData',
		setup: async (world) => ({ groupId: (await group(world)).groupId }),
		expectOutput: (run) => {
			answered(run);
			expect(only(run.items)).toMatchObject({ groupId: param(run, 'groupId'), subject: 'Support team', owner: PERSON });
			expect(memberIds(run.items[0].json as unknown as GroupData)).toEqual([PERSON, OTHER, instance(run.world).wid]);
		},
	},
	{
		method: 'addGroupParticipant',
		setup: async (world) => ({ groupId: (await group(world)).groupId }),
		parameters: { participantChatId: '79009998877' },
		sent: (r) => expect(json(r).participantChatId).toBe('79009998877@c.us'),
		expectOutput: async (run) => {
			answered(run);
			expect(only(run.items)).toEqual({ addParticipant: true });
			expect(memberIds(await groupData(run.world, param(run, 'groupId')))).toContain('79009998877@c.us');
		},
	},
	{
		method: 'removeGroupParticipant',
		setup: async (world) => ({ groupId: (await group(world)).groupId }),
		parameters: { participantChatId: '79007654321' },
		expectOutput: async (run) => {
			answered(run);
			expect(only(run.items)).toEqual({ removeParticipant: true });
			expect(memberIds(await groupData(run.world, param(run, 'groupId')))).not.toContain(OTHER);
		},
	},
	{
		method: 'setGroupAdmin',
		setup: async (world) => ({ groupId: (await group(world)).groupId }),
		parameters: { participantChatId: '79007654321' },
		expectOutput: async (run) => {
			answered(run);
			expect(only(run.items)).toEqual({ setGroupAdmin: true });
			const { participants } = await groupData(run.world, param(run, 'groupId'));
			expect(participants.find((p) => p.id === OTHER)?.isAdmin).toBe(true);
		},
	},
	{
		method: 'removeAdmin',
		setup: async (world) => {
			const { groupId } = await group(world);
			await world.call('setGroupAdmin', { groupId, participantChatId: OTHER });
			return { groupId };
		},
		parameters: { participantChatId: '79007654321' },
		expectOutput: async (run) => {
			answered(run);
			expect(only(run.items)).toEqual({ removeAdmin: true });
			const { participants } = await groupData(run.world, param(run, 'groupId'));
			expect(participants.find((p) => p.id === OTHER)?.isAdmin).toBe(false);
		},
	},
	{
		method: 'setGroupPicture',
		binary: true,
		input: photo(),
		setup: async (world) => ({ groupId: (await group(world)).groupId }),
		parameters: { binaryPropertyName: 'data' },
		sent: (r) => expect(r.multipart?.files[0]).toMatchObject({ field: 'file', size: JPEG.length }),
		expectOutput: async (run) => {
			answered(run);
			const { setGroupPicture, urlAvatar } = only(run.items);
			expect(setGroupPicture).toBe(true);
			expect(await download(urlAvatar)).toEqual(JPEG);
			const avatar = await run.world.call('getAvatar', { chatId: param(run, 'groupId') });
			expect(avatar.urlAvatar).toBe(urlAvatar);
		},
	},
	{
		method: 'leaveGroup',
		setup: async (world) => ({ groupId: (await group(world, false)).groupId }),
		expectOutput: async (run) => {
			answered(run);
			expect(only(run.items)).toEqual({ leaveGroup: true });
			expect(memberIds(await groupData(run.world, param(run, 'groupId')))).not.toContain(instance(run.world).wid);
		},
	},
	// Instance
	{
		method: 'getSettings',
		setup: async (world) =>
			void world.sandbox.setSettings(world.idInstance, {
				webhookUrl: 'https://example.com/hook',
				incomingWebhook: 'yes',
				delaySendMessagesMilliseconds: 1500,
			}),
		expectOutput: (run) => {
			answered(run);
			expect(only(run.items)).toEqual(instance(run.world).settings);
			expect(run.items[0].json).toMatchObject({ webhookUrl: 'https://example.com/hook', delaySendMessagesMilliseconds: 1500 });
		},
	},
	{
		method: 'setSettings',
		parameters: { settings: { incomingWebhook: true, outgoingWebhook: false, delaySendMessagesMilliseconds: 1000 } },
		sent: (r) => expect(json(r)).toEqual({ incomingWebhook: 'yes', outgoingWebhook: 'no', delaySendMessagesMilliseconds: 1000 }),
		expectOutput: (run) => {
			answered(run);
			expect(only(run.items)).toEqual({ saveSettings: true });
			// The sandbox applies them after a simulated restart: pending until then.
			const { settings, pendingSettings } = instance(run.world);
			expect({ ...settings, ...pendingSettings }).toMatchObject({
				incomingWebhook: 'yes',
				outgoingWebhook: 'no',
				delaySendMessagesMilliseconds: 1000,
			});
		},
	},
	{
		method: 'getStateInstance',
		setup: async (world) => void world.sandbox.setState(world.idInstance, 'sleepMode'),
		expectOutput: (run) => {
			answered(run);
			expect(only(run.items)).toEqual({ stateInstance: instance(run.world).stateInstance });
			expect(run.items[0].json.stateInstance).toBe('sleepMode');
		},
	},
	{
		method: 'reboot',
		expectOutput: (run) => {
			answered(run);
			expect(only(run.items)).toEqual({ isReboot: true });
			// The suite's sandbox restarts slowly, so the restart is still under way.
			expect(instance(run.world).stateInstance).toBe('starting');
		},
	},
	{
		method: 'logout',
		expectOutput: (run) => {
			answered(run);
			expect(only(run.items)).toEqual({ isLogout: true });
			expect(instance(run.world).stateInstance).toBe('notAuthorized');
		},
	},
	{
		method: 'qr',
		setup: async (world) => void world.sandbox.setState(world.idInstance, 'notAuthorized'),
		expectOutput: async (run) => {
			// The base64 image becomes binary data and leaves the JSON.
			expect(only(run.items)).toEqual({ type: 'qrCode' });
			expect(run.items[0].binary?.data?.mimeType).toBe('image/png');
			const { message } = run.record.response as { message: string };
			expect(await run.bytes(run.items[0])).toEqual(Buffer.from(message.replace(/^data:[^,]*,/, ''), 'base64'));
		},
	},
	{
		method: 'getAuthorizationCode',
		// Only an instance without a linked account can be paired.
		setup: async (world) => void world.sandbox.setState(world.idInstance, 'notAuthorized'),
		parameters: { phoneNumber: '79001234567' },
		expectOutput: (run) => {
			answered(run);
			expect(only(run.items)).toEqual({ status: true, code: expect.stringMatching(/\w/) });
		},
	},
	{
		method: 'setProfilePicture',
		binary: true,
		input: photo(),
		parameters: { binaryPropertyName: 'data' },
		expectOutput: async (run) => {
			answered(run);
			const { setProfilePicture, urlAvatar } = only(run.items);
			expect(setProfilePicture).toBe(true);
			expect(await download(urlAvatar)).toEqual(JPEG);
			expect((await run.world.call('getWaSettings')).avatar).toBe(urlAvatar);
		},
	},
	{
		method: 'getWaSettings',
		expectOutput: (run) => {
			answered(run);
			const { wid, stateInstance } = instance(run.world);
			expect(only(run.items)).toMatchObject({ phone: wid.replace(/@c\.us$/, ''), stateInstance });
		},
	},
	{
		method: 'getStatusInstance',
		// The phone is offline in sleep mode.
		setup: async (world) => void world.sandbox.setState(world.idInstance, 'sleepMode'),
		expectOutput: (run) => {
			answered(run);
			expect(only(run.items)).toEqual({ statusInstance: 'offline' });
		},
	},
	{
		method: 'getDeviceInfo',
		expectOutput: (run) => {
			answered(run);
			expect(only(run.items)).toMatchObject({ platform: expect.any(String), deviceModel: expect.any(String) });
		},
	},
	// Send queue
	{
		method: 'showMessagesQueue',
		// A restricted (yellowCard) instance keeps sends in the queue.
		setup: async (world) => {
			world.sandbox.setState(world.idInstance, 'yellowCard');
			await world.call('sendMessage', { chatId: PERSON, message: 'waiting 1' });
			await world.call('sendMessage', { chatId: PERSON, message: 'waiting 2' });
		},
		parameters: { returnAll: true },
		expectOutput: (run) => {
			listed(run);
			const queued = run.world.sandbox.sent(run.world.idInstance).map((send) => send.messages[0].idMessage);
			expect(queued).toHaveLength(2);
			expect(jsonOf(run.items).map((item) => item.messageID)).toEqual(queued);
			expect(instance(run.world).sendQueueLength).toBe(2);
		},
	},
	{
		method: 'clearMessagesQueue',
		setup: async (world) => {
			world.sandbox.setState(world.idInstance, 'yellowCard');
			await world.call('sendMessage', { chatId: PERSON, message: 'never sent' });
		},
		expectOutput: (run) => {
			answered(run);
			expect(only(run.items)).toEqual({ isCleared: true });
			expect(instance(run.world).sendQueueLength).toBe(0);
			expect(run.world.sandbox.sent(run.world.idInstance)[0].messages[0].statusMessage).toBe('dropped');
		},
	},
	// Notification
	{
		method: 'receiveNotification',
		setup: async (world) => void (await incoming(world, { text: 'queued' })),
		parameters: { options: { receiveTimeout: 5 } },
		sent: (r) => expect(r.query).toEqual({ receiveTimeout: '5' }),
		expectOutput: (run) => {
			answered(run);
			const { receiptId, body } = only(run.items);
			const pending = run.world.sandbox.notifications(run.world.idInstance).find((n) => n.receiptId === receiptId);
			expect(body).toEqual(pending?.body);
			expect(body).toMatchObject({
				typeWebhook: 'incomingMessageReceived',
				messageData: { textMessageData: { textMessage: 'queued' } },
			});
		},
	},
	{
		method: 'deleteNotification',
		setup: async (world) => {
			await incoming(world, { text: 'queued' });
			const { receiptId } = await world.call<{ receiptId: number }>('receiveNotification');
			return { receiptId };
		},
		sent: (r) => expect(r.extraPath).toEqual([expect.stringMatching(/^\d+$/)]),
		expectOutput: (run) => {
			answered(run);
			expect(only(run.items)).toEqual({ result: true });
			const receiptId = Number(run.parameters.receiptId);
			const notification = run.world.sandbox.notifications(run.world.idInstance).find((n) => n.receiptId === receiptId);
			expect(notification?.state).toBe('deleted');
		},
	},
	// Status
	{
		method: 'sendTextStatus',
		parameters: { message: 'Open today', backgroundColor: '#228B22', options: { participants: '79001234567' } },
		sent: (r) => expect(json(r)).toMatchObject({ backgroundColor: '#228B22', participants: [PERSON] }),
		expectOutput: (run) => {
			answered(run);
			expect(statusOf(run.world, only(run.items).idMessage)).toMatchObject({
				textMessage: 'Open today',
				extendedTextMessage: { backgroundColor: '#228B22', participants: [PERSON] },
			});
		},
	},
	{
		method: 'sendVoiceStatus',
		parameters: { urlFile: 'https://example.com/voice.mp3', fileName: 'voice.mp3' },
		expectOutput: (run) => {
			answered(run);
			expect(statusOf(run.world, only(run.items).idMessage)).toMatchObject({
				typeMessage: 'audioMessage',
				downloadUrl: 'https://example.com/voice.mp3',
				fileName: 'voice.mp3',
			});
		},
	},
	{
		method: 'sendMediaStatus',
		parameters: { urlFile: 'https://example.com/photo.jpg', fileName: 'photo.jpg', options: { caption: 'New menu' } },
		expectOutput: (run) => {
			answered(run);
			expect(statusOf(run.world, only(run.items).idMessage)).toMatchObject({
				typeMessage: 'imageMessage',
				downloadUrl: 'https://example.com/photo.jpg',
				caption: 'New menu',
			});
		},
	},
	{
		method: 'deleteStatus',
		setup: async (world) => ({ idMessage: await status(world) }),
		expectOutput: (run) => {
			expect(jsonOf(run.items)).toEqual([{ success: true }]);
			expect(statusOf(run.world, param(run, 'idMessage'))).toBeUndefined();
		},
	},
	{
		method: 'getStatusStatistic',
		// Viewers appear once the status has left the send queue.
		setup: async (world) => {
			const idMessage = await status(world, [PERSON]);
			await until('the status to be sent', () => statusOf(world, idMessage)?.statusMessage !== 'pending');
			return { idMessage };
		},
		parameters: { returnAll: true },
		sent: (r) => expect(Object.keys(r.query)).toEqual(['idMessage']),
		expectOutput: (run) => {
			listed(run);
			expect(jsonOf(run.items).map((item) => item.participant)).toEqual([PERSON]);
		},
	},
	{
		method: 'getIncomingStatuses',
		setup: async (world) => {
			world.sandbox.setSettings(world.idInstance, { incomingWebhook: 'yes' });
			world.sandbox.injectIncomingStatus(world.idInstance, {});
		},
		parameters: { returnAll: true },
		expectOutput: (run) => {
			listed(run);
			const statuses = run.world.sandbox.statuses(run.world.idInstance).filter((s) => s.type === 'incoming');
			expect(statuses).toHaveLength(1);
			expect(jsonOf(run.items)).toEqual(statuses);
		},
	},
	{
		method: 'getOutgoingStatuses',
		setup: async (world) => void (await status(world)),
		parameters: { returnAll: true, options: { minutes: 60 } },
		expectOutput: (run) => {
			listed(run);
			// Viewer statuses move on after the answer: compare which statuses came out.
			const ids = run.world.sandbox
				.statuses(run.world.idInstance)
				.filter((s) => s.type === 'outgoing')
				.map((s) => s.idMessage);
			expect(ids).toHaveLength(1);
			expect(jsonOf(run.items).map((item) => item.idMessage)).toEqual(ids);
		},
	},
	// Partner
	{
		method: 'getInstances',
		setup: async (world) => void world.sandbox.createInstance({ name: 'Second shop' }),
		parameters: { returnAll: true },
		expectOutput: (run) => {
			// One item per instance, each with the token the user needs to use it.
			const tokens = run.world.sandbox.instances.map(({ idInstance, apiTokenInstance, name }) => ({ idInstance, apiTokenInstance, name }));
			expect(tokens).toHaveLength(2);
			expect(jsonOf(run.items).map(({ idInstance, apiTokenInstance, name }) => ({ idInstance, apiTokenInstance, name }))).toEqual(tokens);
			// The log keeps no tokens: the rest is what the sandbox answered.
			const withoutToken = (entry: IDataObject) => ({ ...entry, apiTokenInstance: undefined });
			expect(jsonOf(run.items).map(withoutToken)).toEqual((run.record.response as IDataObject[]).map(withoutToken));
		},
	},
	{
		method: 'createInstance',
		parameters: { options: { instanceName: 'Shop bot', incomingWebhook: true } },
		sent: (r) => expect(json(r)).toEqual({ name: 'Shop bot', incomingWebhook: 'yes' }),
		expectOutput: (run) => {
			const { idInstance, apiTokenInstance, typeInstance } = only(run.items);
			expect(typeInstance).toBe('whatsapp');
			const created = run.world.sandbox.instance(Number(idInstance));
			expect(created).toMatchObject({ apiTokenInstance, name: 'Shop bot', createdByPartner: true });
			expect(created.settings.incomingWebhook).toBe('yes');
		},
	},
	{
		method: 'deleteInstanceAccount',
		setup: async (world) => ({ idInstance: Number(world.sandbox.createInstance({ name: 'to delete' }).idInstance) }),
		expectOutput: (run) => {
			answered(run);
			expect(only(run.items)).toEqual({ deleteInstanceAccount: true });
			const live = run.world.sandbox.instances.map((inst) => inst.idInstance);
			expect(live).toContain(Number(run.world.idInstance));
			expect(live).not.toContain(run.parameters.idInstance);
		},
	},
];
