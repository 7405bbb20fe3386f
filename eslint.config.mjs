// Two rule sets. The published package (package.json, nodes/, credentials/) gets exactly what n8n
// verifies with: the rules of `n8n-node lint` (@n8n/node-cli's eslint config) and of the scanner
// (@n8n/scan-community-package), which are the community-nodes plugin's recommended set, the
// eslint-plugin-n8n-nodes-base `community` / `credentials` / `nodes` sets with the same three
// rules switched off, ESLint's and typescript-eslint's recommended sets, import-x and no-console.
// scripts/lint-rule-coverage.mjs (run by a unit test) fails when the scanner enables a rule that
// this file does not, for any published file kind.
// The tooling folders (sandbox, harness, scripts, test, bench) keep the plain TypeScript set.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { importBoundariesPlugin } from './scripts/lint/importBoundaries.mjs';

const PACKAGE_SOURCES = ['credentials/**/*.ts', 'nodes/**/*.ts'];

// Unused arguments and variables are allowed when named with a leading underscore.
const unusedVars = ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }];

export default tseslint.config(
	{ ignores: ['dist/**', '.build/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommended],
		rules: { '@typescript-eslint/no-unused-vars': unusedVars },
	},
	{
		files: PACKAGE_SOURCES,
		extends: [
			js.configs.recommended,
			tseslint.configs.recommended,
			n8nCommunityNodesPlugin.configs.recommended,
			importX.flatConfigs.recommended,
		],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		settings: { 'import-x/resolver-next': [createTypeScriptImportResolver()] },
		rules: {
			'prefer-spread': 'off',
			'no-console': 'error',
			'@typescript-eslint/no-unused-vars': unusedVars,
		},
	},
	{
		// Where each part of the repository may import from (scripts/lint/importBoundaries.mjs): the
		// protocol layer only itself and Node's built-ins; the published package only itself, n8n-workflow
		// and Node's built-ins; the tooling libraries never test/ or scripts/. Static, dynamic and require.
		files: ['**/*.ts'],
		plugins: { local: importBoundariesPlugin },
		rules: { 'local/import-boundaries': 'error' },
	},
	{
		files: ['package.json'],
		extends: [n8nCommunityNodesPlugin.configs.recommended],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...n8nNodesBase.configs.community.rules, 'no-console': 'error' },
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Off in n8n's own config: not valid for community nodes / covered better by the
			// community-nodes plugin's credential-password-field rule.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Off in n8n's own config: inputs/outputs may be the enum, and a real API maximum is valid.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
);
