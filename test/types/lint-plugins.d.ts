// Lint plugins loaded by the description test; they ship no types this TypeScript setup resolves.
declare module 'eslint-plugin-n8n-nodes-base' {
	import type { ESLint, Linter } from 'eslint';
	const plugin: ESLint.Plugin & { configs: Record<'nodes' | 'credentials' | 'community', { rules: Linter.RulesRecord }> };
	export default plugin;
}

declare module '@typescript-eslint/parser' {
	import type { Linter } from 'eslint';
	const parser: Linter.Parser;
	export = parser;
}
