import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildPackage, ensureRootDependencies, missingListedFiles } from '../../../scripts/lib/build.mjs';
import { linkPackage } from '../../../scripts/lib/n8n.mjs';
import { ensureRuntime } from '../../../scripts/lib/runtime.mjs';
import { sandboxAvailable, SANDBOX_CLI } from '../../../scripts/lib/sandbox.mjs';
import { expect } from './expect.mjs';
import { installPacked } from './pack.mjs';

/**
 * What every real-n8n test run needs first: the package's dev dependencies (a fresh clone has
 * none), the build (unless skipBuild), and n8n with Node.js 24 in runtime/. Returns the runtime.
 */
export async function prepareRun({ report, processes }, { skipBuild = false } = {}) {
	expect(sandboxAvailable(), `the GREEN-API sandbox is missing (${SANDBOX_CLI}); the e2e test needs it`);
	await report.step('dev dependencies', () => ensureRootDependencies(processes, report));
	if (!skipBuild) await report.step('npm run build', () => buildPackage(processes));
	return report.step('n8n runtime', () => ensureRuntime(report, processes));
}

/** Puts the package into a fresh n8n user folder: as `npm pack` ships it, or linked to the repository. */
export async function installPackage({ report, processes }, { userFolder, workDir, link = false }) {
	mkdirSync(userFolder, { recursive: true });
	return report.step(link ? 'link the package' : 'npm pack + install into n8n', async () => {
		if (link) {
			const missing = missingListedFiles();
			expect(!missing.length, `package.json lists files the build did not produce: ${missing.join(', ')}`);
			return linkPackage(userFolder);
		}
		const { filename, fileCount } = await installPacked(processes, userFolder, workDir);
		report.info(`  ${filename}: ${fileCount} files`);
	});
}

/** Imports credentials and workflows into n8n's database through its CLI. */
export async function importIntoN8n(n8n, dir, { credentials, workflows }) {
	mkdirSync(dir, { recursive: true });
	const credentialsFile = join(dir, 'credentials.json');
	writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
	const workflowsDir = join(dir, 'workflows');
	mkdirSync(workflowsDir, { recursive: true });
	for (const workflow of workflows) writeFileSync(join(workflowsDir, `${workflow.id}.json`), JSON.stringify(workflow));
	await n8n.cliOk(['import:credentials', `--input=${credentialsFile}`]);
	await n8n.cliOk(['import:workflow', '--separate', `--input=${workflowsDir}`]);
}
