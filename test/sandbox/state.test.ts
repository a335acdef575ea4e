/** The instance model behind the methods: settings and restarts, the send queue, journals, files, groups, statuses, partner instances. */
import type { Sandbox } from '../../sandbox';
import { ALL_ON, Api, http, JPEG, sleep, start, waitFor, waitForAsync } from './helpers';

const CHAT = '79001234567@c.us';
let sandbox: Sandbox;
let api: Api;

const idOf = (res: { data: unknown }) => (res.data as { idMessage: string }).idMessage;
const statusOf = (idMessage: string) =>
	sandbox
		.sent(api.idInstance)
		.flatMap((s) => s.messages)
		.find((m) => m.idMessage === idMessage)?.statusMessage;

beforeAll(async () => {
	// Long enough to see 'starting' on a loaded machine; the tests wait for the end by state.
	({ sandbox, api } = await start({ restartDelayMs: 1500 }));
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe('settings', () => {
	test('a fresh instance has every switch "no" and a 500 ms send delay', async () => {
		const res = await api.get('getSettings');
		const settings = res.data as Record<string, unknown>;
		expect(settings.delaySendMessagesMilliseconds).toBe(500);
		expect(settings.webhookUrl).toBe('');
		const switches = Object.entries(settings).filter(([k]) => k.endsWith('Webhook'));
		expect(switches.length).toBeGreaterThan(10);
		expect(switches.every(([, v]) => v === 'no')).toBe(true);
	});

	test('setSettings answers at once; the change applies after the restart, during which calls get 400', async () => {
		const res = await api.post('setSettings', {
			incomingWebhook: 'yes',
			delaySendMessagesMilliseconds: 1000,
		});
		expect(res.data).toEqual({ saveSettings: true });
		expect((await api.get('getStateInstance')).data).toEqual({ stateInstance: 'starting' });
		expect((await api.get('getSettings')).data).toMatchObject({ incomingWebhook: 'no' });
		const send = await api.post('sendMessage', { chatId: CHAT, message: 'too early' });
		expect(send.data).toEqual({ code: 400, description: 'instance in starting process try later' });
		await waitForAsync(
			async () => ((await api.get('getStateInstance')).data as { stateInstance: string }).stateInstance === 'authorized',
			15_000,
			'the restart',
		);
		expect((await api.get('getSettings')).data).toMatchObject({
			incomingWebhook: 'yes',
			delaySendMessagesMilliseconds: 1000,
		});
	});

	test('the control API sets settings at once, without a restart', async () => {
		const res = await http.patch(`${sandbox.apiUrl}/sandbox/instances/${api.idInstance}/settings`, {
			stateWebhook: 'yes',
		});
		expect(res.data).toMatchObject({ stateWebhook: 'yes' });
		expect((await api.get('getStateInstance')).data).toEqual({ stateInstance: 'authorized' });
		expect((await api.get('getSettings')).data).toMatchObject({ stateWebhook: 'yes' });
	});

	test('reboot goes through starting and back; logout unlinks the account', async () => {
		expect((await api.get('reboot')).data).toEqual({ isReboot: true });
		expect((await api.get('getStateInstance')).data).toEqual({ stateInstance: 'starting' });
		await waitForAsync(
			async () => ((await api.get('getStateInstance')).data as { stateInstance: string }).stateInstance === 'authorized',
			15_000,
			'the reboot',
		);
		expect((await api.get('logout')).data).toEqual({ isLogout: true });
		expect((await api.get('getStateInstance')).data).toEqual({ stateInstance: 'notAuthorized' });
		expect((await api.get('getSettings')).data).toMatchObject({ wid: '' });
		expect((await api.get('getWaSettings')).data).toMatchObject({
			phone: '',
			stateInstance: 'notAuthorized',
		});
	});
});

describe('linking an account', () => {
	test('qr is a PNG while unlinked and "alreadyLogged" once linked', async () => {
		expect((await api.get('qr')).data).toEqual({
			type: 'alreadyLogged',
			message: 'instance account already authorized',
		});
		sandbox.setState(api.idInstance, 'notAuthorized');
		const qr = (await api.get('qr')).data as { type: string; message: string };
		expect(qr.type).toBe('qrCode');
		expect(Buffer.from(qr.message, 'base64').subarray(1, 4).toString()).toBe('PNG');
	});

	test('a pairing code links the number given once the device is linked', async () => {
		sandbox.setState(api.idInstance, 'notAuthorized');
		const code = (await api.post('getAuthorizationCode', { phoneNumber: 79005550101 })).data as {
			status: boolean;
			code: string;
		};
		expect(code.status).toBe(true);
		expect(code.code).toMatch(/^[A-Z0-9]{8}$/);
		await http.put(`${sandbox.apiUrl}/sandbox/instances/${api.idInstance}/state`, {
			stateInstance: 'authorized',
		});
		expect((await api.get('getSettings')).data).toMatchObject({ wid: '79005550101@c.us' });
	});
});

describe('send queue', () => {
	test('messages leave spaced by delaySendMessagesMilliseconds × sendDelayScale', async () => {
		// 100 s × sendDelayScale 0.01: one message a second, slow enough to see the queue on a loaded machine.
		sandbox.setSettings(api.idInstance, { delaySendMessagesMilliseconds: 100_000 });
		const posted = Date.now();
		const ids = [];
		for (const text of ['a', 'b', 'c']) ids.push(idOf(await api.post('sendMessage', { chatId: CHAT, message: text })));
		const queue = (await api.get('showMessagesQueue')).data as {
			messageID: string;
			type: string;
			body: { message: string };
		}[];
		expect(queue.map((e) => e.messageID)).toEqual(ids.slice(1));
		expect(queue[0]).toMatchObject({ type: 'sendMessage', body: { chatId: CHAT, message: 'b' } });
		const times: number[] = [];
		for (const id of ids) times.push((await waitFor(() => statusOf(id) !== 'pending' && Date.now(), 15_000)) as number);
		// Seen no earlier than it left: the third leaves two gaps (2 × 1 s) after the first was posted.
		expect(times[2] - posted).toBeGreaterThanOrEqual(1900);
	});

	test('clearMessagesQueue drops what has not left yet', async () => {
		sandbox.setState(api.idInstance, 'yellowCard');
		const id = idOf(await api.post('sendMessage', { chatId: CHAT, message: 'held' }));
		expect(statusOf(id)).toBe('pending');
		expect((await api.get('clearMessagesQueue')).data).toEqual({ isCleared: true });
		expect((await api.get('showMessagesQueue')).data).toEqual([]);
		sandbox.setState(api.idInstance, 'authorized');
		await waitFor(() => statusOf(id) === 'dropped', 15_000, 'the dropped status');
	});

	test('in yellowCard, sends stay queued and report the status yellowCard', async () => {
		sandbox.setSettings(api.idInstance, { outgoingWebhook: 'yes' });
		sandbox.setState(api.idInstance, 'yellowCard');
		const id = idOf(await api.post('sendMessage', { chatId: CHAT, message: 'held' }));
		expect(sandbox.notifications(api.idInstance).at(-1)).toMatchObject({
			state: 'pending',
			body: { status: 'yellowCard', idMessage: id },
		});
		await sleep(50);
		expect(statusOf(id)).toBe('pending');
		sandbox.setState(api.idInstance, 'authorized');
		await waitFor(() => statusOf(id) === 'read');
	});

	test('an unlinked instance keeps messages queued until it is linked', async () => {
		sandbox.setState(api.idInstance, 'notAuthorized');
		const id = idOf(await api.post('sendMessage', { chatId: CHAT, message: 'later' }));
		await sleep(50);
		expect(statusOf(id)).toBe('pending');
		sandbox.setState(api.idInstance, 'authorized');
		await waitFor(() => statusOf(id) === 'read');
	});

	test('numbers without WhatsApp get noAccount, groups the instance left get notInGroup', async () => {
		const none = idOf(await api.post('sendMessage', { chatId: '79001230000@c.us', message: 'x' }));
		const { groupId } = sandbox.addGroup(api.idInstance, {});
		await api.post('leaveGroup', { groupId });
		const group = idOf(await api.post('sendMessage', { chatId: groupId, message: 'x' }));
		await waitFor(() => statusOf(none) === 'noAccount' && statusOf(group) === 'notInGroup');
	});

	test('markIncomingMessagesReadedOnReply marks the chat read when the API answers in it', async () => {
		sandbox.setSettings(api.idInstance, { markIncomingMessagesReadedOnReply: 'yes' });
		sandbox.injectIncoming(api.idInstance, { text: 'hi' });
		expect(sandbox.chats(api.idInstance)[0].unread).toBe(1);
		await api.post('sendMessage', { chatId: CHAT, message: 'hello' });
		expect(sandbox.chats(api.idInstance)[0].unread).toBe(0);
	});
});

describe('journals', () => {
	test('incoming messages are journaled only while incomingWebhook is on; API sends always', async () => {
		const hidden = sandbox.injectIncoming(api.idInstance, { text: 'before' });
		sandbox.setSettings(api.idInstance, { incomingWebhook: 'yes' });
		const shown = sandbox.injectIncoming(api.idInstance, { text: 'after' });
		const sent = idOf(await api.post('sendMessage', { chatId: CHAT, message: 'reply' }));
		const incoming = (await api.get('lastIncomingMessages')).data as { idMessage: string }[];
		expect(incoming.map((m) => m.idMessage)).toEqual([shown.idMessage]);
		const history = (await api.post('getChatHistory', { chatId: CHAT })).data as {
			idMessage: string;
			type: string;
		}[];
		expect(history.map((m) => m.idMessage)).toEqual([sent, shown.idMessage]);
		expect((await api.post('getMessage', { chatId: CHAT, idMessage: hidden.idMessage })).status).toBe(400);
		expect((await api.post('getChatHistory', { chatId: CHAT, count: 1 })).data).toHaveLength(1);
	});

	test('phone-sent messages are journaled only with outgoingMessageWebhook on', async () => {
		sandbox.injectFromPhone(api.idInstance, { text: 'from phone, unlogged' });
		sandbox.setSettings(api.idInstance, { outgoingMessageWebhook: 'yes' });
		const logged = sandbox.injectFromPhone(api.idInstance, { text: 'from phone' });
		const outgoing = (await api.get('lastOutgoingMessages')).data as {
			idMessage: string;
			sendByApi: boolean;
		}[];
		expect(outgoing).toEqual([expect.objectContaining({ idMessage: logged.idMessage, sendByApi: false })]);
	});

	test('editMessage and deleteMessage change the journal and notify', async () => {
		sandbox.setSettings(api.idInstance, ALL_ON);
		const id = idOf(await api.post('sendMessage', { chatId: CHAT, message: 'Typo' }));
		const edit = await api.post('editMessage', { chatId: CHAT, idMessage: id, message: 'Fixed' });
		expect(idOf(edit)).not.toBe(id);
		expect((await api.post('getMessage', { chatId: CHAT, idMessage: id })).data).toMatchObject({
			textMessage: 'Fixed',
			isEdited: true,
		});
		const deleted = await api.post('deleteMessage', { chatId: CHAT, idMessage: id });
		expect(deleted.status).toBe(200);
		expect(deleted.text).toBe('');
		expect((await api.post('getMessage', { chatId: CHAT, idMessage: id })).data).toMatchObject({
			isDeleted: true,
		});
		expect((await api.post('deleteMessage', { chatId: CHAT, idMessage: id })).data).toEqual({
			code: 400,
			description: 'Message by id not found',
		});
		const kinds = sandbox
			.notifications(api.idInstance)
			.map((n) => n.typeMessage)
			.filter(Boolean);
		expect(kinds).toEqual(expect.arrayContaining(['editedMessage', 'deletedMessage']));
	});

	test('forwardMessages copies known messages as forwarded; unknown ids get ids but nothing is sent', async () => {
		sandbox.setSettings(api.idInstance, { incomingWebhook: 'yes' });
		const original = sandbox.injectIncoming(api.idInstance, {
			typeMessage: 'imageMessage',
			caption: 'look',
		});
		const res = await api.post('forwardMessages', {
			chatId: '79001234568@c.us',
			chatIdFrom: CHAT,
			messages: [original.idMessage, 'UNKNOWN'],
		});
		const ids = (res.data as { messages: string[] }).messages;
		expect(ids).toHaveLength(2);
		await waitFor(() => statusOf(ids[0]) === 'read');
		const copy = (await api.post('getMessage', { chatId: '79001234568@c.us', idMessage: ids[0] })).data;
		expect(copy).toMatchObject({
			typeMessage: 'imageMessage',
			caption: 'look',
			isForwarded: true,
			forwardingScore: 1,
		});
		expect((await api.post('getMessage', { chatId: '79001234568@c.us', idMessage: ids[1] })).status).toBe(400);
	});
});

describe('files', () => {
	test('uploadFile stores the raw body; urlFile serves it back with its Content-Type and works with sendFileByUrl', async () => {
		const pdf = Buffer.from('%PDF-1.4 sandbox test');
		const up = await api.post('uploadFile', pdf, {
			host: 'media',
			headers: { 'Content-Type': 'application/pdf', 'GA-Filename': 'invoice-1024.pdf' },
		});
		const { urlFile } = up.data as { urlFile: string };
		expect(urlFile).toMatch(/\.pdf$/);
		const got = await http.get(urlFile, { responseType: 'arraybuffer' });
		expect(got.headers['content-type']).toBe('application/pdf');
		expect(Buffer.from(got.data as ArrayBuffer).equals(pdf)).toBe(true);
		expect(got.headers['content-disposition']).toContain('invoice-1024.pdf');

		sandbox.setSettings(api.idInstance, { incomingWebhook: 'yes' });
		const id = idOf(await api.post('sendFileByUrl', { chatId: CHAT, urlFile, fileName: 'invoice.pdf' }));
		expect((await api.post('downloadFile', { chatId: CHAT, idMessage: id })).data).toEqual({
			downloadUrl: urlFile,
		});
	});

	test('an unusual type without GA-Filename is stored as .bin', async () => {
		const up = await api.post('uploadFile', Buffer.from([1, 2, 3]), {
			host: 'media',
			headers: { 'Content-Type': 'application/x-sandbox' },
		});
		expect((up.data as { urlFile: string }).urlFile).toMatch(/\.bin$/);
	});

	test('sendFileByUpload returns a urlFile with the uploaded bytes; downloadFile finds injected media', async () => {
		const form = new FormData();
		form.append('chatId', CHAT);
		form.append('file', new Blob([JPEG], { type: 'image/jpeg' }), 'photo.jpg');
		const sent = (await api.post('sendFileByUpload', form, { host: 'media' })).data as {
			urlFile: string;
		};
		const got = await http.get(sent.urlFile, { responseType: 'arraybuffer' });
		expect(got.headers['content-type']).toBe('image/jpeg');
		expect(Buffer.from(got.data as ArrayBuffer).equals(JPEG)).toBe(true);

		sandbox.setSettings(api.idInstance, { incomingWebhook: 'yes' });
		const data = Buffer.from('hello document');
		const injected = sandbox.injectIncoming(api.idInstance, {
			typeMessage: 'documentMessage',
			file: { base64: data.toString('base64'), fileName: 'notes.txt' },
		});
		const { downloadUrl } = (await api.post('downloadFile', { chatId: CHAT, idMessage: injected.idMessage })).data as {
			downloadUrl: string;
		};
		const file = await http.get(downloadUrl, { responseType: 'text' });
		expect(file.data).toBe('hello document');
		expect(file.headers['content-type']).toBe('text/plain');
		const missing = await api.post('downloadFile', { chatId: CHAT, idMessage: 'NOPE' });
		expect(missing.data).toEqual({
			code: 400,
			description: `File message encrypted url not found by chatId ${CHAT} and idMessage NOPE`,
		});
	});

	test('the profile picture becomes the own avatar; contacts get avatar pictures', async () => {
		const form = new FormData();
		form.append('file', new Blob([JPEG], { type: 'image/jpeg' }), 'me.jpg');
		const set = (await api.post('setProfilePicture', form)).data as { urlAvatar: string };
		expect((await api.get('getWaSettings')).data).toMatchObject({ avatar: set.urlAvatar });
		const avatar = (await api.post('getAvatar', { chatId: CHAT })).data as { urlAvatar: string };
		const png = await http.get(avatar.urlAvatar, { responseType: 'arraybuffer' });
		expect(png.headers['content-type']).toBe('image/png');
	});
});

describe('contacts, chats and numbers', () => {
	test('checkWhatsapp: numbers ending in 0000 have no account unless the control API says otherwise', async () => {
		expect((await api.post('checkWhatsapp', { phoneNumber: 79001234567 })).data).toEqual({
			existsWhatsapp: true,
		});
		expect((await api.post('checkWhatsapp', { phoneNumber: 79001230000 })).data).toEqual({
			existsWhatsapp: false,
		});
		await http.put(`${sandbox.apiUrl}/sandbox/numbers/79001234567`, { exists: false });
		expect((await api.post('checkWhatsapp', { phoneNumber: 79001234567 })).data).toEqual({
			existsWhatsapp: false,
		});
	});

	test('contact info reflects names, archive flag and the disappearing timer', async () => {
		sandbox.injectIncoming(api.idInstance, {
			text: 'hi',
			senderName: 'Ivan',
			senderContactName: 'Ivan Petrov',
		});
		expect(await api.post('archiveChat', { chatId: CHAT })).toMatchObject({
			status: 200,
			text: '',
		});
		await api.post('setDisappearingChat', { chatId: CHAT, ephemeralExpiration: 86400 });
		expect((await api.post('getContactInfo', { chatId: CHAT })).data).toMatchObject({
			name: 'Ivan',
			contactName: 'Ivan Petrov',
			isArchive: true,
			isDisappearing: true,
			messageExpiration: 86400,
		});
		await api.post('unarchiveChat', { chatId: CHAT });
		expect((await api.post('getContactInfo', { chatId: CHAT })).data).toMatchObject({
			isArchive: false,
		});
		const empty = await api.post('archiveChat', { chatId: '79001234599@c.us' });
		expect(empty.data).toEqual({
			code: 400,
			description: 'ArchiveChatError: cannot archive chat cause last message not found in chat',
		});
	});

	test('readChat marks incoming messages read; markIncomingMessagesReaded does it on arrival', async () => {
		sandbox.injectIncoming(api.idInstance, { text: 'one' });
		expect(sandbox.chats(api.idInstance)[0].unread).toBe(1);
		expect((await api.post('readChat', { chatId: CHAT })).data).toEqual({ setRead: true });
		expect(sandbox.chats(api.idInstance)[0].unread).toBe(0);
		sandbox.setSettings(api.idInstance, { markIncomingMessagesReaded: 'yes' });
		sandbox.injectIncoming(api.idInstance, { text: 'two' });
		expect(sandbox.chats(api.idInstance)[0].unread).toBe(0);
	});

	test('getContacts lists users and groups, filtered by ?group', async () => {
		sandbox.injectIncoming(api.idInstance, { text: 'hi' });
		await api.post('createGroup', { groupName: 'Team', chatIds: [CHAT] });
		const all = (await api.get('getContacts')).data as { type: string }[];
		expect(all.map((c) => c.type).sort()).toEqual(['group', 'user']);
		expect((await api.get('getContacts', { query: { group: 'true' } })).data).toEqual([
			expect.objectContaining({ type: 'group', name: 'Team' }),
		]);
		expect((await api.get('getContacts', { query: { count: 1 } })).data).toHaveLength(1);
	});
});

describe('groups', () => {
	test('create, rename, change members and admins, leave', async () => {
		const created = (await api.post('createGroup', { groupName: 'Support team', chatIds: [CHAT] })).data as { chatId: string };
		const groupId = created.chatId;
		expect(groupId).toMatch(/^\d+@g\.us$/);
		expect((await api.post('updateGroupName', { groupId, groupName: 'Support 2' })).data).toEqual({
			updateGroupName: true,
		});
		const add = async (id: string) => (await api.post('addGroupParticipant', { groupId, participantChatId: id })).data;
		expect(await add('79001234569@c.us')).toEqual({ addParticipant: true });
		expect(await add('79001234569@c.us')).toEqual({ addParticipant: false });
		expect((await api.post('setGroupAdmin', { groupId, participantChatId: '79001234569@c.us' })).data).toEqual({ setGroupAdmin: true });
		expect((await api.post('setGroupAdmin', { groupId, participantChatId: '79009999999@c.us' })).data).toEqual({
			setGroupAdmin: false,
			error: 'participant not found',
		});
		expect((await api.post('removeAdmin', { groupId, participantChatId: '79001234569@c.us' })).data).toEqual({ removeAdmin: true });
		expect((await api.post('removeGroupParticipant', { groupId, participantChatId: CHAT })).data).toEqual({ removeParticipant: true });
		const data = (await api.post('getGroupData', { groupId })).data as {
			subject: string;
			participants: { id: string; isAdmin: boolean }[];
		};
		expect(data.subject).toBe('Support 2');
		expect(data.participants.map((p) => p.id)).toEqual([sandbox.instances[0].wid, '79001234569@c.us']);
		// An admin leaving is answered with removeAdmin (EN/RU docs).
		expect((await api.post('leaveGroup', { groupId })).data).toEqual({ removeAdmin: true });
		expect((await api.post('leaveGroup', { groupId })).data).toEqual({ leaveGroup: false });
		expect((await api.post('updateGroupName', { groupId, groupName: 'x' })).data).toEqual({
			updateGroupName: false,
		});
	});

	test('in a group of someone else the instance cannot manage members', async () => {
		const { groupId } = sandbox.addGroup(api.idInstance, { subject: 'Their group' });
		expect((await api.post('addGroupParticipant', { groupId, participantChatId: '79001234569@c.us' })).data).toEqual({
			addParticipant: false,
		});
		expect((await api.post('getGroupData', { groupId })).data).toMatchObject({
			subject: 'Their group',
			groupInviteLink: '',
		});
		expect((await api.post('leaveGroup', { groupId })).data).toEqual({ leaveGroup: true });
	});
});

describe('statuses', () => {
	test('sent statuses reach their viewers; journals and statistics need outgoingWebhook', async () => {
		const hidden = idOf(await api.post('sendTextStatus', { message: 'unlogged', participants: [CHAT] }));
		sandbox.setSettings(api.idInstance, { outgoingWebhook: 'yes' });
		const shown = idOf(
			await api.post('sendTextStatus', {
				message: 'Open 9-18',
				backgroundColor: '#228B22',
				participants: [CHAT],
			}),
		);
		await waitFor(() => sandbox.statuses(api.idInstance).find((s) => s.idMessage === shown && s.statusMessage === 'read'));
		const list = (await api.get('getOutgoingStatuses')).data as { idMessage: string }[];
		expect(list.map((s) => s.idMessage)).toEqual([shown]);
		expect((await api.get('getStatusStatistic', { query: { idMessage: shown } })).data).toEqual([
			{ participant: CHAT, timestamp: expect.any(Number), status: 'read' },
		]);
		expect((await api.get('getStatusStatistic', { query: { idMessage: hidden } })).data).toEqual([]);
		expect((await api.post('deleteStatus', { idMessage: shown })).text).toBe('');
		expect((await api.post('deleteStatus', { idMessage: shown })).data).toEqual({
			code: 400,
			description: 'ID message notfound',
		});
	});

	test('incoming statuses injected through the control API are listed', async () => {
		sandbox.injectIncomingStatus(api.idInstance, { text: 'Good morning' });
		sandbox.injectIncomingStatus(api.idInstance, { typeMessage: 'imageMessage', caption: 'view' });
		const list = (await api.get('getIncomingStatuses')).data as { typeMessage: string }[];
		expect(list.map((s) => s.typeMessage).sort()).toEqual(['extendedTextMessage', 'imageMessage']);
	});
});

describe('partner instances', () => {
	const partner = (method: string, body?: unknown) =>
		http.request({
			method: body === undefined ? 'GET' : 'POST',
			url: `${sandbox.partnerApiUrl}/partner/${method}/${sandbox.partnerToken}`,
			data: body,
		});

	test('createInstance makes a working (unlinked) instance; deleteInstanceAccount removes it', async () => {
		const created = (await partner('createInstance', { name: 'Shop bot', incomingWebhook: 'yes' })).data as {
			idInstance: number;
			apiTokenInstance: string;
		};
		const client = new Api(sandbox, created.idInstance, created.apiTokenInstance);
		expect((await client.get('getStateInstance')).data).toEqual({ stateInstance: 'notAuthorized' });
		expect((await client.get('getSettings')).data).toMatchObject({
			incomingWebhook: 'yes',
			outgoingWebhook: 'no',
		});
		const listed = (await partner('getInstances')).data as {
			idInstance: number;
			name: string;
			deleted: boolean;
		}[];
		expect(listed).toContainEqual(expect.objectContaining({ idInstance: created.idInstance, name: 'Shop bot', deleted: false }));
		expect((await partner('deleteInstanceAccount', { idInstance: created.idInstance })).data).toEqual({ deleteInstanceAccount: true });
		const after = (await partner('getInstances')).data as {
			idInstance: number;
			deleted: boolean;
		}[];
		expect(after).toContainEqual(expect.objectContaining({ idInstance: created.idInstance, deleted: true }));
		expect((await client.get('getStateInstance')).data).toEqual({
			code: 400,
			description: 'Instance is deleted',
		});
		expect((await partner('deleteInstanceAccount', { idInstance: created.idInstance })).data).toEqual({
			code: 404,
			description: 'Not found',
		});
	});
});
