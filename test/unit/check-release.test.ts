/** scripts/check-release.mjs: what `npm version` and the publish workflow refuse to release. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'check-release.mjs');
const REPOSITORY = { type: 'git', url: 'git+https://github.com/example-owner/n8n-nodes-green-api.git' };
const CHANGELOG = `# Changelog

## [Unreleased]

## [0.2.0] - 2026-12-01

### Added

- Something a user can do now.

## [0.1.0] - 2026-11-29

- First release.
`;

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'green-api-release-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write({ version = '0.2.0', repository = REPOSITORY as unknown, changelog = CHANGELOG } = {}) {
	writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'n8n-nodes-green-api', version, repository }, null, 2));
	writeFileSync(join(dir, 'CHANGELOG.md'), changelog);
}

/** Runs the check in `dir` outside GitHub Actions unless env says otherwise. */
function check(args: string[] = [], env: Record<string, string> = {}) {
	const { GITHUB_ACTIONS, GITHUB_REPOSITORY, npm_lifecycle_event, ...rest } = process.env;
	void [GITHUB_ACTIONS, GITHUB_REPOSITORY, npm_lifecycle_event];
	const result = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: dir, encoding: 'utf8', env: { ...rest, ...env } });
	return { code: result.status, out: result.stdout + result.stderr };
}

it('accepts a version with a dated changelog entry, a GitHub repository and its own tag', () => {
	write();
	expect(check(['--tag', 'v0.2.0'])).toEqual({ code: 0, out: '0.2.0 is ready to release as v0.2.0\n' });
	expect(check([], { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'example-owner/n8n-nodes-green-api' }).code).toBe(0);
});

it.each([
	['the notes are still under Unreleased', { version: '0.3.0' }, ['--tag', 'v0.3.0'], /no entry "## \[0\.3\.0\] - YYYY-MM-DD"/],
	['the entry has no date', { changelog: CHANGELOG.replace('## [0.2.0] - 2026-12-01', '## [0.2.0]') }, [], /no entry "## \[0\.2\.0\]/],
	[
		'the entry lists nothing',
		{ changelog: CHANGELOG.replace('- Something a user can do now.', '') },
		[],
		/entry for 0\.2\.0 lists no changes/,
	],
	['a prefix of the version has the entry', { version: '0.2.0-rc.1' }, [], /no entry "## \[0\.2\.0-rc\.1\]/],
	['package.json names no repository', { repository: null }, [], /no GitHub "repository"/],
	['the repository is not on GitHub', { repository: 'https://gitlab.com/owner/name' }, [], /no GitHub "repository"/],
	['the tag is another version', {}, ['--tag', 'v0.2.1'], /the tag v0\.2\.1 is not v0\.2\.0/],
	['the tag lacks the v', {}, ['--tag', '0.2.0'], /the tag 0\.2\.0 is not v0\.2\.0/],
])('refuses when %s', (_, files, args, problem) => {
	write(files);
	const { code, out } = check(args);
	expect(code).toBe(1);
	expect(out).toMatch(/^Not releasing /);
	expect(out).toMatch(problem);
});

it('refuses in GitHub Actions when package.json names another repository (npm would reject the provenance)', () => {
	write();
	const { code, out } = check(['--tag', 'v0.2.0'], { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'someone-else/fork' });
	expect(code).toBe(1);
	expect(out).toMatch(/repository is example-owner\/n8n-nodes-green-api but this runs in someone-else\/fork/);
});

it("holds the repository's own CHANGELOG.md to an entry for package.json's version", () => {
	const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
	writeFileSync(join(dir, 'package.json'), JSON.stringify({ version, repository: REPOSITORY }));
	writeFileSync(join(dir, 'CHANGELOG.md'), readFileSync(join(ROOT, 'CHANGELOG.md')));
	expect(check(['--tag', `v${version}`])).toEqual({ code: 0, out: `${version} is ready to release as v${version}\n` });
	expect(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')).toMatch(/^## \[Unreleased\]$/m);
});

describe('npm version', () => {
	const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
	const npmVersion = (version: string) => {
		const { GITHUB_ACTIONS, GITHUB_REPOSITORY, ...rest } = process.env;
		void [GITHUB_ACTIONS, GITHUB_REPOSITORY];
		const env = {
			...rest,
			GIT_AUTHOR_NAME: 't',
			GIT_AUTHOR_EMAIL: 't@example.com',
			GIT_COMMITTER_NAME: 't',
			GIT_COMMITTER_EMAIL: 't@example.com',
		};
		const result = spawnSync('npm', ['version', version, '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8', env });
		return { code: result.status, out: result.stdout + result.stderr };
	};

	beforeEach(() => {
		writeFileSync(
			join(dir, 'package.json'),
			JSON.stringify(
				{ name: 'n8n-nodes-green-api', version: '0.1.0', repository: REPOSITORY, scripts: { version: `node ${JSON.stringify(SCRIPT)}` } },
				null,
				2,
			),
		);
		writeFileSync(join(dir, 'CHANGELOG.md'), CHANGELOG);
		git('init', '--quiet', '--initial-branch=main');
		git('add', '.');
		git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'start');
	});

	it('tags a version whose changelog entry is committed, and refuses one without, leaving no tag', () => {
		const refused = npmVersion('0.3.0');
		expect(refused.code).not.toBe(0);
		expect(refused.out).toMatch(/Not releasing 0\.3\.0/);
		expect(refused.out).toMatch(/undo with: git checkout -- package\.json package-lock\.json/);
		expect(git('tag', '--list')).toBe('');

		git('checkout', '--', 'package.json');
		const released = npmVersion('0.2.0');
		expect(released.code).toBe(0);
		expect(git('tag', '--list')).toBe('v0.2.0');
		expect(JSON.parse(git('show', 'v0.2.0:package.json')).version).toBe('0.2.0');
	});
});
