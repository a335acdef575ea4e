/** Command-line flags of `npm run sandbox -- ...`, turned into SandboxOptions. */
import { parseArgs } from 'node:util';
import { NOTIFICATION_SWITCHES } from '../nodes/GreenApi/catalogue/settingKeys';
import type { Settings } from './settings';
import { INSTANCE_STATES, type StateInstance } from './state';
import { DEFAULT_INSTANCE, type SandboxInstanceConfig, type SandboxOptions } from './options';

export const USAGE = `GREEN-API sandbox: a local GREEN-API server for tests and demos.

Usage: npm run sandbox -- [flags]

  --port P                 API port (default 7788)
  --media-port Q           media port: sendFileByUpload, uploadFile (default 7789)
  --host H                 interface to listen on (default 127.0.0.1)
  --public-host H          host name put into the URLs the sandbox hands out (default: --host)
  --instance ID:TOKEN      an instance (repeatable); default 1101000001:sandbox-token-1101000001
  --partner-token T        partner API token (default sandbox-partner-token)
  --state STATE            initial stateInstance of the instances (default authorized)
  --setting KEY=VALUE      initial setting of every instance (repeatable), e.g. incomingWebhook=yes
  --all-webhooks           switch every notification setting to "yes" at start
  --restart-delay MS       restart after setSettings/reboot (default 2000)
  --webhook-retry MS       pause before re-sending a failed webhook (default 5000)
  --webhook-timeout MS     time limit of one webhook POST (default 30000)
  --send-delay-scale X     multiplier for the send-queue delays (default 1)
  --status-progress MS     gap between sent, delivered and read (default 1000)
  --long-poll-scale X      multiplier for receiveNotification's receiveTimeout (default 1)
  --qr-rotate MS           how often the QR code changes (default 20000)
  --qr-session MS          how long a scanqrcode websocket lasts (default 100000)
  --no-rate-limits         do not answer 429 when a method's rate limit is exceeded
  --max-file-mb N          largest accepted file (default 100)
  --quiet                  do not print a line per request
  --help                   this text
`;

export interface CliOptions {
	options: SandboxOptions;
	quiet: boolean;
	help: boolean;
}

function number(flag: string, value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!Number.isFinite(n) || n < 0) throw new Error(`--${flag} needs a non-negative number, got '${value}'`);
	return n;
}

function instance(spec: string): SandboxInstanceConfig {
	const match = /^(\d+):(.+)$/.exec(spec);
	if (!match) throw new Error(`--instance needs ID:TOKEN, got '${spec}'`);
	return { idInstance: Number(match[1]), apiTokenInstance: match[2] };
}

function setting(spec: string): [string, string | number] {
	const eq = spec.indexOf('=');
	if (eq <= 0) throw new Error(`--setting needs KEY=VALUE, got '${spec}'`);
	const key = spec.slice(0, eq);
	const value = spec.slice(eq + 1);
	return [key, key === 'delaySendMessagesMilliseconds' ? Number(value) : value];
}

function withState(instances: SandboxInstanceConfig[] | undefined, state: StateInstance | undefined) {
	return state ? instances?.map((i) => ({ ...i, stateInstance: state })) : instances;
}

export function parseCliArgs(argv: string[]): CliOptions {
	const { values } = parseArgs({
		args: argv,
		strict: true,
		options: {
			port: { type: 'string' },
			'media-port': { type: 'string' },
			host: { type: 'string' },
			'public-host': { type: 'string' },
			instance: { type: 'string', multiple: true },
			'partner-token': { type: 'string' },
			state: { type: 'string' },
			setting: { type: 'string', multiple: true },
			'all-webhooks': { type: 'boolean' },
			'restart-delay': { type: 'string' },
			'webhook-retry': { type: 'string' },
			'webhook-timeout': { type: 'string' },
			'send-delay-scale': { type: 'string' },
			'status-progress': { type: 'string' },
			'long-poll-scale': { type: 'string' },
			'qr-rotate': { type: 'string' },
			'qr-session': { type: 'string' },
			'no-rate-limits': { type: 'boolean' },
			'max-file-mb': { type: 'string' },
			quiet: { type: 'boolean' },
			help: { type: 'boolean' },
		},
	});
	const state = values.state as StateInstance | undefined;
	if (state !== undefined && !INSTANCE_STATES.includes(state)) {
		throw new Error(`--state must be one of ${INSTANCE_STATES.join(', ')}`);
	}
	const settings: Record<string, string | number> = {};
	if (values['all-webhooks']) for (const key of NOTIFICATION_SWITCHES) settings[key] = 'yes';
	for (const spec of values.setting ?? []) {
		const [key, value] = setting(spec);
		settings[key] = value;
	}
	const maxFileMb = number('max-file-mb', values['max-file-mb']);
	const instances = (values.instance ?? []).map(instance);
	const options: SandboxOptions = {
		port: number('port', values.port),
		mediaPort: number('media-port', values['media-port']),
		host: values.host,
		publicHost: values['public-host'],
		instances: withState(instances.length ? instances : state ? [DEFAULT_INSTANCE] : undefined, state),
		partnerToken: values['partner-token'],
		restartDelayMs: number('restart-delay', values['restart-delay']),
		webhookRetryMs: number('webhook-retry', values['webhook-retry']),
		webhookTimeoutMs: number('webhook-timeout', values['webhook-timeout']),
		sendDelayScale: number('send-delay-scale', values['send-delay-scale']),
		statusProgressMs: number('status-progress', values['status-progress']),
		longPollScale: number('long-poll-scale', values['long-poll-scale']),
		qrRotateMs: number('qr-rotate', values['qr-rotate']),
		qrSessionMs: number('qr-session', values['qr-session']),
		rateLimits: values['no-rate-limits'] ? false : undefined,
		maxFileBytes: maxFileMb === undefined ? undefined : Math.round(maxFileMb * 1024 * 1024),
		settings: Object.keys(settings).length ? (settings as Partial<Settings>) : undefined,
	};
	return { options, quiet: values.quiet ?? false, help: values.help ?? false };
}
