/** Account methods: settings, state, reboot/logout, QR and pairing code, profile picture. */
import { ApiError, badRequest, errorBody, STARTING_TEXT, validationFailed } from '../errors';
import { pairingCode } from '../ids';
import { sniffImage } from '../media';
import { currentQr } from '../qrCode';
import { readSettingsPatch, settingsView } from '../settings';
import { type Instance, phoneOf, visibleWid } from '../state';
import { phoneDigits } from '../validate';
import type { HandlerTable, MethodRequest } from './types';

/** An image part for setProfilePicture / setGroupPicture: JPEG as documented, PNG tolerated. */
export function pictureFrom(req: MethodRequest): {
	data: Buffer;
	mimeType: string;
	fileName: string;
} {
	const part = req.files.find((f) => f.field === 'file');
	if (!part || part.data.length === 0) throw badRequest('File is empty');
	const declared = part.contentType.split(';')[0].trim().toLowerCase();
	const sniffed = sniffImage(part.data);
	const mimeType = declared === 'image/jpeg' || declared === 'image/png' ? declared : sniffed;
	if (!mimeType || !sniffed) throw badRequest('Unsupported media type');
	return { data: part.data, mimeType, fileName: part.filename || 'picture.jpg' };
}

/** Linked-device id and lid of the account, derived from its number. */
export function accountIds(inst: Instance) {
	const phone = phoneOf(inst.wid);
	return {
		phone,
		lid: `${String(inst.idInstance).padStart(15, '2').slice(-15)}@lid`,
		deviceId: `${phone}:26@s.whatsapp.net`,
	};
}

export function ownAvatarUrl(req: MethodRequest): string {
	return req.inst.profilePictureUrl || `${req.core.apiUrl}/sandbox/avatars/${encodeURIComponent(req.inst.wid)}.png`;
}

/** An account is linked (phone details known) unless it is unlinked, blocked or still starting. */
const linked = (inst: Instance) => ['authorized', 'yellowCard', 'sleepMode'].includes(inst.stateInstance);
/** The socket is up only while the instance works; sleepMode means the phone is offline. */
const online = (inst: Instance) => inst.stateInstance === 'authorized' || inst.stateInstance === 'yellowCard';

export const accountHandlers: HandlerTable = {
	getSettings: {
		gate: 'any',
		handle: ({ inst }) => settingsView(inst.settings, visibleWid(inst)),
	},
	setSettings: {
		gate: 'running',
		handle: ({ core, inst, body }) => {
			const patch = readSettingsPatch(body);
			if (Object.keys(patch).length === 0 && Object.keys(body).length === 0) {
				throw validationFailed('at least one setting is required');
			}
			core.restart(inst, patch);
			return { saveSettings: true };
		},
	},
	getStateInstance: {
		gate: 'any',
		handle: ({ inst }) => ({ stateInstance: inst.stateInstance }),
	},
	getStatusInstance: {
		gate: 'any',
		handle: ({ inst }) => ({ statusInstance: online(inst) ? 'online' : 'offline' }),
	},
	reboot: {
		gate: 'any',
		handle: ({ core, inst }) => {
			core.restart(inst);
			return { isReboot: true };
		},
	},
	logout: {
		gate: 'any',
		handle: ({ core, inst }) => {
			if (inst.stateInstance !== 'notAuthorized') core.setState(inst, 'notAuthorized');
			return { isLogout: true };
		},
	},
	qr: {
		gate: 'any',
		handle: ({ core, inst }) => {
			if (inst.stateInstance === 'notAuthorized') return { type: 'qrCode', message: currentQr(core, inst) };
			if (inst.stateInstance === 'starting') return { type: 'error', message: STARTING_TEXT };
			if (inst.stateInstance === 'blocked') return { type: 'error', message: 'instance account is blocked' };
			return { type: 'alreadyLogged', message: 'instance account already authorized' };
		},
	},
	getAuthorizationCode: {
		gate: 'any',
		skipFields: ['phoneNumber'],
		handle: ({ inst, body }) => {
			if (body.phoneNumber === undefined || body.phoneNumber === null) throw validationFailed("'phoneNumber' is required");
			const phone = phoneDigits('phoneNumber', body.phoneNumber);
			if (phone.length < 11 || phone.length > 16) throw badRequest('bad phone number, valid 11 or 12 digits');
			// Only an unlinked instance can be paired; the answer otherwise is not documented.
			if (inst.stateInstance !== 'notAuthorized') return { status: false, code: '' };
			inst.pairingPhone = phone;
			return { status: true, code: pairingCode() };
		},
	},
	setProfilePicture: {
		gate: 'authorized',
		handle: (req) => {
			const picture = pictureFrom(req);
			const file = req.core.files.put({ idInstance: req.inst.idInstance, ...picture });
			req.inst.profilePictureUrl = file.url;
			req.core.changed(req.inst);
			return { reason: null, urlAvatar: file.url, setProfilePicture: true };
		},
	},
	getWaSettings: {
		gate: 'any',
		handle: (req) => {
			const { inst } = req;
			const on = linked(inst);
			const ids = accountIds(inst);
			return {
				avatar: on ? ownAvatarUrl(req) : '',
				phone: on ? ids.phone : '',
				chatId: on ? ids.lid : '',
				stateInstance: inst.stateInstance,
				deviceId: on ? ids.deviceId : '',
			};
		},
	},
	getDeviceInfo: {
		gate: 'any',
		handle: () => ({
			platform: 'android',
			deviceManufacturer: 'sandbox',
			deviceModel: 'GREEN-API Sandbox',
			osVersion: '14',
			waVersion: '2.24.1.1',
			battery: 100,
		}),
	},
};

export const forbiddenBody = errorBody(403, 'Forbidden');
export const methodDisabled = () => new ApiError(403, forbiddenBody);
