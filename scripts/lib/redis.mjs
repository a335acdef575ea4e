import { delimiter, join } from 'node:path';
import { createConnection } from 'node:net';

import { ensureDebianPackages, firstExisting } from './apt.mjs';
import { freePort, waitFor } from './processes.mjs';

function findRedisServer() {
	const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin', '/usr/sbin'];
	return firstExisting(dirs.map((dir) => join(dir, 'redis-server')));
}

/** Whether a Redis server answers PING on 127.0.0.1:port. */
export function redisPing(port) {
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
 * A private Redis on a free loopback port, without persistence, installed from Debian's
 * packages when missing. Stopped with the other processes of the run.
 */
export async function startRedis({ processes, report }, { logFile, port } = {}) {
	const server = await ensureDebianPackages({ processes, report }, ['redis-server'], findRedisServer, 'redis-server');
	const redisPort = port ?? (await freePort());
	const entry = processes.start('redis', server, ['--bind', '127.0.0.1', '--port', String(redisPort), '--save', '', '--appendonly', 'no'], {
		logFile,
	});
	await waitFor('redis start', () => redisPing(redisPort), { timeoutMs: 30_000, process: entry });
	return { entry, port: redisPort };
}
