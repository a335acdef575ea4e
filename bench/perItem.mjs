import { median, nodeRun } from './lib/setup.mjs';
import { perItemWorkflow } from './lib/workflows.mjs';

/**
 * Per-item cost of Send Text against n8n's HTTP Request node posting the same body, in one
 * workflow, alternating which branch runs first; the sandbox answers at once (no rate limits).
 */
export async function measurePerItem(world, report, { items = 1000, rounds = 4 } = {}) {
	const a = perItemWorkflow('benchPerItemA001', items, world.sandbox.apiUrl, true);
	const b = perItemWorkflow('benchPerItemB001', items, world.sandbox.apiUrl, false);
	await world.importWorkflows([a, b]);
	await world.sandboxControl('PUT', '/rate-limits', { enabled: false });
	const runs = [];
	for (let round = 0; round < rounds; round++) {
		const execution = await world.execute(round % 2 === 0 ? a.id : b.id);
		const ours = nodeRun(execution, 'GREEN-API');
		const parallel = nodeRun(execution, 'GREEN-API parallel');
		const http = nodeRun(execution, 'HTTP Request');
		if ([ours, parallel, http].some((run) => run.items.length !== items)) throw new Error('per-item run lost items');
		const run = { ours: ours.ms / items, parallel: parallel.ms / items, http: http.ms / items };
		runs.push(run);
		report.info(
			`  run ${round + 1} (${round % 2 === 0 ? 'GREEN-API first' : 'HTTP Request first'}): GREEN-API ${run.ours.toFixed(2)} ms/item, ` +
				`with Parallel Requests ${run.parallel.toFixed(2)}, HTTP Request ${run.http.toFixed(2)}`,
		);
	}
	await world.sandboxControl('PUT', '/rate-limits', { enabled: true });
	return {
		items,
		rounds,
		oursMs: median(runs.map((r) => r.ours)),
		httpMs: median(runs.map((r) => r.http)),
		parallelMs: median(runs.map((r) => r.parallel)),
		ratio: median(runs.map((r) => r.ours / r.http)),
		parallelRatio: median(runs.map((r) => r.parallel / r.http)),
	};
}
