#!/usr/bin/env node
/**
 * npm run bench: every throughput and memory ratio of the package, measured in one run in the
 * real n8n from runtime/ against the sandbox, each against a baseline measured in the same run.
 * Prints the ratios and writes BENCHMARKS.md and bench/benchmarks.svg. Run with --help.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { PACKAGE_NAME, REPO_DIR } from '../scripts/lib/paths.mjs';
import { createReporter } from '../scripts/lib/report.mjs';
import { measureBulk, measureShared } from './bulk.mjs';
import { renderChart } from './lib/chart.mjs';
import { setUp } from './lib/setup.mjs';
import { PARALLEL_RPS, SETTLE_MS } from './lib/workflows.mjs';
import { measurePerItem } from './perItem.mjs';
import { measureServer } from './server.mjs';
import { measureUpload } from './upload.mjs';

const HELP = `Usage: npm run bench [-- options]

  --quick       fewer items and rounds (a smoke run; the numbers are noisier)
  --only LIST   comma-separated parts: per-item, bulk, shared, webhook, upload (default: all)
  --skip-build  do not run npm run build first
  --no-write    print only; leave BENCHMARKS.md and the chart alone
  -h, --help    show this help`;

const { values: opts } = parseArgs({
	options: {
		quick: { type: 'boolean', default: false },
		only: { type: 'string' },
		'skip-build': { type: 'boolean', default: false },
		'no-write': { type: 'boolean', default: false },
		help: { type: 'boolean', short: 'h', default: false },
	},
});
if (opts.help) {
	console.log(HELP);
	process.exit(0);
}

const PARTS = ['per-item', 'bulk', 'shared', 'webhook', 'upload'];
const parts = new Set(opts.only ? opts.only.split(',').map((part) => part.trim()) : PARTS);
for (const part of parts) if (!PARTS.includes(part)) throw new Error(`unknown part "${part}"; parts: ${PARTS.join(', ')}`);

const SIZES = opts.quick
	? {
			perItem: { items: 300, rounds: 2 },
			bulk: { checks: 60, sends: 150, chats: 15, rounds: 1 },
			shared: { checks: 30 },
			server: { deliveries: 40, rounds: 2, queued: 10 },
		}
	: {
			perItem: { items: 1000, rounds: 8 },
			bulk: { checks: 200, sends: 500, chats: 50, rounds: 2 },
			shared: { checks: 100 },
			server: { deliveries: 100, rounds: 4, queued: 50 },
		};

/** Goals from the throughput work; a ratio within its goal passes. */
const GOALS = { perItem: 1.0, perItemAim: 0.8, bulkVsIdeal: 1.15, queuePerNotification: 2.1 };

const report = createReporter('bench');
const fmt = (value, digits = 2) => (value === undefined ? '–' : value.toFixed(digits));
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function machine() {
	const cpu = cpus();
	let commit = 'unknown';
	try {
		commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_DIR, encoding: 'utf8' }).trim();
		// Changes to the code that runs, not to docs or to the files this run writes.
		const code = ['nodes', 'credentials', 'sandbox', 'bench', 'scripts', 'package.json', 'package-lock.json', ':!bench/benchmarks.svg'];
		const changed = execFileSync('git', ['status', '--porcelain', '--', ...code], {
			cwd: REPO_DIR,
			encoding: 'utf8',
		}).trim();
		if (changed) commit += ' with uncommitted changes';
	} catch {
		// not a git checkout
	}
	const n8n = JSON.parse(readFileSync(join(REPO_DIR, 'runtime', 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
	const version = JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8')).version;
	return {
		cpu: `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}`,
		memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
		load: loadavg()
			.map((n) => n.toFixed(1))
			.join(' / '),
		n8n,
		version,
		commit,
	};
}

async function main() {
	const world = await setUp(report, { skipBuild: opts['skip-build'] });
	const stop = async (signal) => {
		console.error(`[bench] ${signal}; stopping`);
		await world.tearDown();
		process.exit(130);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));
	const before = machine();
	const results = { sizes: SIZES, failed: [] };
	const nodeVersion = execFileSync(world.runtime.node, ['-v'], { encoding: 'utf8' }).trim();
	try {
		// A part that fails is reported as missed; the others still run.
		const part = async (name, label, key, measure) => {
			if (!parts.has(name)) return;
			try {
				results[key] = await report.step(label, measure);
			} catch (error) {
				report.warn(`${label} failed: ${error.message}`);
				results.failed.push({ part: name, message: error.message.split('\n')[0] });
			}
		};
		await part('per-item', 'per item: Send Text vs HTTP Request node', 'perItem', () => measurePerItem(world, report, SIZES.perItem));
		await part('bulk', 'bulk: Parallel Requests at the rate limit', 'bulk', () => measureBulk(world, report, SIZES.bulk));
		await part('shared', 'bulk: two processes share one instance', 'shared', () => measureShared(world, report, SIZES.shared));
		await part('webhook', 'webhook trigger and queue trigger (n8n start)', 'server', () => measureServer(world, report, SIZES.server));
		await part('upload', 'upload memory (bench/upload-memory.ts)', 'upload', () => measureUpload(world, report));
	} finally {
		await world.tearDown();
	}
	const after = machine();
	const summary = summarize(results);
	console.log(`\n[bench] results\n${summary.lines.map((line) => `  ${line}`).join('\n')}`);
	if (!opts['no-write']) {
		writeFileSync(join(REPO_DIR, 'bench', 'benchmarks.svg'), chart(results, before));
		writeFileSync(join(REPO_DIR, 'BENCHMARKS.md'), markdown(results, summary, { ...before, loadAfter: after.load, nodeVersion }));
		console.log('[bench] wrote BENCHMARKS.md and bench/benchmarks.svg');
	}
	console.log(summary.ok ? '[bench] PASS: every ratio within its goal' : '[bench] FAIL: a ratio missed its goal (see above)');
	process.exitCode = summary.ok ? 0 : 1;
}

/** One line per ratio with its goal, and whether all are met. */
function summarize({ perItem, bulk, shared, server, upload, failed }) {
	const rows = [];
	const row = (what, value, goal, pass) => rows.push({ what, value, goal, pass });
	if (perItem) {
		row(
			`Per item, sending at once as the HTTP Request node does: Parallel Requests (${PARALLEL_RPS}/s, no pacing) ÷ HTTP Request node`,
			`${fmt(perItem.parallelRatio)}× (${fmt(perItem.parallelMs)} vs ${fmt(perItem.httpMs)} ms per item)`,
			`≤ ${GOALS.perItem}× (aim ≤ ${GOALS.perItemAim}×)`,
			perItem.parallelRatio <= GOALS.perItem,
		);
		row(
			'Per item, one after another (the default: each item waits for its answer) ÷ HTTP Request node',
			`${fmt(perItem.ratio)}× (${fmt(perItem.oursMs)} ms per item)`,
			'measured',
			true,
		);
	}
	if (bulk) {
		row(
			`Bulk: ${bulk.checks} checks with Parallel Requests ÷ rate-limit ideal`,
			`${fmt(bulk.bulkVsIdeal)}× (${seconds(bulk.bulkMs)} vs ${seconds(bulk.idealMs)})`,
			`≤ ${GOALS.bulkVsIdeal}×, no 429 in the output`,
			bulk.bulkVsIdeal <= GOALS.bulkVsIdeal,
		);
		row(
			`Bulk: the same checks one after another ÷ ideal`,
			`${fmt(bulk.sequentialVsIdeal)}× (${seconds(bulk.sequentialMs)})`,
			'baseline',
			true,
		);
		row(
			`Bulk: ${bulk.sends} texts to ${bulk.chats} chats ÷ ideal`,
			`${fmt(bulk.sendVsIdeal)}× (${seconds(bulk.sendMs)} vs ${seconds(bulk.sendIdealMs)}), per-chat order ${bulk.chatOrderKept ? 'kept' : 'BROKEN'}`,
			'per-chat order kept, none failed',
			bulk.chatOrderKept && bulk.sendFailed === 0,
		);
	}
	if (shared) {
		row(
			`Shared limit: 2 processes × ${shared.checks} checks, each at 10/s, ÷ ideal`,
			`${fmt(shared.full.vsIdeal)}× (${seconds(shared.full.spanMs)}, ${shared.full.limited} answers 429, none in the output)`,
			'completes, no 429 in the output',
			true,
		);
		row(
			`Shared limit: 2 processes × ${shared.checks} checks, each at 5/s: slower run ÷ its ideal`,
			`${fmt(shared.half.eachVsIdeal)}× (all in ${seconds(shared.half.spanMs)}, ${shared.half.limited} answers 429, none in the output)`,
			`≤ ${GOALS.bulkVsIdeal}×`,
			shared.half.eachVsIdeal <= GOALS.bulkVsIdeal,
		);
	}
	if (server) {
		row(
			'Webhook: GREEN-API Trigger ÷ n8n Webhook node (deliveries/s)',
			`${fmt(server.ratio)}× (${fmt(server.triggerPerSecond, 1)} vs ${fmt(server.nativePerSecond, 1)} per s)`,
			'measured',
			true,
		);
		row(
			'Queue Trigger: requests per notification drained',
			`${fmt(server.queuePerNotification)} (${server.queueRequests} for ${server.queued})`,
			`≤ ${GOALS.queuePerNotification}`,
			server.queuePerNotification <= GOALS.queuePerNotification,
		);
	}
	for (const item of upload ?? []) {
		row(
			`Upload memory: ${item.operation}, ${item.mode} binary mode`,
			`${fmt(item.ratio)} bytes per file byte`,
			`< ${item.target}`,
			item.ratio < item.target,
		);
	}
	for (const { part, message } of failed) row(`Part "${part}"`, `failed: ${message}`, 'runs', false);
	return {
		rows,
		ok: rows.every((r) => r.pass),
		lines: rows.map((r) => `${r.pass ? 'ok  ' : 'MISS'} ${r.what}: ${r.value} (goal ${r.goal})`),
	};
}

function chart({ perItem, bulk, shared, server, upload }, env) {
	const panels = [];
	if (perItem) {
		panels.push({
			title: `Per item, ${perItem.items} Send Text items, server answering at once (lower is better)`,
			unit: 'ms',
			bars: [
				{ label: 'GREEN-API, one after another', value: perItem.oursMs, kind: 'ours' },
				{ label: 'GREEN-API, Parallel Requests', value: perItem.parallelMs, kind: 'ours' },
				{ label: 'HTTP Request node', value: perItem.httpMs, kind: 'baseline' },
			],
		});
	}
	if (bulk) {
		panels.push({
			title: `${bulk.checks} Check WhatsApp, ${bulk.latencyMs} ms latency, 10/s enforced (lower is better)`,
			unit: 's',
			bars: [
				{ label: 'one after another', value: bulk.sequentialMs / 1000, kind: 'baseline' },
				{ label: 'Parallel Requests', value: bulk.bulkMs / 1000, kind: 'ours' },
				{ label: 'rate-limit ideal', value: bulk.idealMs / 1000, kind: 'ideal' },
			],
		});
		panels.push({
			title: `${bulk.sends} Send Text to ${bulk.chats} chats, 50/s enforced, per-chat order kept`,
			unit: 's',
			bars: [
				{ label: 'Parallel Requests', value: bulk.sendMs / 1000, kind: 'ours' },
				{ label: 'rate-limit ideal', value: bulk.sendIdealMs / 1000, kind: 'ideal' },
			],
		});
	}
	if (shared) {
		panels.push({
			title: `Two n8n processes × ${shared.checks} Check WhatsApp on one instance (10/s enforced)`,
			unit: 's',
			bars: [
				{ label: 'each at 10/s (2× the limit)', value: shared.full.spanMs / 1000, kind: 'ours' },
				{ label: 'each at 5/s (a share)', value: shared.half.spanMs / 1000, kind: 'ours' },
				{ label: 'rate-limit ideal', value: (shared.checks * 2) / 10, kind: 'ideal' },
			],
		});
	}
	if (server) {
		panels.push({
			title: 'Webhook deliveries per second (higher is better)',
			unit: '/s',
			bars: [
				{ label: 'GREEN-API Trigger', value: server.triggerPerSecond, kind: 'ours' },
				{ label: "n8n's Webhook node", value: server.nativePerSecond, kind: 'baseline' },
			],
		});
	}
	if (upload) {
		panels.push({
			title: 'Upload: extra peak memory per file byte (lower is better)',
			unit: 'B/B',
			bars: [
				...upload.map((item) => ({ label: `${item.operation}, ${item.mode}`, value: item.ratio, kind: 'ours' })),
				...[...new Map(upload.map((item) => [item.mode, item.target]))].map(([mode, target]) => ({
					label: `most allowed, ${mode}`,
					value: target,
					kind: 'baseline',
				})),
			],
		});
	}
	return renderChart(
		`${PACKAGE_NAME}: measured in n8n ${env.n8n}`,
		`${env.cpu}, load ${env.load} · ratios against baselines measured in the same run`,
		panels,
	);
}

function markdown(results, summary, env) {
	const { perItem, bulk, shared, server, upload } = results;
	const lines = [
		'# Benchmarks',
		'',
		'Written by `npm run bench` (bench/run.mjs); do not edit by hand. Every number below was measured in one',
		'run, in the real n8n from `runtime/`, against the GREEN-API sandbox, each next to a baseline measured in',
		'the same run. The machine is shared, so absolute times move from run to run; the ratios are what count.',
		'',
		'![Benchmarks](bench/benchmarks.svg)',
		'',
		'| Measurement | Result | Goal | |',
		'| --- | --- | --- | --- |',
		...summary.rows.map((r) => `| ${r.what} | ${r.value} | ${r.goal} | ${r.pass ? 'ok' : 'missed'} |`),
		'',
		'## Setup',
		'',
		`- ${PACKAGE_NAME} ${env.version} (commit ${env.commit}), n8n ${env.n8n} on Node.js ${env.nodeVersion}, SQLite, one main process`,
		`- ${env.cpu}, ${env.memory}; load average (1/5/15 min) ${env.load} at the start, ${env.loadAfter} at the end`,
		`- ${new Date().toISOString().slice(0, 10)}${opts.quick ? ', --quick run' : ''}`,
		'',
	];
	if (perItem) {
		lines.push(
			'## Per item: Send Text vs a hand-built HTTP Request',
			'',
			`One workflow: ${perItem.items} Send Text items, chat and text from expressions, go through three nodes, each from its own`,
			'Code node: an HTTP Request node posting the sendMessage body, which sends all items at once; the GREEN-API node',
			`(version ${perItem.nodeVersion}) with Parallel Requests at ${PARALLEL_RPS}/s, which sends at once too (no pacing: a rate only a local server`,
			'allows); and the GREEN-API node as it comes, one item after another. All post to the same sandbox (rate limits off, its',
			`per-request log line off). The nodes take turns at running first (${perItem.rounds} runs), after warm-up branches that send`,
			`${perItem.warmUpItems} items through each kind of node, and each timed node starts ${SETTLE_MS / 1000} s after the previous one ended, so that`,
			"the work a node leaves behind is not billed to the next; each node's own execution time counts. Single runs move by a",
			'fifth or more on this shared machine, so each ratio is taken over pairs of runs, one in each order (geometric mean of the',
			'pair, median over pairs).',
			'',
			`Median per item: HTTP Request ${fmt(perItem.httpMs)} ms; GREEN-API with Parallel Requests ${fmt(perItem.parallelMs)} ms (${fmt(perItem.parallelRatio)}×);`,
			`GREEN-API one after another ${fmt(perItem.oursMs)} ms (${fmt(perItem.ratio)}×; ${fmt(perItem.ratioWhenFirst)}× in the runs where it ran first,`,
			`${fmt(perItem.ratioWhenSecond)}× where it ran second). One after another, each item waits for its answer before the next goes`,
			'out: that wait is the difference, and it is what the default promises (a failure stops the items after it).',
			'',
		);
	}
	if (bulk) {
		lines.push(
			"## Bulk: Parallel Requests at GREEN-API's rate limits",
			'',
			`The sandbox answers every request after ${bulk.latencyMs} ms and enforces the documented per-instance limits with`,
			`429s (checkWhatsapp 10/s, sendMessage 50/s). ${bulk.checks} Check WhatsApp items: one after another`,
			`${seconds(bulk.sequentialMs)}, with Parallel Requests ${seconds(bulk.bulkMs)} (median), ideal ${seconds(bulk.idealMs)}: ${fmt(bulk.bulkVsIdeal)}× the ideal;`,
			`${bulk.limited} answers were 429 and were retried, none reached the output. ${bulk.sends} Send Text items to`,
			`${bulk.chats} chats: ${seconds(bulk.sendMs)} (ideal ${seconds(bulk.sendIdealMs)}), every chat's messages reached the sandbox in input`,
			`order (checked in its request log), ${bulk.sendFailed} failed, ${bulk.sendLimited} answers were 429. A chat's next`,
			'message waits for the answer to its previous one, so with few chats the latency, not the rate, sets the pace.',
			'',
		);
	}
	if (shared) {
		lines.push(
			"## Bulk: two processes sharing one instance's limit",
			'',
			`Two \`n8n execute\` processes, as two queue-mode workers would, each run ${shared.checks} Check WhatsApp items with`,
			'Parallel Requests against the same sandbox instance at the same time (300 ms latency, 10/s enforced). Each',
			'node paces only its own requests. Each at the full 10/s, together twice the limit:',
			`${seconds(shared.full.spanMs)} for all ${shared.checks * 2} (${fmt(shared.full.vsIdeal)}× the ideal), ${shared.full.limited} answers were 429, all retried, none in the output.`,
			`Each at 5/s, the share the README advises: ${seconds(shared.half.spanMs)} for all, the slower run took ${fmt(shared.half.eachVsIdeal)}× its own ideal (${shared.checks} at 5/s), ${shared.half.limited} answers were 429.`,
			`The two runs overlapped ${seconds(shared.full.overlapMs)} and ${seconds(shared.half.overlapMs)}.`,
			'',
		);
	}
	if (server) {
		lines.push(
			'## Triggers',
			'',
			`Webhook: ${server.deliveries} notification deliveries, ${server.concurrency} at a time, to the GREEN-API Trigger (Bearer check,`,
			"filters, redelivery check in the static data, simplify) and the same bodies to n8n's Webhook node, both",
			`starting a one-node workflow and answering when it started; ${server.rounds} alternating rounds, median`,
			`${fmt(server.triggerPerSecond, 1)} vs ${fmt(server.nativePerSecond, 1)} deliveries per second (${fmt(server.ratio)}×).`,
			'',
			`Queue Trigger: ${server.queued} notifications waiting; activation drained them with ${server.queueRequests} requests, ${fmt(server.queuePerNotification)}`,
			'per notification (receiveNotification + deleteNotification each, and one empty receive at the end).',
			'',
		);
	}
	if (upload) {
		lines.push(
			'## Upload memory',
			'',
			'bench/upload-memory.ts: extra peak memory of a workflow that uploads a file, beyond the same workflow',
			'without the upload, per extra file byte (two file sizes), in both binary data modes:',
			'',
			...upload.map(
				(item) => `- ${item.operation}, ${item.mode} binary mode: ${fmt(item.ratio)} bytes per file byte (goal < ${item.target})`,
			),
			'',
		);
	}
	lines.push(
		'## Rerun',
		'',
		'```bash',
		'npm run bench                    # everything, about 10-15 minutes; installs n8n into runtime/ on first use',
		'npm run bench -- --only bulk     # one part: per-item, bulk, upload, webhook',
		'npm run bench -- --quick         # fewer items and rounds',
		'```',
		'',
	);
	return lines.join('\n');
}

main().catch((error) => {
	console.error(`[bench] ERROR: ${error.stack ?? error.message}`);
	process.exit(1);
});
