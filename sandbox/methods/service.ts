/** Service methods: read marks, number checks, avatars, contacts, delete/edit, archive, disappearing chats. */
import { ApiError, badRequest, errorBody, internalError } from '../errors';
import { messageNotification } from '../events';
import { incomingMessageId, nowSeconds } from '../ids';
import { storeMessage } from '../messages';
import { getChat, findMessage, type StoredMessage } from '../state';
import { checkChatId, checkMaxLength, checkOneOf, chatKind, optNumber, optString, phoneDigits, reqString } from '../validate';
import { ownAvatarUrl } from './account';
import { EMPTY, type HandlerTable, type MethodRequest } from './types';

export const EPHEMERAL_VALUES = [0, 86400, 604800, 7776000];
const EDITABLE = ['textMessage', 'extendedTextMessage', 'quotedMessage'];
const MAX_EDIT_BODY_BYTES = 100 * 1024;

export function avatarUrlFor(req: MethodRequest, chatId: string): string {
	const { core, inst } = req;
	if (chatId === inst.wid) return ownAvatarUrl(req);
	if (chatKind(chatId) === 'group') return inst.groups.get(chatId)?.pictureUrl ?? '';
	return core.hasWhatsapp(chatId) ? `${core.apiUrl}/sandbox/avatars/${encodeURIComponent(chatId)}.png` : '';
}

function chatIdOf(req: MethodRequest): string {
	const chatId = reqString(req.body, 'chatId');
	checkChatId('chatId', chatId);
	return chatId;
}

/** A message event that followed an API call (edit, delete), sent as outgoingAPIMessageReceived. */
function apiEvent(req: MethodRequest, chatId: string, messageData: StoredMessage['messageData']): StoredMessage {
	const { inst } = req;
	const msg: StoredMessage = {
		idMessage: incomingMessageId(),
		chatId,
		type: 'outgoing',
		timestamp: nowSeconds(),
		messageData,
		senderId: inst.wid,
		senderName: inst.name,
		senderContactName: '',
		sendByApi: true,
		statusMessage: 'sent',
		journaled: true,
		read: true,
		isEdited: false,
		isDeleted: false,
		method: req.spec.name,
	};
	storeMessage(inst, msg);
	req.core.emit(inst, messageNotification('outgoingAPIMessageReceived', inst, msg));
	req.core.changed(inst);
	return msg;
}

export const serviceHandlers: HandlerTable = {
	readChat: {
		gate: 'authorized',
		handle: (req) => {
			const chatId = chatIdOf(req);
			const idMessage = optString(req.body, 'idMessage');
			for (const msg of req.inst.chats.get(chatId)?.messages ?? []) {
				if (msg.type === 'incoming' && (!idMessage || msg.idMessage === idMessage)) msg.read = true;
			}
			req.core.changed(req.inst);
			return { setRead: true };
		},
	},

	checkWhatsapp: {
		gate: 'authorized',
		notAuthorizedText: 'instance is starting or not authorized',
		skipFields: ['phoneNumber'],
		handle: ({ core, body }) => {
			if (body.phoneNumber === undefined || body.phoneNumber === null) {
				throw badRequest("Validation failed. Details: 'phoneNumber' is required");
			}
			const phone = phoneDigits('phoneNumber', body.phoneNumber);
			// Newer docs allow 11-16 digits; the documented error text still says 11 or 12.
			if (phone.length < 11 || phone.length > 16) throw badRequest('bad phone number, valid 11 or 12 digits');
			return { existsWhatsapp: core.hasWhatsapp(phone) };
		},
	},

	getAvatar: {
		gate: 'authorized',
		handle: (req) => {
			const chatId = reqString(req.body, 'chatId');
			if (!chatKind(chatId)) return { urlAvatar: '', reason: 'bad request data' };
			return { urlAvatar: avatarUrlFor(req, chatId) };
		},
	},

	getContacts: {
		gate: 'authorized',
		handle: ({ inst, query }) => {
			const users = [...inst.contacts.values()].map((c) => ({
				id: c.chatId,
				name: c.name,
				contactName: c.contactName,
				type: 'user',
			}));
			const groups = [...inst.groups.values()].map((g) => ({
				id: g.groupId,
				name: g.subject,
				type: 'group',
			}));
			const list = query.group === true ? groups : query.group === false ? users : [...users, ...groups];
			const count = query.count as number | undefined;
			return count !== undefined ? list.slice(0, Math.max(0, count)) : list;
		},
	},

	getContactInfo: {
		gate: 'authorized',
		handle: (req) => {
			const chatId = reqString(req.body, 'chatId');
			checkChatId('chatId', chatId, ['personal', 'lid']);
			const contact = req.inst.contacts.get(chatId);
			const chat = req.inst.chats.get(chatId);
			const expiration = chat?.ephemeralExpiration ?? 0;
			return {
				avatar: avatarUrlFor(req, chatId),
				name: contact?.name ?? '',
				contactName: contact?.contactName ?? '',
				email: '',
				category: '',
				description: '',
				products: [],
				chatId,
				lastSeen: null,
				isArchive: chat?.archived ?? false,
				isDisappearing: expiration > 0,
				isMute: false,
				messageExpiration: expiration,
				muteExpiration: null,
				isBusiness: false,
			};
		},
	},

	deleteMessage: {
		gate: 'authorized',
		skipFields: ['chatId'],
		handle: (req) => {
			const { body, inst } = req;
			// Documented oddity: a boolean chatId crashes the server's type conversion.
			if (typeof body.chatId === 'boolean')
				throw internalError('Internal Server Error interface conversion: interface {} is bool, not string');
			const chatId = chatIdOf(req);
			const idMessage = reqString(body, 'idMessage');
			if (!inst.chats.get(chatId)?.messages.length) throw badRequest('chatId not found');
			const msg = findMessage(inst, chatId, idMessage);
			if (!msg || msg.isDeleted) throw badRequest('Message by id not found');
			msg.isDeleted = true;
			const forEveryone = body.onlySenderDelete !== true && msg.type === 'outgoing';
			if (forEveryone)
				apiEvent(req, chatId, {
					typeMessage: 'deletedMessage',
					deletedMessageData: { stanzaId: msg.idMessage },
				});
			req.core.changed(inst);
			return EMPTY;
		},
	},

	archiveChat: {
		gate: 'authorized',
		handle: (req) => {
			const chat = req.inst.chats.get(chatIdOf(req));
			if (!chat?.messages.length) throw badRequest('ArchiveChatError: cannot archive chat cause last message not found in chat');
			chat.archived = true;
			req.core.changed(req.inst);
			return EMPTY;
		},
	},

	unarchiveChat: {
		gate: 'authorized',
		handle: (req) => {
			const chat = req.inst.chats.get(chatIdOf(req));
			if (chat) chat.archived = false;
			req.core.changed(req.inst);
			return EMPTY;
		},
	},

	setDisappearingChat: {
		gate: 'authorized',
		handle: (req) => {
			const chatId = chatIdOf(req);
			// Mandatory on newer pages, optional on older ones and in the Python SDK: missing means 0.
			const expiration = optNumber(req.body, 'ephemeralExpiration') ?? 0;
			checkOneOf('ephemeralExpiration', expiration, EPHEMERAL_VALUES);
			getChat(req.inst, chatId).ephemeralExpiration = expiration;
			req.core.changed(req.inst);
			return {
				chatId,
				disappearingMessagesInChat: expiration > 0,
				ephemeralExpiration: expiration,
			};
		},
	},

	editMessage: {
		gate: 'authorized',
		handle: (req) => {
			if (req.bodySize > MAX_EDIT_BODY_BYTES) throw new ApiError(500, errorBody(500, 'request entity too large'));
			const chatId = chatIdOf(req);
			const idMessage = reqString(req.body, 'idMessage');
			const text = reqString(req.body, 'message');
			checkMaxLength('message', text, 20000);
			const original = findMessage(req.inst, chatId, idMessage);
			if (!original || !original.sendByApi || original.isDeleted || !EDITABLE.includes(original.messageData.typeMessage)) {
				throw badRequest('Message by id not found');
			}
			const data = original.messageData;
			if (data.typeMessage === 'textMessage') data.textMessageData = { ...(data.textMessageData as object), textMessage: text };
			else data.extendedTextMessageData = { ...(data.extendedTextMessageData as object), text };
			original.isEdited = true;
			const edit = apiEvent(req, chatId, {
				typeMessage: 'editedMessage',
				editedMessageData: { textMessage: text, stanzaId: idMessage },
			});
			return { idMessage: edit.idMessage };
		},
	},
};
