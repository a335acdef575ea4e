import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { linkPackage } from '../../../scripts/lib/n8n.mjs';
import { prepareRun } from '../../../scripts/lib/prepareRun.mjs';
import { sandboxAvailable, SANDBOX_CLI } from '../../../scripts/lib/sandbox.mjs';
import { expect } from './expect.mjs';
import { installPacked } from './pack.mjs';

/** prepareRun (scripts/lib/prepareRun.mjs), after checking that the sandbox the tests need is there. */
export async function prepareTestRun(context, options) {
	expect(sandboxAvailable(), `the GREEN-API sandbox is missing (${SANDBOX_CLI}); the e2e test needs it`);
	return prepareRun(context, options);
}

/** Puts the package into a fresh n8n user folder: as `npm pack` ships it, or linked to the repository. */
export async function installPackage({ report, processes }, { userFolder, workDir, link = false }) {
	mkdirSync(userFolder, { recursive: true });
	return report.step(link ? 'link the package' : 'npm pack + install into n8n', async () => {
		// prepareTestRun has checked that the build holds every file package.json lists.
		if (link) return linkPackage(userFolder);
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
