/** Routing and authentication errors, state errors and the documented validation limits. */
import type { Sandbox } from '../../sandbox';
import { Api, http, JPEG, multipart, start } from './helpers';

const CHAT = '79001234567@c.us';
let sandbox: Sandbox;
let api: Api;

beforeAll(async () => {
	({ sandbox, api } = await start({ restartDelayMs: 0, maxFileBytes: 64 * 1024 }));
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe('routing and authentication', () => {
	test('a wrong token is 401 with the documented body', async () => {
		const res = await api.get('getSettings', { token: 'not-the-token' });
		expect(res.status).toBe(401);
		expect(res.data).toEqual({ code: 401, description: 'Unauthorized' });
	});

	test('an unknown idInstance is 403', async () => {
		const res = await api.get('getSettings', { idInstance: 1199999999 });
		expect(res.status).toBe(403);
		expect(res.data).toEqual({ code: 403, description: 'Forbidden' });
	});

	test('an unknown method and a wrong verb are 404', async () => {
		expect((await api.get('sendMessages')).status).toBe(404);
		expect((await api.get('sendMessage')).status).toBe(404);
		expect((await api.call('DELETE', 'getSettings')).status).toBe(404);
		expect((await api.post('deleteNotification', {}, { extraPath: ['1'] })).status).toBe(404);
	});

	test('method names are case-insensitive', async () => {
		const res = await api.post('SendMessage', { chatId: CHAT, message: 'hi' });
		expect(res.status).toBe(200);
		expect((await api.post('GetContactInfo', { chatId: CHAT })).status).toBe(200);
		expect(sandbox.requests({ method: 'SendMessage' })[0].method).toBe('SendMessage');
	});

	test('media methods live only on the media host, and the media host serves nothing else', async () => {
		const form = new FormData();
		form.append('chatId', CHAT);
		form.append('file', new Blob([JPEG], { type: 'image/jpeg' }), 'a.jpg');
		expect((await api.post('sendFileByUpload', form)).status).toBe(404);
		expect((await api.post('uploadFile', JPEG, { headers: { 'Content-Type': 'image/jpeg' } })).status).toBe(404);
		expect((await api.get('getSettings', { host: 'media' })).status).toBe(404);
		expect((await api.post('sendFileByUpload', form, { host: 'media' })).status).toBe(200);
		expect((await http.get(`${sandbox.mediaUrl}/sandbox/info`)).status).toBe(404);
	});

	test('scanqrcode (websocket) is not an HTTP method; OPTIONS answers 204', async () => {
		expect((await api.get('scanqrcode')).status).toBe(404);
		const options = await api.call('OPTIONS', 'sendMessage');
		expect(options.status).toBe(204);
		expect(options.text).toBe('');
	});

	test('partner errors are HTTP 200 with the code in the body', async () => {
		const wrong = await http.get(`${sandbox.partnerApiUrl}/partner/getInstances/wrong`);
		expect(wrong.status).toBe(200);
		expect(wrong.data).toEqual({ code: 401, description: 'Unauthorized' });
		const missing = await http.post(`${sandbox.partnerApiUrl}/partner/deleteInstanceAccount/${sandbox.partnerToken}`, {
			idInstance: 1234,
		});
		expect(missing.status).toBe(200);
		expect(missing.data).toEqual({ code: 404, description: 'Not found' });
		expect((await http.get(`${sandbox.partnerApiUrl}/partner/createInstance/${sandbox.partnerToken}`)).status).toBe(404);
		expect((await http.get(`${sandbox.mediaUrl}/partner/getInstances/${sandbox.partnerToken}`)).status).toBe(404);
	});

	test('archived button methods answer 403', async () => {
		for (const method of ['sendButtons', 'sendTemplateButtons', 'sendListMessage']) {
			expect((await api.post(method, { chatId: CHAT, message: 'x' })).status).toBe(403);
		}
	});

	test('status methods answer 403 when the beta is not enabled for the instance', async () => {
		sandbox.updateInstance(api.idInstance, { statusesEnabled: false });
		const res = await api.post('sendTextStatus', { message: 'hi' });
		expect(res.status).toBe(403);
	});
});

describe('instance state', () => {
	test('a deleted instance answers 400 "Instance is deleted"', async () => {
		const created = sandbox.createInstance({});
		await http.post(`${sandbox.partnerApiUrl}/partner/deleteInstanceAccount/${sandbox.partnerToken}`, {
			idInstance: created.idInstance,
		});
		const res = await new Api(sandbox, created.idInstance, created.apiTokenInstance).get('getStateInstance');
		expect(res.status).toBe(400);
		expect(res.data).toEqual({ code: 400, description: 'Instance is deleted' });
	});

	test('an unlinked instance refuses WhatsApp calls but queues sends', async () => {
		sandbox.setState(api.idInstance, 'notAuthorized');
		const check = await api.post('checkWhatsapp', { phoneNumber: 79001234567 });
		expect(check.status).toBe(400);
		expect(check.data).toEqual({
			code: 400,
			description: 'instance is starting or not authorized',
		});
		const group = await api.post('createGroup', { groupName: 'x', chatIds: [CHAT] });
		expect(group.data).toEqual({ code: 400, description: 'instance account not authorized' });
		expect((await api.post('sendMessage', { chatId: CHAT, message: 'later' })).status).toBe(200);
		expect((await api.get('showMessagesQueue')).data).toHaveLength(1);
	});

	test('while starting, most calls answer 400 "instance in starting process try later"', async () => {
		sandbox.setState(api.idInstance, 'starting');
		const res = await api.post('sendMessage', { chatId: CHAT, message: 'hi' });
		expect(res.status).toBe(400);
		expect(res.data).toEqual({ code: 400, description: 'instance in starting process try later' });
		expect((await api.get('getStateInstance')).data).toEqual({ stateInstance: 'starting' });
	});
});

describe('validation (400)', () => {
	const longText = (n: number) => 'x'.repeat(n);
	const pollOptions = (n: number) => Array.from({ length: n }, (_, i) => ({ optionName: `option ${i}` }));

	test.each([
		['sendMessage', { chatId: CHAT }, "Validation failed. Details: 'message' is required"],
		['sendMessage', { chatId: CHAT, message: '' }, "Validation failed. Details: 'message' is not allowed to be empty"],
		['sendMessage', { chatId: CHAT, message: 5 }, "Validation failed. Details: 'message' must be a string"],
		[
			'sendMessage',
			{ chatId: CHAT, message: longText(20001) },
			"Validation failed. Details: 'message' length must be less than or equal to 20000 characters long",
		],
		[
			'sendMessage',
			{ chatId: CHAT, message: 'hi', typingTime: 999 },
			"Validation failed. Details: 'typingTime' must be greater than or equal to 1000",
		],
		[
			'sendMessage',
			{ chatId: CHAT, message: 'hi', typingTime: 20001 },
			"Validation failed. Details: 'typingTime' must be less than or equal to 20000",
		],
		['sendMessage', { chatId: '+7 900 123-45-67', message: 'hi' }, /'chatId' must be one of the next formats/],
		['sendMessage', { chatId: '79001234567', message: 'hi' }, /'chatId' must be one of the next formats/],
		[
			'sendPoll',
			{ chatId: CHAT, message: 'Q', options: pollOptions(1) },
			"Validation failed. Details: 'options' must contain at least 2 items",
		],
		[
			'sendPoll',
			{ chatId: CHAT, message: 'Q', options: pollOptions(13) },
			"Validation failed. Details: 'options' must contain less than or equal to 12 items",
		],
		[
			'sendPoll',
			{ chatId: CHAT, message: 'Q', options: [{ optionName: 'a' }, { optionName: 'a' }] },
			"Validation failed. Details: 'options[1]' contains a duplicate value",
		],
		[
			'sendPoll',
			{ chatId: CHAT, message: 'Q', options: [{ optionName: 'a' }, { optionName: longText(101) }] },
			"Validation failed. Details: 'options[1].optionName' length must be less than or equal to 100 characters long",
		],
		[
			'sendPoll',
			{ chatId: CHAT, message: longText(256), options: pollOptions(2) },
			"Validation failed. Details: 'message' length must be less than or equal to 255 characters long",
		],
		[
			'sendLocation',
			{ chatId: CHAT, latitude: 90.5, longitude: 0 },
			"Validation failed. Details: 'latitude' must be less than or equal to 90",
		],
		[
			'sendLocation',
			{ chatId: CHAT, latitude: 0, longitude: -181 },
			"Validation failed. Details: 'longitude' must be greater than or equal to -180",
		],
		['sendLocation', { chatId: CHAT, latitude: '55', longitude: 37 }, "Validation failed. Details: 'latitude' must be a number"],
		[
			'sendContact',
			{ chatId: CHAT, contact: { phoneContact: 7900, firstName: 'A' } },
			"Validation failed. Details: 'contact.phoneContact' must contain 11 or 12 digits",
		],
		['sendContact', { chatId: CHAT, contact: { phoneContact: 79001234567 } }, /must contain at least one of/],
		[
			'sendFileByUrl',
			{ chatId: CHAT, urlFile: 'https://example.com/f', fileName: 'noextension' },
			/'fileName' must contain a file extension/,
		],
		[
			'forwardMessages',
			{ chatId: CHAT, chatIdFrom: CHAT, messages: [] },
			"Validation failed. Details: 'messages' must contain at least 1 items",
		],
		[
			'setDisappearingChat',
			{ chatId: CHAT, ephemeralExpiration: 3600 },
			"Validation failed. Details: 'ephemeralExpiration' must be one of [0, 86400, 604800, 7776000]",
		],
		['checkWhatsapp', { phoneNumber: '7900abc' }, "Validation failed. Details: Wrong format. 'phoneNumber' must contain only digits"],
		['checkWhatsapp', { phoneNumber: 7900123 }, 'bad phone number, valid 11 or 12 digits'],
		['setSettings', { incomingWebhook: true }, "Validation failed. Details: 'incomingWebhook' must be a string"],
		['setSettings', { incomingWebhook: 'on' }, "Validation failed. Details: 'incomingWebhook' must be one of [yes, no]"],
		[
			'setSettings',
			{ delaySendMessagesMilliseconds: 100 },
			"Validation failed. Details: 'delaySendMessagesMilliseconds' must be greater than or equal to 500",
		],
		['setSettings', { webhookUrl: 'ftp://example.com' }, /'webhookUrl' must be a valid uri/],
		[
			'createGroup',
			{ groupName: longText(101), chatIds: [CHAT] },
			"Validation failed. Details: 'groupName' length must be less than or equal to 100 characters long",
		],
		['updateGroupName', { groupId: CHAT, groupName: 'x' }, "Validation failed. Details: 'groupId' must have the format 'group_id@g.us'"],
		[
			'sendTextStatus',
			{ message: longText(501) },
			"Validation failed. Details: 'message' length must be less than or equal to 500 characters long",
		],
		['sendTextStatus', { message: 'hi', font: 'COMIC_SANS' }, /'font' must be one of \[SERIF/],
		[
			'sendInteractiveButtons',
			{ chatId: CHAT, body: 'b', buttons: [{ type: 'url', buttonId: '1', buttonText: 'Open' }] },
			"Validation failed. Details: 'buttons[0].url' is required",
		],
		[
			'editMessage',
			{ chatId: CHAT, idMessage: 'BAE5F4886F6F2D05', message: longText(20001) },
			"Validation failed. Details: 'message' length must be less than or equal to 20000 characters long",
		],
	])('%s: %#', async (method, body, description) => {
		const res = await api.post(method, body);
		expect(res.status).toBe(400);
		expect(res.data).toMatchObject({ code: 400 });
		const text = (res.data as { description: string }).description;
		if (typeof description === 'string') expect(text).toBe(description);
		else expect(text).toMatch(description);
	});

	test('chat ids: digits@c.us, groups and @lid are accepted', async () => {
		for (const chatId of ['79001234567@c.us', '120363000000000001@g.us', '79001234567-1581234048@g.us', '123456789012345@lid']) {
			expect((await api.post('sendMessage', { chatId, message: 'hi' })).status).toBe(200);
		}
	});

	test('receiveTimeout must be 5..60', async () => {
		expect((await api.get('receiveNotification', { query: { receiveTimeout: 4 } })).data).toEqual({
			code: 400,
			description: "Validation failed. Details: 'receiveTimeout' must be greater than or equal to 5",
		});
		expect((await api.get('receiveNotification', { query: { receiveTimeout: 61 } })).status).toBe(400);
		expect((await api.get('receiveNotification', { query: { receiveTimeout: 'soon' } })).status).toBe(400);
	});

	test('deleteNotification needs a numeric receipt id after the token', async () => {
		const res = await api.call('DELETE', 'deleteNotification', { extraPath: ['abc'] });
		expect(res.data).toEqual({ code: 400, description: 'Parameter receiptId must be a Number' });
		expect((await api.call('DELETE', 'deleteNotification')).status).toBe(400);
	});

	test('malformed JSON answers 400 with the parser message', async () => {
		const res = await api.post('sendMessage', Buffer.from('{"chatId": '), {
			headers: { 'Content-Type': 'application/json' },
		});
		expect(res.status).toBe(400);
		expect((res.data as { description: string }).description).toMatch(/JSON/);
	});

	test('files above the size limit are refused; empty uploads are 400', async () => {
		const big = Buffer.alloc(64 * 1024 + 1);
		const res = await api.post('uploadFile', big, {
			host: 'media',
			headers: { 'Content-Type': 'application/pdf' },
		});
		expect(res.status).toBe(413);
		const form = new FormData();
		form.append('chatId', CHAT);
		form.append('file', new Blob([big]), 'big.pdf');
		expect((await api.post('sendFileByUpload', form, { host: 'media' })).status).toBe(413);
		const fits = await api.post('uploadFile', Buffer.alloc(64 * 1024), {
			host: 'media',
			headers: { 'Content-Type': 'application/pdf' },
		});
		expect(fits.status).toBe(200);
		const empty = await api.post('uploadFile', Buffer.alloc(0), {
			host: 'media',
			headers: { 'Content-Type': 'application/pdf' },
		});
		expect(empty.data).toEqual({ code: 400, description: 'File is empty' });
	});

	test('sendFileByUpload needs the file part named "file"', async () => {
		const form = multipart([
			{ name: 'chatId', value: CHAT },
			{
				name: 'document',
				filename: 'a.pdf',
				contentType: 'application/pdf',
				data: Buffer.from('%PDF'),
			},
		]);
		const res = await api.post('sendFileByUpload', form.body, {
			host: 'media',
			headers: { 'Content-Type': form.contentType },
		});
		expect(res.data).toEqual({
			code: 400,
			description: "Validation failed. Details: 'file' is required",
		});
	});

	test('setProfilePicture refuses non-images and a missing file', async () => {
		const text = multipart([{ name: 'file', filename: 'a.txt', contentType: 'text/plain', data: Buffer.from('hello') }]);
		const res = await api.post('setProfilePicture', text.body, {
			headers: { 'Content-Type': text.contentType },
		});
		expect(res.data).toEqual({ code: 400, description: 'Unsupported media type' });
		const none = multipart([{ name: 'other', value: 'x' }]);
		const missing = await api.post('setProfilePicture', none.body, {
			headers: { 'Content-Type': none.contentType },
		});
		expect(missing.data).toEqual({ code: 400, description: 'File is empty' });
	});

	test('deleteMessage with a boolean chatId reproduces the documented 500', async () => {
		const res = await api.post('deleteMessage', { chatId: true, idMessage: 'x' });
		expect(res.status).toBe(500);
		expect(res.data).toEqual({
			code: 500,
			description: 'Internal Server Error interface conversion: interface {} is bool, not string',
		});
	});

	test('createGroup with a group among the members is a bare 500', async () => {
		const res = await api.post('createGroup', {
			groupName: 'x',
			chatIds: ['120363000000000001@g.us'],
		});
		expect(res.status).toBe(500);
	});

	test('getAvatar answers a bad chat id with 200 and a reason', async () => {
		const res = await api.post('getAvatar', { chatId: 'nonsense' });
		expect(res.status).toBe(200);
		expect(res.data).toEqual({ urlAvatar: '', reason: 'bad request data' });
	});

	test('getStatusStatistic takes idMessage from the query only', async () => {
		const res = await api.call('GET', 'getStatusStatistic', {
			body: { idMessage: 'BAE54F7F0B63C0A1' },
		});
		expect(res.data).toEqual({
			code: 400,
			description: "Validation failed. Details: 'idMessage' is required",
		});
	});
});
