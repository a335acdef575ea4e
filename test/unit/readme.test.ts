import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { withTable } from '../../scripts/operationsTable';

describe('README', () => {
	const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');

	it('lists every operation exactly as the catalogue has it (run `npm run docs` after changing it)', () => {
		expect(readme).toBe(withTable(readme));
	});

	it('documents the two commands for a fresh machine, and .ci/run runs the documented test command', () => {
		expect(readme).toContain('npm start');
		expect(readme).toContain('npm test');
		const ci = readFileSync(join(__dirname, '../../.ci/run'), 'utf8');
		expect(ci).toMatch(/^npm test$/m);
	});
});
