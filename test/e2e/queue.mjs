import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { waitHealthy } from '../../scripts/lib/n8n.mjs';
import { waitFor } from '../../scripts/lib/processes.mjs';
import { startRedis } from '../../scripts/lib/redis.mjs';
import { STATE_MS } from './lib/bounds.mjs';
import { expect, expectNoTokens, pass } from './lib/expect.mjs';
import { freePorts } from './lib/ports.mjs';
import { loginRest } from './lib/rest.mjs';
import { checkSendAndWaitInBrowser, startTimeoutCase } from './sendAndWait.mjs';
import { checkWebhook } from './steps.mjs';
import { checkActivation, checkDeactivation, checkEcho, checkUnauthorized, ECHO_ID, freeTheWebhook } from './triggers.mjs';

const logOf = (file) => readFileSync(file, 'utf8');

/**
 * Queue mode as n8n runs it at scale: the main process activates workflows, a webhook process
 * takes production webhooks and puts executions on a Redis queue, a worker runs them (the main
 * process takes webhooks too: the demo webhook is posted there). The package must load and work
 * in each. The GREEN-API Trigger's token is created in the main process and checked in the
 * webhook process, so it can only come from the workflow's static data in the database.
 */
export async function runQueueMode(ctx) {
	const { n8n, processes, report, workDir, tokens } = ctx;
	const { entry: redis, port: redisPort } = await report.step('redis-server', () =>
		startRedis(ctx, { logFile: join(workDir, 'redis.log') }),
	);
	const [workerBrokerPort, workerHealthPort, webhookPort, webhookBrokerPort] = await freePorts(4, [
		n8n.port,
		Number(n8n.env.N8N_RUNNERS_BROKER_PORT),
		redisPort,
	]);

	ctx.before = await report.step('free the sandbox webhook, publish the echo bot', async () => {
		const before = await freeTheWebhook(ctx);
		await n8n.cliOk(['publish:workflow', `--id=${ECHO_ID}`]);
		return before;
	});

	// Every process builds production URLs from N8N_WEBHOOK_URL: the webhook process's.
	const webhookBaseUrl = `http://127.0.0.1:${webhookPort}/`;
	const queueEnv = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		N8N_WEBHOOK_URL: webhookBaseUrl,
	};
	const mainLog = join(workDir, 'n8n-queue-main.log');
	const workerLog = join(workDir, 'n8n-queue-worker.log');
	const webhookLog = join(workDir, 'n8n-queue-webhook.log');
	const main = n8n.spawn('start', { name: 'n8n main', env: { ...queueEnv, ...ctx.ownerEnv }, logFile: mainLog });
	const worker = n8n.spawn('worker', {
		name: 'n8n worker',
		args: ['--concurrency=5'],
		logFile: workerLog,
		env: {
			...queueEnv,
			N8N_RUNNERS_BROKER_PORT: String(workerBrokerPort),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(workerHealthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		},
	});
	const webhook = n8n.spawn('webhook', {
		name: 'n8n webhook',
		logFile: webhookLog,
		env: { ...queueEnv, N8N_PORT: String(webhookPort), N8N_RUNNERS_BROKER_PORT: String(webhookBrokerPort) },
	});
	await report.step('n8n main + worker + webhook process in queue mode', () =>
		Promise.all([
			n8n.waitReady(main),
			waitHealthy(`http://127.0.0.1:${workerHealthPort}/healthz`, worker),
			waitHealthy(`${webhookBaseUrl}healthz/readiness`, webhook),
		]),
	);

	const http = await loginRest(n8n.url, ctx.login);
	const queueCtx = { ...ctx, webhookBaseUrl };
	// Before anything sends: GREEN-API refuses sends while the instance restarts after setSettings.
	await report.step('GREEN-API Trigger (queue): main activates', () => checkActivation(queueCtx, http));
	const timeoutCase = await report.step('Send and Wait (queue): start the wait-limit case', () => startTimeoutCase(queueCtx, http));
	await report.step('webhook -> GREEN-API send (queue worker)', async () => {
		await checkWebhook(ctx, 'queue mode');
		await waitFor('worker log', () => /Worker finished execution \d+/.test(logOf(workerLog)), { timeoutMs: STATE_MS });
		const started = logOf(workerLog).match(/Worker started execution (\d+)/);
		expect(started, 'the worker log does not show the execution', logOf(workerLog).slice(-3000));
		expect(/Enqueued execution/.test(logOf(mainLog)), 'the main process did not enqueue the execution');
		pass(`queue mode: the main process enqueued the webhook run and the worker ran it (execution ${started[1]})`);
	});

	await report.step('GREEN-API Trigger (queue): no token -> 401', () => checkUnauthorized(queueCtx, http));
	await report.step('GREEN-API Trigger (queue): echo via webhook process + worker', async () => {
		const id = await checkEcho(queueCtx, http);
		await waitFor('the worker log', () => logOf(workerLog).includes(`Worker finished execution ${id} `), { timeoutMs: STATE_MS });
		expect(
			logOf(workerLog).includes(`Worker started execution ${id} `),
			`the worker log does not show execution ${id}`,
			logOf(workerLog).slice(-3000),
		);
		expect(
			logOf(webhookLog).includes(`Enqueued execution ${id} `),
			`the webhook process did not enqueue execution ${id}`,
			logOf(webhookLog).slice(-3000),
		);
		expect(!logOf(mainLog).includes(`Enqueued execution ${id} `), `the main process took the delivery of execution ${id}`);
		pass(`queue mode: the main process activated, the webhook process checked the token and enqueued execution ${id}, the worker ran it`);
	});
	await report.step('GREEN-API Trigger (queue): deactivation restores', () => checkDeactivation(queueCtx, http));
	await checkSendAndWaitInBrowser({ ...queueCtx, workerLog }, http, { timeoutCase, where: 'queue mode', everything: false });

	await report.step('stop webhook, worker, main and redis', async () => {
		await processes.stop(webhook);
		await processes.stop(worker);
		await processes.stop(main);
		await processes.stop(redis);
	});
	for (const file of [mainLog, workerLog, webhookLog]) expectNoTokens(logOf(file), tokens, file);
	pass('the queue-mode logs contain no API or webhook token');
}
