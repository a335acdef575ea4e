import type { IDataObject } from 'n8n-workflow';

/** What a scanqrcode frame means for the operation. */
export type QrEvent =
	| { kind: 'qrCode'; image: Buffer; mimeType: string }
	| { kind: 'authorized'; account: IDataObject }
	| { kind: 'alreadyLogged'; text: string }
	| { kind: 'error'; text: string }
	| { kind: 'expired' }
	| { kind: 'ignored' };

const asText = (value: unknown): string =>
	typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);

function asObject(value: unknown): IDataObject | undefined {
	if (value && typeof value === 'object' && !Array.isArray(value)) return value as IDataObject;
	if (typeof value !== 'string') return undefined;
	try {
		const parsed: unknown = JSON.parse(value);
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

function imageOf(message: unknown): { image: Buffer; mimeType: string } | undefined {
	if (typeof message !== 'string') return undefined;
	const base64 = message.trim().replace(/^data:[^,]*,/, '');
	if (!/^[A-Za-z0-9+/=\s]+$/.test(base64)) return undefined;
	const image = Buffer.from(base64, 'base64');
	if (image.length === 0) return undefined;
	const mimeType = image[0] === 0xff && image[1] === 0xd8 ? 'image/jpeg' : 'image/png';
	return { image, mimeType };
}

/**
 * Reads one frame. The documented shape is `{type, message}` with type qrCode (base64 PNG),
 * accountData, alreadyLogged, error or timeoutExpired. Beyond that the docs disagree or are
 * silent, so this is liberal on purpose (unconfirmed): any letter case of the type, a data: prefix
 * on the image, accountData fields inside `message` (as an object or a JSON string) or at the top
 * level as older docs list them, and a frame that only reports `stateInstance: authorized`.
 */
export function readQrFrame(frame: IDataObject): QrEvent {
	const type = asText(frame.type).toLowerCase();
	const message = frame.message;
	switch (type) {
		case 'qrcode': {
			const image = imageOf(message);
			return image ? { kind: 'qrCode', ...image } : { kind: 'ignored' };
		}
		case 'accountdata': {
			const topLevel = Object.fromEntries(Object.entries(frame).filter(([key]) => key !== 'type' && key !== 'message')) as IDataObject;
			return { kind: 'authorized', account: asObject(message) ?? topLevel };
		}
		case 'alreadylogged':
			return { kind: 'alreadyLogged', text: asText(message) };
		case 'error':
			return { kind: 'error', text: asText(message) || 'GREEN-API reported an error on the QR websocket' };
		case 'timeoutexpired':
			return { kind: 'expired' };
		default:
			return frame.stateInstance === 'authorized' ? { kind: 'authorized', account: {} } : { kind: 'ignored' };
	}
}
