#!/usr/bin/env node
/**
 * npm start: builds the package, installs the n8n runtime when needed, starts the GREEN-API
 * sandbox and an n8n with this package installed, a "GREEN-API Sandbox" credential and demo
 * workflows, then keeps running until Ctrl-C. Run with --help for the options.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { exampleWorkflows, importOnce, installExampleFiles, sandboxCredentials, sandboxWorkflows } from './lib/examples.mjs';
import { linkPackage, N8n, n8nEnv, ownerEnv } from './lib/n8n.mjs';
import { REPO_DIR, RUN_DIR } from './lib/paths.mjs';
import { describeExit, freePort, portInUse, ProcessGroup } from './lib/processes.mjs';
import { createReporter } from './lib/report.mjs';
import { prepareRun } from './lib/prepareRun.mjs';
import { prepareUserFolder, saveLogin } from './lib/userFolder.mjs';
import { SANDBOX, sandboxAvailable, sandboxUrls, startSandbox } from './lib/sandbox.mjs';

const HELP = `Usage: npm start [-- options]

  --port <n>          n8n port (env N8N_PORT, default 5678)
  --sandbox-port <n>  sandbox API port (env SANDBOX_PORT, default 7788)
  --media-port <n>    sandbox media port (env SANDBOX_MEDIA_PORT, default 7789)
  --no-sandbox        do not start the sandbox (use your own GREEN-API instance)
  --user-folder <dir> n8n data folder (env N8N_RUN_FOLDER, default .n8n-run)
  --email <address>   owner login (env N8N_OWNER_EMAIL; remembered in the data folder)
  --password <text>   owner password (env N8N_OWNER_PASSWORD; remembered in the data folder)
  --reset             delete the data folder first (workflows, credentials, executions);
                      only a folder npm start created itself
  --skip-build        do not run npm run build first
  --quiet             keep n8n and sandbox output in the log files only
  -h, --help          show this help`;

const { values: opts } = parseArgs({
	options: {
		port: { type: 'string', default: process.env.N8N_PORT ?? '5678' },
		'sandbox-port': { type: 'string', default: process.env.SANDBOX_PORT ?? '7788' },
		'media-port': { type: 'string', default: process.env.SANDBOX_MEDIA_PORT ?? '7789' },
		'no-sandbox': { type: 'boolean', default: false },
		'user-folder': { type: 'string', default: process.env.N8N_RUN_FOLDER ?? RUN_DIR },
		email: { type: 'string', default: process.env.N8N_OWNER_EMAIL },
		password: { type: 'string', default: process.env.N8N_OWNER_PASSWORD },
		reset: { type: 'boolean', default: false },
		'skip-build': { type: 'boolean', default: false },
		quiet: { type: 'boolean', default: false },
		help: { type: 'boolean', short: 'h', default: false },
	},
});

if (opts.help) {
	console.log(HELP);
	process.exit(0);
}

const report = createReporter('start');
const processes = new ProcessGroup();
const userFolder = resolve(REPO_DIR, opts['user-folder']);
const logDir = join(userFolder, 'logs');
const port = toPort(opts.port, '--port');
const sandboxPort = toPort(opts['sandbox-port'], '--sandbox-port');
const mediaPort = toPort(opts['media-port'], '--media-port');

function toPort(value, flag) {
	const number = Number(value);
	if (!Number.isInteger(number) || number < 1 || number > 65535) {
		console.error(`${flag} must be a port number, got "${value}"`);
		process.exit(2);
	}
	return number;
}

/** The owner login: from the flags, else the one remembered in the folder, else a new one. */
function ownerLogin() {
	return saveLogin(join(userFolder, 'login.json'), (saved) => ({
		email: opts.email ?? saved.email ?? 'demo@example.com',
		password: opts.password ?? saved.password ?? `Green-${randomBytes(9).toString('base64url')}-1`,
	}));
}

let stopping = false;
async function shutdown(code, reason) {
	if (stopping) return;
	stopping = true;
	if (reason) report.info(reason);
	await processes.stopAll();
	if (reason) report.info('stopped');
	process.exit(code);
}
process.on('SIGINT', () => shutdown(0, 'stopping n8n and the sandbox...'));
process.on('SIGTERM', () => shutdown(0, 'stopping n8n and the sandbox...'));
process.on('SIGHUP', () => shutdown(0));
process.on('exit', () => processes.killAllNow());

async function main() {
	if (await portInUse(port)) {
		throw new Error(`port ${port} is already in use (another n8n?); stop it or choose --port`);
	}
	// Before the slow steps, so a refused --reset says so at once.
	prepareUserFolder(userFolder, { reset: opts.reset, isDefault: userFolder === RUN_DIR });
	const runtime = await prepareRun({ report, processes }, { skipBuild: opts['skip-build'] });

	mkdirSync(logDir, { recursive: true });
	linkPackage(userFolder);
	installExampleFiles(userFolder);
	const login = ownerLogin();
	const preferredBroker = Number(process.env.N8N_RUNNERS_BROKER_PORT ?? port + 1);
	const brokerPort = (await portInUse(preferredBroker)) ? await freePort() : preferredBroker;
	const n8n = new N8n(processes, runtime, n8nEnv({ runtime, userFolder, port, brokerPort }));
	const urls = sandboxUrls(sandboxPort, mediaPort);
	const withSandbox = !opts['no-sandbox'] && sandboxAvailable();
	if (!opts['no-sandbox'] && !withSandbox) {
		report.warn('sandbox/cli.ts is missing, so the GREEN-API sandbox is not started; the demo credential will not connect');
	}
	for (const name of ['n8n.log', 'sandbox.log']) rmSync(join(logDir, name), { force: true });

	const [sandbox] = await Promise.all([
		withSandbox
			? report.step('starting the GREEN-API sandbox', () =>
					startSandbox(processes, { port: sandboxPort, mediaPort, logFile: join(logDir, 'sandbox.log'), echo: !opts.quiet }),
				)
			: undefined,
		report.step('importing the demo credential and workflows', async () => {
			const imported = await importOnce(n8n, userFolder, {
				credentials: sandboxCredentials(urls),
				workflows: sandboxWorkflows(urls),
			});
			const names = [...imported.credentials, ...imported.workflows];
			report.info(names.length ? `  imported: ${names.join(', ')}` : '  already imported, nothing to do');
		}),
	]);

	const server = n8n.spawn('start', {
		name: 'n8n',
		env: ownerEnv(runtime, login),
		logFile: join(logDir, 'n8n.log'),
		echo: !opts.quiet,
	});
	await report.step(`starting n8n ${runtime.n8nVersion}`, () => n8n.waitReady(server));

	const folder = relative(process.cwd(), userFolder) || '.';
	const lines = [
		'',
		'GREEN-API for n8n is running.',
		`  n8n editor     ${n8n.url}/`,
		`  login          ${login.email}  /  ${login.password}`,
		...exampleWorkflows().map((w, i) => `  ${i ? '              ' : 'demo workflows'} ${n8n.url}/workflow/${w.id}  (${w.name})`),
		...(sandbox
			? [
					`  sandbox page   ${sandbox.pageUrl}`,
					`  sandbox API    ${urls.apiUrl}  media ${urls.mediaUrl}  instance ${SANDBOX.idInstance}  token ${SANDBOX.apiTokenInstance}`,
				]
			: [`  sandbox        not running${opts['no-sandbox'] ? ' (--no-sandbox)' : ' (sandbox/cli.ts is missing)'}`]),
		`  data and logs  ${folder}/  (logs in ${folder}/logs/)`,
		'Press Ctrl-C to stop.',
		'',
	];
	console.log(lines.join('\n'));

	const ended = await Promise.race([server.exit, ...(sandbox ? [sandbox.entry.exit] : [])]);
	if (!stopping) {
		await shutdown(1, `${ended.name} stopped unexpectedly (it ${describeExit(ended)}); see ${join(folder, 'logs')}`);
	}
}

main().catch(async (error) => {
	console.error(`[start] FAILED: ${error.message}`);
	await shutdown(1);
});
