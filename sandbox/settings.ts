/**
 * The instance settings object: "yes"/"no" strings for switches, as getSettings returns it and
 * setSettings / partner createInstance accept it.
 */
import { YES_NO_SETTINGS, type YesNoSetting } from '../nodes/GreenApi/catalogue/settingKeys';
import { checkOneOf, checkRange, isPlainObject, type Body } from './validate';
import { validationFailed } from './errors';

export type YesNo = 'yes' | 'no';

export type Settings = {
	webhookUrl: string;
	webhookUrlToken: string;
	delaySendMessagesMilliseconds: number;
	proxyInstance: string;
} & Record<YesNoSetting, YesNo>;

export const MIN_SEND_DELAY_MS = 500;
/**
 * The WhatsApp setSettings pages allow up to 86400000; the newest partner createInstance page says
 * 600000. The larger bound is accepted.
 */
export const MAX_SEND_DELAY_MS = 86_400_000;

/** A fresh instance: every switch "no", no webhook, 500 ms between sends. */
export function defaultSettings(): Settings {
	const switches = Object.fromEntries(YES_NO_SETTINGS.map((k) => [k, 'no'])) as Record<YesNoSetting, YesNo>;
	return {
		webhookUrl: '',
		webhookUrlToken: '',
		delaySendMessagesMilliseconds: MIN_SEND_DELAY_MS,
		proxyInstance: '',
		...switches,
	};
}

const isYesNoSetting = (key: string): key is YesNoSetting => (YES_NO_SETTINGS as readonly string[]).includes(key);

function checkWebhookUrl(value: string): void {
	if (value === '') return;
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw validationFailed("'webhookUrl' must be a valid uri");
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw validationFailed("'webhookUrl' must be a valid uri with a scheme matching the http|https pattern");
	}
}

/**
 * Validates the writable settings in a request body and returns them. Read-only fields (wid,
 * countryInstance, typeAccount) and unknown keys are ignored; the Java-SDK-only keys (autoTyping,
 * linkPreview, enableLidMode) are type-checked by the contract pass and otherwise ignored because
 * their effect is unconfirmed.
 */
export function readSettingsPatch(body: Body): Partial<Settings> {
	const patch: Partial<Settings> = {};
	for (const [key, value] of Object.entries(body)) {
		if (value === undefined || value === null) continue;
		if (key === 'webhookUrl' || key === 'webhookUrlToken' || key === 'proxyInstance') {
			if (typeof value !== 'string') throw validationFailed(`'${key}' must be a string`);
			if (key === 'webhookUrl') checkWebhookUrl(value);
			patch[key] = value;
		} else if (key === 'delaySendMessagesMilliseconds') {
			if (typeof value !== 'number' || !Number.isInteger(value)) {
				throw validationFailed(`'${key}' must be an integer`);
			}
			checkRange(key, value, MIN_SEND_DELAY_MS, MAX_SEND_DELAY_MS);
			patch.delaySendMessagesMilliseconds = value;
		} else if (isYesNoSetting(key)) {
			checkOneOf(key, value, ['yes', 'no']);
			patch[key] = value as YesNo;
		}
	}
	return patch;
}

/** Settings given to startSandbox / the control API: same checks, but no restart. */
export function readSettingsInput(input: unknown): Partial<Settings> {
	if (!isPlainObject(input)) throw validationFailed("'settings' must be of type object");
	return readSettingsPatch(input);
}

/** The getSettings answer. `wid` is empty while the instance is not authorized. */
export function settingsView(settings: Settings, wid: string): Record<string, unknown> {
	const view: Record<string, unknown> = {
		wid,
		countryInstance: '',
		typeAccount: '',
		webhookUrl: settings.webhookUrl,
		webhookUrlToken: settings.webhookUrlToken,
		delaySendMessagesMilliseconds: settings.delaySendMessagesMilliseconds,
		markIncomingMessagesReaded: settings.markIncomingMessagesReaded,
		markIncomingMessagesReadedOnReply: settings.markIncomingMessagesReadedOnReply,
		sharedSession: settings.sharedSession,
		proxyInstance: settings.proxyInstance,
	};
	for (const key of YES_NO_SETTINGS) {
		if (!(key in view)) view[key] = settings[key];
	}
	return view;
}

export const isOn = (settings: Settings, key: YesNoSetting) => settings[key] === 'yes';
