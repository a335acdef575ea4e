import { buildPackage, ensureRootDependencies, missingListedFiles } from './build.mjs';
import { ensureRuntime } from './runtime.mjs';

/**
 * What every run of the real n8n needs first: the package's dev dependencies (a fresh clone has
 * none), the build (unless skipBuild) with every file package.json lists, and n8n with Node.js 24
 * in runtime/. Returns the runtime.
 */
export async function prepareRun({ report, processes }, { skipBuild = false } = {}) {
	await report.step('dev dependencies', () => ensureRootDependencies(processes, report));
	if (!skipBuild) await report.step('npm run build', () => buildPackage(processes));
	const missing = missingListedFiles();
	if (missing.length) throw new Error(`package.json lists files the build did not produce: ${missing.join(', ')}`);
	return report.step('n8n runtime', () => ensureRuntime(report, processes));
}
