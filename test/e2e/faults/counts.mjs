import axios from 'axios';

import { waitFor } from '../../../scripts/lib/processes.mjs';
import { REQUEST_MS } from '../lib/bounds.mjs';
import { getExecution, nodeItems, pendingItems } from '../lib/rest.mjs';

/**
 * Counting what arrived, from the two places that know: the workflow's own action (each
 * message's echo, a sendMessage the sandbox carried out) and n8n's executions.
 */

/** sendMessage calls the sandbox carried out after seq, per text. */
export async function echoCounts(sandbox, afterSeq) {
	const { data } = await axios.get(sandbox.requestsUrl, { params: { method: 'sendMessage', afterSeq }, timeout: REQUEST_MS });
	const counts = new Map();
	for (const call of data) {
		if (call.status !== 200 || typeof call.json?.message !== 'string') continue;
		const text = call.json.message.replace(/^echo: /, '');
		counts.set(text, (counts.get(text) ?? 0) + 1);
	}
	return counts;
}

/**
 * Every execution of a workflow (id, status, mode, startedAt, stoppedAt), newest first.
 *
 * n8n 2.41's own cursor cannot be trusted for this: GET /rest/executions orders by
 * COALESCE(startedAt, createdAt) DESC but its next page is `id < the last row's id`
 * (execution-list-v1.service.js nextCursorFor, execution.repository.js toQueryBuilder). Where
 * executions start in another order than they were created (queue mode: a job waits for a
 * worker; a concurrency limit), an execution created after the last row of a page but started
 * before it is on no page at all. So the list is walked twice and merged by id: by n8n's cursor
 * (it also finds runs that never started) and by start time (`startedBefore`, inclusive, which
 * misses nothing that started).
 */
export async function allExecutions(http, workflowId) {
	const byId = new Map();
	const page = async (params) => {
		const response = await http.get('/rest/executions', { params: { limit: 100, ...params } });
		if (response.status !== 200)
			throw new Error(`GET /rest/executions answered ${response.status}: ${JSON.stringify(response.data).slice(0, 500)}`);
		const data = response.data.data ?? response.data;
		const results = data.results ?? [];
		for (const e of results) byId.set(e.id, e);
		return { results, nextCursor: data.nextCursor };
	};
	const filter = (extra = {}) => JSON.stringify({ workflowId, ...extra });
	for (let cursor, first = true; first || cursor; first = false) {
		({ nextCursor: cursor } = await page({ filter: filter(), ...(cursor ? { cursor } : {}) }));
	}
	const byCursor = new Set(byId.keys());
	for (let startedBefore, seen = new Set(); ; ) {
		const { results, nextCursor } = await page({ filter: filter(startedBefore ? { startedBefore } : {}) });
		const fresh = results.filter((e) => !seen.has(e.id));
		for (const e of results) seen.add(e.id);
		const oldest = results
			.map((e) => e.startedAt)
			.filter(Boolean)
			.sort()
			.at(0);
		if (!nextCursor || !oldest) break;
		if (!fresh.length)
			throw new Error(`GET /rest/executions: more than 100 executions of ${workflowId} started at ${oldest}; cannot page past them`);
		startedBefore = oldest;
	}
	const skipped = [...byId.keys()].filter((id) => !byCursor.has(id) && !skippedByCursor.has(id));
	for (const id of skipped) skippedByCursor.add(id);
	if (skipped.length)
		console.log(
			`[faults] n8n's own execution pages skipped execution(s) ${skipped.join(', ')} of workflow ${workflowId}; found by start time`,
		);
	return [...byId.values()].sort((a, b) => Number(b.id) - Number(a.id));
}

/** Executions n8n's cursor left out, reported once each. */
const skippedByCursor = new Set();

const RUNNING = new Set(['new', 'running', 'waiting']);

/**
 * Waits until n8n has no execution of the workflow in progress (other than those in `before`)
 * on two polls in a row with the same count, then returns the new executions.
 */
export async function settledExecutions(http, workflowId, before, { timeoutMs, what = 'executions to finish' }) {
	let last = -1;
	return waitFor(
		what,
		async () => {
			const fresh = (await allExecutions(http, workflowId)).filter((e) => !before.has(e.id));
			const settled = fresh.every((e) => !RUNNING.has(e.status) && e.stoppedAt);
			const stable = settled && fresh.length === last;
			last = settled ? fresh.length : -1;
			return stable && fresh;
		},
		{ timeoutMs, intervalMs: 1500 },
	);
}

export const statusCounts = (executions) => executions.reduce((counts, e) => ({ ...counts, [e.status]: (counts[e.status] ?? 0) + 1 }), {});

/**
 * The items a trigger put into each execution: Map execution id -> [idMessage]. A run that died
 * with its process (n8n marks it crashed) kept no output when the process died before saving it;
 * it holds what it was started with.
 */
export async function triggerItems(http, runtime, executions, triggerName) {
	const items = new Map();
	for (const { id } of executions) {
		const execution = await getExecution(http, id);
		const output = nodeItems(runtime, execution, triggerName);
		const held = output.length || execution.status !== 'crashed' ? output : pendingItems(runtime, execution, triggerName);
		items.set(
			id,
			held.map((item) => item.idMessage),
		);
	}
	return items;
}

/** "a, b, c and 7 more" */
export function sample(list, max = 8) {
	const shown = list.slice(0, max).join(', ');
	return list.length > max ? `${shown} and ${list.length - max} more` : shown;
}
