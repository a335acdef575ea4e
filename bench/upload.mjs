import { join } from 'node:path';

import { REPO_DIR } from '../scripts/lib/paths.mjs';

const LINE = /^\s+(\w+)\s+(filesystem|memory) binary mode .*→ (-?[\d.]+) bytes per file byte \(target < ([\d.]+)\)/;

/** Runs bench/upload-memory.ts (its own processes, the n8n engine) and reads its ratios. */
export async function measureUpload(world, report) {
	const result = await world.processes.run(
		'upload memory',
		process.execPath,
		['--import', 'tsx', join(REPO_DIR, 'bench', 'upload-memory.ts')],
		{
			cwd: REPO_DIR,
			timeoutMs: 900_000,
		},
	);
	const rows = result.stdout
		.split('\n')
		.map((line) => LINE.exec(line))
		.filter(Boolean)
		.map(([, operation, mode, ratio, target]) => ({ operation, mode, ratio: Number(ratio), target: Number(target) }));
	for (const row of rows)
		report.info(`  ${row.operation} (${row.mode} binary mode): ${row.ratio.toFixed(2)} bytes per file byte (target < ${row.target})`);
	if (rows.length !== 4)
		throw new Error(`bench/upload-memory.ts printed ${rows.length} results (exit ${result.code}):\n${result.stdout}${result.stderr}`);
	return rows;
}
