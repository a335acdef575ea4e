import type { MethodEntry } from './types';
import { liveQrProperties } from '../liveQr/liveQrProperties';
import { runLiveQr } from '../liveQr/runLiveQr';

/** Instance → Get Live QR Code: GREEN-API's scanqrcode websocket. */
export const liveQrEntry: MethodEntry = {
	resource: 'instance',
	operation: 'scanqrcode',
	method: 'scanqrcode',
	rateLimitRps: 1,
	name: 'Get Live QR Code',
	action: 'Get a live QR code and wait for the scan',
	description:
		"Get the current QR code from GREEN-API's QR websocket as a PNG image, and with Wait Until Authorized keep waiting, up to the time limit, until a phone scans it. Returns status (qrCode, authorized, alreadyLogged or timeout), authorized, and the linked account once a phone is linked.",
	verb: 'WS',
	host: 'api',
	safeToRetry: true,
	fields: [],
	properties: liveQrProperties,
	run: runLiveQr,
};
