import {
	NodeOperationError,
	sleep,
	type IBinaryData,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { errorItem } from '../execute/router';
import { toNodeError } from '../execute/toNodeError';
import { greenApiRequest } from '../transport/greenApiRequest';
import { qrSocketRefusal, qrSocketTarget, readQrSocket, type QrSocketTarget } from '../transport/qrSocket';
import { MAX_TIME_LIMIT_SECONDS } from './liveQrProperties';
import { readQrFrame } from './qrFrames';

/** GREEN-API allows one scanqrcode connection per second and instance. */
const RECONNECT_GAP_MS = 1100;
/** Sessions in a row that end without a single frame before the node gives up. */
const MAX_SILENT_SESSIONS = 3;

type Status = 'qrCode' | 'authorized' | 'alreadyLogged' | 'timeout';

interface ScanState {
	latestQr?: { image: Buffer; mimeType: string };
	qrCodes: number;
	done?: { status: Status; account?: IDataObject; text?: string };
	refusal?: string;
}

interface ScanSettings {
	wait: boolean;
	limitSeconds: number;
	onTimeout: 'error' | 'output';
	binaryProperty: string;
}

function settingsOf(ctx: IExecuteFunctions, itemIndex: number): ScanSettings {
	const value = ctx.getNodeParameter('timeLimit', itemIndex, 60);
	const limitSeconds = Number(value);
	if (!Number.isFinite(limitSeconds) || limitSeconds < 1 || limitSeconds > MAX_TIME_LIMIT_SECONDS) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}, "Time Limit (Seconds)": ${String(value)} is outside the allowed range 1–${MAX_TIME_LIMIT_SECONDS}`,
			{ itemIndex },
		);
	}
	const wait = ctx.getNodeParameter('waitForAuthorization', itemIndex, false) as boolean;
	return {
		wait,
		limitSeconds,
		onTimeout: wait && ctx.getNodeParameter('onTimeout', itemIndex, 'error') === 'output' ? 'output' : 'error',
		binaryProperty: (ctx.getNodeParameter('binaryPropertyOutput', itemIndex, 'data') as string) || 'data',
	};
}

/** Updates the state with one frame; true when the operation has its answer. */
function onFrame(state: ScanState, frame: IDataObject, wait: boolean): boolean {
	const event = readQrFrame(frame);
	switch (event.kind) {
		case 'qrCode':
			state.latestQr = { image: event.image, mimeType: event.mimeType };
			state.qrCodes++;
			if (!wait) state.done = { status: 'qrCode' };
			return !wait;
		case 'authorized':
			state.done = { status: 'authorized', account: event.account };
			return true;
		case 'alreadyLogged':
			state.done = { status: 'alreadyLogged', text: event.text };
			return true;
		case 'error':
			state.refusal = event.text;
			return true;
		default:
			// timeoutExpired: GREEN-API closes the socket next, and the node reconnects.
			return false;
	}
}

/**
 * A socket that closed before sending anything hides why (a websocket handshake has no status
 * for the client to read). getStateInstance through the normal transport tells: a wrong token or
 * instance becomes GREEN-API's own 401/403 error, a linked instance means there is nothing to
 * scan. Returns the state otherwise.
 */
async function diagnoseSilentSocket(ctx: IExecuteFunctions, target: QrSocketTarget, state: ScanState): Promise<string> {
	const answer = await greenApiRequest(ctx, {
		method: 'getStateInstance',
		verb: 'GET',
		host: 'api',
		retry: 'safe',
		itemIndex: target.itemIndex,
	});
	const stateInstance = String((answer.body as IDataObject | undefined)?.stateInstance ?? 'unknown');
	if (['authorized', 'yellowCard', 'sleepMode'].includes(stateInstance)) {
		state.done = { status: 'alreadyLogged', text: `stateInstance is ${stateInstance}` };
	}
	return stateInstance;
}

/** Keeps the websocket open (reconnecting when GREEN-API ends a session) until there is an answer or the time is up. */
async function scan(ctx: IExecuteFunctions, itemIndex: number, settings: ScanSettings, state: ScanState): Promise<void> {
	const target = await qrSocketTarget(ctx, itemIndex);
	const limit = new AbortController();
	const cancel = ctx.getExecutionCancelSignal();
	const onCancel = () => limit.abort();
	cancel?.addEventListener('abort', onCancel, { once: true });
	const timer = new AbortController();
	sleep(settings.limitSeconds * 1000, timer.signal).then(
		() => limit.abort(),
		() => undefined,
	);
	try {
		let silentSessions = 0;
		for (;;) {
			const connectedAt = Date.now();
			const session = await readQrSocket(ctx, target, limit.signal, (frame) => onFrame(state, frame, settings.wait));
			if (state.refusal !== undefined) throw qrSocketRefusal(ctx, target, state.refusal);
			if (state.done || session.end === 'aborted') return;
			silentSessions = session.frames === 0 ? silentSessions + 1 : 0;
			if (silentSessions > 0) {
				const stateInstance = await diagnoseSilentSocket(ctx, target, state);
				if (state.done) return;
				if (silentSessions >= MAX_SILENT_SESSIONS) {
					throw new NodeOperationError(ctx.getNode(), `GREEN-API's QR websocket at ${target.shown} closed without sending anything`, {
						itemIndex,
						description: `Tried ${silentSessions} times; the instance's state is ${stateInstance}. Check the API URL in the credential and that nothing between n8n and GREEN-API blocks websockets, or use Get QR Code instead.`,
					});
				}
			}
			const gap = RECONNECT_GAP_MS - (Date.now() - connectedAt);
			if (gap > 0) await sleep(gap, limit.signal).catch(() => undefined);
			if (limit.signal.aborted) return;
		}
	} finally {
		timer.abort();
		cancel?.removeEventListener('abort', onCancel);
	}
}

const MESSAGES: Record<Status, string> = {
	qrCode: 'Scan this QR code in WhatsApp on the phone: Settings → Linked devices → Link a device. It changes about every 20 seconds.',
	authorized: 'A phone was linked: the instance is authorized.',
	alreadyLogged:
		'The instance is already authorized (alreadyLogged): a phone is linked, so there is no QR code. Log out first to link another phone.',
	timeout: 'No phone was linked within the time limit.',
};

async function scanOne(ctx: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData> {
	const settings = settingsOf(ctx, itemIndex);
	const state: ScanState = { qrCodes: 0 };
	const started = Date.now();
	await scan(ctx, itemIndex, settings, state);
	if (ctx.getExecutionCancelSignal()?.aborted) {
		throw new NodeOperationError(ctx.getNode(), 'The execution was stopped while waiting for the QR code', { itemIndex });
	}

	if (!state.done) {
		const seconds = settings.limitSeconds;
		if (!settings.wait) {
			throw new NodeOperationError(ctx.getNode(), `GREEN-API sent no QR code within ${seconds} seconds`, {
				itemIndex,
				description: 'Raise the Time Limit, or check the instance with Instance → Get State.',
			});
		}
		if (settings.onTimeout === 'error') {
			throw new NodeOperationError(ctx.getNode(), `No phone was linked within ${seconds} seconds`, {
				itemIndex,
				description: `GREEN-API sent ${state.qrCodes} QR code(s); none was scanned. Run the node again for a new code, raise the Time Limit, or set On Timeout to Return the Latest QR Code.`,
			});
		}
		state.done = { status: 'timeout' };
	}

	const { status, account, text } = state.done;
	const json: IDataObject = {
		status,
		authorized: status === 'authorized' || status === 'alreadyLogged',
		message: MESSAGES[status],
		qrCodesReceived: state.qrCodes,
		waitedSeconds: Math.round((Date.now() - started) / 100) / 10,
	};
	if (account) json.account = account;
	if (text) json.greenApiMessage = text;
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if ((status === 'qrCode' || status === 'timeout') && state.latestQr) {
		const { image, mimeType } = state.latestQr;
		const binary: IBinaryData = await ctx.helpers.prepareBinaryData(
			image,
			mimeType === 'image/jpeg' ? 'qr-code.jpg' : 'qr-code.png',
			mimeType,
		);
		item.binary = { [settings.binaryProperty]: binary };
	}
	return item;
}

/** Instance → Get Live QR Code: the scanqrcode websocket, once per input item. */
export async function runLiveQr(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const output: INodeExecutionData[] = [];
	const items = ctx.getInputData();
	for (let i = 0; i < items.length; i++) {
		try {
			output.push(await scanOne(ctx, i));
		} catch (error) {
			const nodeError = toNodeError(ctx.getNode(), error, i);
			if (!ctx.continueOnFail()) throw nodeError;
			output.push(errorItem(nodeError, i));
		}
	}
	return [output];
}
