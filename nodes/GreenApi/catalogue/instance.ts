import type { IDataObject } from 'n8n-workflow';

import type { MethodEntry, Refusal } from './types';
import { binaryFile, phoneNumber } from '../fields';
import { WRITABLE_SETTINGS } from './settingKeys';
import { settingFields } from './settings';

const RELINK =
	'The instance is already linked to a WhatsApp account, so there is no QR code to scan. To link another account, log out first (Instance → Log Out).';

/**
 * qr answers HTTP 200 in every case: type qrCode carries the image, alreadyLogged is a normal
 * answer for a linked instance, error is a refusal (older servers say "Instance has auth" there).
 */
function readQrAnswer(answer: IDataObject): IDataObject | Refusal {
	const message = typeof answer.message === 'string' ? answer.message : '';
	switch (answer.type) {
		case 'qrCode':
			return answer;
		case 'alreadyLogged':
			return { ...answer, explanation: RELINK };
		case 'error':
			return {
				refused: true,
				message: `GREEN-API gave no QR code: ${message || 'no explanation'}`,
				description: /\bauth|log ?out/i.test(message)
					? RELINK
					: 'A QR code is only available while the instance is notAuthorized; Instance → Get State tells what it is now.',
				greenApiMessage: message,
			};
		default:
			return { ...answer, explanation: `GREEN-API answered type "${String(answer.type)}", which is not a QR code.` };
	}
}

export const instanceEntries: MethodEntry[] = [
	{
		resource: 'instance',
		operation: 'getSettings',
		method: 'getSettings',
		rateLimitRps: 1,
		name: 'Get Settings',
		action: 'Get the instance settings',
		description:
			'Get the instance settings: webhook URL, notification switches ("yes"/"no"), send delay and more. Also returns wid, the chat ID of the linked account.',
		verb: 'GET',
		host: 'api',
		safeToRetry: true,
		fields: [],
	},
	{
		resource: 'instance',
		operation: 'setSettings',
		method: 'setSettings',
		rateLimitRps: 1,
		name: 'Set Settings',
		action: 'Change the instance settings',
		description:
			'Change the settings added under Settings (Options in node version 1; at least one); the others keep their values. The instance restarts to apply them, which can take up to 5 minutes. Returns saveSettings: true when accepted.',
		verb: 'POST',
		host: 'api',
		optionalCollection: {
			name: 'settings',
			displayName: 'Settings',
			placeholder: 'Add Setting',
			notice:
				'Add the settings to change under Settings, at least one. Settings you do not add keep their current values. The instance restarts to apply the change, which can take up to 5 minutes.',
		},
		fields: settingFields(WRITABLE_SETTINGS),
		check: ({ body }) => (Object.keys(body).length ? undefined : 'add at least one setting to change'),
	},
	{
		resource: 'instance',
		operation: 'getStateInstance',
		method: 'getStateInstance',
		rateLimitRps: 1,
		name: 'Get State',
		action: 'Get the authorization state',
		description:
			'Get whether a WhatsApp account is linked and working. Returns stateInstance: authorized, notAuthorized, blocked, sleepMode, starting or yellowCard.',
		verb: 'GET',
		host: 'api',
		safeToRetry: true,
		fields: [],
	},
	{
		resource: 'instance',
		operation: 'reboot',
		method: 'reboot',
		rateLimitRps: 1,
		name: 'Reboot',
		action: 'Restart the instance',
		description:
			'Restart the instance, e.g. after a yellowCard or when it stops responding. While it restarts, which can take a few minutes, nothing is sent or received; the account stays linked. Returns isReboot: true.',
		verb: 'GET',
		host: 'api',
		destructive: true,
		fields: [],
	},
	{
		resource: 'instance',
		operation: 'logout',
		method: 'logout',
		rateLimitRps: 1,
		name: 'Log Out',
		action: 'Unlink the account',
		description:
			'Unlink the WhatsApp account from the instance. Nothing can be sent or received until someone links it again on the phone with a new QR code or pairing code; this cannot be undone from n8n alone. Returns isLogout: true.',
		verb: 'GET',
		host: 'api',
		destructive: true,
		fields: [],
	},
	{
		resource: 'instance',
		operation: 'qr',
		method: 'qr',
		rateLimitRps: 3,
		name: 'Get QR Code',
		action: 'Get a QR code to link an account',
		description:
			"Get the QR code to scan in WhatsApp (Linked devices) while the instance is notAuthorized; it changes about every 20 seconds. Returns type qrCode with the QR code attached as a PNG image (unless Return QR Code as Image is off), or type alreadyLogged with GREEN-API's message and an explanation when a phone is already linked; GREEN-API's error answers fail the item.",
		verb: 'GET',
		host: 'api',
		safeToRetry: true,
		output: {
			kind: 'file',
			source: 'base64',
			key: 'message',
			downloadByDefault: true,
			switchName: 'Return QR Code as Image',
			fileName: 'qr-code.png',
			mimeType: 'image/png',
			// Other answers carry GREEN-API's text in message.
			carriesFile: (answer) => answer.type === 'qrCode',
		},
		readAnswer: readQrAnswer,
		fields: [],
	},
	{
		resource: 'instance',
		operation: 'getAuthorizationCode',
		method: 'getAuthorizationCode',
		rateLimitRps: 1,
		name: 'Get Authorization Code',
		action: 'Get a pairing code to link an account',
		description:
			'Get a pairing code to link an account by phone number instead of a QR code: on the phone, open Linked devices, choose Link with phone number instead and enter the code. Works only while the instance is notAuthorized; the code expires after about 2.5 minutes. Returns status and code.',
		verb: 'POST',
		host: 'api',
		fields: [phoneNumber({ description: 'Phone number of the WhatsApp account to link, with country code, e.g. +7 900 123-45-67' })],
	},
	{
		resource: 'instance',
		operation: 'setProfilePicture',
		method: 'setProfilePicture',
		rateLimitRps: 1,
		name: 'Set Profile Picture',
		action: 'Set the account profile picture',
		description:
			"Replace the account's profile picture with an image from the input binary data (JPEG recommended). Returns setProfilePicture, urlAvatar and reason, which says why it failed.",
		verb: 'POST',
		host: 'api',
		encoding: 'multipart',
		fields: [binaryFile('Name of the input binary field that holds the picture (JPEG recommended)')],
	},
	{
		resource: 'instance',
		operation: 'getWaSettings',
		method: 'getWaSettings',
		rateLimitRps: 1,
		name: 'Get Account Info',
		action: 'Get the linked account',
		description:
			'Get the linked WhatsApp account: phone, avatar, chatId (its linked ID ending in @lid), deviceId and stateInstance. These are empty while no account is linked.',
		verb: 'GET',
		host: 'api',
		safeToRetry: true,
		fields: [],
	},
	{
		resource: 'instance',
		operation: 'getStatusInstance',
		method: 'getStatusInstance',
		rateLimitRps: 1,
		name: 'Get Connection Status',
		action: 'Get the connection status',
		description:
			'Get whether the connection to WhatsApp is online or offline (statusInstance). Deprecated by GREEN-API: use Get State instead.',
		verb: 'GET',
		host: 'api',
		deprecated: true,
		safeToRetry: true,
		fields: [],
	},
	{
		resource: 'instance',
		operation: 'getDeviceInfo',
		method: 'getDeviceInfo',
		rateLimitRps: 1,
		name: 'Get Device Info',
		action: 'Get the phone device info',
		description:
			"Get the phone's platform, maker, model, OS and WhatsApp versions and battery level. Archived by GREEN-API and may not return current data.",
		verb: 'GET',
		host: 'api',
		deprecated: true,
		safeToRetry: true,
		fields: [],
	},
];
