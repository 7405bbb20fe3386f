// Compares the rules this repository's ESLint config enables with the rules n8n's scanner
// (@n8n/scan-community-package, its own buildScanConfig) enables, for one file of each kind the
// package publishes. Prints {file: [rules the scanner enables that we do not]} as JSON and exits 1
// when any list is not empty, so `npm run lint` can never be weaker than n8n's verification.
import { ESLint } from 'eslint';
import { buildScanConfig } from '@n8n/scan-community-package/scanner/scanner.mjs';

const SAMPLE_FILES = [
	'package.json',
	'nodes/WeChatMiniProgram/WeChatMiniProgram.node.ts',
	'nodes/WeChatMiniProgramTrigger/WeChatMiniProgramTrigger.node.ts',
	'nodes/WeChatTemplateLookup/WeChatTemplateLookup.node.ts',
	'credentials/WeChatMiniProgramApi.credentials.ts',
];

const severity = (entry) => (Array.isArray(entry) ? entry[0] : entry);
const enabledRules = (config) =>
	Object.entries(config?.rules ?? {})
		.filter(([, entry]) => severity(entry) !== 0 && severity(entry) !== 'off')
		.map(([rule]) => rule);

const cwd = process.cwd();
const ours = new ESLint({ cwd });
const scanner = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: await buildScanConfig() });

const missing = {};
for (const file of SAMPLE_FILES) {
	const have = new Set(enabledRules(await ours.calculateConfigForFile(file)));
	missing[file] = enabledRules(await scanner.calculateConfigForFile(file)).filter((rule) => !have.has(rule));
}
process.stdout.write(`${JSON.stringify(missing)}\n`);
// The scanner module creates a temporary folder at import; exit explicitly rather than wait on it.
process.exit(Object.values(missing).some((rules) => rules.length > 0) ? 1 : 0);
