import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';

import { missingListedFiles } from '../../../scripts/lib/build.mjs';
import { PACKAGE_NAME, REPO_DIR } from '../../../scripts/lib/paths.mjs';

/**
 * Installs the package into a user folder the way n8n installs a community package from npm:
 * only the files `npm pack` ships, under .n8n/nodes/node_modules/<name>, with no
 * node_modules of its own (n8n-workflow then comes from n8n itself).
 */
export async function installPacked(processes, userFolder, workDir) {
	const packed = await processes.run('npm pack', 'npm', ['pack', '--json', '--pack-destination', workDir], { cwd: REPO_DIR });
	if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stderr.slice(-3000)}`);
	const [{ filename, files }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')));
	const unpackDir = join(workDir, 'unpacked');
	mkdirSync(unpackDir, { recursive: true });
	const untar = await processes.run('tar', 'tar', ['-xzf', join(workDir, filename), '-C', unpackDir]);
	if (untar.code !== 0) throw new Error(`tar -xzf ${filename} failed:\n${untar.stderr}`);
	const target = join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	mkdirSync(join(target, '..'), { recursive: true });
	renameSync(join(unpackDir, 'package'), target);
	const missing = missingListedFiles(target);
	if (missing.length) throw new Error(`the packed package lacks files its package.json lists: ${missing.join(', ')}`);
	return { filename, fileCount: files.length };
}
