#!/usr/bin/env node
/**
 * End-to-end test in a real n8n: builds and packs the package, installs it into a fresh n8n
 * user folder next to the GREEN-API sandbox, runs workflows with `n8n execute`, through a
 * webhook, through both GREEN-API triggers (activation, deliveries, deactivation, polling) and
 * (with --queue) on a queue-mode worker, and checks what the sandbox received.
 * Run with --help for the options.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { installExampleFiles, sandboxCredentials, sandboxWorkflows } from '../../scripts/lib/examples.mjs';
import { N8n, n8nEnv, ownerEnv } from '../../scripts/lib/n8n.mjs';
import { PACKAGE_NAME, REPO_DIR } from '../../scripts/lib/paths.mjs';
import { ProcessGroup } from '../../scripts/lib/processes.mjs';
import { createReporter } from '../../scripts/lib/report.mjs';
import { n8nVersion } from '../../scripts/lib/runtime.mjs';
import { SANDBOX, startSandbox } from '../../scripts/lib/sandbox.mjs';
import { E2eFailure, expectNoTokens, pass, passedCount } from './lib/expect.mjs';
import { freePorts } from './lib/ports.mjs';
import { importIntoN8n, installPackage, prepareTestRun } from './lib/setup.mjs';

const HELP = `Usage: npm run test:e2e [-- options]

  --queue       also run n8n in queue mode (Redis, worker, webhook process; installs redis-server with apt if missing)
  --link        load the package through a symlink to the repository instead of npm pack
  --skip-build  do not run npm run build first
  --keep        keep the temporary n8n folder and logs (they are always kept on failure)
  --screenshots write the editor check's screenshots to docs/images (npm run screenshots)
  -h, --help    show this help`;

const { values: opts } = parseArgs({
	options: {
		queue: { type: 'boolean', default: false },
		link: { type: 'boolean', default: false },
		'skip-build': { type: 'boolean', default: false },
		keep: { type: 'boolean', default: false },
		screenshots: { type: 'boolean', default: false },
		help: { type: 'boolean', short: 'h', default: false },
	},
});
if (opts.help) {
	console.log(HELP);
	process.exit(0);
}

const FIXTURES = join(REPO_DIR, 'test', 'e2e', 'fixtures');
const report = createReporter('e2e');
const processes = new ProcessGroup();
const workDir = mkdtempSync(join(tmpdir(), 'green-api-e2e-'));
let failed = true;

process.on('exit', () => processes.killAllNow());
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, async () => {
		console.error(`[e2e] interrupted; stopping (work folder ${workDir})`);
		await processes.stopAll();
		process.exit(130);
	});
}

/** Writes the credentials and workflows to import into the work folder and imports them. */
async function importFixtures(n8n, urls, triggerWorkflows) {
	const credentials = [...sandboxCredentials(urls), ...sandboxCredentials(urls, join(FIXTURES, 'credentials'))];
	const fixtureWorkflows = ['e2e-send-text', 'e2e-wrong-token', 'e2e-webhook-send'].map((name) =>
		JSON.parse(readFileSync(join(FIXTURES, 'workflows', `${name}.json`), 'utf8')),
	);
	await importIntoN8n(n8n, workDir, { credentials, workflows: [...fixtureWorkflows, ...triggerWorkflows, ...sandboxWorkflows(urls)] });
	return credentials;
}

async function main() {
	const runtime = await prepareTestRun({ report, processes }, { skipBuild: opts['skip-build'] });
	// Loaded only now: they use axios, which a fresh clone gets from prepareTestRun.
	const { checkCredentialTest, checkEditorRun, checkExecutions, checkLoadedNodes, checkWebhook } = await import('./steps.mjs');
	const { checkCrmExample } = await import('./crm.mjs');
	const { loginRest } = await import('./lib/rest.mjs');
	const { runQueueMode } = await import('./queue.mjs');
	const triggers = await import('./triggers.mjs');
	const outbound = await import('./outbound.mjs');
	const waiting = await import('./sendAndWait.mjs');
	const { liveQrWorkflows } = await import('./liveQr.mjs');
	const { sandboxInstance } = await import('./lib/sandboxControl.mjs');
	const { checkEditor } = await import('./editor.mjs');

	const [n8nPort, brokerPort, sandboxPort, mediaPort] = await freePorts(4);
	const userFolder = join(workDir, 'n8n');
	await installPackage({ report, processes }, { userFolder, workDir, link: opts.link });
	installExampleFiles(userFolder);
	const env = n8nEnv({
		runtime,
		userFolder,
		port: n8nPort,
		brokerPort,
		hermetic: true,
		extra: { N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex') },
	});
	const n8n = new N8n(processes, runtime, env);
	const tokens = [SANDBOX.apiTokenInstance];
	const urls = { apiUrl: `http://127.0.0.1:${sandboxPort}`, mediaUrl: `http://127.0.0.1:${mediaPort}` };

	const [sandbox, credentials] = await Promise.all([
		report.step('start the sandbox', () =>
			startSandbox(processes, {
				port: sandboxPort,
				mediaPort,
				// Faster than GREEN-API: a 0.5 s restart after setSettings, 0.5 s long polls.
				args: ['--no-rate-limits', '--restart-delay', '500', '--long-poll-scale', '0.1'],
				logFile: join(workDir, 'sandbox.log'),
			}),
		),
		report.step('import credentials and workflows (fresh database)', () =>
			importFixtures(n8n, urls, [
				...triggers.triggerWorkflows(),
				...outbound.outboundWorkflows(urls),
				...waiting.sendAndWaitWorkflows(),
				...liveQrWorkflows(),
			]),
		),
	]);
	tokens.push(...credentials.map((c) => c.data.apiTokenInstance).filter((t) => !tokens.includes(t)));
	const instance = sandboxInstance(sandbox, SANDBOX.idInstance);
	const ctx = { n8n, runtime, sandbox, instance, tokens, workDir, report, processes, credentials };

	await report.step('n8n export:nodes', () => checkLoadedNodes(ctx));
	await report.step('n8n execute (3 workflows + 1 failing)', () => checkExecutions(ctx));
	await report.step('CRM demo: customer CSV -> bulk check -> bulk send -> result file', () => checkCrmExample(ctx));

	ctx.before = await report.step('free the sandbox webhook (GREEN-API Trigger will take it)', () => triggers.freeTheWebhook(ctx));
	await report.step('n8n publish:workflow (webhook demo, echo bot)', async () => {
		for (const id of ['greenApiE2eHook01', triggers.ECHO_ID, ...waiting.WAIT_WORKFLOW_IDS])
			await n8n.cliOk(['publish:workflow', `--id=${id}`]);
	});
	const login = { email: 'e2e@example.com', password: `E2e-${randomBytes(9).toString('base64url')}-1` };
	Object.assign(ctx, { login, ownerEnv: ownerEnv(runtime, login) });
	const server = n8n.spawn('start', { name: 'n8n', env: ctx.ownerEnv, logFile: join(workDir, 'n8n.log') });
	await report.step('n8n start (until /healthz/readiness)', () => n8n.waitReady(server));
	const http = await report.step('log in as the owner', () => loginRest(n8n.url, login));
	// Before anything sends: GREEN-API refuses sends while the instance restarts after setSettings.
	await report.step('GREEN-API Trigger: activation takes the free webhook', () => triggers.checkActivation(ctx, http));
	const timeoutCase = await report.step('Send and Wait: start the wait-limit case', () => waiting.startTimeoutCase(ctx, http));
	await report.step('credential test (editor REST API)', () => checkCredentialTest(ctx, http));
	await report.step('run the demo from the editor (REST API)', () => checkEditorRun(ctx, http));
	await report.step('webhook -> GREEN-API send (main process)', () => checkWebhook(ctx, 'main process'));
	await report.step('GREEN-API Trigger: no token -> 401', () => triggers.checkUnauthorized(ctx, http));
	await report.step('GREEN-API Trigger: unparsable JSON -> 422', () => triggers.checkUnparsableBody(ctx, http));
	await report.step('GREEN-API Trigger: incoming message -> echo', () => triggers.checkEcho(ctx, http));
	await report.step('GREEN-API Trigger: a redelivery starts nothing', () => triggers.checkRedelivery(ctx, http));
	await report.step('GREEN-API Trigger: deactivation restores settings', () => triggers.checkDeactivation(ctx, http));
	await report.step('GREEN-API Trigger: foreign webhook refused', () => triggers.checkForeignWebhook(ctx, http));
	await report.step('GREEN-API Trigger: Take Over, then restore', () => triggers.checkTakeOver(ctx, http));
	await report.step('Queue Trigger: two messages queued', () => triggers.fillQueue(ctx));
	await report.step('Queue Trigger: manual run peeks', () => triggers.checkQueueManualRun(ctx, http));
	await report.step('Queue Trigger: activation drains the queue', () => triggers.checkQueueDrain(ctx, http));
	await report.step('Queue Trigger: scheduled poll', () => triggers.checkScheduledPoll(ctx, http));
	await report.step('crafted download links: no token, nothing internal', () => outbound.checkCraftedLinks(ctx, http));
	await report.step('demo: reply to photos and files', () => outbound.checkFilesDemo(ctx, http));
	await waiting.checkSendAndWaitInBrowser(ctx, http, { timeoutCase, where: 'main process', everything: true });
	await report.step('editor in Chromium', () => checkEditor(ctx, http, { screenshots: opts.screenshots }));
	await report.step('stop n8n', () => processes.stop(server));
	expectNoTokens(readFileSync(join(workDir, 'n8n.log'), 'utf8'), tokens, 'the n8n server log');
	pass('the n8n server log contains no API or webhook token');

	if (opts.queue) await runQueueMode(ctx);
	failed = false;
}

main()
	.catch((error) => {
		const kind = error instanceof E2eFailure ? 'FAIL' : 'ERROR';
		console.error(`\n[e2e] ${kind}: ${error.message}`);
	})
	.finally(async () => {
		await processes.stopAll();
		console.log(`\n[e2e] timings\n${report.summary()}`);
		if (failed) {
			console.error(`[e2e] FAILED after ${passedCount()} passed checks; logs and n8n folder kept in ${workDir}`);
			process.exit(1);
		}
		if (opts.keep) console.log(`[e2e] work folder kept: ${workDir}`);
		else rmSync(workDir, { recursive: true, force: true });
		console.log(`[e2e] ALL ${passedCount()} CHECKS PASSED (${PACKAGE_NAME} in n8n ${n8nVersion()})`);
	});
