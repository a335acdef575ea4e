/**
 * What GREEN-API can notify about, as data: which settings switch turns each notification type on,
 * and where each message kind keeps its payload. Shared by both triggers and the sandbox, so the
 * three cannot drift apart.
 */

import type { SettingsSwitch } from '../catalogue/settingKeys';

/** The switches' labels in Set Settings; messages name a switch by its label, never by its key. */
export const SWITCH_LABELS: Record<SettingsSwitch, string> = {
	incomingWebhook: 'Notify Incoming Messages',
	outgoingMessageWebhook: 'Notify Messages Sent From Phone',
	outgoingAPIMessageWebhook: 'Notify API Messages',
	outgoingWebhook: 'Notify Outgoing Message Status',
	stateWebhook: 'Notify Instance State',
	statusInstanceWebhook: 'Notify Socket Status (Deprecated)',
	deviceWebhook: 'Notify Device Info (Not Working)',
	incomingCallWebhook: 'Notify Incoming Calls',
	outgoingCallWebhook: 'Notify Outgoing Calls (Beta)',
	incomingBlockWebhook: 'Notify Blocked Chats (Not Working)',
	pollMessageWebhook: 'Notify Polls',
	editedMessageWebhook: 'Notify Edited Messages',
	deletedMessageWebhook: 'Notify Deleted Messages',
};

export type EventStability = 'stable' | 'beta' | 'deprecated' | 'notWorking' | 'legacy';

export interface WebhookType {
	value: string;
	name: string;
	/** Sentence-case event in the nodes panel's trigger list, e.g. 'On incoming message'. */
	action: string;
	description: string;
	/** Switches that must be 'yes' for GREEN-API to send this type. */
	switches: SettingsSwitch[];
	stability: EventStability;
	/** True for the three notification types that carry senderData/messageData. */
	isMessage: boolean;
}

export const WEBHOOK_TYPES: readonly WebhookType[] = [
	{
		value: 'incomingMessageReceived',
		name: 'Incoming Message',
		action: 'On incoming message',
		description: 'A message or file arrived in a personal or group chat',
		switches: ['incomingWebhook'],
		stability: 'stable',
		isMessage: true,
	},
	{
		value: 'outgoingMessageReceived',
		name: 'Outgoing Message From Phone',
		action: 'On message sent from the phone',
		description: 'A message was sent from the phone or another linked device',
		switches: ['outgoingMessageWebhook'],
		stability: 'stable',
		isMessage: true,
	},
	{
		value: 'outgoingAPIMessageReceived',
		name: 'Outgoing Message Through API',
		action: 'On message sent through the API',
		description: 'A message was sent by this instance through the API',
		switches: ['outgoingAPIMessageWebhook'],
		stability: 'stable',
		isMessage: true,
	},
	{
		value: 'outgoingMessageStatus',
		name: 'Outgoing Message Status',
		action: 'On sent message status',
		description: 'A sent message changed status: sent, delivered, read, failed, noAccount and others',
		switches: ['outgoingWebhook'],
		stability: 'stable',
		isMessage: false,
	},
	{
		value: 'stateInstanceChanged',
		name: 'Instance State Changed',
		action: 'On instance state change',
		description: 'The instance was authorized, logged out, blocked or restricted',
		switches: ['stateWebhook'],
		stability: 'stable',
		isMessage: false,
	},
	{
		value: 'incomingCall',
		name: 'Incoming Call',
		action: 'On incoming call',
		description: 'Someone is calling; a second notification tells how the call ended',
		// Newer docs say incomingWebhook is needed as well.
		switches: ['incomingCallWebhook', 'incomingWebhook'],
		stability: 'stable',
		isMessage: false,
	},
	{
		value: 'outgoingCall',
		name: 'Outgoing Call',
		action: 'On outgoing call',
		description: 'A call was placed from the phone (beta in GREEN-API)',
		switches: ['outgoingCallWebhook'],
		stability: 'beta',
		isMessage: false,
	},
	{
		value: 'quotaExceeded',
		name: 'Quota Exceeded',
		action: 'On quota exceeded',
		description: 'The Developer plan limit was reached',
		// Unconfirmed: one copy of the docs names these two switches; the EN page names none.
		switches: ['incomingWebhook', 'incomingBlockWebhook'],
		stability: 'stable',
		isMessage: false,
	},
	{
		value: 'statusInstanceChanged',
		name: 'Socket Status Changed',
		action: 'On socket status change',
		description: 'The instance socket went online or offline (deprecated by GREEN-API)',
		switches: ['statusInstanceWebhook'],
		stability: 'deprecated',
		isMessage: false,
	},
	{
		value: 'deviceInfo',
		name: 'Device Info',
		action: 'On device info',
		description: 'Phone information such as battery level (GREEN-API says this is not working yet)',
		switches: ['deviceWebhook'],
		stability: 'notWorking',
		isMessage: false,
	},
	{
		value: 'incomingBlock',
		name: 'Chat Blocked',
		action: 'On chat blocked',
		description: 'A chat was added to the block list (GREEN-API says this is not working yet)',
		switches: ['incomingBlockWebhook'],
		stability: 'notWorking',
		isMessage: false,
	},
	{
		value: 'avatarInfo',
		name: 'Avatar Info',
		action: 'On avatar info',
		description: 'Result of the legacy asynchronous avatar request',
		switches: [],
		stability: 'legacy',
		isMessage: false,
	},
];

export interface MessageKind {
	value: string;
	name: string;
	/** Key under messageData that holds this kind's payload. */
	dataKey: string;
	/** Switches needed on top of the notification type's own switch. */
	extraSwitches: SettingsSwitch[];
	isMedia: boolean;
	stability: EventStability;
}

const kind = (
	value: string,
	name: string,
	dataKey: string,
	more: Partial<Pick<MessageKind, 'extraSwitches' | 'isMedia' | 'stability'>> = {},
): MessageKind => ({
	value,
	name,
	dataKey,
	extraSwitches: more.extraSwitches ?? [],
	isMedia: more.isMedia ?? false,
	stability: more.stability ?? 'stable',
});

export const MESSAGE_KINDS: readonly MessageKind[] = [
	kind('textMessage', 'Text', 'textMessageData'),
	kind('extendedTextMessage', 'Text With Link Preview', 'extendedTextMessageData'),
	kind('quotedMessage', 'Reply (Quoted Message)', 'extendedTextMessageData'),
	kind('imageMessage', 'Image', 'fileMessageData', { isMedia: true }),
	kind('videoMessage', 'Video', 'fileMessageData', { isMedia: true }),
	kind('documentMessage', 'Document', 'fileMessageData', { isMedia: true }),
	kind('audioMessage', 'Audio or Voice Note', 'fileMessageData', { isMedia: true }),
	kind('stickerMessage', 'Sticker', 'fileMessageData', { isMedia: true }),
	kind('locationMessage', 'Location', 'locationMessageData'),
	kind('contactMessage', 'Contact', 'contactMessageData'),
	kind('contactsArrayMessage', 'Several Contacts', 'messageData'),
	kind('reactionMessage', 'Reaction', 'extendedTextMessageData'),
	kind('groupInviteMessage', 'Group Invite', 'groupInviteMessageData'),
	kind('pollMessage', 'Poll', 'pollMessageData', { extraSwitches: ['pollMessageWebhook'] }),
	kind('pollUpdateMessage', 'Poll Vote', 'pollMessageData', { extraSwitches: ['pollMessageWebhook'] }),
	kind('editedMessage', 'Edited Message', 'editedMessageData', {
		extraSwitches: ['editedMessageWebhook'],
	}),
	kind('deletedMessage', 'Deleted Message', 'deletedMessageData', {
		extraSwitches: ['deletedMessageWebhook'],
	}),
	kind('buttonsResponseMessage', 'Button Reply', 'buttonsResponseMessage', {
		stability: 'legacy',
	}),
	kind('templateButtonsReplyMessage', 'Template Button Reply', 'templateButtonReplyMessage', {
		stability: 'legacy',
	}),
	kind('listResponseMessage', 'List Reply', 'listResponseMessage', { stability: 'legacy' }),
	kind('interactiveButtonsResponse', 'Interactive Button Reply', 'interactiveButtonsResponse', {
		stability: 'beta',
	}),
	kind('interactiveButtons', 'Interactive Buttons', 'interactiveButtons', { stability: 'beta' }),
	kind('interactiveButtonsReply', 'Reply Buttons', 'interactiveButtonsReply', { stability: 'beta' }),
	kind('buttonsMessage', 'Buttons', 'buttonsMessage', { stability: 'legacy' }),
	kind('templateMessage', 'Template Buttons', 'templateMessage', { stability: 'legacy' }),
	kind('listMessage', 'List', 'listMessage', { stability: 'legacy' }),
];
