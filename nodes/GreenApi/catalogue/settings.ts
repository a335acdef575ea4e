import type { Field } from './types';
import { SWITCH_LABELS } from '../events/eventCatalogue';
import { flag, number, text, url, yesNo } from '../fields';
import type { SettingsSwitch, WritableSetting } from './settingKeys';

/** A yes/no instance setting, always optional: only the switches the user adds are sent. */
const setting = (key: string, displayName: string, description: string) => () =>
	yesNo({ name: key, displayName, description, default: false });

/** A notification switch, labelled as every message about switches names it. */
const notifySwitch = (key: SettingsSwitch, description: string) => setting(key, SWITCH_LABELS[key], description);

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
	outgoingWebhook: notifySwitch(
		'outgoingWebhook',
		'Whether status notifications (sent, delivered, read) are sent for outgoing messages; failed and noAccount statuses arrive regardless',
	),
	outgoingMessageWebhook: notifySwitch(
		'outgoingMessageWebhook',
		'Whether notifications are sent for messages sent from the phone or other linked devices',
	),
	outgoingAPIMessageWebhook: notifySwitch('outgoingAPIMessageWebhook', 'Whether notifications are sent for messages sent through the API'),
	incomingWebhook: notifySwitch('incomingWebhook', 'Whether notifications are sent for incoming messages and files'),
	deviceWebhook: notifySwitch(
		'deviceWebhook',
		'Whether deviceInfo notifications are sent. GREEN-API marks them as temporarily not working.',
	),
	statusInstanceWebhook: notifySwitch(
		'statusInstanceWebhook',
		'Whether notifications are sent when the connection to WhatsApp goes online or offline. GREEN-API has deprecated them.',
	),
	stateWebhook: notifySwitch(
		'stateWebhook',
		'Whether notifications are sent when the authorization state changes (authorized, not authorized, blocked, …)',
	),
	enableMessagesHistory: setting(
		'enableMessagesHistory',
		'Messages History',
		'Whether message history is enabled. Get Settings reports this setting; GREEN-API does not document what it changes.',
	),
	keepOnlineStatus: setting('keepOnlineStatus', 'Keep Online', 'Whether contacts see the account as online'),
	pollMessageWebhook: notifySwitch(
		'pollMessageWebhook',
		'Whether notifications are sent for new polls and votes; Notify Incoming Messages must be on too',
	),
	incomingBlockWebhook: notifySwitch(
		'incomingBlockWebhook',
		'Whether notifications are sent when a chat is blocked. GREEN-API marks them as temporarily not working.',
	),
	incomingCallWebhook: notifySwitch(
		'incomingCallWebhook',
		'Whether notifications are sent for incoming calls; newer documentation says Notify Incoming Messages must be on too',
	),
	outgoingCallWebhook: notifySwitch(
		'outgoingCallWebhook',
		'Whether notifications are sent for calls placed from the phone. GREEN-API lists this as beta.',
	),
	editedMessageWebhook: notifySwitch('editedMessageWebhook', 'Whether notifications are sent when a message is edited'),
	deletedMessageWebhook: notifySwitch('deletedMessageWebhook', 'Whether notifications are sent when a message is deleted for everyone'),
	autoTyping: () =>
		number({
			name: 'autoTyping',
			displayName: 'Auto Typing',
			description:
				"Automatic typing indicator. Not in GREEN-API's documentation (only its Java SDK sends it), so an instance may ignore it.",
			min: 0,
			default: 0,
		}),
	linkPreview: () =>
		flag({
			name: 'linkPreview',
			displayName: 'Link Preview by Default',
			description:
				"Whether links get a preview by default. Not in GREEN-API's documentation (only its Java SDK sends it), so an instance may ignore it.",
			default: false,
		}),
	enableLidMode: () =>
		flag({
			name: 'enableLidMode',
			displayName: 'Linked ID Mode',
			description:
				"Whether chats are identified by linked IDs ending in @lid. Not in GREEN-API's documentation (only its Java SDK sends it), so an instance may ignore it.",
			default: false,
		}),
} satisfies Record<WritableSetting, () => Field>;

/** The setting fields for the given API keys, in that order. */
export const settingFields = (keys: readonly WritableSetting[]): Field[] => keys.map((key) => SETTINGS[key]());
