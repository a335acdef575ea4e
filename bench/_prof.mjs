import { setUp } from './lib/setup.mjs';
import { createReporter } from '../scripts/lib/report.mjs';
import { perItemWorkflow } from './lib/workflows.mjs';
const report = createReporter('prof');
const world = await setUp(report, { skipBuild: true, nodeOptions: '--cpu-prof --cpu-prof-dir=/tmp/prof2' });
const a = perItemWorkflow('benchPerItemA001', 1000, world.sandbox.apiUrl, true);
await world.importWorkflows([a]);
await world.sandboxControl('PUT', '/rate-limits', { enabled: false });
const ex = await world.execute(a.id);
for (const n of ['Warm-up GREEN-API', 'Warm-up HTTP Request', 'GREEN-API', 'GREEN-API parallel', 'HTTP Request'])
	console.log(n, ex.data.resultData.runData[n][0].executionTime);
await world.tearDown();
process.exit(0);
