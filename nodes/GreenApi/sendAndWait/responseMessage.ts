import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { charCount } from '../fields/textField';
import type { ApiCall } from '../transport/types';
import { DEFAULT_LABELS, MAX_BUTTON_LABEL } from './sendAndWaitProperties';

/** GREEN-API's limit for sendMessage's message and sendInteractiveButtons' body. */
export const MAX_MESSAGE = 20000;

/** One way to answer: a button or a link to n8n's signed resume URL. */
export interface ResponseChoice {
	id: 'approve' | 'decline' | 'respond';
	label: string;
	url: string;
}

const labelOr = (value: unknown, fallback: string) => (typeof value === 'string' && value.trim() ? value.trim() : fallback);

/**
 * The buttons of the message. Each URL is n8n's resume URL for this execution and node, signed by
 * n8n, so `approved=true|false` cannot be changed by whoever holds the link.
 */
export function responseChoices(ctx: IExecuteFunctions): ResponseChoice[] {
	const responseType = ctx.getNodeParameter('responseType', 0, 'approval') as string;
	if (responseType !== 'approval') {
		const label = labelOr(ctx.getNodeParameter('options.messageButtonLabel', 0, ''), DEFAULT_LABELS.respond);
		return [{ id: 'respond', label, url: ctx.getSignedResumeUrl() }];
	}
	const approval = ctx.getNodeParameter('approvalOptions.values', 0, {}) as IDataObject;
	const choices: ResponseChoice[] = [
		{
			id: 'approve',
			label: labelOr(approval.approveLabel, DEFAULT_LABELS.approve),
			url: ctx.getSignedResumeUrl({ approved: 'true' }),
		},
	];
	if (approval.approvalType === 'double') {
		choices.push({
			id: 'decline',
			label: labelOr(approval.disapproveLabel, DEFAULT_LABELS.decline),
			url: ctx.getSignedResumeUrl({ approved: 'false' }),
		});
	}
	return choices;
}

/** The message with one "*Label*" line and its link per choice, for chats without buttons. */
export const withLinks = (message: string, choices: ResponseChoice[]): string =>
	[message.trim(), ...choices.map((choice) => `*${choice.label}*\n${choice.url}`)].join('\n\n');

/** sendInteractiveButtons with one URL button per choice. */
export function buttonsCall(chatId: string, message: string, choices: ResponseChoice[]): ApiCall {
	return {
		method: 'sendInteractiveButtons',
		verb: 'POST',
		host: 'api',
		retry: 'unsafe',
		itemIndex: 0,
		body: {
			chatId,
			body: message,
			buttons: choices.map((choice) => ({ type: 'url', buttonId: choice.id, buttonText: choice.label, url: choice.url })),
		},
	};
}

/**
 * sendMessage with the links in the text. No link preview: building one makes WhatsApp's servers
 * open the link, and an approval link must only be opened by the person.
 */
export function linksCall(chatId: string, message: string, choices: ResponseChoice[]): ApiCall {
	return {
		method: 'sendMessage',
		verb: 'POST',
		host: 'api',
		retry: 'unsafe',
		itemIndex: 0,
		body: { chatId, message: withLinks(message, choices), linkPreview: false },
	};
}

/** Refuses what GREEN-API would refuse, before anything is sent. */
export function checkMessage(ctx: IExecuteFunctions, message: string, choices: ResponseChoice[], buttons: boolean): void {
	const refuse = (what: string, description: string) =>
		new NodeOperationError(ctx.getNode(), `Item 0, ${what}`, { itemIndex: 0, description });
	if (buttons) {
		const long = choices.find((choice) => charCount(choice.label) > MAX_BUTTON_LABEL);
		if (long) {
			throw refuse(
				`button label "${long.label}" is ${charCount(long.label)} characters long; WhatsApp shows at most ${MAX_BUTTON_LABEL} on a button`,
				'Shorten the label, or set Options → Message Format to Links in the Text.',
			);
		}
	}
	// With the links as long as they are, so a chat without buttons can always get them.
	const length = charCount(withLinks(message, choices));
	if (length > MAX_MESSAGE) {
		throw refuse(
			`"Message" is ${length} characters long with the response links; GREEN-API accepts at most ${MAX_MESSAGE}`,
			'Shorten the message.',
		);
	}
}
