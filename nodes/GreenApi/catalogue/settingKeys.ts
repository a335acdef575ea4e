/**
 * GREEN-API's instance settings by key: the one list the Set Settings and Create Instance fields,
 * the event catalogue, both triggers and the sandbox take their keys from.
 * test/unit/settings-contract.test.ts holds it against contract/green-api.
 */

/** Every yes/no setting, in the order getSettings lists them. */
export const YES_NO_SETTINGS = [
	'markIncomingMessagesReaded',
	'markIncomingMessagesReadedOnReply',
	'sharedSession',
	'outgoingWebhook',
	'outgoingMessageWebhook',
	'outgoingAPIMessageWebhook',
	'incomingWebhook',
	'deviceWebhook',
	'statusInstanceWebhook',
	'stateWebhook',
	'enableMessagesHistory',
	'keepOnlineStatus',
	'pollMessageWebhook',
	'incomingBlockWebhook',
	'incomingCallWebhook',
	'outgoingCallWebhook',
	'editedMessageWebhook',
	'deletedMessageWebhook',
] as const;

export type YesNoSetting = (typeof YES_NO_SETTINGS)[number];

/** A switch that turns notifications on; GREEN-API names every one of them …Webhook. */
export type SettingsSwitch = Extract<YesNoSetting, `${string}Webhook`>;

export const NOTIFICATION_SWITCHES: readonly SettingsSwitch[] = YES_NO_SETTINGS.filter((key): key is SettingsSwitch =>
	key.endsWith('Webhook'),
);

/**
 * Every setting setSettings takes, in the order GREEN-API documents them. The last three appear
 * only in GREEN-API's Java SDK, not in its documentation.
 */
export const WRITABLE_SETTINGS = [
	'webhookUrl',
	'webhookUrlToken',
	'delaySendMessagesMilliseconds',
	...YES_NO_SETTINGS,
	'autoTyping',
	'linkPreview',
	'enableLidMode',
] as const;

export type WritableSetting = (typeof WRITABLE_SETTINGS)[number];
