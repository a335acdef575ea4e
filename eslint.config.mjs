import js from '@eslint/js';
import { config } from '@n8n/node-cli/eslint';
import globals from 'globals';

// nodes/ and credentials/ get n8n's community-node config untouched (the same rules the
// verification scanner applies; `npm run lint` also runs the scanner itself, see
// scripts/scan-package.mjs). The sandbox, tests, benchmarks and scripts are Node tooling that
// never ships, so the rules that keep nodes free of Node APIs do not apply to them.
const tooling = ['sandbox/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'];

export default [
	...config,
	{ ignores: ['dist/**', 'coverage/**', '.n8n-run/**'] },
	{
		files: tooling,
		languageOptions: { globals: { ...globals.node } },
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			'@n8n/community-nodes/missing-paired-item': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'n8n-nodes-base/node-filename-against-convention': 'off',
			'no-console': 'off',
		},
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		...js.configs.recommended,
		languageOptions: { ...js.configs.recommended.languageOptions, globals: { ...globals.node } },
	},
];
