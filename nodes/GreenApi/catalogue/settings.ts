import type { Field } from './types';
import { flag, number, text, url, yesNo } from '../fields';

/** A yes/no instance setting, always optional: only the switches the user adds are sent. */
const setting = (key: string, displayName: string, description: string) => () =>
	yesNo({ name: key, displayName, description });

/** Every writable instance setting, by API key. */
const SETTINGS = {
	webhookUrl: () =>
		url({
			name: 'webhookUrl',
			displayName: 'Webhook URL',
			description:
				'Address GREEN-API posts notifications to. Leave it empty to switch webhooks off, which Receive Notification (polling) needs. A GREEN-API Trigger on this instance manages this setting itself.',
			placeholder: 'https://example.com/webhook',
			allowEmpty: true,
		}),
	webhookUrlToken: () =>
		text({
			name: 'webhookUrlToken',
			displayName: 'Webhook Authorization Token',
			description:
				'Sent with every webhook in the header "Authorization: Bearer" followed by this value. Leave it empty to send no header.',
			allowEmpty: true,
			password: true,
		}),
	// Pages disagree on the maximum (86400000 vs 600000): accept the larger one.
	delaySendMessagesMilliseconds: () =>
		number({
			name: 'delaySendMessagesMilliseconds',
			displayName: 'Send Delay (Ms)',
			description: 'Pause between messages leaving the send queue, in milliseconds (at least 500)',
			min: 500,
			max: 86400000,
			default: 500,
		}),
	markIncomingMessagesReaded: setting(
		'markIncomingMessagesReaded',
		'Mark Incoming Messages Read',
		'Whether incoming messages are marked as read automatically; ignored when Mark Read On Reply is on',
	),
	markIncomingMessagesReadedOnReply: setting(
		'markIncomingMessagesReadedOnReply',
		'Mark Read On Reply',
		"Whether a chat's incoming messages are marked as read when a message is sent into that chat through the API",
	),
	sharedSession: setting(
		'sharedSession',
		'Shared Session (Deprecated)',
		'Whether the old multi-device option is on. GREEN-API has deprecated it.',
	),
	outgoingWebhook: setting(
		'outgoingWebhook',
		'Notify Outgoing Message Status',
		'Whether status notifications (sent, delivered, read) are sent for outgoing messages; failed and noAccount statuses arrive regardless',
	),
	outgoingMessageWebhook: setting(
		'outgoingMessageWebhook',
		'Notify Messages Sent From Phone',
		'Whether notifications are sent for messages sent from the phone or other linked devices',
	),
	outgoingAPIMessageWebhook: setting(
		'outgoingAPIMessageWebhook',
		'Notify API Messages',
		'Whether notifications are sent for messages sent through the API',
	),
	incomingWebhook: setting(
		'incomingWebhook',
		'Notify Incoming Messages',
		'Whether notifications are sent for incoming messages and files',
	),
	deviceWebhook: setting(
		'deviceWebhook',
		'Notify Device Info (Not Working)',
		'Whether deviceInfo notifications are sent. GREEN-API marks them as temporarily not working.',
	),
	statusInstanceWebhook: setting(
		'statusInstanceWebhook',
		'Notify Socket Status (Deprecated)',
		'Whether notifications are sent when the connection to WhatsApp goes online or offline. GREEN-API has deprecated them.',
	),
	stateWebhook: setting(
		'stateWebhook',
		'Notify Instance State',
		'Whether notifications are sent when the authorization state changes (authorized, not authorized, blocked, …)',
	),
	enableMessagesHistory: setting(
		'enableMessagesHistory',
		'Messages History (Unconfirmed)',
		'Whether message history is enabled. Get Settings reports it, but its effect is not documented.',
	),
	keepOnlineStatus: setting(
		'keepOnlineStatus',
		'Keep Online',
		'Whether contacts see the account as online',
	),
	pollMessageWebhook: setting(
		'pollMessageWebhook',
		'Notify Polls',
		'Whether notifications are sent for new polls and votes; Notify Incoming Messages must be on too',
	),
	incomingBlockWebhook: setting(
		'incomingBlockWebhook',
		'Notify Blocked Chats (Not Working)',
		'Whether notifications are sent when a chat is blocked. GREEN-API marks them as temporarily not working.',
	),
	incomingCallWebhook: setting(
		'incomingCallWebhook',
		'Notify Incoming Calls',
		'Whether notifications are sent for incoming calls; newer documentation says Notify Incoming Messages must be on too',
	),
	outgoingCallWebhook: setting(
		'outgoingCallWebhook',
		'Notify Outgoing Calls (Beta)',
		'Whether notifications are sent for calls placed from the phone. GREEN-API lists this as beta.',
	),
	editedMessageWebhook: setting(
		'editedMessageWebhook',
		'Notify Edited Messages',
		'Whether notifications are sent when a message is edited',
	),
	deletedMessageWebhook: setting(
		'deletedMessageWebhook',
		'Notify Deleted Messages',
		'Whether notifications are sent when a message is deleted for everyone',
	),
	// The last three appear only in GREEN-API's Java SDK, not in its documentation.
	autoTyping: () =>
		number({
			name: 'autoTyping',
			displayName: 'Auto Typing (Unconfirmed)',
			description:
				'Automatic typing indicator. Known only from the Java SDK and not documented, so GREEN-API may ignore it.',
			min: 0,
		}),
	linkPreview: () =>
		flag({
			name: 'linkPreview',
			displayName: 'Link Preview by Default (Unconfirmed)',
			description:
				'Whether links get a preview by default. Known only from the Java SDK and not documented, so GREEN-API may ignore it.',
		}),
	enableLidMode: () =>
		flag({
			name: 'enableLidMode',
			displayName: 'Linked ID Mode (Unconfirmed)',
			description:
				'Whether chats are identified by linked IDs ending in @lid. Known only from the Java SDK and not documented, so GREEN-API may ignore it.',
		}),
} satisfies Record<string, () => Field>;

export type SettingKey = keyof typeof SETTINGS;

/** The setting fields for the given API keys, in that order. */
export const settingFields = (keys: readonly SettingKey[]): Field[] => keys.map((key) => SETTINGS[key]());
