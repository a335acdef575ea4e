// Runs the n8n community-package verification scanner's own lint gate locally, on both legs it
// checks for a release: the source (package.json, nodes/, credentials/) and the packed tarball.
// Inline eslint-disable comments are ignored there, exactly as in the real scan.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const work = mkdtempSync(join(tmpdir(), 'green-api-scan-'));

try {
	const source = await analyzePackage(root, SOURCE_FILE_PATTERNS);
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root }).toString().trim().split('\n').pop();
	execFileSync('tar', ['-xzf', join(work, tarball), '-C', work]);
	const packed = await analyzePackage(join(work, 'package'), ['**/*.js', 'package.json']);

	let failed = false;
	for (const [leg, result] of [
		['source', source],
		['packed tarball', packed],
	]) {
		if (result.passed) {
			console.log(`scan ${leg}: passed`);
		} else {
			failed = true;
			console.error(`scan ${leg}: ${result.message}\n${result.details ?? ''}`);
		}
	}
	process.exitCode = failed ? 1 : 0;
} finally {
	rmSync(work, { recursive: true, force: true });
}
