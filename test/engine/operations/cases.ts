import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { RequestRecord } from '../../../sandbox';
import type { InputItem } from '../../harness';
import type { SandboxWorld } from './sandboxSetup';

export const PERSON = '79001234567@c.us';
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7), Buffer.from([0xff, 0xd9])]);

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
	/** What the node must output. */
	output?: (items: INodeExecutionData[], world: SandboxWorld) => void;
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
const first = (items: INodeExecutionData[]) => items[0].json;
const photo = (): InputItem[] => [
	{ json: {}, binary: { data: { data: JPEG, fileName: 'photo.jpg', mimeType: 'image/jpeg' } } },
];

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
		participants: [PERSON, '79007654321@c.us'],
		admin,
	});
}

/** A posted status; its journal needs outgoingWebhook on. */
async function status(world: SandboxWorld): Promise<string> {
	world.sandbox.setSettings(world.idInstance, { outgoingWebhook: 'yes' });
	const { idMessage } = await world.call<{ idMessage: string }>('sendTextStatus', {
		message: 'Open today',
		backgroundColor: '#228B22',
	});
	return idMessage;
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
		output: (items) => expect(first(items).idMessage).toEqual(expect.any(String)),
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
		output: (items) => expect(first(items).idMessage).toEqual(expect.any(String)),
	},
	{
		method: 'sendLocation',
		parameters: { chatId: PERSON, latitude: 55.7558, longitude: 37.6173, options: { nameLocation: 'Office' } },
		sent: (r) => expect(json(r)).toMatchObject({ latitude: 55.7558, longitude: 37.6173, nameLocation: 'Office' }),
	},
	{
		method: 'sendContact',
		parameters: { chatId: PERSON, phoneContact: '+7 900 765-43-21', firstName: 'Ivan', options: { company: 'Acme' } },
		sent: (r) => expect(json(r).contact).toEqual({ phoneContact: 79007654321, firstName: 'Ivan', company: 'Acme' }),
	},
	{
		method: 'forwardMessages',
		setup: async (world) => ({ messages: (await incoming(world, { text: 'forward me' })).idMessage }),
		parameters: { chatId: '79007654321', chatIdFrom: PERSON },
		sent: (r) => expect(json(r)).toMatchObject({ chatId: '79007654321@c.us', chatIdFrom: PERSON }),
	},
	{
		method: 'sendInteractiveButtons',
		parameters: {
			chatId: PERSON,
			body: 'How can we help?',
			buttons: { row: [{ type: 'copy', buttonId: '1', buttonText: 'Copy code', copyCode: 'X1' }] },
		},
		sent: (r) => expect(json(r).buttons).toEqual([expect.objectContaining({ type: 'copy', buttonText: 'Copy code' })]),
	},
	{
		method: 'sendInteractiveButtonsReply',
		parameters: { chatId: PERSON, body: 'Rate us', buttons: { row: [{ buttonId: '1', buttonText: 'Great' }] } },
		sent: (r) => expect(json(r).buttons).toEqual([{ buttonId: '1', buttonText: 'Great' }]),
	},
	{
		method: 'editMessage',
		setup: async (world) => ({ idMessage: await sentMessage(world) }),
		parameters: { chatId: PERSON, message: 'edited text' },
		sent: (r) => expect(json(r).message).toBe('edited text'),
	},
	{
		method: 'deleteMessage',
		setup: async (world) => ({ idMessage: await sentMessage(world) }),
		parameters: { chatId: PERSON, options: { onlySenderDelete: true } },
		sent: (r) => expect(json(r).onlySenderDelete).toBe(true),
		output: (items) => expect(first(items)).toEqual({ success: true }),
	},
	{
		method: 'sendButtons',
		parameters: { chatId: PERSON, message: 'Pick one', buttons: { row: [{ buttonId: '1', buttonText: 'Yes' }] } },
		sent: (r) => expect(json(r).buttons).toEqual([{ buttonId: '1', buttonText: 'Yes' }]),
		refusedWith: { status: 403, message: /denied access to sendButtons \(403\)/ },
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
		output: (items) => expect(first(items)).toMatchObject({ idMessage: expect.any(String), urlFile: expect.any(String) }),
	},
	{
		method: 'sendFileByUrl',
		parameters: { chatId: PERSON, urlFile: 'https://example.com/files/invoice.pdf', fileName: 'invoice.pdf' },
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
		output: (items) => expect(first(items).urlFile).toEqual(expect.stringMatching(/^http/)),
	},
	{
		method: 'downloadFile',
		binary: true,
		setup: async (world) => ({
			idMessage: (await incoming(world, { typeMessage: 'documentMessage', fileName: 'report.pdf' })).idMessage,
			options: sandboxFiles(world),
		}),
		parameters: { chatId: PERSON },
		output: (items) => {
			expect(first(items).downloadUrl).toEqual(expect.any(String));
			expect(items[0].binary?.data).toMatchObject({ fileName: 'report.pdf' });
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
		output: (items) => expect(items).toHaveLength(2),
	},
	{
		method: 'getMessage',
		setup: async (world) => ({ idMessage: (await incoming(world, { text: 'find me' })).idMessage }),
		parameters: { chatId: PERSON },
		output: (items) => expect(first(items).textMessage).toBe('find me'),
	},
	{
		method: 'lastIncomingMessages',
		setup: async (world) => void (await incoming(world, { text: 'recent' })),
		parameters: { returnAll: true, options: { minutes: 30 } },
		sent: (r) => expect(r.query).toEqual({ minutes: '30' }),
		output: (items) => expect(items.map((item) => item.json.textMessage)).toContain('recent'),
	},
	{
		method: 'lastOutgoingMessages',
		setup: async (world) => void (await sentMessage(world)),
		parameters: { returnAll: true },
		output: (items) => expect(items.length).toBeGreaterThan(0),
	},
	// Chat
	{ method: 'readChat', parameters: { chatId: PERSON } },
	{ method: 'archiveChat', setup: async (world) => void (await incoming(world)), parameters: { chatId: PERSON } },
	{ method: 'unarchiveChat', setup: async (world) => void (await incoming(world)), parameters: { chatId: PERSON } },
	{
		method: 'setDisappearingChat',
		parameters: { chatId: PERSON, ephemeralExpiration: 86400 },
		sent: (r) => expect(json(r).ephemeralExpiration).toBe(86400),
	},
	// Contact
	{ method: 'checkWhatsapp', parameters: { phoneNumber: '+7 900 123 45 67' }, sent: (r) => expect(json(r).phoneNumber).toBe(79001234567) },
	{
		method: 'getAvatar',
		setup: async (world) => ({ options: sandboxFiles(world) }),
		parameters: { chatId: PERSON, download: true },
		output: (items) => {
			expect(items[0].json.urlAvatar).toEqual(expect.stringMatching(/^http/));
			expect(items[0].binary?.data?.mimeType).toMatch(/^image\//);
		},
	},
	{
		method: 'getContacts',
		setup: async (world) => {
			world.sandbox.addContact(world.idInstance, { chatId: '79001112233@c.us', name: 'Anna' });
			world.sandbox.addContact(world.idInstance, { chatId: '79004445566@c.us', name: 'Boris' });
		},
		parameters: { returnAll: true },
		output: (items) => expect(items.length).toBeGreaterThanOrEqual(2),
	},
	{ method: 'getContactInfo', parameters: { chatId: PERSON } },
	// Group
	{
		method: 'createGroup',
		parameters: { groupName: 'Launch', chatIds: '79001234567\n+7 900 765 43 21' },
		sent: (r) => expect(json(r).chatIds).toEqual([PERSON, '79007654321@c.us']),
		output: (items) => expect(first(items).chatId).toEqual(expect.stringMatching(/@g\.us$/)),
	},
	{
		method: 'updateGroupName',
		setup: async (world) => ({ groupId: (await group(world)).groupId }),
		parameters: { groupName: 'Renamed' },
	},
	{ method: 'getGroupData', setup: async (world) => ({ groupId: (await group(world)).groupId }) },
	{
		method: 'addGroupParticipant',
		setup: async (world) => ({ groupId: (await group(world)).groupId }),
		parameters: { participantChatId: '79009998877' },
		sent: (r) => expect(json(r).participantChatId).toBe('79009998877@c.us'),
	},
	{
		method: 'removeGroupParticipant',
		setup: async (world) => ({ groupId: (await group(world)).groupId }),
		parameters: { participantChatId: '79007654321' },
	},
	{
		method: 'setGroupAdmin',
		setup: async (world) => ({ groupId: (await group(world)).groupId }),
		parameters: { participantChatId: PERSON },
	},
	{
		method: 'removeAdmin',
		setup: async (world) => ({ groupId: (await group(world)).groupId }),
		parameters: { participantChatId: PERSON },
	},
	{
		method: 'setGroupPicture',
		binary: true,
		input: photo(),
		setup: async (world) => ({ groupId: (await group(world)).groupId }),
		parameters: { binaryPropertyName: 'data' },
		sent: (r) => expect(r.multipart?.files[0]).toMatchObject({ field: 'file', size: JPEG.length }),
	},
	{ method: 'leaveGroup', setup: async (world) => ({ groupId: (await group(world, false)).groupId }) },
	// Instance
	{ method: 'getSettings', output: (items) => expect(first(items)).toHaveProperty('webhookUrl') },
	{
		method: 'setSettings',
		parameters: { settings: { incomingWebhook: true, outgoingWebhook: false, delaySendMessagesMilliseconds: 1000 } },
		sent: (r) =>
			expect(json(r)).toEqual({ incomingWebhook: 'yes', outgoingWebhook: 'no', delaySendMessagesMilliseconds: 1000 }),
		output: (items) => expect(first(items)).toEqual({ saveSettings: true }),
	},
	{ method: 'getStateInstance', output: (items) => expect(first(items).stateInstance).toBe('authorized') },
	{ method: 'reboot' },
	{ method: 'logout' },
	{
		method: 'qr',
		setup: async (world) => void world.sandbox.setState(world.idInstance, 'notAuthorized'),
		output: (items) => {
			expect(first(items).type).toBe('qrCode');
			expect(items[0].binary?.data?.mimeType).toBe('image/png');
		},
	},
	{ method: 'getAuthorizationCode', parameters: { phoneNumber: '79001234567' } },
	{ method: 'setProfilePicture', binary: true, input: photo(), parameters: { binaryPropertyName: 'data' } },
	{ method: 'getWaSettings' },
	{ method: 'getStatusInstance' },
	{ method: 'getDeviceInfo' },
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
		output: (items) => expect(items).toHaveLength(2),
	},
	{ method: 'clearMessagesQueue' },
	// Notification
	{
		method: 'receiveNotification',
		setup: async (world) => void (await incoming(world, { text: 'queued' })),
		parameters: { options: { receiveTimeout: 5 } },
		sent: (r) => expect(r.query).toEqual({ receiveTimeout: '5' }),
		output: (items) => expect(first(items)).toMatchObject({ receiptId: expect.any(Number), body: expect.any(Object) }),
	},
	{
		method: 'deleteNotification',
		setup: async (world) => {
			await incoming(world, { text: 'queued' });
			const { receiptId } = await world.call<{ receiptId: number }>('receiveNotification');
			return { receiptId };
		},
		sent: (r) => expect(r.extraPath).toEqual([expect.stringMatching(/^\d+$/)]),
		output: (items) => expect(first(items)).toEqual({ result: true }),
	},
	// Status
	{
		method: 'sendTextStatus',
		parameters: { message: 'Open today', backgroundColor: '#228B22', options: { participants: '79001234567' } },
		sent: (r) => expect(json(r)).toMatchObject({ backgroundColor: '#228B22', participants: [PERSON] }),
	},
	{
		method: 'sendVoiceStatus',
		parameters: { urlFile: 'https://example.com/voice.mp3', fileName: 'voice.mp3' },
	},
	{
		method: 'sendMediaStatus',
		parameters: { urlFile: 'https://example.com/photo.jpg', fileName: 'photo.jpg', options: { caption: 'New menu' } },
	},
	{ method: 'deleteStatus', setup: async (world) => ({ idMessage: await status(world) }) },
	{
		method: 'getStatusStatistic',
		setup: async (world) => ({ idMessage: await status(world) }),
		parameters: { returnAll: true },
		sent: (r) => expect(Object.keys(r.query)).toEqual(['idMessage']),
	},
	{
		method: 'getIncomingStatuses',
		setup: async (world) => {
			world.sandbox.setSettings(world.idInstance, { incomingWebhook: 'yes' });
			world.sandbox.injectIncomingStatus(world.idInstance, {});
		},
		parameters: { returnAll: true },
		output: (items) => expect(items).toHaveLength(1),
	},
	{
		method: 'getOutgoingStatuses',
		setup: async (world) => void (await status(world)),
		parameters: { returnAll: true, options: { minutes: 60 } },
		output: (items) => expect(items.length).toBeGreaterThan(0),
	},
	// Partner
	{ method: 'getInstances', parameters: { returnAll: true }, output: (items) => expect(items.length).toBeGreaterThan(0) },
	{
		method: 'createInstance',
		parameters: { options: { instanceName: 'Shop bot', incomingWebhook: true } },
		sent: (r) => expect(json(r)).toEqual({ name: 'Shop bot', incomingWebhook: 'yes' }),
		output: (items) => expect(first(items)).toMatchObject({ idInstance: expect.any(Number), apiTokenInstance: expect.any(String) }),
	},
	{
		method: 'deleteInstanceAccount',
		setup: async (world) => ({ idInstance: Number(world.sandbox.createInstance({ name: 'to delete' }).idInstance) }),
	},
];
