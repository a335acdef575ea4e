/** Sending methods for text, polls, locations, contacts, forwards and buttons. Files: sendingFiles.ts. */
import { validationFailed } from '../errors';
import { outgoingMessageId } from '../ids';
import { extensionOf } from '../media';
import { contactData, forwardedData, linkData, locationData, pollData, quotedTextData, textData, URL_IN_TEXT } from '../messageData';
import { vcardFor } from '../messages';
import { enqueueSend } from '../sendQueue';
import { type StoredMessage, findMessage } from '../state';
import {
	type Body,
	checkChatId,
	checkItemCount,
	checkMaxLength,
	checkOneOf,
	checkRange,
	checkType,
	checkTypingTime,
	optNumber,
	optString,
	reqString,
} from '../validate';
import { methodDisabled } from './account';
import type { HandlerTable, MethodRequest } from './types';

export const MAX_TEXT = 20000;

/**
 * The message a quotedMessageId points at, in the same chat and known to the journals. An unknown
 * id sends the message without a quote (the server's answer to that case is not documented).
 */
export function quotedTarget(req: MethodRequest, chatId: string): StoredMessage | undefined {
	const id = optString(req.body, 'quotedMessageId');
	return id ? findMessage(req.inst, chatId, id) : undefined;
}

export function chatIdOf(body: Body, name = 'chatId'): string {
	const chatId = reqString(body, name);
	checkChatId(name, chatId);
	return chatId;
}

export const typingTimeOf = (body: Body) => optNumber(body, 'typingTime') ?? 0;

export function checkHttpUrl(name: string, value: string): void {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw validationFailed(`'${name}' must be a valid uri`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw validationFailed(`'${name}' must be a valid uri`);
}

export function checkFileNameExtension(name: string, fileName: string): void {
	if (!extensionOf(fileName)) throw validationFailed(`'${name}' must contain a file extension, e.g. 'photo.jpg'`);
}

function interactiveButtons(body: Body, withType: boolean): Record<string, unknown>[] {
	const buttons = body.buttons as Record<string, unknown>[];
	checkItemCount('buttons', buttons, 1, 3);
	return buttons.map((button, i) => {
		const name = (field: string) => `buttons[${i}].${field}`;
		for (const field of ['buttonId', 'buttonText']) {
			if (button[field] === undefined) throw validationFailed(`'${name(field)}' is required`);
			checkType(name(field), 'string', button[field], true);
		}
		checkMaxLength(name('buttonText'), String(button.buttonText), 25);
		if (!withType) return { buttonId: button.buttonId, buttonText: button.buttonText };
		checkOneOf(name('type'), button.type, ['copy', 'call', 'url']);
		const extra = ({ copy: 'copyCode', call: 'phoneNumber', url: 'url' } as const)[button.type as 'copy' | 'call' | 'url'];
		if (typeof button[extra] !== 'string' || button[extra] === '') throw validationFailed(`'${name(extra)}' is required`);
		return {
			type: button.type,
			buttonId: button.buttonId,
			buttonText: button.buttonText,
			[extra]: button[extra],
		};
	});
}

/** Archived button methods: the vendor answers 403 since WhatsApp stopped showing them. */
const disabledMethod = (): never => {
	throw methodDisabled();
};

/** The two interactive-button sends differ only in their name and whether buttons may act. */
function interactiveSend(method: string, typeMessage: 'interactiveButtons' | 'interactiveButtonsReply') {
	return (req: MethodRequest) => {
		const { body } = req;
		const chatId = chatIdOf(body);
		const text = reqString(body, 'body');
		checkMaxLength('body', text, MAX_TEXT);
		const buttons = interactiveButtons(body, typeMessage === 'interactiveButtons');
		const messageData = {
			typeMessage,
			[typeMessage]: {
				titleText: optString(body, 'header') ?? '',
				contentText: text,
				footerText: optString(body, 'footer') ?? '',
				buttons,
			},
		};
		const [msg] = enqueueSend(req.core, req.inst, { method, body, drafts: [{ chatId, messageData }] });
		return { idMessage: msg.idMessage };
	};
}

export const sendingHandlers: HandlerTable = {
	sendMessage: {
		gate: 'running',
		handle: (req) => {
			const { body } = req;
			const chatId = chatIdOf(body);
			const message = reqString(body, 'message');
			checkMaxLength('message', message, MAX_TEXT);
			if (body.typePreview !== undefined) checkOneOf('typePreview', body.typePreview, ['large', 'small']);
			let preview: { title?: string; description?: string } | undefined;
			// The 300-character limits inside customPreview are unconfirmed by SDKs, so not enforced.
			if (body.customPreview !== undefined) {
				const custom = body.customPreview as Record<string, unknown>;
				if (typeof custom.title !== 'string' || !custom.title) throw validationFailed("'customPreview.title' is required");
				preview = {
					title: custom.title,
					description: typeof custom.description === 'string' ? custom.description : '',
				};
			}
			checkTypingTime(body);
			const target = quotedTarget(req, chatId);
			// linkPreview defaults to on (docs table); false keeps a link as plain text.
			const withPreview = body.linkPreview !== false && (URL_IN_TEXT.test(message) || preview !== undefined);
			const messageData = target ? quotedTextData(message, target) : withPreview ? linkData(message, preview) : textData(message);
			const [msg] = enqueueSend(req.core, req.inst, {
				method: 'sendMessage',
				body: { ...body, linkPreview: body.linkPreview ?? true },
				drafts: [{ chatId, messageData }],
				typingTime: typingTimeOf(body),
			});
			return { idMessage: msg.idMessage };
		},
	},

	sendPoll: {
		gate: 'running',
		handle: (req) => {
			const { body } = req;
			const chatId = chatIdOf(body);
			const question = reqString(body, 'message');
			checkMaxLength('message', question, 255);
			const options = body.options as Record<string, unknown>[];
			checkItemCount('options', options, 2, 12);
			const names = options.map((option, i) => {
				const name = `options[${i}].optionName`;
				if (option.optionName === undefined) throw validationFailed(`'${name}' is required`);
				checkType(name, 'string', option.optionName, true);
				checkMaxLength(name, String(option.optionName), 100);
				return String(option.optionName);
			});
			const duplicate = names.findIndex((n, i) => names.indexOf(n) !== i);
			if (duplicate >= 0) throw validationFailed(`'options[${duplicate}]' contains a duplicate value`);
			checkTypingTime(body);
			const messageData = pollData(question, names, body.multipleAnswers === true, quotedTarget(req, chatId));
			const [msg] = enqueueSend(req.core, req.inst, {
				method: 'sendPoll',
				body,
				drafts: [{ chatId, messageData }],
				typingTime: typingTimeOf(body),
			});
			return { idMessage: msg.idMessage };
		},
	},

	sendLocation: {
		gate: 'running',
		handle: (req) => {
			const { body } = req;
			const chatId = chatIdOf(body);
			const latitude = body.latitude as number;
			const longitude = body.longitude as number;
			checkRange('latitude', latitude, -90, 90);
			checkRange('longitude', longitude, -180, 180);
			checkTypingTime(body);
			const messageData = locationData(
				{
					nameLocation: optString(body, 'nameLocation') ?? '',
					address: optString(body, 'address') ?? '',
					latitude,
					longitude,
				},
				quotedTarget(req, chatId),
			);
			const [msg] = enqueueSend(req.core, req.inst, {
				method: 'sendLocation',
				body,
				drafts: [{ chatId, messageData }],
				typingTime: typingTimeOf(body),
			});
			return { idMessage: msg.idMessage };
		},
	},

	sendContact: {
		gate: 'running',
		handle: (req) => {
			const { body } = req;
			const chatId = chatIdOf(body);
			const contact = body.contact as Record<string, unknown>;
			if (contact.phoneContact === undefined || contact.phoneContact === null) {
				throw validationFailed("'contact.phoneContact' is required");
			}
			checkType('contact.phoneContact', 'integer', contact.phoneContact, true);
			const phone = String(contact.phoneContact);
			if (phone.length < 11 || phone.length > 12) {
				throw validationFailed("'contact.phoneContact' must contain 11 or 12 digits");
			}
			const names = ['firstName', 'middleName', 'lastName', 'company'] as const;
			for (const name of names) {
				if (contact[name] !== undefined) checkType(`contact.${name}`, 'string', contact[name], false);
			}
			if (!names.some((n) => typeof contact[n] === 'string' && contact[n] !== '')) {
				throw validationFailed("'contact' must contain at least one of [firstName, middleName, lastName, company]");
			}
			const [first, middle, last, company] = names.map((n) => (typeof contact[n] === 'string' ? String(contact[n]) : ''));
			const displayName = [first, middle, last].filter(Boolean).join(' ') || company;
			const messageData = contactData(displayName, vcardFor(phone, first, last, middle, company), quotedTarget(req, chatId));
			const [msg] = enqueueSend(req.core, req.inst, {
				method: 'sendContact',
				body,
				drafts: [{ chatId, messageData }],
				typingTime: typingTimeOf(body),
			});
			return { idMessage: msg.idMessage };
		},
	},

	forwardMessages: {
		gate: 'running',
		handle: (req) => {
			const { body, inst } = req;
			const chatId = chatIdOf(body);
			const chatIdFrom = chatIdOf(body, 'chatIdFrom');
			const ids = body.messages as string[];
			checkItemCount('messages', ids, 1);
			checkTypingTime(body);
			// Unknown ids still get new ids back, but nothing is delivered for them (docs).
			const newIds = ids.map(() => outgoingMessageId());
			const drafts = ids.flatMap((id, i) => {
				const original = findMessage(inst, chatIdFrom, id);
				return original ? [{ chatId, messageData: forwardedData(original.messageData), idMessage: newIds[i] }] : [];
			});
			enqueueSend(req.core, inst, {
				method: 'forwardMessages',
				queueType: 'ForwardMessages',
				body,
				drafts,
				ids: newIds,
				typingTime: typingTimeOf(body),
			});
			return { messages: newIds };
		},
	},

	sendButtons: { gate: 'any', disabled: true, handle: disabledMethod },
	sendTemplateButtons: { gate: 'any', disabled: true, handle: disabledMethod },
	sendListMessage: { gate: 'any', disabled: true, handle: disabledMethod },

	sendInteractiveButtons: { gate: 'running', handle: interactiveSend('sendInteractiveButtons', 'interactiveButtons') },
	sendInteractiveButtonsReply: {
		gate: 'running',
		handle: interactiveSend('sendInteractiveButtonsReply', 'interactiveButtonsReply'),
	},
};
