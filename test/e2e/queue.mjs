import { existsSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { delimiter, join } from 'node:path';

import { freePort, httpGet, waitFor } from '../../scripts/lib/processes.mjs';
import { expect, expectNoTokens, pass } from './lib/expect.mjs';
import { checkWebhook } from './steps.mjs';

function findRedisServer() {
	const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin', '/usr/sbin'];
	return dirs.map((dir) => join(dir, 'redis-server')).find((file) => existsSync(file));
}

/** redis-server from PATH, or installed with apt-get (as root, or through passwordless sudo). */
async function ensureRedis({ processes, report }) {
	const found = findRedisServer();
	if (found) return found;
	const asRoot = process.getuid?.() === 0;
	const prefix = asRoot ? [] : ['sudo', '-n'];
	const apt = async (...args) => {
		const [command, ...rest] = [...prefix, 'apt-get', ...args];
		return processes.run(command, command, rest, {
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			timeoutMs: 300_000,
		});
	};
	report.info('redis-server is not installed; installing it with apt-get');
	let result = await apt('install', '-y', '--no-install-recommends', 'redis-server');
	if (result.code !== 0) {
		await apt('update');
		result = await apt('install', '-y', '--no-install-recommends', 'redis-server');
	}
	const installed = findRedisServer();
	expect(installed, 'could not install redis-server with apt-get (needs root or passwordless sudo)', result.stderr.slice(-2000));
	return installed;
}

function redisPing(port) {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		socket.setTimeout(1000, () => socket.destroy());
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (data) => {
			resolve(data.toString().startsWith('+PONG'));
			socket.end();
		});
		socket.on('error', () => resolve(false));
		socket.on('close', () => resolve(false));
	});
}

/**
 * Queue mode: the main process takes the webhook and puts the execution on a Redis queue; a
 * separate `n8n worker` runs it, so the package must load and work in the worker too.
 */
export async function runQueueMode(ctx) {
	const { n8n, processes, report, workDir, tokens } = ctx;
	const redisServer = await report.step('redis-server', () => ensureRedis(ctx));
	const [redisPort, workerBrokerPort, workerHealthPort] = [await freePort(), await freePort(), await freePort()];
	const redis = processes.start(
		'redis',
		redisServer,
		['--bind', '127.0.0.1', '--port', String(redisPort), '--save', '', '--appendonly', 'no'],
		{ logFile: join(workDir, 'redis.log') },
	);
	await waitFor('redis start', () => redisPing(redisPort), { timeoutMs: 20_000, process: redis });

	const queueEnv = { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(redisPort) };
	const mainLog = join(workDir, 'n8n-queue-main.log');
	const workerLog = join(workDir, 'n8n-queue-worker.log');
	const main = n8n.spawn('start', { name: 'n8n main', env: queueEnv, logFile: mainLog });
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
	await report.step('n8n main + worker in queue mode', () =>
		Promise.all([
			n8n.waitReady(main),
			waitFor('worker health', async () => (await httpGet(`http://127.0.0.1:${workerHealthPort}/healthz`)).status === 200, {
				timeoutMs: 180_000,
				process: worker,
			}),
		]),
	);

	await report.step('webhook -> GREEN-API send (queue worker)', async () => {
		await checkWebhook(ctx, 'queue mode');
		await waitFor('worker log', () => /Worker finished execution \d+/.test(readFileSync(workerLog, 'utf8')), { timeoutMs: 10_000 });
		const started = readFileSync(workerLog, 'utf8').match(/Worker started execution (\d+)/);
		expect(started, 'the worker log does not show the execution', readFileSync(workerLog, 'utf8').slice(-3000));
		expect(/Enqueued execution/.test(readFileSync(mainLog, 'utf8')), 'the main process did not enqueue the execution');
		pass(`queue mode: the main process enqueued the webhook run and the worker ran it (execution ${started[1]})`);
	});

	await report.step('stop worker, main and redis', async () => {
		await processes.stop(worker);
		await processes.stop(main);
		await processes.stop(redis);
	});
	for (const file of [mainLog, workerLog]) expectNoTokens(readFileSync(file, 'utf8'), tokens, file);
	pass('the queue-mode logs contain no API token');
}
