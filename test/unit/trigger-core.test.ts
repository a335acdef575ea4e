import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { MESSAGE_KINDS, WEBHOOK_TYPES } from '../../nodes/GreenApi/events/eventCatalogue';
import { downloadLimitsFrom } from '../../nodes/GreenApi/transport/limits';
import { wanted } from '../../nodes/GreenApi/trigger/matchNotification';
import { memoryOf, notificationKey, persistStarted, trackInFlight, wasStarted } from '../../nodes/GreenApi/trigger/deliveryMemory';
import type { Notification } from '../../nodes/GreenApi/trigger/notification';
import { simplify } from '../../nodes/GreenApi/trigger/simplify';
import type { TriggerOptions } from '../../nodes/GreenApi/trigger/triggerOptions';
import { switchesFor, switchSettings } from '../../nodes/GreenApi/trigger/triggerSettings';
import { hashStoredToken, hasOurToken, tokenHash } from '../../nodes/GreenApi/trigger/webhookAuth';

interface Contract {
	typeWebhook: Array<{ name: string; example: Notification }>;
	typeMessage: Array<{ name: string; example: IDataObject }>;
	envelope: { receiveNotificationExample: { body: Notification }; groupMessageExample: Notification };
}
const contract: Contract = JSON.parse(readFileSync(join(__dirname, '../../contract/green-api/webhooks.json'), 'utf8'));
const incoming = contract.envelope.receiveNotificationExample.body;
const messageOf = (typeMessage: string): Notification => ({
	...incoming,
	messageData: contract.typeMessage.find((t) => t.name === typeMessage)!.example,
});

const options = (overrides: Partial<TriggerOptions> = {}): TriggerOptions => ({
	events: WEBHOOK_TYPES.map((t) => t.value),
	messageTypes: [],
	chats: 'all',
	chatList: new Set(),
	simplify: true,
	downloadMedia: false,
	ignoreOwnMessages: false,
	binaryPropertyName: 'data',
	download: downloadLimitsFrom({}),
	...overrides,
});

describe('event catalogue', () => {
	it('knows every notification type and message type webhooks.json lists', () => {
		expect(WEBHOOK_TYPES.map((t) => t.value).sort()).toEqual(contract.typeWebhook.map((t) => t.name).sort());
		expect(MESSAGE_KINDS.map((k) => k.value).sort()).toEqual(contract.typeMessage.map((t) => t.name).sort());
	});
});

describe.each(contract.typeWebhook.map((t) => [t.name, t.example] as const))('the %s example', (name, example) => {
	it('starts the workflow only when its event is chosen', () => {
		expect(wanted(example, options({ events: [name] }))).toBe(true);
		expect(wanted(example, options({ events: WEBHOOK_TYPES.map((t) => t.value).filter((v) => v !== name) }))).toBe(false);
	});

	it('simplifies to a flat view that keeps the event, its ids and its details', () => {
		const flat = simplify(example);
		expect(flat.event).toBe(name);
		expect(flat.instanceId).toBe(1101000001);
		if (example.timestamp) expect(flat.date).toBe(new Date(example.timestamp * 1000).toISOString());
		if (example.idMessage) expect(flat.idMessage).toBe(example.idMessage);
		for (const value of Object.values(flat)) expect(value).not.toBeUndefined();
	});
});

const expectedText: Record<string, string | undefined> = {
	textMessage: 'Hi, is my order ready?',
	extendedTextMessage: 'Look https://example.com',
	quotedMessage: 'Thanks!',
	imageMessage: 'Photo of the parcel',
	locationMessage: 'Office',
	contactMessage: 'Ivan Petrov',
	reactionMessage: '👍',
	pollMessage: 'Which day suits you?',
	editedMessage: 'Corrected text',
	buttonsResponseMessage: 'Yes',
	templateButtonsReplyMessage: 'Yes',
	listResponseMessage: '9:00',
	interactiveButtonsResponse: 'Yes',
};

describe.each(contract.typeMessage.map((t) => [t.name] as const))('an incoming %s', (typeMessage) => {
	const notification = messageOf(typeMessage);

	it('passes a Message Types filter that names it, and only that', () => {
		expect(wanted(notification, options({ messageTypes: [typeMessage] }))).toBe(true);
		expect(wanted(notification, options({ messageTypes: ['some other type'] }))).toBe(false);
		expect(wanted(notification, options())).toBe(true);
	});

	it('simplifies to the chat, the sender, the type and its text', () => {
		const flat = simplify(notification);
		expect(flat).toMatchObject({
			event: 'incomingMessageReceived',
			messageType: typeMessage,
			chatId: '79001234567@c.us',
			isGroup: false,
			sender: '79001234567@c.us',
			senderName: 'Ivan',
			fromMe: false,
		});
		if (expectedText[typeMessage]) expect(flat.text).toBe(expectedText[typeMessage]);
		const kind = MESSAGE_KINDS.find((k) => k.value === typeMessage)!;
		if (kind.isMedia) expect(flat.downloadUrl).toMatch(/^https:\/\//);
		else expect(flat.downloadUrl).toBeUndefined();
	});
});

describe('chat filters', () => {
	const group = contract.envelope.groupMessageExample;
	const lid: Notification = { ...incoming, senderData: { ...incoming.senderData, chatId: '123456789012345@lid' } };
	const state = contract.typeWebhook.find((t) => t.name === 'stateInstanceChanged')!.example;
	const call = contract.typeWebhook.find((t) => t.name === 'incomingCall')!.example;
	const status = contract.typeWebhook.find((t) => t.name === 'outgoingMessageStatus')!.example;

	it('treats @lid chats as personal chats', () => {
		expect(wanted(lid, options({ chats: 'personal' }))).toBe(true);
		expect(wanted(lid, options({ chats: 'group' }))).toBe(false);
		expect(wanted(group, options({ chats: 'group' }))).toBe(true);
		expect(wanted(group, options({ chats: 'personal' }))).toBe(false);
	});

	it('matches listed chats for messages, calls and statuses', () => {
		const list = options({ chats: 'list', chatList: new Set(['79001234567@c.us']) });
		for (const notification of [incoming, call, status]) expect(wanted(notification, list)).toBe(true);
		expect(wanted(group, list)).toBe(false);
	});

	it('lets notifications about no chat through any chat filter', () => {
		expect(wanted(state, options({ chats: 'list', chatList: new Set(['79000000000@c.us']) }))).toBe(true);
	});
});

describe('ignoring the instance’s own messages', () => {
	const own: Notification = {
		...contract.envelope.groupMessageExample,
		senderData: { ...contract.envelope.groupMessageExample.senderData, sender: '11001234567@c.us' },
	};
	const fromPhone = contract.typeWebhook.find((t) => t.name === 'outgoingMessageReceived')!.example;

	it('drops what the instance sent and keeps what others sent', () => {
		const ignore = options({ ignoreOwnMessages: true });
		expect(wanted(own, ignore)).toBe(false);
		expect(wanted(fromPhone, ignore)).toBe(false);
		expect(wanted(incoming, ignore)).toBe(true);
		expect(wanted(own, options())).toBe(true);
	});
});

describe('settings switches', () => {
	it('turns on exactly what the chosen events need', () => {
		expect([...switchesFor(['outgoingMessageStatus', 'stateInstanceChanged'], [])].sort()).toEqual(['outgoingWebhook', 'stateWebhook']);
		const settings = switchSettings(switchesFor(['outgoingMessageStatus'], []));
		expect(settings.outgoingWebhook).toBe('yes');
		expect(settings.incomingWebhook).toBe('no');
	});

	it('adds the poll, edit and delete switches for message events unless the types exclude them', () => {
		expect([...switchesFor(['incomingMessageReceived'], [])].sort()).toEqual([
			'deletedMessageWebhook',
			'editedMessageWebhook',
			'incomingWebhook',
			'pollMessageWebhook',
		]);
		expect([...switchesFor(['incomingMessageReceived'], ['textMessage', 'pollUpdateMessage'])].sort()).toEqual([
			'incomingWebhook',
			'pollMessageWebhook',
		]);
	});
});

describe('delivery memory', () => {
	it('knows a notification by its content, whatever the key order', () => {
		const reordered = Object.fromEntries(Object.entries(incoming).reverse());
		expect(notificationKey(reordered)).toBe(notificationKey(incoming));
		expect(notificationKey({ ...incoming, idMessage: 'other' })).not.toBe(notificationKey(incoming));
	});

	it('keeps the last 500 started notifications in static data', () => {
		const stored: IDataObject = {};
		const memory = memoryOf('unit-workflow', 'persist');
		persistStarted(stored, [notificationKey(incoming)]);
		expect(wasStarted(memory, stored, notificationKey(incoming))).toBe(true);
		persistStarted(
			stored,
			Array.from({ length: 600 }, (_, i) => notificationKey({ ...incoming, idMessage: `m${i}` })),
		);
		expect((stored.seen as string[]).length).toBe(500);
		expect(wasStarted(memory, stored, notificationKey(incoming))).toBe(false);
	});

	it('counts a notification as started only when its hand-over succeeded, per workflow and node', async () => {
		const memory = memoryOf('unit-workflow', 'in-flight');
		const [held, lost] = ['held', 'lost'].map((idMessage) => notificationKey({ ...incoming, idMessage }));
		const outcomes = [trackInFlight(memory, held, Promise.resolve(true)), trackInFlight(memory, lost, Promise.reject(new Error('no')))];
		expect([...memory.inFlight.keys()]).toEqual([held, lost]);
		expect(await Promise.all(outcomes)).toEqual([true, false]);
		expect(memory.inFlight.size).toBe(0);
		expect([wasStarted(memory, {}, held), wasStarted(memory, {}, lost)]).toEqual([true, false]);
		expect(wasStarted(memoryOf('unit-workflow', 'other node'), {}, held)).toBe(false);
		expect(wasStarted(memoryOf('other workflow', 'in-flight'), {}, held)).toBe(false);
	});
});

describe('webhook token check', () => {
	const hash = tokenHash('s3cret');

	it('accepts only "Bearer <token>", against the stored hash', () => {
		expect(hash).toMatch(/^[0-9a-f]{64}$/);
		expect(hasOurToken('Bearer s3cret', hash)).toBe(true);
		expect(hasOurToken('bearer  s3cret ', hash)).toBe(true);
		expect(hasOurToken('Bearer s3cre', hash)).toBe(false);
		expect(hasOurToken('s3cret', hash)).toBe(false);
		expect(hasOurToken(undefined, hash)).toBe(false);
		expect(hasOurToken('Bearer s3cret', 's3cret')).toBe(false);
		expect(hasOurToken('Bearer ', '')).toBe(false);
		expect(hasOurToken('Bearer undefined', undefined)).toBe(false);
	});

	it('replaces a token kept by an earlier version with its hash', () => {
		const stored: IDataObject = { webhookToken: 's3cret', previous: { webhookUrl: '' } };
		hashStoredToken(stored);
		expect(stored).toEqual({ webhookTokenHash: hash, previous: { webhookUrl: '' } });
	});
});
