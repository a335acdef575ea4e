/** `npm run sandbox -- ...`: flags, and the printed addresses of a running sandbox. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseCliArgs } from '../../sandbox/cliArgs';
import { http } from './helpers';

test('no flags: CLI defaults are left to resolveOptions', () => {
	const { options, quiet, help } = parseCliArgs([]);
	expect(quiet).toBe(false);
	expect(help).toBe(false);
	expect(Object.values(options).filter((v) => v !== undefined)).toEqual([]);
});

test('flags map to options', () => {
	const { options, quiet } = parseCliArgs([
		'--port=9000',
		'--media-port',
		'9001',
		'--instance',
		'1101000005:tok-a',
		'--instance',
		'1101000006:tok-b',
		'--partner-token',
		'pt',
		'--state',
		'notAuthorized',
		'--setting',
		'incomingWebhook=yes',
		'--setting',
		'delaySendMessagesMilliseconds=1000',
		'--no-rate-limits',
		'--send-delay-scale',
		'0.5',
		'--max-file-mb',
		'1',
		'--quiet',
	]);
	expect(quiet).toBe(true);
	expect(options).toMatchObject({
		port: 9000,
		mediaPort: 9001,
		partnerToken: 'pt',
		rateLimits: false,
		sendDelayScale: 0.5,
		maxFileBytes: 1024 * 1024,
		settings: { incomingWebhook: 'yes', delaySendMessagesMilliseconds: 1000 },
		instances: [
			{ idInstance: 1101000005, apiTokenInstance: 'tok-a', stateInstance: 'notAuthorized' },
			{ idInstance: 1101000006, apiTokenInstance: 'tok-b', stateInstance: 'notAuthorized' },
		],
	});
	expect(parseCliArgs(['--qr-rotate', '1000', '--qr-session=5000']).options).toMatchObject({
		qrRotateMs: 1000,
		qrSessionMs: 5000,
	});
	expect(parseCliArgs(['--all-webhooks']).options.settings).toMatchObject({
		incomingWebhook: 'yes',
		deletedMessageWebhook: 'yes',
	});
});

test('bad flags are refused', () => {
	expect(() => parseCliArgs(['--instance', 'abc'])).toThrow(/ID:TOKEN/);
	expect(() => parseCliArgs(['--state', 'sleeping'])).toThrow(/--state/);
	expect(() => parseCliArgs(['--port', 'x'])).toThrow(/--port/);
	expect(() => parseCliArgs(['--colour'])).toThrow();
});

test('the CLI prints its addresses and serves the default instance until stopped', async () => {
	const root = join(__dirname, '..', '..');
	const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['sandbox/cli.ts', '--port', '0', '--media-port', '0', '--quiet'], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	try {
		const output = await new Promise<string>((resolve, reject) => {
			let text = '';
			child.stdout.on('data', (chunk: Buffer) => {
				text += chunk.toString();
				if (text.includes('Ctrl+C')) resolve(text);
			});
			child.on('exit', (code) => reject(new Error(`exited with ${code}: ${text}`)));
		});
		expect(output).toContain('idInstance 1101000001  apiTokenInstance sandbox-token-1101000001');
		expect(output).toContain('partnerToken sandbox-partner-token');
		const apiUrl = /apiUrl\s+(\S+)/.exec(output)?.[1];
		expect(/mediaUrl\s+(\S+)/.exec(output)?.[1]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const res = await http.get(`${apiUrl}/waInstance1101000001/getStateInstance/sandbox-token-1101000001`);
		expect(res.data).toEqual({ stateInstance: 'authorized' });
		expect((await http.get(`${apiUrl}/sandbox/`)).status).toBe(200);
	} finally {
		const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	}
});
