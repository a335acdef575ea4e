import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { sublimeSearch } from '@n8n/utils/search/sublime-search';

import { GreenApi } from '../../nodes/GreenApi/GreenApi.node';
import { GreenApiQueueTrigger } from '../../nodes/GreenApi/GreenApiQueueTrigger.node';
import { GreenApiTrigger } from '../../nodes/GreenApi/GreenApiTrigger.node';

const ROOT = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

interface Codex {
	node: string;
	alias?: string[];
	categories?: string[];
	resources: Record<'primaryDocumentation' | 'credentialDocumentation', Array<{ url: string }>>;
}

const nodes = [
	['GreenApi', new GreenApi().description],
	['GreenApiTrigger', new GreenApiTrigger().description],
	['GreenApiQueueTrigger', new GreenApiQueueTrigger().description],
] as const;

const codexOf = (file: string): Codex => JSON.parse(readFileSync(join(ROOT, 'nodes/GreenApi', `${file}.node.json`), 'utf8')) as Codex;

/** Whether n8n's own node search (the nodes panel's) finds a node with this name and codex. */
const found = (query: string, displayName: string, codex: Codex) =>
	sublimeSearch(query, [{ properties: { displayName, codex } }]).length === 1;

describe.each(nodes)('%s codex', (file, description) => {
	const codex = codexOf(file);

	it('belongs to the node n8n loads it for', () => {
		expect(codex.node).toBe(`${pkg.name}.${description.name}`);
		expect(codex.categories).toEqual(['Communication']);
	});

	it.each(['whatsapp', 'green api', 'greenapi', 'green-api'])('is found by searching "%s"', (query) => {
		expect(found(query, description.displayName, codex)).toBe(true);
	});

	it("links documentation pages this package ships, in a form n8n's added query cannot break", () => {
		const urls = [...codex.resources.primaryDocumentation, ...codex.resources.credentialDocumentation].map((r) => r.url);
		expect(urls).toHaveLength(2);
		for (const url of urls) {
			// n8n appends "?utm_source=…" to the link: a fragment or a query would swallow it.
			expect(url).not.toMatch(/[#?]/);
			const { pathname, host } = new URL(url);
			expect(host).toBe('unpkg.com');
			const [, name, ...path] = pathname.split('/');
			expect(name).toBe(pkg.name);
			const page = path.join('/');
			expect(existsSync(join(ROOT, page))).toBe(true);
			expect(pkg.files).toContain('docs/*.md');
			expect(page).toMatch(/^docs\/[\w-]+\.md$/);
		}
		const page = readFileSync(join(ROOT, new URL(urls[0]).pathname.split('/').slice(2).join('/')), 'utf8');
		expect(page.split('\n')[0]).toBe(`# ${description.displayName.replace(/^GREEN-API$/, 'GREEN-API node')}`);
	});
});

it('the action node is found by "send whatsapp message", and no node by a word it does not have', () => {
	expect(found('send whatsapp message', new GreenApi().description.displayName, codexOf('GreenApi'))).toBe(true);
	for (const [file, description] of nodes) expect(found('telegram', description.displayName, codexOf(file))).toBe(false);
});

it('package.json names no home page, repository or address nobody confirmed', () => {
	expect(pkg.homepage).toBeUndefined();
	expect(pkg.repository).toBeUndefined();
	// n8n's verification lint requires an author e-mail; until a real one is known it is a
	// reserved .invalid address that cannot belong to anyone.
	expect(pkg.author.email).toMatch(/\.invalid$/);
});
