/**
 * Partner API. Failures come back as HTTP 200 with {code, description} in the body, as
 * documented (wrong token → code 401, unknown instance → code 404).
 */
import type { SandboxCore } from '../core';
import { errorBody, validationFailed } from '../errors';
import { readSettingsPatch } from '../settings';
import type { Instance } from '../state';
import type { Body } from '../validate';

export type PartnerHandler = (core: SandboxCore, body: Body) => unknown;

/** Dates as in the docs example: 'YYYY-MM-DDTHH:MM:SS' without a zone. */
const partnerDate = (date: Date) => date.toISOString().slice(0, 19);
const NEVER = '0001-01-01T00:00:00';
const MONTH_MS = 30 * 24 * 3600 * 1000;
const THREE_MONTHS_MS = 3 * MONTH_MS;

function instanceEntry(inst: Instance) {
	return {
		idInstance: inst.idInstance,
		name: inst.name,
		typeInstance: 'whatsapp',
		typeAccount: '',
		partnerUserUiid: '',
		timeCreated: partnerDate(inst.createdAt),
		timeDeleted: inst.deletedAt ? partnerDate(inst.deletedAt) : NEVER,
		apiTokenInstance: inst.apiTokenInstance,
		deleted: !!inst.deletedAt,
		tariff: 'DEVELOPER',
		isFree: false,
		isPartner: inst.createdByPartner,
		expirationDate: partnerDate(new Date(inst.createdAt.getTime() + MONTH_MS)),
		isExpired: false,
	};
}

export const partnerHandlers: Record<string, PartnerHandler> = {
	getInstances: (core) => {
		const cutoff = Date.now() - THREE_MONTHS_MS;
		return [...core.instances.values()].filter((i) => !i.deletedAt || i.deletedAt.getTime() >= cutoff).map(instanceEntry);
	},

	createInstance: (core, body) => {
		if (Object.keys(body).length === 0) throw validationFailed('at least one field is required');
		if (body.name !== undefined && typeof body.name !== 'string') throw validationFailed("'name' must be a string");
		const settings = readSettingsPatch(body);
		// A new instance has no WhatsApp account linked yet: it waits for a QR scan / pairing code.
		const inst = core.createInstance({
			name: typeof body.name === 'string' ? body.name : undefined,
			settings,
			stateInstance: 'notAuthorized',
			createdByPartner: true,
		});
		return {
			idInstance: inst.idInstance,
			apiTokenInstance: inst.apiTokenInstance,
			typeInstance: 'whatsapp',
		};
	},

	deleteInstanceAccount: (core, body) => {
		const id = body.idInstance;
		const inst = typeof id === 'number' ? core.instance(id) : undefined;
		if (!inst || inst.deletedAt) return errorBody(404, 'Not found');
		inst.deletedAt = new Date();
		inst.notifications.close();
		core.timers.cancel(inst.sendTimer);
		core.timers.cancel(inst.restartTimer);
		core.changed(inst);
		return { deleteInstanceAccount: true };
	},
};
