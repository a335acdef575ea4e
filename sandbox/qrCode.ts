/** The QR code an unlinked instance shows: the same picture for qr, scanqrcode and the page. */
import type { SandboxCore } from './core';
import { qrLikePng } from './png';
import type { Instance } from './state';

/** Which QR code is current: a new one every qrRotateMs, like GREEN-API's rotation. */
export const qrWindow = (core: SandboxCore, now = Date.now()): number => Math.floor(now / Math.max(1, core.opts.qrRotateMs));

/** Milliseconds until the next QR code. */
export const untilNextQr = (core: SandboxCore, now = Date.now()): number => {
	const period = Math.max(1, core.opts.qrRotateMs);
	return period - (now % period);
};

/** The current QR picture of an instance, base64 PNG without a data: prefix. */
export function currentQr(core: SandboxCore, inst: Instance, now = Date.now()): string {
	return qrLikePng(`${inst.idInstance}:${qrWindow(core, now)}`).toString('base64');
}
