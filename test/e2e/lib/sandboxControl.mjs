import axios from 'axios';

import { REQUEST_MS } from './bounds.mjs';

/**
 * One call to the sandbox's control API (JSON in and out): control('PUT', '/delivery-faults', {...}).
 */
export function controlApi(sandbox) {
	return async (verb, path, body) => {
		const url = `${sandbox.apiUrl}/sandbox${path}`;
		// The control API takes JSON only, a call without a body included.
		const data = body ?? (verb === 'GET' || verb === 'DELETE' ? undefined : {});
		const response = await axios.request({ method: verb, url, data, timeout: REQUEST_MS, validateStatus: () => true });
		if (response.status >= 300) throw new Error(`${verb} ${url} answered ${response.status}: ${JSON.stringify(response.data)}`);
		return response.data;
	};
}

/**
 * The sandbox's control API (sandbox/README.md, "Control API") for one instance: what GREEN-API
 * would show in its console (settings, the notification queue) and what a WhatsApp contact does
 * (send a message). None of these calls enters the request log.
 */
export function sandboxInstance(sandbox, idInstance) {
	const base = `${sandbox.apiUrl}/sandbox/instances/${idInstance}`;
	const call = async (verb, path, body) => {
		const response = await axios.request({
			method: verb,
			url: `${base}${path}`,
			data: body,
			timeout: REQUEST_MS,
			validateStatus: () => true,
		});
		if (response.status >= 300) throw new Error(`${verb} ${base}${path} answered ${response.status}: ${JSON.stringify(response.data)}`);
		return response.data;
	};
	return {
		idInstance,
		settings: () => call('GET', '/settings'),
		/** Changes settings at once, without the simulated restart setSettings has. */
		patchSettings: (patch) => call('PATCH', '/settings', patch),
		/** { settings, pendingSettings, pendingNotifications, ... } */
		view: () => call('GET', ''),
		/** A contact sends a message; answers { idMessage, chatId, notification }. */
		incoming: (message) => call('POST', '/incoming', message),
		/** Switches the instance's stateInstance (authorized, notAuthorized, blocked, ...). */
		setState: (stateInstance) => call('PUT', '/state', { stateInstance }),
		/** Notification records, oldest first, with state and delivery attempts. */
		notifications: (last = 50) => call('GET', `/notifications?last=${last}`),
	};
}

/** The settings switches the GREEN-API Trigger may change (every "yes"/"no" notification switch). */
export const switchesOf = (settings) => Object.fromEntries(Object.entries(settings).filter(([key]) => /Webhook$/.test(key)));
