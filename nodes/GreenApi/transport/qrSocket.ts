import { NodeOperationError, type IDataObject, type IExecuteFunctions, type NodeApiError } from 'n8n-workflow';

import { apiError } from './apiErrors';
import { INSTANCE_CREDENTIAL } from './greenApiRequest';

/**
 * GREEN-API's live QR code is a websocket, `wss://{apiUrl host}/waInstance{id}/scanqrcode/{token}`,
 * so it cannot go through n8n's HTTP helpers and their credential `authenticate()`. This is the
 * one other place that puts the token into a URL: it lives only in `QrSocketTarget.url`, and
 * everything shown to the user (errors, logs) uses `shown`, where the token is `***`.
 */
export interface QrSocketTarget {
	url: string;
	shown: string;
	origin: string;
	secrets: string[];
	itemIndex: number;
}

/** One JSON frame as GREEN-API sent it. */
export type QrSocketFrame = IDataObject;

export interface QrSocketEnd {
	/** done: onFrame asked to stop; closed: GREEN-API closed; aborted: the signal fired. */
	end: 'done' | 'closed' | 'aborted';
	frames: number;
}

const trimSlash = (value: string) => value.replace(/\/+$/, '');

/**
 * The websocket URL for the credential's instance. The docs show the API host
 * (wss://api.green-api.com); whether numbered hosts need their own is unconfirmed, so the
 * instance's own API URL is used, which serves both.
 */
export async function qrSocketTarget(ctx: IExecuteFunctions, itemIndex: number): Promise<QrSocketTarget> {
	const credentials = await ctx.getCredentials(INSTANCE_CREDENTIAL, itemIndex);
	const token = String(credentials.apiTokenInstance ?? '');
	let base: URL;
	try {
		base = new URL(String(credentials.apiUrl ?? '').trim());
		if (!/^https?:$/.test(base.protocol)) throw new Error('not http(s)');
	} catch {
		throw new NodeOperationError(ctx.getNode(), 'The API URL in the credential is not an http(s) address', { itemIndex });
	}
	const scheme = base.protocol === 'https:' ? 'wss:' : 'ws:';
	const path = `${trimSlash(base.pathname)}/waInstance${encodeURIComponent(String(credentials.idInstance).trim())}/scanqrcode`;
	const origin = `${scheme}//${base.host}`;
	return {
		url: `${origin}${path}/${encodeURIComponent(token)}`,
		shown: `${origin}${path}/***`,
		origin: base.origin,
		secrets: [token, encodeURIComponent(token)],
		itemIndex,
	};
}

/** GREEN-API's `{type: 'error'}` frame as a NodeApiError with its own text and what to do. */
export function qrSocketRefusal(ctx: IExecuteFunctions, target: QrSocketTarget, text: string): NodeApiError {
	return apiError(
		ctx.getNode(),
		{
			method: 'scanqrcode',
			partner: false,
			attempts: 1,
			status: 400,
			body: { message: text },
			origin: target.origin,
			mayRepeat: false,
			itemIndex: target.itemIndex,
		},
		target.secrets,
	);
}

async function frameText(data: unknown): Promise<string | undefined> {
	if (typeof data === 'string') return data;
	if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
	if (data && typeof (data as Blob).text === 'function') return await (data as Blob).text();
	return undefined;
}

/**
 * Opens the websocket and hands every JSON frame to `onFrame` until it returns true, GREEN-API
 * closes the socket, or `signal` aborts. Frames that are not JSON objects are skipped: the frame
 * format beyond `{type, message}` is not documented.
 */
export async function readQrSocket(
	ctx: IExecuteFunctions,
	target: QrSocketTarget,
	signal: AbortSignal,
	onFrame: (frame: QrSocketFrame) => boolean,
): Promise<QrSocketEnd> {
	// n8n 2.x runs on Node.js 24, whose WebSocket is built in; the package has no dependencies.
	if (typeof WebSocket !== 'function') {
		throw new NodeOperationError(ctx.getNode(), 'This n8n runs on a Node.js without a built-in WebSocket', {
			itemIndex: target.itemIndex,
			description: 'Get Live QR Code needs Node.js 22 or newer, which n8n 2.x requires anyway. Use Get QR Code instead.',
		});
	}
	if (signal.aborted) return { end: 'aborted', frames: 0 };
	let socket: WebSocket;
	try {
		socket = new WebSocket(target.url);
	} catch {
		// The runtime's own message would quote the URL, token included.
		throw new NodeOperationError(ctx.getNode(), `Could not open GREEN-API's QR websocket at ${target.shown}`, {
			itemIndex: target.itemIndex,
			description: 'Check the API URL in the credential.',
		});
	}
	socket.binaryType = 'arraybuffer';

	return await new Promise<QrSocketEnd>((resolve) => {
		let frames = 0;
		let settled = false;
		const finish = (end: QrSocketEnd['end']) => {
			if (settled) return;
			settled = true;
			signal.removeEventListener('abort', onAbort);
			if (socket.readyState === socket.CONNECTING || socket.readyState === socket.OPEN) socket.close(1000);
			resolve({ end, frames });
		};
		const onAbort = () => finish('aborted');
		signal.addEventListener('abort', onAbort, { once: true });

		// Frames are handled in arrival order even though reading a binary one is asynchronous.
		let queue = Promise.resolve();
		socket.onmessage = (event: MessageEvent) => {
			queue = queue.then(async () => {
				if (settled) return;
				const text = await frameText(event.data);
				let frame: unknown;
				try {
					frame = text === undefined ? undefined : JSON.parse(text);
				} catch {
					frame = undefined;
				}
				if (!frame || typeof frame !== 'object' || Array.isArray(frame)) return;
				frames++;
				if (onFrame(frame as QrSocketFrame)) finish('done');
			});
		};
		// Neither event says more than "it failed" or a close code; the caller works out why.
		socket.onerror = () => undefined;
		socket.onclose = () => {
			void queue.then(() => finish('closed'));
		};
	});
}
