import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { linkPackage, N8n, n8nEnv, parseExecuteOutput } from '../../scripts/lib/n8n.mjs';
import { freePort, ProcessGroup } from '../../scripts/lib/processes.mjs';
import { prepareRun } from '../../scripts/lib/prepareRun.mjs';
import { SANDBOX, startSandbox } from '../../scripts/lib/sandbox.mjs';

export const CREDENTIAL_ID = 'greenApiBench0001';

async function freePorts(count) {
	const found = new Set();
	while (found.size < count) found.add(await freePort());
	return [...found];
}

/**
 * One benchmark run's world: the package built and linked into a fresh n8n user folder (as an
 * installed community package), the n8n 2.41 from runtime/, and a sandbox in its own process.
 */
export async function setUp(report, { skipBuild = false, nodeOptions } = {}) {
	const processes = new ProcessGroup();
	const workDir = mkdtempSync(join(tmpdir(), 'green-api-bench-'));
	process.on('exit', () => processes.killAllNow());
	const runtime = await prepareRun({ report, processes }, { skipBuild });
	const [n8nPort, brokerPort, sandboxPort, mediaPort] = await freePorts(4);
	const userFolder = join(workDir, 'n8n');
	mkdirSync(userFolder);
	linkPackage(userFolder);
	const env = n8nEnv({
		runtime,
		userFolder,
		port: n8nPort,
		brokerPort,
		hermetic: true,
		extra: {
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
			...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
		},
	});
	const n8n = new N8n(processes, runtime, env);
	const sandbox = await report.step('start the sandbox', () =>
		startSandbox(processes, {
			port: sandboxPort,
			mediaPort,
			// Quiet: a printed line per request costs the sandbox about 0.1 ms of CPU per request, on a
			// machine whose cores n8n shares with it.
			args: ['--restart-delay', '200', '--long-poll-scale', '0.1', '--quiet'],
			logFile: join(workDir, 'sandbox.log'),
		}),
	);
	const credential = {
		id: CREDENTIAL_ID,
		name: 'GREEN-API Bench Sandbox',
		type: 'greenApiInstanceApi',
		data: {
			idInstance: SANDBOX.idInstance,
			apiTokenInstance: SANDBOX.apiTokenInstance,
			apiUrl: sandbox.apiUrl,
			mediaUrl: sandbox.mediaUrl,
		},
	};
	const file = join(workDir, 'credentials.json');
	writeFileSync(file, JSON.stringify([credential]), { mode: 0o600 });
	await n8n.cliOk(['import:credentials', `--input=${file}`]);

	let imported = 0;
	let executed = 0;
	return {
		processes,
		runtime,
		n8n,
		sandbox,
		workDir,
		userFolder,
		/** Calls the sandbox's control API (sandbox/README.md), e.g. ('PUT', '/rate-limits', {enabled: false}). */
		async sandboxControl(verb, path, body) {
			const response = await fetch(`${sandbox.apiUrl}/sandbox${path}`, {
				method: verb,
				headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const text = await response.text();
			if (response.status >= 300) throw new Error(`${verb} /sandbox${path} answered ${response.status}: ${text}`);
			return text ? JSON.parse(text) : undefined;
		},
		/** Imports workflows (objects with an id) into the user folder's database. */
		async importWorkflows(workflows) {
			const dir = join(workDir, `workflows-${++imported}`);
			mkdirSync(dir);
			for (const workflow of workflows) writeFileSync(join(dir, `${workflow.id}.json`), JSON.stringify(workflow));
			await n8n.cliOk(['import:workflow', '--separate', `--input=${dir}`]);
		},
		/**
		 * `n8n execute --id` in a fresh n8n process; the execution JSON. Its output goes to a file:
		 * n8n exits right after printing, which cuts a large execution short on a pipe.
		 */
		async execute(id, { timeoutMs = 600_000, ownBrokerPort = false } = {}) {
			// Processes running side by side each need their own task-runner broker port.
			const env = { ...n8n.env, ...(ownBrokerPort ? { N8N_RUNNERS_BROKER_PORT: String(await freePort()) } : {}) };
			const out = join(workDir, `execute-${id}-${++executed}.out`);
			const err = `${out}.err`;
			const [stdout, stderr] = [openSync(out, 'w'), openSync(err, 'w')];
			const child = spawn(runtime.node, [runtime.n8nBin, 'execute', `--id=${id}`, '--rawOutput'], {
				env,
				cwd: userFolder,
				stdio: ['ignore', stdout, stderr],
			});
			const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
			const code = await new Promise((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
			clearTimeout(timer);
			closeSync(stdout);
			closeSync(stderr);
			const output = readFileSync(out, 'utf8');
			rmSync(out, { force: true });
			if (code !== 0) {
				// The printed execution ends with items; its error is what says why.
				let why = '';
				try {
					const error = parseExecuteOutput(output).data?.resultData?.error;
					if (error) why = `${error.node?.name ?? ''}: ${error.message}${error.description ? ` (${error.description})` : ''}\n`;
				} catch {
					// no execution printed: the output's end says why
				}
				throw new Error(
					`n8n execute --id=${id} failed (${code}): ${why}${why ? '' : output.slice(-2000)}${readFileSync(err, 'utf8').slice(-2000)}`,
				);
			}
			return parseExecuteOutput(output);
		},
		async tearDown(keep = false) {
			await processes.stopAll();
			if (!keep) rmSync(workDir, { recursive: true, force: true });
		},
	};
}

/** The first run of a node in an execution: its output items and how long it took (ms). */
export function nodeRun(execution, name) {
	const run = execution.data?.resultData?.runData?.[name]?.[0];
	if (!run) throw new Error(`node "${name}" did not run: ${JSON.stringify(execution.data?.resultData?.error ?? {}).slice(0, 1000)}`);
	if (run.error) throw new Error(`node "${name}" failed: ${run.error.message}`);
	return { items: run.data?.main?.[0] ?? [], ms: run.executionTime, start: run.startTime };
}

export const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
