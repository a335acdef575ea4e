import { median, nodeRun } from './lib/setup.mjs';
import { newestVersion, perItemWorkflow, WARM_UP_ITEMS } from './lib/workflows.mjs';

/**
 * Per-item cost of Send Text against n8n's HTTP Request node posting the same body, in one
 * workflow, alternating which branch runs first, after warm-up branches that run both kinds of
 * node; the sandbox answers at once (no rate limits).
 */
export async function measurePerItem(world, report, { items = 1000, rounds = 6 } = {}) {
	if (rounds % 2) throw new Error('per-item rounds come in pairs, one in each order');
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
		const warmUp = [nodeRun(execution, 'Warm-up GREEN-API'), nodeRun(execution, 'Warm-up HTTP Request')];
		if (warmUp.some((run) => run.items.length !== WARM_UP_ITEMS || run.start > Math.min(ours.start, parallel.start, http.start)))
			throw new Error('the warm-up branch did not run first with all its items');
		const run = { ours: ours.ms / items, parallel: parallel.ms / items, http: http.ms / items };
		runs.push(run);
		report.info(
			`  run ${round + 1} (${round % 2 === 0 ? 'GREEN-API first' : 'HTTP Request first'}): GREEN-API ${run.ours.toFixed(2)} ms/item, ` +
				`with Parallel Requests ${run.parallel.toFixed(2)}, HTTP Request ${run.http.toFixed(2)}`,
		);
	}
	await world.sandboxControl('PUT', '/rate-limits', { enabled: true });
	// The shared machine's noise and what is left of the order's effect both move single runs by
	// a fifth or more, so each ratio is taken over a pair of runs, one in each order (the
	// geometric mean of the two), and the median over the pairs is reported.
	const pairs = [];
	for (let i = 0; i + 1 < runs.length; i += 2) pairs.push([runs[i], runs[i + 1]]);
	const balanced = (of) => median(pairs.map(([x, y]) => Math.sqrt((of(x) / x.http) * (of(y) / y.http))));
	const byOrder = (first) => median(runs.filter((_, i) => (i % 2 === 0) === first).map((r) => r.ours / r.http));
	return {
		items,
		rounds,
		warmUpItems: WARM_UP_ITEMS,
		nodeVersion: newestVersion(),
		oursMs: median(runs.map((r) => r.ours)),
		httpMs: median(runs.map((r) => r.http)),
		parallelMs: median(runs.map((r) => r.parallel)),
		ratio: balanced((r) => r.ours),
		parallelRatio: balanced((r) => r.parallel),
		ratioWhenFirst: byOrder(true),
		ratioWhenSecond: byOrder(false),
	};
}
