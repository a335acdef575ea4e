import { median, nodeRun } from './lib/setup.mjs';
import { checkWorkflow, sendWorkflow } from './lib/workflows.mjs';

const CHECK_RPS = 10;
const SEND_RPS = 50;

/** The sandbox's request log records of one method after seq. */
async function log(world, method, afterSeq) {
	const records = await world.sandboxControl('GET', `/requests?method=${method}&afterSeq=${afterSeq}`);
	return Array.isArray(records) ? records : records.requests;
}

/** Empties the request log, so what follows is one run's. */
const lastSeq = async (world) => (await world.sandboxControl('DELETE', '/requests'), 0);

/**
 * Parallel Requests against a sandbox that answers after `latencyMs` and enforces GREEN-API's
 * documented limits with 429s: `checks` Check WhatsApp items with and without the option, and
 * `sends` Send Text items to `chats` chats with it (per-chat order checked in the request log).
 */
export async function measureBulk(world, report, { checks = 200, sends = 500, chats = 50, latencyMs = 300, rounds = 2 } = {}) {
	const parallel = checkWorkflow('benchBulkCheck01', checks, { parallel: true });
	const sequential = checkWorkflow('benchSeqCheck001', checks);
	const send = sendWorkflow('benchBulkSend001', sends, chats);
	await world.importWorkflows([parallel, sequential, send]);
	await world.sandboxControl('PUT', '/rate-limits', { enabled: true });
	await world.sandboxControl('POST', '/faults', { method: '*', latencyMs, times: 0 });
	try {
		const runCheck = async (workflow, label) => {
			const seq = await lastSeq(world);
			const { items, ms } = nodeRun(await world.execute(workflow.id), 'Check WhatsApp');
			const records = await log(world, 'checkWhatsapp', seq);
			const limited = records.filter((r) => r.status === 429).length;
			const failed = items.filter((item) => item.json.error || typeof item.json.existsWhatsapp !== 'boolean').length;
			const inOrder = items.every((item, i) => item.pairedItem?.item === i);
			if (items.length !== checks || failed || !inOrder)
				throw new Error(`${label}: ${items.length} items, ${failed} failed, in order: ${inOrder}`);
			report.info(`  ${label}: ${checks} checks in ${(ms / 1000).toFixed(1)} s (${limited} answers were 429, none reached the output)`);
			return { ms, limited };
		};
		const bulkRuns = [];
		const seqRuns = [];
		for (let round = 0; round < rounds; round++) {
			bulkRuns.push(await runCheck(parallel, 'Parallel Requests'));
			if (round === 0) seqRuns.push(await runCheck(sequential, 'one after another'));
		}

		const seq = await lastSeq(world);
		const { items, ms: sendMs } = nodeRun(await world.execute(send.id), 'Send Text');
		const records = (await log(world, 'sendMessage', seq)).filter((r) => r.status === 200);
		const byChat = new Map();
		for (const record of records) {
			const list = byChat.get(record.json.chatId) ?? [];
			list.push(Number(record.json.message.slice(1)));
			byChat.set(record.json.chatId, list);
		}
		const chatOrderKept = byChat.size === chats && [...byChat.values()].every((list) => list.every((n, i) => i === 0 || list[i - 1] < n));
		const sendFailed = items.filter((item) => typeof item.json.idMessage !== 'string').length;
		const sendLimited = (await log(world, 'sendMessage', seq)).filter((r) => r.status === 429).length;
		report.info(
			`  Parallel Requests: ${sends} texts to ${chats} chats in ${(sendMs / 1000).toFixed(1)} s, per-chat order ${chatOrderKept ? 'kept' : 'BROKEN'}, ${sendFailed} failed, ${sendLimited} answers were 429`,
		);
		const bulkMs = median(bulkRuns.map((r) => r.ms));
		const idealCheckMs = (checks / CHECK_RPS) * 1000;
		const idealSendMs = (sends / SEND_RPS) * 1000;
		return {
			checks,
			sends,
			chats,
			latencyMs,
			bulkMs,
			sequentialMs: median(seqRuns.map((r) => r.ms)),
			idealMs: idealCheckMs,
			bulkVsIdeal: bulkMs / idealCheckMs,
			sequentialVsIdeal: median(seqRuns.map((r) => r.ms)) / idealCheckMs,
			limited: bulkRuns.reduce((sum, r) => sum + r.limited, 0),
			sendMs,
			sendIdealMs: idealSendMs,
			sendVsIdeal: sendMs / idealSendMs,
			sendFailed,
			sendLimited,
			chatOrderKept,
		};
	} finally {
		await world.sandboxControl('DELETE', '/faults');
	}
}

/**
 * Two n8n processes (as two queue-mode workers would) each run `checks` Check WhatsApp items with
 * Parallel Requests against the same instance at the same time: first each at the method's full
 * 10/s (together twice the limit: GREEN-API's 429s must slow both down), then each at 5/s, the
 * share the README advises. The span is from the first start to the last end of the two nodes.
 */
export async function measureShared(world, report, { checks = 100, latencyMs = 300 } = {}) {
	const full = [
		checkWorkflow('benchShareFull01', checks, { parallel: true }),
		checkWorkflow('benchShareFull02', checks, { parallel: true }),
	];
	const half = [
		checkWorkflow('benchShareHalf01', checks, { parallel: true, rps: 5 }),
		checkWorkflow('benchShareHalf02', checks, { parallel: true, rps: 5 }),
	];
	await world.importWorkflows([...full, ...half]);
	await world.sandboxControl('PUT', '/rate-limits', { enabled: true });
	await world.sandboxControl('POST', '/faults', { method: '*', latencyMs, times: 0 });
	try {
		const pair = async (workflows, label, rps) => {
			await world.sandboxControl('DELETE', '/requests');
			const runs = (await Promise.all(workflows.map((w) => world.execute(w.id, { ownBrokerPort: true })))).map((execution) =>
				nodeRun(execution, 'Check WhatsApp'),
			);
			const failed = runs.flatMap((run) => run.items).filter((item) => typeof item.json.existsWhatsapp !== 'boolean').length;
			const limited = (await log(world, 'checkWhatsapp', 0)).filter((r) => r.status === 429).length;
			const spanMs = Math.max(...runs.map((r) => r.start + r.ms)) - Math.min(...runs.map((r) => r.start));
			const overlapMs = Math.max(0, Math.min(...runs.map((r) => r.start + r.ms)) - Math.max(...runs.map((r) => r.start)));
			report.info(
				`  two processes, ${label}: ${2 * checks} checks in ${seconds(spanMs)} (the two runs overlapped ${seconds(overlapMs)}), ${limited} answers were 429, ${failed} items failed`,
			);
			if (failed) throw new Error(`${label}: ${failed} checks failed`);
			// Each run against its own ideal (its items at its own rate), and both together against the instance's.
			const eachVsIdeal = Math.max(...runs.map((r) => r.ms / ((checks / rps) * 1000)));
			return { spanMs, overlapMs, limited, eachVsIdeal, vsIdeal: spanMs / (((2 * checks) / CHECK_RPS) * 1000) };
		};
		return { checks, full: await pair(full, 'each at 10/s', CHECK_RPS), half: await pair(half, 'each at 5/s', CHECK_RPS / 2) };
	} finally {
		await world.sandboxControl('DELETE', '/faults');
	}
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
