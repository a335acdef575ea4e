import { lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';

import { EXAMPLE_FILES_FOLDER, PACKAGE_NAME, REPO_DIR } from './paths.mjs';
import { cleanEnv, describeExit, httpGet, waitFor } from './processes.mjs';

/**
 * Settings that keep n8n quiet on the network: no telemetry, version checks, templates,
 * banners, licence renewal, MCP registry or verified-package catalogue.
 */
export const OFFLINE_ENV = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	N8N_DISABLED_MODULES: 'mcp-registry',
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
	N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
	N8N_SSRF_PROTECTION_ENABLED: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
	N8N_SECURE_COOKIE: 'false',
	GENERIC_TIMEZONE: 'UTC',
	NODE_ENV: 'production',
	DB_TYPE: 'sqlite',
	N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '30',
};

/**
 * How long the harness lets an n8n process stop on its own after SIGTERM: n8n's own graceful
 * shutdown time, then a margin for a loaded machine. Only after that is it killed.
 */
const stopTimeoutMs = (env) => (Number(env.N8N_GRACEFUL_SHUTDOWN_TIMEOUT) + 30) * 1000;

/** Variables of the calling shell that would change what n8n does in a hermetic run. */
const FOREIGN = /^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODE_OPTIONS$|NODE_ENV$)/;

/** npm start's own settings, which n8n has no use for (one is a password). */
const OWN = new Set(['N8N_OWNER_EMAIL', 'N8N_OWNER_PASSWORD', 'N8N_RUN_FOLDER', 'SANDBOX_PORT', 'SANDBOX_MEDIA_PORT']);

/**
 * The environment for every n8n process of one run.
 * hermetic: drop n8n settings inherited from the shell (the e2e test); otherwise they win over
 * the offline defaults (npm start), but never over the folder, ports and owner.
 */
export function n8nEnv({ runtime, userFolder, port, brokerPort, hermetic = false, extra = {} }) {
	const inherited = Object.fromEntries(Object.entries(cleanEnv()).filter(([key]) => !OWN.has(key) && !(hermetic && FOREIGN.test(key))));
	return {
		...OFFLINE_ENV,
		// Read/Write Files from Disk may use <user folder>/files (the CRM demo's customer list).
		N8N_RESTRICT_FILE_ACCESS_TO: join(userFolder, EXAMPLE_FILES_FOLDER),
		...inherited,
		// The JS task runner is spawned as a bare `node`: Node.js 24 must come first on PATH.
		PATH: [runtime.nodeBinDir, runtime.modulesBinDir, process.env.PATH].join(delimiter),
		N8N_USER_FOLDER: userFolder,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_PORT: String(port),
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		...extra,
	};
}

/** Env that makes n8n create (or update) its owner account at start-up, so no sign-up is needed. */
export function ownerEnv(runtime, { email, password }) {
	const bcrypt = runtime.requireFromN8n('bcryptjs');
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: email,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(password, 10),
		N8N_INSTANCE_OWNER_FIRST_NAME: 'Demo',
		N8N_INSTANCE_OWNER_LAST_NAME: 'Owner',
	};
}

/**
 * Links the repository into the user folder the way n8n installs a community package, so the
 * node types are `n8n-nodes-green-api.*`, exactly as for users who install it from npm.
 */
export function linkPackage(userFolder) {
	const link = join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	const target = relative(dirname(link), REPO_DIR) || '.';
	mkdirSync(dirname(link), { recursive: true });
	try {
		if (lstatSync(link).isSymbolicLink() && readlinkSync(link) === target) return link;
		rmSync(link, { recursive: true, force: true });
	} catch {
		// no link yet
	}
	symlinkSync(target, link, 'dir');
	return link;
}

/** Runs n8n commands and the n8n server with one runtime and environment. */
export class N8n {
	constructor(processes, runtime, env) {
		this.processes = processes;
		this.runtime = runtime;
		this.env = env;
	}

	get port() {
		return Number(this.env.N8N_PORT);
	}

	get url() {
		return `http://127.0.0.1:${this.port}`;
	}

	/**
	 * One CLI command (import:*, execute, export:nodes...). A command takes 2 s on a quiet machine
	 * and half a minute or more on a loaded one; the bound is far above that, and a command that
	 * reaches it is reported as stopped by the harness, not as failed.
	 */
	async cli(args, { timeoutMs = 600_000, env = {} } = {}) {
		const result = await this.processes.run(`n8n ${args[0]}`, this.runtime.node, [this.runtime.n8nBin, ...args], {
			env: { ...this.env, ...env },
			cwd: this.env.N8N_USER_FOLDER,
			timeoutMs,
		});
		return { ...result, output: `${result.stdout}\n${result.stderr}` };
	}

	/** Like cli(), but throws with n8n's output when the command fails. */
	async cliOk(args, options) {
		const result = await this.cli(args, options);
		if (result.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} ${describeExit(result)}:\n${result.output.trim().slice(-4000)}`);
		}
		return result;
	}

	/**
	 * Starts a long-running n8n command (start, worker, webhook) in the background. Stopping it
	 * sends SIGTERM to n8n alone, which then stops its task runner, and waits for n8n's own
	 * graceful shutdown.
	 */
	spawn(command, { name = `n8n ${command}`, args = [], env = {}, logFile, echo } = {}) {
		const fullEnv = { ...this.env, ...env };
		return this.processes.start(name, this.runtime.node, [this.runtime.n8nBin, command, ...args], {
			env: fullEnv,
			cwd: this.env.N8N_USER_FOLDER,
			logFile,
			echo,
			leaderFirst: true,
			stopTimeoutMs: stopTimeoutMs(fullEnv),
		});
	}

	/** Waits until the server answers readiness (database migrated, workflows activated). */
	async waitReady(entry, timeoutMs = 300_000) {
		await waitFor(
			'n8n readiness',
			async () => {
				const { status, text } = await httpGet(`${this.url}/healthz/readiness`);
				return status === 200 && JSON.parse(text).status === 'ok';
			},
			{ timeoutMs, process: entry },
		);
	}
}

/**
 * Waits until an n8n process's health URL answers 200 (with status "ok" where it answers JSON):
 * a worker's /healthz or a webhook process's /healthz/readiness.
 */
export function waitHealthy(url, entry, timeoutMs = 300_000) {
	return waitFor(
		`${entry.name} readiness`,
		async () => {
			const { status, text } = await httpGet(url);
			return status === 200 && (!text.startsWith('{') || JSON.parse(text).status === 'ok');
		},
		{ timeoutMs, process: entry },
	);
}

/**
 * The execution JSON that `n8n execute --rawOutput` prints on stdout after its log lines. On
 * failure an error text follows the JSON, so the object ends at the first line that is "}".
 */
export function parseExecuteOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line === '{');
	if (start < 0) throw new Error('no execution JSON in the output of n8n execute');
	for (let end = start + 1; end < lines.length; end++) {
		if (lines[end] !== '}') continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n'));
		} catch {
			// a nested "}" line; keep looking
		}
	}
	throw new Error('the execution JSON printed by n8n execute is incomplete');
}
