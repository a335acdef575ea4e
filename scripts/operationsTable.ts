import { CATALOGUE, RESOURCES } from '../nodes/GreenApi/catalogue';

/** The README's table of every resource/operation and the GREEN-API method behind it. */
export function operationsTable(): string {
	const rows = RESOURCES.flatMap((resource) =>
		CATALOGUE.filter((entry) => entry.resource === resource.value)
			.sort((a, b) => a.name.localeCompare(b.name))
			.map((entry) => {
				const notes = [
					entry.deprecated ? 'archived by GREEN-API' : '',
					entry.destructive ? 'destructive' : '',
					entry.host === 'media' ? 'media host' : '',
					entry.encoding === 'multipart' || entry.encoding === 'raw' ? 'n8n binary input' : '',
					entry.output?.kind === 'file' ? 'binary output' : '',
					entry.output?.kind === 'list' ? 'one item per entry' : '',
					entry.verb === 'WS' ? 'websocket, binary output' : '',
					entry.uses ? 'waits for the answer (n8n resume links)' : '',
				].filter(Boolean);
				const methods = (entry.uses ?? [entry.method]).map((method) => `\`${method}\``).join(' or ');
				return `| ${resource.name} | ${entry.name} | ${methods} | ${entry.verb} | ${notes.join(', ')} |`;
			}),
	);
	return ['| Resource | Operation | GREEN-API method | Verb | Notes |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

export const TABLE_START = '<!-- operations:start -->';
export const TABLE_END = '<!-- operations:end -->';

/** Replaces the README's generated block; `npm run docs` calls this. */
export function withTable(readme: string): string {
	const start = readme.indexOf(TABLE_START);
	const end = readme.indexOf(TABLE_END);
	if (start < 0 || end < start) throw new Error('README.md lacks the operations table markers');
	return `${readme.slice(0, start + TABLE_START.length)}\n${operationsTable()}\n${readme.slice(end)}`;
}
