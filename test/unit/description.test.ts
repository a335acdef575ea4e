import { join } from 'node:path';

import { ESLint } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import type { INodeProperties } from 'n8n-workflow';

import { GreenApi } from '../../nodes/GreenApi/GreenApi.node';
import { GreenApiQueueTrigger } from '../../nodes/GreenApi/GreenApiQueueTrigger.node';
import { GreenApiTrigger } from '../../nodes/GreenApi/GreenApiTrigger.node';
import { CATALOGUE } from '../../nodes/GreenApi/catalogue';

const description = new GreenApi().description;

/** Source text with the generated description as a literal, so lint rules can read it. */
function toLiteral(value: unknown, indent = ''): string {
	const inner = `${indent}\t`;
	if (Array.isArray(value)) {
		return value.length === 0 ? '[]' : `[\n${value.map((v) => inner + toLiteral(v, inner)).join(',\n')},\n${indent}]`;
	}
	if (value && typeof value === 'object') {
		const entries = Object.entries(value).filter(([, v]) => v !== undefined);
		if (entries.length === 0) return '{}';
		const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
		return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${toLiteral(v, inner)}`).join(',\n')},\n${indent}}`;
	}
	return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

async function lintDescription(className: string, value: unknown): Promise<string[]> {
		// The plugin treats every file as a trigger when it sees NODE_ENV=test (jest's default).
		const nodeEnv = process.env.NODE_ENV;
		process.env.NODE_ENV = 'lint';
		const n8nNodesBase = (await import('eslint-plugin-n8n-nodes-base')).default;
		process.env.NODE_ENV = nodeEnv;
		const source = [
			"import type { INodeTypeDescription } from 'n8n-workflow';",
			`export class ${className} {`,
			`\tdescription: INodeTypeDescription = ${toLiteral(value, '\t')};`,
			'}',
			'',
		].join('\n');
		const rules = {
			...n8nNodesBase.configs.nodes.rules,
			// Inputs/outputs are the NodeConnectionTypes enum in the real file.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		} as const;
		const eslint = new ESLint({
			cwd: join(__dirname, '../..'),
			overrideConfigFile: true,
			overrideConfig: [
				{
					files: ['**/*.ts'],
					languageOptions: { parser: tsParser },
					plugins: { 'n8n-nodes-base': n8nNodesBase },
					rules,
				},
			],
		});
		const [result] = await eslint.lintText(source, {
			filePath: join(__dirname, `../../nodes/GreenApi/${className}.node.ts`),
		});
		const lines = source.split('\n');
		return result.messages.map((m) => `${m.ruleId}: ${m.message} → ${lines[m.line - 1]?.trim()}`);
}

describe('generated node descriptions', () => {
	it.each([
		['GreenApi', description],
		['GreenApiTrigger', new GreenApiTrigger().description],
		['GreenApiQueueTrigger', new GreenApiQueueTrigger().description],
	])('%s passes the n8n node lint rules that cannot see generated objects in the source', async (name, value) => {
		expect(await lintDescription(name, value)).toEqual([]);
	});

	const operations = description.properties.filter((p) => p.name === 'operation');

	it('offers every catalogue entry as exactly one operation, each with an action', () => {
		const offered = operations.flatMap((p) =>
			(p.options ?? []).map((o) => `${p.displayOptions?.show?.resource?.[0]}.${'value' in o ? o.value : ''}`),
		);
		expect(offered.sort()).toEqual(CATALOGUE.map((e) => `${e.resource}.${e.method}`).sort());
		for (const p of operations) {
			for (const option of p.options ?? []) {
				expect('action' in option && typeof option.action === 'string' && /^[A-Z]/.test(option.action)).toBe(true);
			}
		}
	});

	it('labels archived methods as deprecated and says what destructive ones destroy', () => {
		for (const entry of CATALOGUE) {
			const option = operations
				.find((p) => p.displayOptions?.show?.resource?.[0] === entry.resource)
				?.options?.find((o) => 'value' in o && o.value === entry.method) as { name: string; description?: string };
			expect(option.name.endsWith('(Deprecated)')).toBe(Boolean(entry.deprecated));
			if (entry.destructive) expect(option.description).toMatch(/cannot be undone|permanently|removes|deletes|logs out|restarts|clears|leaves/i);
		}
	});

	it('never shows two parameters with the same name for one operation', () => {
		// Two with one name are fine when another parameter decides which one shows (n8n's own
		// Send and Wait has one Options collection per response type).
		const exclusive = (a: INodeProperties, b: INodeProperties) =>
			Object.entries(a.displayOptions?.show ?? {}).some(([key, values]) => {
				const other = b.displayOptions?.show?.[key];
				return key !== 'resource' && key !== 'operation' && other !== undefined && !values?.some((v) => other.includes(v));
			});
		for (const entry of CATALOGUE) {
			const shown = description.properties.filter(
				(p: INodeProperties) =>
					p.displayOptions?.show?.resource?.includes(entry.resource) &&
					p.displayOptions?.show?.operation?.includes(entry.method),
			);
			const clashes = shown.flatMap((a, i) =>
				shown.slice(i + 1).filter((b) => b.name === a.name && !exclusive(a, b)).map((b) => `${entry.method}: ${b.name}`),
			);
			expect(clashes).toEqual([]);
		}
	});

	it('is usable as an AI tool', () => {
		expect(description.usableAsTool).toBe(true);
	});
});
