import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { N8n, n8nEnv, waitHealthy } from '../../../scripts/lib/n8n.mjs';
import { startPostgres } from '../../../scripts/lib/postgres.mjs';
import { startRedis } from '../../../scripts/lib/redis.mjs';
import { freePorts } from '../lib/ports.mjs';
import { loginRest } from '../lib/rest.mjs';
import { startProxy } from './proxy.mjs';

/**
 * The two ways users run n8n, each with this package installed in its user folder:
 *   single   one n8n process on SQLite (what most users run);
 *   queue    n8n's queue mode on PostgreSQL: a main process (activation, polling), two workers
 *            (executions), two webhook processes (production webhooks) behind a small load
 *            balancer, and Redis.
 * Each returns the suite context the scenarios use; stop() ends every process it started.
 */

/** Shared by both: what n8n, the REST client and a restart of the main process need. */
function suiteBase(ctx, { n8n, mainEnv, mainLog }) {
	const suite = {
		...ctx,
		n8n,
		main: undefined,
		async startMain() {
			suite.main = n8n.spawn('start', { name: `n8n main (${ctx.name})`, env: mainEnv, logFile: mainLog });
			await n8n.waitReady(suite.main);
			suite.http = await loginRest(n8n.url, ctx.login);
		},
		/** A crash of the process that activates workflows and polls, and its restart. */
		async restartMain() {
			await ctx.processes.kill(suite.main, 'on purpose: a crash of the n8n main process mid-drain');
			await suite.startMain();
		},
	};
	return suite;
}

export async function singleProcess(ctx, { runtime, userFolder, encryptionKey }) {
	const [port, brokerPort] = await freePorts(2);
	const env = n8nEnv({
		runtime,
		userFolder,
		port,
		brokerPort,
		hermetic: true,
		extra: {
			N8N_ENCRYPTION_KEY: encryptionKey,
			// GREEN-API sends the next notification as soon as one is answered, and the trigger
			// answers at once: without a limit a backlog of 500 starts 500 runs together, more than
			// SQLite's single writer keeps up with on a small machine. n8n queues the rest.
			N8N_CONCURRENCY_PRODUCTION_LIMIT: '10',
		},
	});
	const n8n = new N8n(ctx.processes, runtime, env);
	const suite = suiteBase(ctx, { n8n, mainEnv: ctx.ownerEnv, mainLog: join(ctx.workDir, `n8n-${ctx.name}.log`) });
	suite.webhookBaseUrl = env.N8N_WEBHOOK_URL;
	suite.logs = [join(ctx.workDir, `n8n-${ctx.name}.log`)];
	suite.start = () => ctx.report.step(`${ctx.name}: n8n start`, () => suite.startMain());
	suite.stop = async () => {
		await ctx.processes.stop(suite.main);
	};
	return suite;
}

export async function queueMode(ctx, { runtime, userFolder, encryptionKey }) {
	const { processes, report, workDir, name } = ctx;
	const postgres = await report.step(`${name}: PostgreSQL`, () => startPostgres(ctx, { logFile: join(workDir, 'postgres.log') }));
	const redis = await report.step(`${name}: Redis`, () => startRedis(ctx, { logFile: join(workDir, 'redis.log') }));
	const ports = await freePorts(10, [postgres.port, redis.port]);
	const [mainPort, mainBroker, w1Broker, w1Health, w2Broker, w2Health, h1Port, h1Broker, h2Port, h2Broker] = ports;
	const proxy = await startProxy([h1Port, h2Port]);
	const base = n8nEnv({
		runtime,
		userFolder,
		port: mainPort,
		brokerPort: mainBroker,
		hermetic: true,
		extra: {
			N8N_ENCRYPTION_KEY: encryptionKey,
			...postgres.env,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			// GREEN-API is told to call the load balancer, which spreads over both webhook processes.
			N8N_WEBHOOK_URL: proxy.url,
			// Fast detection of a dead worker's job, and of executions left without one.
			QUEUE_WORKER_LOCK_DURATION: '20000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
			QUEUE_WORKER_STALLED_INTERVAL: '10000',
			N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '0.25',
		},
	});
	const n8n = new N8n(processes, runtime, base);
	const log = (file) => join(workDir, file);
	const suite = suiteBase(ctx, { n8n, mainEnv: ctx.ownerEnv, mainLog: log('n8n-queue-main.log') });
	Object.assign(suite, { db: postgres, proxy, webhookBaseUrl: proxy.url, workers: [], webhooks: [] });
	suite.logs = [
		'n8n-queue-main.log',
		'n8n-queue-worker-1.log',
		'n8n-queue-worker-2.log',
		'n8n-queue-webhook-1.log',
		'n8n-queue-webhook-2.log',
	].map(log);

	const startWorker = (index, broker, health) =>
		n8n.spawn('worker', {
			name: `n8n worker ${index}`,
			args: ['--concurrency=5'],
			logFile: log(`n8n-queue-worker-${index}.log`),
			env: {
				N8N_RUNNERS_BROKER_PORT: String(broker),
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(health),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			},
		});
	const startWebhook = (index, port, broker) =>
		n8n.spawn('webhook', {
			name: `n8n webhook ${index}`,
			logFile: log(`n8n-queue-webhook-${index}.log`),
			env: { N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(broker) },
		});

	suite.start = () =>
		report.step(`${name}: n8n main + 2 workers + 2 webhook processes`, async () => {
			// The main process migrates the database; the others start once it is ready.
			await suite.startMain();
			suite.workers = [startWorker(1, w1Broker, w1Health), startWorker(2, w2Broker, w2Health)];
			suite.webhooks = [startWebhook(1, h1Port, h1Broker), startWebhook(2, h2Port, h2Broker)];
			await Promise.all([
				waitHealthy(`http://127.0.0.1:${w1Health}/healthz`, suite.workers[0]),
				waitHealthy(`http://127.0.0.1:${w2Health}/healthz`, suite.workers[1]),
				waitHealthy(`http://127.0.0.1:${h1Port}/healthz/readiness`, suite.webhooks[0]),
				waitHealthy(`http://127.0.0.1:${h2Port}/healthz/readiness`, suite.webhooks[1]),
			]);
		});
	suite.stop = async () => {
		for (const entry of [...suite.webhooks, ...suite.workers, suite.main]) if (entry) await processes.stop(entry);
		await proxy.close();
		await processes.stop(redis.entry);
		await processes.stop(postgres.entry);
		postgres.remove();
	};
	return suite;
}

export const ensureDir = (dir) => mkdirSync(dir, { recursive: true });
