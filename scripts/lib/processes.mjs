import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
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
 * How a process ended, in words: its exit code, or the signal that ended it and whether this
 * harness sent that signal (and why), so a crash is never confused with a stop or a timeout.
 * Takes a start() entry or a run() result.
 */
export function describeExit({ code, signal, sent = [], timedOut }) {
	if (code === undefined && signal === undefined) return 'is still running';
	if (signal) {
		const ours = [...sent].reverse().find((s) => s.signal === signal);
		const why = ours ? `sent by this harness ${ours.why}` : 'not sent by this harness';
		return `was killed by ${signal} (${why})`;
	}
	if (code === null) return 'did not start';
	return `exited with code ${code}${timedOut ? ' after this harness asked it to stop' : ''}`;
}

/**
 * Child processes of one run. Each child gets its own process group so that stopping it also
 * stops what it spawned (n8n's task runner, tsx's node), and so that Ctrl-C reaches only the
 * script, which then stops the children in order.
 */
export class ProcessGroup {
	children = new Set();

	/**
	 * Starts a long-running process; output goes to logFile and, with echo, to the terminal.
	 * stop() asks it to end with stopSignal and waits stopTimeoutMs for it to exit on its own.
	 * With leaderFirst, only the process itself gets that signal (it stops its own children, as
	 * n8n stops its task runner); whatever of its group is left after it exited is then killed.
	 */
	start(
		name,
		command,
		args,
		{ env, cwd, logFile, echo = false, stopSignal = 'SIGTERM', stopTimeoutMs = 20_000, leaderFirst = false } = {},
	) {
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
		const entry = { name, child, pid: child.pid, tail, logFile, exited: false, code: undefined, signal: undefined, sent: [] };
		Object.assign(entry, { stopSignal, stopTimeoutMs, leaderFirst });
		entry.exit = new Promise((resolve) => {
			child.on('error', (error) => {
				tail.push(String(error));
				Object.assign(entry, { exited: true, code: null, signal: null });
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

	/**
	 * Runs a command to completion and returns its exit code, the signal that ended it (if any)
	 * and its output. A command still running after timeoutMs is asked to stop (SIGTERM to its
	 * group), then killed 10 s later; the result says so (timedOut, sent).
	 */
	async run(name, command, args, { env, cwd, timeoutMs = 300_000 } = {}) {
		const child = spawn(command, args, { env: env ?? cleanEnv(), cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const entry = { name, child, pid: child.pid, tail: [], exited: false, sent: [], stopSignal: 'SIGTERM', stopTimeoutMs: 10_000 };
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			void this.stop(entry, `because it was still running after ${timeoutMs / 1000} s`);
		}, timeoutMs);
		entry.exit = new Promise((resolve) => {
			child.on('error', (error) => {
				stderr += String(error);
				resolve([null, null]);
			});
			// 'close' comes after the exit and after the output pipes closed: all output is read.
			child.on('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
		});
		entry.flushed = entry.exit;
		this.children.add(entry);
		const [code, signal] = await entry.exit;
		clearTimeout(timer);
		Object.assign(entry, { exited: true, code, signal });
		this.children.delete(entry);
		return { code, signal, sent: entry.sent, stdout, stderr, timedOut };
	}

	/**
	 * Asks a process to stop and waits for it to exit on its own; only after its stop timeout
	 * (or when it was killed from outside) is the rest of its group killed.
	 */
	async stop(entry, why = 'to stop it') {
		// A setup that failed before the process was started has nothing to stop.
		if (!entry) return;
		if (!entry.exited) {
			const target = entry.leaderFirst ? 'leader' : 'group';
			sendSignal(entry, entry.stopSignal, target, why);
			const timedOut = await Promise.race([
				entry.exit.then(() => false),
				new Promise((resolve) => setTimeout(() => resolve(true), entry.stopTimeoutMs).unref()),
			]);
			if (timedOut) {
				console.warn(`[processes] ${entry.name} did not stop within ${entry.stopTimeoutMs / 1000} s of ${entry.stopSignal}; killing it`);
				sendSignal(entry, 'SIGKILL', 'group', `because it did not stop within ${entry.stopTimeoutMs / 1000} s of ${entry.stopSignal}`);
				await entry.exit;
			}
		}
		killLeftovers(entry);
		await Promise.race([entry.flushed, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
	}

	/** Kills a process group at once, as a crash or the OOM killer would end it. */
	async kill(entry, why = 'on purpose (a crash test)') {
		if (!entry.exited) sendSignal(entry, 'SIGKILL', 'group', why);
		await entry.exit;
		await Promise.race([entry.flushed, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
	}

	/** Stops every child, newest first (in queue mode: webhook processes and workers before main, main before Redis and PostgreSQL). */
	async stopAll() {
		for (const entry of [...this.children].reverse()) await this.stop(entry);
	}

	/** Last resort on process exit: kills whatever is still running, synchronously. */
	killAllNow() {
		for (const entry of this.children) if (!entry.exited) sendSignal(entry, 'SIGKILL', 'group', 'because the test run ended');
	}
}

function sendSignal(entry, signal, target, why) {
	if (!entry.pid) return;
	entry.sent.push({ signal, why, at: Date.now() });
	try {
		process.kill(target === 'group' ? -entry.pid : entry.pid, signal);
	} catch {
		try {
			entry.child.kill(signal);
		} catch {
			// already gone
		}
	}
}

/**
 * After a process exited, what is left of its group (e.g. a task runner n8n did not stop) is
 * killed. Its group id is the process's own pid; should that pid already belong to a new
 * process, the group is someone else's now and is left alone.
 */
function killLeftovers(entry) {
	if (!entry.pid || existsSync(`/proc/${entry.pid}`)) return;
	try {
		process.kill(-entry.pid, 'SIGKILL');
	} catch {
		// nothing left
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
 * process it waits for has exited (saying how it ended).
 */
export async function waitFor(what, check, { timeoutMs = 120_000, intervalMs = 250, process: entry } = {}) {
	const deadline = Date.now() + timeoutMs;
	let lastError;
	for (;;) {
		if (entry?.exited) {
			throw new Error(`${what}: ${entry.name} ${describeExit(entry)}\n${entry.tail.join('\n')}`);
		}
		try {
			const value = await check();
			if (value) return value;
			lastError = undefined;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) {
			const last = lastError ? ` (last error: ${lastError.message})` : '';
			throw new Error(`${what}: timed out after ${timeoutMs / 1000} s${last}`);
		}
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
