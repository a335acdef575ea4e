/** Options of startSandbox and the CLI, with the two sets of defaults. */
import type { RequestRecord } from './requestLog';
import type { Settings } from './settings';
import type { StateInstance } from './state';

export interface SandboxInstanceConfig {
	idInstance: number | string;
	apiTokenInstance: string;
	/** Console name; also the WhatsApp name shown as senderName of outgoing messages. */
	name?: string;
	/** Own account id, e.g. '11001234567@c.us'. Default: derived from idInstance. */
	wid?: string;
	/** Default 'authorized'. */
	stateInstance?: StateInstance;
	/** Applied on top of the fresh-instance settings (all switches "no"), without a restart. */
	settings?: Partial<Settings>;
}

export interface SandboxOptions {
	/** API port; 0 picks a free one. Embedded default 0, CLI default 7788. */
	port?: number;
	/** Media port (sendFileByUpload, uploadFile only); 0 picks a free one. Embedded 0, CLI 7789. */
	mediaPort?: number;
	/** Interface to listen on. Default 127.0.0.1. */
	host?: string;
	/** Host name used in the URLs the sandbox hands out (apiUrl, urlFile, downloadUrl). Default: host (127.0.0.1 for 0.0.0.0/::). */
	publicHost?: string;
	/** Default: one instance 1101000001 / sandbox-token-1101000001. */
	instances?: SandboxInstanceConfig[];
	/** Default 'sandbox-partner-token'. */
	partnerToken?: string;
	/** Simulated restart after setSettings / reboot (state 'starting'). Embedded 50 ms, CLI 2000 ms. */
	restartDelayMs?: number;
	/** Pause before re-sending a webhook that did not get 200. Embedded 50 ms, CLI 5000 ms (GREEN-API: 60 s). */
	webhookRetryMs?: number;
	/** How long one webhook POST may take. Embedded 5000 ms, CLI 30000 ms (GREEN-API: 180 s). */
	webhookTimeoutMs?: number;
	/** Multiplier for delaySendMessagesMilliseconds, the 5 s file-send minimum and typingTime. Embedded 0.01, CLI 1. */
	sendDelayScale?: number;
	/** Gap between the sent → delivered → read statuses of an outgoing message. Embedded 10 ms, CLI 1000 ms. */
	statusProgressMs?: number;
	/** Multiplier for receiveNotification's receiveTimeout. Embedded 0.1, CLI 1. */
	longPollScale?: number;
	/** How often the QR code changes (qr, scanqrcode, the page). Embedded 500 ms, CLI 20000 ms like GREEN-API. */
	qrRotateMs?: number;
	/** How long a scanqrcode websocket lasts before timeoutExpired. Embedded 10000 ms, CLI 100000 ms (GREEN-API: about 100 s). */
	qrSessionMs?: number;
	/** Per-method rate limits from methods.json (429 when exceeded). Default true. */
	rateLimits?: boolean;
	/** Settings applied to every initial instance (after the per-instance ones are merged). */
	settings?: Partial<Settings>;
	/** Largest accepted file. Default 100 MB, as documented. */
	maxFileBytes?: number;
	/** Records kept in the request log (oldest dropped first); 0 = unlimited. Default 20000. */
	requestLogLimit?: number;
	/** Called for every finished request-log record (the CLI prints them). */
	onRequest?: (record: RequestRecord) => void;
}

export interface ResolvedOptions extends Required<Omit<SandboxOptions, 'onRequest' | 'publicHost' | 'instances' | 'settings'>> {
	publicHost: string;
	instances: SandboxInstanceConfig[];
	settings: Partial<Settings>;
	onRequest?: (record: RequestRecord) => void;
}

/** The instance of the contract examples: id 1101000001, own number 11001234567. */
export const DEFAULT_INSTANCE: SandboxInstanceConfig = {
	idInstance: 1101000001,
	apiTokenInstance: 'sandbox-token-1101000001',
	wid: '11001234567@c.us',
};

export const DEFAULT_PARTNER_TOKEN = 'sandbox-partner-token';

type Tunables = Pick<
	ResolvedOptions,
	| 'port'
	| 'mediaPort'
	| 'restartDelayMs'
	| 'webhookRetryMs'
	| 'webhookTimeoutMs'
	| 'sendDelayScale'
	| 'statusProgressMs'
	| 'longPollScale'
	| 'qrRotateMs'
	| 'qrSessionMs'
>;

/** Fast, for tests: everything that waits is short. */
export const EMBEDDED_DEFAULTS: Tunables = {
	port: 0,
	mediaPort: 0,
	restartDelayMs: 50,
	webhookRetryMs: 50,
	webhookTimeoutMs: 5000,
	sendDelayScale: 0.01,
	statusProgressMs: 10,
	longPollScale: 0.1,
	qrRotateMs: 500,
	qrSessionMs: 10000,
};

/** Closer to the real service, still quick enough to watch a demo. */
export const CLI_DEFAULTS: Tunables = {
	port: 7788,
	mediaPort: 7789,
	restartDelayMs: 2000,
	webhookRetryMs: 5000,
	webhookTimeoutMs: 30000,
	sendDelayScale: 1,
	statusProgressMs: 1000,
	longPollScale: 1,
	qrRotateMs: 20000,
	qrSessionMs: 100000,
};

export function resolveOptions(options: SandboxOptions, defaults: Tunables): ResolvedOptions {
	const host = options.host ?? '127.0.0.1';
	const wildcard = host === '0.0.0.0' || host === '::';
	return {
		...defaults,
		...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
		host,
		publicHost: options.publicHost ?? (wildcard ? '127.0.0.1' : host),
		instances: options.instances?.length ? options.instances : [DEFAULT_INSTANCE],
		partnerToken: options.partnerToken ?? DEFAULT_PARTNER_TOKEN,
		rateLimits: options.rateLimits ?? true,
		settings: options.settings ?? {},
		maxFileBytes: options.maxFileBytes ?? 100 * 1024 * 1024,
		requestLogLimit: options.requestLogLimit ?? 20000,
		onRequest: options.onRequest,
	};
}
