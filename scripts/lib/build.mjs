import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_DIR } from './paths.mjs';

/** Tools of the root package that the build, the sandbox and the e2e test need. */
const NEEDED = ['node_modules/.bin/tsc', 'node_modules/.bin/gulp', 'node_modules/.bin/tsx', 'node_modules/axios/package.json'];

/** Installs the root package's dev dependencies when a fresh clone has none yet. */
export async function ensureRootDependencies(processes, report) {
	if (NEEDED.every((file) => existsSync(join(REPO_DIR, file)))) return false;
	const command = existsSync(join(REPO_DIR, 'package-lock.json')) ? 'ci' : 'install';
	report.info(`installing the package's dev dependencies (npm ${command})`);
	const result = await processes.run('npm', 'npm', [command, '--no-audit', '--no-fund'], { cwd: REPO_DIR, timeoutMs: 900_000 });
	if (result.code !== 0) throw new Error(`npm ${command} failed:\n${(result.stdout + result.stderr).slice(-4000)}`);
	return true;
}

/** `npm run build`: tsc + gulp into dist/, which is what n8n loads. */
export async function buildPackage(processes) {
	const result = await processes.run('build', 'npm', ['run', 'build'], { cwd: REPO_DIR, timeoutMs: 300_000 });
	if (result.code !== 0) throw new Error(`npm run build failed:\n${(result.stdout + result.stderr).slice(-4000)}`);
}

/**
 * Files package.json lists under "n8n" (nodes, credentials) that do not exist in packageDir.
 * n8n skips the whole package when one is missing, so this is checked before starting it.
 */
export function missingListedFiles(packageDir = REPO_DIR) {
	const { n8n } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
	return [...(n8n?.nodes ?? []), ...(n8n?.credentials ?? [])].filter((file) => !existsSync(join(packageDir, file)));
}
