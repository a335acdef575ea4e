import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createConnection, createServer } from 'node:net';

const TAIL_LINES = 60;

/**
 * The environment for child processes, without the npm_* variables `npm run` sets for this
 * script: a nested npm would otherwise pick up the outer project's prefix and config.
 */
export function cleanEnv(extra = {}) {
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
	return { ...env, ...extra };
}

/**
 * Child processes of one run. Each child gets its own process group so that stopping it also
 * stops what it spawned (n8n's task runner, tsx's node), and so that Ctrl-C reaches only the
 * script, which then stops the children in order.
 */
export class ProcessGroup {
	children = new Set();

	/** Starts a long-running process; output goes to logFile and, with echo, to the terminal. */
	start(name, command, args, { env, cwd, logFile, echo = false } = {}) {
		const child = spawn(command, args, { env: env ?? cleanEnv(), cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
		const tail = [];
		const addLine = (line) => {
			tail.push(line);
			if (tail.length > TAIL_LINES) tail.shift();
			if (echo) console.log(`[${name}] ${line}`);
		};
		const onData = (stream) => {
			let pending = '';
			stream.on('data', (chunk) => {
				if (log && !log.writableEnded) log.write(chunk);
				pending += chunk.toString();
				const lines = pending.split('\n');
				pending = lines.pop();
				lines.forEach(addLine);
			});
			stream.on('end', () => pending && addLine(pending));
		};
		onData(child.stdout);
		onData(child.stderr);
		const entry = { name, child, tail, logFile, exited: false, code: null, signal: null };
		entry.exit = new Promise((resolve) => {
			child.on('error', (error) => {
				tail.push(String(error));
				entry.exited = true;
				resolve(entry);
			});
			child.on('exit', (code, signal) => {
				Object.assign(entry, { exited: true, code, signal });
				resolve(entry);
			});
		});
		/** Resolves once the output is fully written to the log file. */
		entry.flushed = new Promise((resolve) => {
			child.on('close', () => (log ? log.end(resolve) : resolve()));
			child.on('error', () => resolve());
		});
		this.children.add(entry);
		entry.exit.then(() => this.children.delete(entry));
		return entry;
	}

	/** Runs a command to completion and returns its exit code and output. */
	async run(name, command, args, { env, cwd, timeoutMs = 300_000 } = {}) {
		const child = spawn(command, args, { env: env ?? cleanEnv(), cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), timeoutMs);
		const entry = { name, child, tail: [], exited: false };
		entry.exit = new Promise((resolve) => {
			child.on('error', (error) => {
				stderr += String(error);
				resolve([null, null]);
			});
			child.on('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
		});
		entry.flushed = entry.exit;
		this.children.add(entry);
		const [code, signal] = await entry.exit;
		clearTimeout(timer);
		entry.exited = true;
		this.children.delete(entry);
		return { code, signal, stdout, stderr, timedOut: signal === 'SIGKILL' };
	}

	/** Asks a process group to stop, then kills it if it has not stopped in time. */
	async stop(entry, timeoutMs = 20_000) {
		if (entry.exited) return entry.flushed;
		signalGroup(entry.child, 'SIGTERM');
		const timedOut = await Promise.race([
			entry.exit.then(() => false),
			new Promise((resolve) => setTimeout(() => resolve(true), timeoutMs).unref()),
		]);
		if (timedOut) {
			signalGroup(entry.child, 'SIGKILL');
			await entry.exit;
		}
		await Promise.race([entry.flushed, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
	}

	/** Stops every child, newest first. */
	async stopAll() {
		for (const entry of [...this.children].reverse()) await this.stop(entry);
	}

	/** Last resort on process exit: kills whatever is still running, synchronously. */
	killAllNow() {
		for (const entry of this.children) signalGroup(entry.child, 'SIGKILL');
	}
}

function signalGroup(child, signal) {
	if (!child.pid) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Whether something already listens on 127.0.0.1:port. */
export function portInUse(port) {
	return new Promise((resolve) => {
		const server = createServer();
		server.unref();
		server.once('error', (error) => resolve(error.code === 'EADDRINUSE' || error.code === 'EACCES'));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
	});
}

/**
 * Polls check() until it returns a truthy value. Gives up after timeoutMs, or as soon as the
 * process it waits for has exited.
 */
export async function waitFor(what, check, { timeoutMs = 120_000, intervalMs = 250, process: entry } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (entry?.exited) {
			throw new Error(`${what}: ${entry.name} exited (code ${entry.code}, signal ${entry.signal})\n${entry.tail.join('\n')}`);
		}
		try {
			const value = await check();
			if (value) return value;
		} catch {
			// not ready yet
		}
		if (Date.now() > deadline) throw new Error(`${what}: timed out after ${timeoutMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/** GET a URL with a short timeout; resolves to { status, text } or rejects on connection errors. */
export async function httpGet(url, timeoutMs = 2000) {
	const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
	return { status: response.status, text: await response.text() };
}

/** Whether a TCP connection to 127.0.0.1:port succeeds (without sending anything). */
export function tcpOpen(port, timeoutMs = 1000) {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		const done = (open) => {
			socket.destroy();
			resolve(open);
		};
		socket.setTimeout(timeoutMs, () => done(false));
		socket.once('connect', () => done(true));
		socket.once('error', () => done(false));
	});
}
