#!/usr/bin/env node
/**
 * Delivery under faults, in a real n8n 2.41: the GREEN-API triggers against the sandbox while it
 * sends copies of webhook notifications and fails queue calls at random, with a workflow
 * deactivated mid-drain and n8n processes killed. Runs in single-process n8n on SQLite and in
 * queue mode on PostgreSQL (main, 2 workers, 2 webhook processes, Redis), and counts what
 * arrived from the sandbox's log and n8n's executions. Run with --help for the options.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { sandboxCredentials } from '../../scripts/lib/examples.mjs';
import { ownerEnv } from '../../scripts/lib/n8n.mjs';
import { REPO_DIR } from '../../scripts/lib/paths.mjs';
import { ProcessGroup } from '../../scripts/lib/processes.mjs';
import { createReporter } from '../../scripts/lib/report.mjs';
import { n8nVersion } from '../../scripts/lib/runtime.mjs';
import { SANDBOX, startSandbox } from '../../scripts/lib/sandbox.mjs';
import { expectNoTokens } from './lib/expect.mjs';
import { freePorts } from './lib/ports.mjs';
import { importIntoN8n, installPackage, prepareTestRun } from './lib/setup.mjs';

const HELP = `Usage: npm run test:faults [-- options]

  --only NAME          run one topology: single (one process, SQLite) or queue (queue mode, PostgreSQL)
  --scenarios LIST     run only these kinds of scenario, comma-separated: webhook, drain, crash
                       (default: all)
  --messages N         incoming messages per webhook scenario (default 500)
  --notifications N    queued notifications for the Queue Trigger scenario (default 200)
  --seed N             seed of the sandbox's random faults (default 20261129)
  --link               load the package through a symlink to the repository instead of npm pack
  --skip-build         do not run npm run build first
  --keep               keep the temporary folder and logs (they are always kept on failure)
  -h, --help           show this help`;

const { values: opts } = parseArgs({
	options: {
		only: { type: 'string' },
		scenarios: { type: 'string', default: 'webhook,drain,crash' },
		messages: { type: 'string', default: '500' },
		notifications: { type: 'string', default: '200' },
		seed: { type: 'string', default: '20261129' },
		link: { type: 'boolean', default: false },
		'skip-build': { type: 'boolean', default: false },
		keep: { type: 'boolean', default: false },
		help: { type: 'boolean', short: 'h', default: false },
	},
});
if (opts.help) {
	console.log(HELP);
	process.exit(0);
}
if (opts.only && !['single', 'queue'].includes(opts.only)) {
	console.error(`--only must be single or queue\n\n${HELP}`);
	process.exit(2);
}
const SCENARIOS = new Set(opts.scenarios.split(',').map((name) => name.trim()));
if ([...SCENARIOS].some((name) => !['webhook', 'drain', 'crash'].includes(name))) {
	console.error(`--scenarios takes webhook, drain and crash\n\n${HELP}`);
	process.exit(2);
}
const MESSAGES = Number(opts.messages);
const NOTIFICATIONS = Number(opts.notifications);
const SEED = Number(opts.seed);

const report = createReporter('faults');
const processes = new ProcessGroup();
const workDir = mkdtempSync(join(tmpdir(), 'green-api-faults-'));
const results = [];

process.on('exit', () => processes.killAllNow());
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, async () => {
		console.error(`[faults] interrupted; stopping (work folder ${workDir})`);
		await processes.stopAll();
		process.exit(130);
	});
}

/** Runs one scenario; a failure is recorded with its counts and the next scenario still runs. */
async function scenario(name, run) {
	const started = Date.now();
	try {
		const { measured, problems } = await report.step(name, run);
		results.push({ name, measured, problems, seconds: (Date.now() - started) / 1000 });
	} catch (error) {
		results.push({ name, problems: [`could not finish: ${error.message}`], seconds: (Date.now() - started) / 1000 });
	}
	const last = results.at(-1);
	console.log(`[faults] ${last.problems.length ? 'FAIL' : 'PASS'} ${name}${last.problems.map((p) => `\n[faults]   - ${p}`).join('')}`);
}

/** The echo bots of the e2e test; the queue one polls every 5 s (n8n takes one cron per minute, but several). */
function workflows() {
	const read = (name) => JSON.parse(readFileSync(join(REPO_DIR, 'test', 'e2e', 'fixtures', 'workflows', `${name}.json`), 'utf8'));
	const queue = read('e2e-queue-echo');
	const trigger = queue.nodes.find((node) => node.type.endsWith('.greenApiQueueTrigger'));
	trigger.parameters.pollTimes.item = Array.from({ length: 12 }, (_, i) => ({ mode: 'custom', cronExpression: `${i * 5} * * * * *` }));
	queue.name = 'faults: echo bot (GREEN-API Queue Trigger, polls every 5 s)';
	return [read('e2e-echo-bot'), queue];
}

async function runTopology(name, build, scenarios, shared) {
	const folder = join(workDir, name);
	const userFolder = join(folder, 'n8n');
	const ctx = { ...shared, name, workDir: folder };
	await installPackage(ctx, { userFolder, workDir: folder, link: opts.link });
	const suite = await build(ctx, { runtime: shared.runtime, userFolder, encryptionKey: randomBytes(24).toString('hex') });
	try {
		// A fresh sandbox state: the instance's webhook is free, only incoming messages are switched on.
		await shared.sandbox.control('POST', '/reset');
		await shared.sandbox.control('PATCH', `/instances/${SANDBOX.idInstance}/settings`, { incomingWebhook: 'yes' });
		await report.step(`${name}: import credentials and workflows`, () =>
			importIntoN8n(suite.n8n, join(folder, 'import'), { credentials: shared.credentials, workflows: workflows() }),
		);
		await suite.n8n.cliOk(['publish:workflow', '--id=greenApiE2eEcho01']);
		await suite.start();
		await report.step(`${name}: the echo bot takes the webhook`, () =>
			shared.waitForSettings((s) => s.webhookUrl.startsWith(suite.webhookBaseUrl)),
		);
		for (const [label, run] of scenarios) await scenario(`${name}: ${label}`, () => run(suite));
	} finally {
		await report.step(`${name}: stop`, () => suite.stop());
		for (const file of suite.logs) {
			try {
				expectNoTokens(readFileSync(file, 'utf8'), [SANDBOX.apiTokenInstance], file);
			} catch (error) {
				results.push({ name: `${name}: logs`, problems: [error.message] });
			}
		}
	}
}

async function main() {
	const runtime = await prepareTestRun({ report, processes }, { skipBuild: opts['skip-build'] });
	// Loaded only now: they use axios, which a fresh clone gets from prepareTestRun.
	const { controlApi, sandboxInstance } = await import('./lib/sandboxControl.mjs');
	const { webhookDelivery } = await import('./faults/webhookDelivery.mjs');
	const { queueDrain } = await import('./faults/queueDrain.mjs');
	const { workerCrash } = await import('./faults/workerCrash.mjs');
	const { queueMode, singleProcess } = await import('./faults/topology.mjs');
	const { waitFor } = await import('../../scripts/lib/processes.mjs');

	const [sandboxPort, mediaPort] = await freePorts(2);
	const sandbox = await report.step('start the sandbox', () =>
		startSandbox(processes, {
			port: sandboxPort,
			mediaPort,
			// Faster than GREEN-API: 0.3 s restart after setSettings, 0.5 s long polls, a resend 0.2 s after a failed POST.
			args: [
				'--no-rate-limits',
				'--quiet',
				'--restart-delay',
				'300',
				'--long-poll-scale',
				'0.1',
				'--webhook-retry',
				'200',
				'--webhook-timeout',
				'60000',
			],
			logFile: join(workDir, 'sandbox.log'),
		}),
	);
	sandbox.control = controlApi(sandbox);
	const instance = sandboxInstance(sandbox, SANDBOX.idInstance);
	const login = { email: 'faults@example.com', password: `Faults-${randomBytes(9).toString('base64url')}-1` };
	const shared = {
		processes,
		report,
		runtime,
		sandbox,
		instance,
		login,
		ownerEnv: ownerEnv(runtime, login),
		credentials: sandboxCredentials({ apiUrl: sandbox.apiUrl, mediaUrl: `http://127.0.0.1:${mediaPort}` }),
		waitForSettings: (match) => waitFor('the instance settings', async () => match(await instance.settings()), { timeoutMs: 180_000 }),
	};
	const run = `${randomBytes(2).toString('hex')}`;
	const webhook = (name, spread = false) => [
		`${MESSAGES} webhook messages with resends, overlapping copies and slow answers${spread ? ', copies spread over both webhook processes' : name === 'queue' ? ', copies to the same webhook process' : ''}`,
		(suite) =>
			webhookDelivery(suite, { label: `faults ${run} ${name} webhook${spread ? ' spread' : ''}`, count: MESSAGES, seed: SEED, spread }),
	];
	const drain = (name) => [
		`${NOTIFICATIONS} queued notifications through failing receive/delete calls, a deactivation and a SIGKILL of n8n`,
		async (suite) => {
			await deactivateEcho(suite);
			return queueDrain(suite, { label: `faults ${run} ${name} queue`, count: NOTIFICATIONS, seed: SEED });
		},
	];
	const deactivateEcho = async (suite) => {
		const { deactivateWorkflow } = await import('./lib/rest.mjs');
		await deactivateWorkflow(suite.http, 'greenApiE2eEcho01');
		await shared.waitForSettings((s) => s.webhookUrl === '');
	};
	const crash = [
		'a worker killed mid-execution',
		async (suite) => {
			const { activateWorkflow, deactivateWorkflow } = await import('./lib/rest.mjs');
			// On its own feet whatever came before: no queue echo bot polling, no notification left over.
			await deactivateWorkflow(suite.http, 'greenApiE2eQueue01').catch(() => undefined);
			await shared.sandbox.control('POST', '/reset');
			await shared.sandbox.control('PATCH', `/instances/${SANDBOX.idInstance}/settings`, { incomingWebhook: 'yes' });
			await activateWorkflow(suite.http, 'greenApiE2eEcho01');
			await shared.waitForSettings((s) => s.webhookUrl.startsWith(suite.webhookBaseUrl));
			return workerCrash(suite, { label: `faults ${run} queue worker crash` });
		},
	];

	const chosen = (kinds) => kinds.filter(([kind]) => SCENARIOS.has(kind)).map(([, scenario]) => scenario);
	if (!opts.only || opts.only === 'single') {
		await runTopology(
			'single',
			singleProcess,
			chosen([
				['webhook', webhook('single')],
				['drain', drain('single')],
			]),
			shared,
		);
	}
	if (!opts.only || opts.only === 'queue') {
		const scenarios = chosen([
			['webhook', webhook('queue')],
			['webhook', webhook('queue', true)],
			['drain', drain('queue')],
			['crash', crash],
		]);
		await runTopology('queue', queueMode, scenarios, shared);
	}
}

main()
	.catch((error) => {
		results.push({ name: 'setup', problems: [error.stack ?? error.message] });
		console.error(`\n[faults] ERROR: ${error.stack ?? error.message}`);
	})
	.finally(async () => {
		await processes.stopAll();
		const failed = results.filter((r) => r.problems.length);
		console.log(`\n[faults] timings\n${report.summary()}`);
		console.log('\n[faults] measured');
		for (const { name, measured } of results) if (measured) console.log(`  ${name}\n    ${JSON.stringify(measured)}`);
		for (const { name, problems } of failed) console.log(`[faults] FAILED ${name}:\n${problems.map((p) => `    - ${p}`).join('\n')}`);
		console.log(`[faults] ${results.length - failed.length} passed, ${failed.length} failed (n8n ${n8nVersion()})`);
		if (failed.length) {
			console.error(`[faults] logs and n8n folders kept in ${workDir}`);
			process.exit(1);
		}
		if (opts.keep) console.log(`[faults] work folder kept: ${workDir}`);
		else rmSync(workDir, { recursive: true, force: true });
	});
