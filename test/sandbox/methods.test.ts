/**
 * Every HTTP method of methods.json answers its documented request example (or a request built
 * from the sandbox's own state) with the documented status and a body shaped like
 * response.example.
 */
import { HTTP_METHODS, METHODS, type ContractMethod } from '../../sandbox/contract';
import type { Sandbox } from '../../sandbox';
import { HANDLED_METHODS, partnerHandlers } from '../../sandbox/methods';
import { ALL_ON, Api, type CallOptions, http, JPEG, multipart, shapeErrors, start, undocumentedKeys, waitFor } from './helpers';

const CHAT = '79001234567@c.us';

interface Ctx {
	sandbox: Sandbox;
	api: Api;
	/** An instance with no WhatsApp account linked. */
	unlinked: Api;
}

interface Case {
	/** Request options; the body defaults to the contract's requestExample. */
	prepare?: (ctx: Ctx) => Promise<CallOptions & { client?: Api }> | (CallOptions & { client?: Api });
	status?: number;
}

let ctx: Ctx;

const spec = (name: string) => METHODS.find((m) => m.name === name) as ContractMethod;

async function sendText(api: Api, chatId = CHAT, message = 'hello'): Promise<string> {
	const res = await api.post('sendMessage', { chatId, message });
	return (res.data as { idMessage: string }).idMessage;
}

async function createGroup(api: Api): Promise<string> {
	const res = await api.post('createGroup', {
		groupName: 'Team',
		chatIds: [CHAT, '79001234568@c.us'],
	});
	return (res.data as { chatId: string }).chatId;
}

const incomingText = () => ctx.sandbox.injectIncoming(ctx.api.idInstance, { text: 'Hi, is my order ready?' });

const cases: Record<string, Case> = {
	getSettings: {},
	// The documented example with an empty webhookUrl, so later cases can poll the queue.
	setSettings: {
		prepare: () => ({
			body: { ...(spec('setSettings').requestExample as object), webhookUrl: '' },
		}),
	},
	getStateInstance: {},
	reboot: {},
	logout: { prepare: ({ unlinked }) => ({ client: unlinked }) },
	qr: { prepare: ({ unlinked }) => ({ client: unlinked }) },
	getAuthorizationCode: { prepare: ({ unlinked }) => ({ client: unlinked }) },
	setProfilePicture: {
		prepare: () => {
			const form = multipart([{ name: 'file', filename: 'avatar.jpg', contentType: 'image/jpeg', data: JPEG }]);
			return { body: form.body, headers: { 'Content-Type': form.contentType } };
		},
	},
	getWaSettings: {},
	getStatusInstance: {},
	sendMessage: {},
	sendPoll: {},
	sendFileByUpload: {
		prepare: () => {
			const form = new FormData();
			form.append('chatId', CHAT);
			form.append('fileName', 'parcel.jpg');
			form.append('caption', 'Photo of the parcel');
			form.append('file', new Blob([JPEG], { type: 'image/jpeg' }), 'parcel.jpg');
			return { host: 'media', body: form };
		},
	},
	sendFileByUrl: {},
	uploadFile: {
		prepare: () => ({
			host: 'media',
			body: Buffer.from('%PDF-1.4 invoice'),
			headers: { 'Content-Type': 'application/pdf', 'GA-Filename': 'invoice-1024.pdf' },
		}),
	},
	sendLocation: {},
	sendContact: {},
	forwardMessages: {
		prepare: () => {
			const { idMessage } = incomingText();
			return { body: { chatId: '11001234567@c.us', chatIdFrom: CHAT, messages: [idMessage] } };
		},
	},
	sendButtons: {
		status: 403,
		prepare: () => ({
			body: { chatId: CHAT, message: 'Choose', buttons: [{ buttonId: '1', buttonText: 'Yes' }] },
		}),
	},
	sendTemplateButtons: {
		status: 403,
		prepare: () => ({ body: { chatId: CHAT, message: 'Choose', templateButtons: [] } }),
	},
	sendListMessage: {
		status: 403,
		prepare: () => ({ body: { chatId: CHAT, message: 'Pick', buttonText: 'Open', sections: [] } }),
	},
	receiveNotification: { prepare: () => (incomingText(), {}) },
	deleteNotification: {
		prepare: async ({ api }) => {
			incomingText();
			const received = await api.get('receiveNotification');
			return { extraPath: [String((received.data as { receiptId: number }).receiptId)] };
		},
	},
	downloadFile: {
		prepare: ({ sandbox, api }) => {
			const { idMessage } = sandbox.injectIncoming(api.idInstance, { typeMessage: 'imageMessage' });
			return { body: { chatId: CHAT, idMessage } };
		},
	},
	getChatHistory: {
		prepare: async ({ api }) => {
			incomingText();
			const form = new FormData();
			form.append('chatId', CHAT);
			form.append('caption', 'Here it is');
			form.append('file', new Blob([JPEG], { type: 'image/jpeg' }), 'order.jpg');
			await api.post('sendFileByUpload', form, { host: 'media' });
			return {};
		},
	},
	getMessage: { prepare: () => ({ body: { chatId: CHAT, idMessage: incomingText().idMessage } }) },
	lastIncomingMessages: { prepare: () => (incomingText(), {}) },
	lastOutgoingMessages: {
		prepare: async ({ api }) => {
			const form = new FormData();
			form.append('chatId', CHAT);
			form.append('file', new Blob([JPEG], { type: 'image/jpeg' }), 'order.jpg');
			const sent = await api.post('sendFileByUpload', form, { host: 'media' });
			const { idMessage } = sent.data as { idMessage: string };
			await ctx.sandbox.waitForNotification(api.idInstance, (n) => n.body.idMessage === idMessage && n.body.status === 'read');
			return {};
		},
	},
	showMessagesQueue: {
		prepare: async ({ unlinked }) => {
			await sendText(unlinked);
			await unlinked.post('forwardMessages', {
				chatId: CHAT,
				chatIdFrom: '79001234568@c.us',
				messages: ['3EB0C767D097B7C7C040'],
			});
			return { client: unlinked };
		},
	},
	clearMessagesQueue: {},
	createGroup: {},
	updateGroupName: {
		prepare: async ({ api }) => ({
			body: { groupId: await createGroup(api), groupName: 'Support team 2' },
		}),
	},
	getGroupData: { prepare: async ({ api }) => ({ body: { groupId: await createGroup(api) } }) },
	addGroupParticipant: {
		prepare: async ({ api }) => ({
			body: { groupId: await createGroup(api), participantChatId: '79001234569@c.us' },
		}),
	},
	removeGroupParticipant: {
		prepare: async ({ api }) => ({
			body: { groupId: await createGroup(api), participantChatId: CHAT },
		}),
	},
	setGroupAdmin: {
		prepare: async ({ api }) => ({
			body: { groupId: await createGroup(api), participantChatId: CHAT },
		}),
	},
	removeAdmin: {
		prepare: async ({ api }) => {
			const groupId = await createGroup(api);
			await api.post('setGroupAdmin', { groupId, participantChatId: CHAT });
			return { body: { groupId, participantChatId: CHAT } };
		},
	},
	setGroupPicture: {
		prepare: async ({ api }) => {
			const groupId = await createGroup(api);
			const form = multipart([
				{ name: 'groupId', value: groupId },
				{ name: 'file', filename: 'group.jpg', contentType: 'image/jpeg', data: JPEG },
			]);
			return { body: form.body, headers: { 'Content-Type': form.contentType } };
		},
	},
	leaveGroup: {
		// The example answer (leaveGroup) is the one for a member that is not an admin.
		prepare: ({ sandbox, api }) => ({
			body: { groupId: sandbox.addGroup(api.idInstance, { admin: false }).groupId },
		}),
	},
	sendTextStatus: {},
	sendVoiceStatus: {},
	sendMediaStatus: {},
	deleteStatus: {
		prepare: async ({ api }) => {
			const sent = await api.post('sendTextStatus', { message: 'Open today' });
			return { body: { idMessage: (sent.data as { idMessage: string }).idMessage } };
		},
	},
	getStatusStatistic: {
		prepare: async ({ api }) => {
			const sent = await api.post('sendTextStatus', {
				message: 'Open today',
				participants: [CHAT],
			});
			const { idMessage } = sent.data as { idMessage: string };
			await waitFor(() => ctx.sandbox.statuses(api.idInstance).find((s) => s.idMessage === idMessage && s.statusMessage === 'read'));
			return { query: { idMessage } };
		},
	},
	getIncomingStatuses: {
		prepare: ({ sandbox, api }) => (sandbox.injectIncomingStatus(api.idInstance), {}),
	},
	getOutgoingStatuses: {
		prepare: async ({ api }) => {
			await api.post('sendTextStatus', { message: 'We are open', participants: [CHAT] });
			await api.post('sendMediaStatus', {
				urlFile: 'https://example.com/img/promo.jpg',
				fileName: 'promo.jpg',
			});
			return {};
		},
	},
	readChat: {},
	checkWhatsapp: {},
	getAvatar: {},
	getContacts: {
		prepare: async ({ api }) => {
			incomingText();
			await createGroup(api);
			return {};
		},
	},
	getContactInfo: { prepare: () => (incomingText(), {}) },
	deleteMessage: {
		prepare: async ({ api }) => ({ body: { chatId: CHAT, idMessage: await sendText(api) } }),
	},
	archiveChat: { prepare: () => (incomingText(), {}) },
	unarchiveChat: {},
	setDisappearingChat: {},
	getDeviceInfo: {},
	getInstances: {},
	createInstance: {},
	deleteInstanceAccount: {
		prepare: ({ sandbox }) => ({
			body: { idInstance: sandbox.createInstance({ name: 'to delete' }).idInstance },
		}),
	},
	sendInteractiveButtons: {},
	sendInteractiveButtonsReply: {},
	editMessage: {
		prepare: async ({ api }) => ({
			body: { chatId: CHAT, idMessage: await sendText(api), message: 'Corrected text' },
		}),
	},
};

beforeAll(async () => {
	const { sandbox, api } = await start({
		restartDelayMs: 0,
		instances: [
			{ idInstance: 1101000001, apiTokenInstance: 'token-one', settings: ALL_ON },
			{
				idInstance: 1101000002,
				apiTokenInstance: 'token-two',
				stateInstance: 'notAuthorized',
				settings: ALL_ON,
			},
		],
	});
	ctx = { sandbox, api, unlinked: new Api(sandbox, 1101000002, 'token-two') };
});

afterAll(() => ctx.sandbox.close());

test('the sandbox handles every HTTP method of methods.json, and the cases cover each', () => {
	const contract = HTTP_METHODS.map((m) => m.name).sort();
	expect([...HANDLED_METHODS, ...Object.keys(partnerHandlers)].sort()).toEqual(contract);
	expect(Object.keys(cases).sort()).toEqual(contract);
});

async function callCase(spec: ContractMethod, options: CallOptions & { client?: Api }) {
	const client = options.client ?? ctx.api;
	const body = options.body ?? (spec.requestExample as Record<string, unknown> | null) ?? undefined;
	if (spec.host === 'partner') {
		const url = `${ctx.sandbox.partnerApiUrl}/partner/${spec.name}/${ctx.sandbox.partnerToken}`;
		const res = await http.request({ method: spec.verb, url, data: body });
		return { status: res.status, data: res.data as unknown, text: JSON.stringify(res.data) };
	}
	return client.call(spec.verb, spec.name, { ...options, body });
}

describe.each(HTTP_METHODS.map((m) => [m.name, m] as const))('%s', (name, method) => {
	test(`answers like response.example`, async () => {
		const c = cases[name];
		const options = (await c.prepare?.(ctx)) ?? {};
		const res = await callCase(method, options);
		expect({ status: res.status, data: res.data }).toMatchObject({ status: c.status ?? 200 });
		if (c.status && c.status !== 200) {
			expect(res.data).toEqual({ code: c.status, description: 'Forbidden' });
			return;
		}
		const example = method.response.example;
		if (example === null) {
			expect(res.text).toBe('');
			return;
		}
		const documented = method.response.fields.flatMap((f) => f.name.split(' / '));
		if (!Array.isArray(example)) {
			expect(shapeErrors(example, res.data)).toEqual([]);
			expect(undocumentedKeys(res.data, example, documented)).toEqual([]);
			return;
		}
		// Arrays: every example item has a counterpart of the same type / typeMessage.
		const items = res.data as Record<string, unknown>[];
		expect(Array.isArray(items)).toBe(true);
		for (const wanted of example as Record<string, unknown>[]) {
			const sameKind = items.filter(
				(item) =>
					(wanted.type === undefined || item.type === wanted.type) &&
					(wanted.typeMessage === undefined || item.typeMessage === wanted.typeMessage) &&
					(wanted.messageID === undefined) === (item.messageID === undefined),
			);
			expect(sameKind.map((item) => shapeErrors(wanted, item))).toContainEqual([]);
		}
		// Kinds the journal docs describe carry no other keys (others add their notification data object).
		const described = new Set((example as Record<string, unknown>[]).map((e) => e.typeMessage));
		for (const item of items.filter((i) => described.has(i.typeMessage))) {
			expect(undocumentedKeys(item, example[0], documented)).toEqual([]);
		}
	});
});
