// Refuses a release that would go out wrong: CHANGELOG.md must have a dated entry for the
// version in package.json, package.json must name the GitHub repository it is published from
// (npm rejects a provenance statement from any other) and, in the publish workflow, the pushed
// tag must be v + that version. Runs in the package folder as the `version` script of
// `npm version` and as the first job of .github/workflows/publish.yml (with --tag).
import { readFileSync } from 'node:fs';

const usage = 'usage: node scripts/check-release.mjs [--tag <git tag>]';

/** The GitHub repository ("owner/name") a package.json `repository` names, if it names one. */
function githubRepository(repository) {
	const url = (typeof repository === 'string' ? repository : repository?.url) ?? '';
	const match =
		/^(?:git\+)?https:\/\/github\.com\/([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/.exec(url) ?? /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(url);
	return match?.[1];
}

function problems({ tag, githubRepo }) {
	const found = [];
	const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
	const { version } = pkg;
	if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version ?? '')) found.push(`package.json's version "${version}" is not x.y.z or x.y.z-pre`);

	let changelog = '';
	try {
		changelog = readFileSync('CHANGELOG.md', 'utf8');
	} catch {
		found.push('CHANGELOG.md is missing');
	}
	const escaped = String(version).replace(/[.+-]/g, '\\$&');
	const heading = new RegExp(`^## \\[${escaped}\\] - \\d{4}-\\d{2}-\\d{2}[ \\t]*$`, 'm').exec(changelog);
	if (changelog && !heading) {
		found.push(`CHANGELOG.md has no entry "## [${version}] - YYYY-MM-DD": move the Unreleased notes under that heading`);
	} else if (heading) {
		const body = changelog.slice(heading.index + heading[0].length).split(/^## /m)[0];
		if (!/^\s*[-*] \S/m.test(body)) found.push(`CHANGELOG.md's entry for ${version} lists no changes`);
	}

	const repo = githubRepository(pkg.repository);
	if (!repo) {
		found.push(
			'package.json has no GitHub "repository" (npm rejects provenance without it): add "repository": {"type": "git", "url": "git+https://github.com/<owner>/<name>.git"}',
		);
	} else if (githubRepo && repo.toLowerCase() !== githubRepo.toLowerCase()) {
		found.push(`package.json's repository is ${repo} but this runs in ${githubRepo}: npm would reject the provenance statement`);
	}

	if (tag !== undefined && tag !== `v${version}`) found.push(`the tag ${tag} is not v${version}, the version in package.json`);
	return { version, found };
}

const args = process.argv.slice(2);
let tag;
if (args[0] === '--tag' && args.length === 2) tag = args[1];
else if (args.length) {
	console.error(usage);
	process.exit(2);
}

const { version, found } = problems({ tag, githubRepo: process.env.GITHUB_ACTIONS === 'true' ? process.env.GITHUB_REPOSITORY : undefined });
if (found.length) {
	console.error(`Not releasing ${version}:\n${found.map((problem) => `  - ${problem}`).join('\n')}`);
	if (process.env.npm_lifecycle_event === 'version') {
		console.error(
			'npm version has changed package.json and package-lock.json without committing or tagging; undo with: git checkout -- package.json package-lock.json',
		);
	}
	process.exit(1);
}
console.log(`${version} is ready to release${tag === undefined ? '' : ` as ${tag}`}`);
