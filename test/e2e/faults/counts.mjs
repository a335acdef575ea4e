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

/** Every execution of a workflow (id, status, mode, startedAt, stoppedAt), newest first, page by page. */
export async function allExecutions(http, workflowId) {
	const all = [];
	let cursor;
	for (;;) {
		const response = await http.get('/rest/executions', {
			params: { filter: JSON.stringify({ workflowId }), limit: 100, ...(cursor ? { cursor } : {}) },
		});
		if (response.status !== 200)
			throw new Error(`GET /rest/executions answered ${response.status}: ${JSON.stringify(response.data).slice(0, 500)}`);
		const page = response.data.data ?? response.data;
		const fresh = (page.results ?? []).filter((e) => !all.some((known) => known.id === e.id));
		all.push(...fresh);
		if (!fresh.length || !page.nextCursor) return all;
		cursor = page.nextCursor;
	}
}

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

/** The items a trigger put into each execution (a crashed one: what it was started with): Map execution id -> [idMessage]. */
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
