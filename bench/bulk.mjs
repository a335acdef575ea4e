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
			if (items.length !== checks || failed || !inOrder) throw new Error(`${label}: ${items.length} items, ${failed} failed, in order: ${inOrder}`);
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
