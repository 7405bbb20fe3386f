/**
 * The import boundaries npm run lint holds (scripts/lint/importBoundaries.mjs), case by case: each probe
 * is linted as if it were a file at that path, with the repository's own ESLint config, in one ESLint
 * process. The rule resolves where an import lands, so a path spelled with "n8n" in it proves nothing
 * either way, and import(), require() and export … from count like import.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..');

interface Probe {
	file: string;
	code: string;
}

/** Lints every probe with the repository's config; for each, the messages of the boundary rule. */
function boundaryMessages(probes: readonly Probe[]): string[][] {
	const script = `
		const { ESLint } = require('eslint');
		let input = '';
		process.stdin.on('data', (chunk) => (input += chunk));
		process.stdin.on('end', async () => {
			const eslint = new ESLint({ cwd: process.cwd() });
			const out = [];
			for (const probe of JSON.parse(input)) {
				const [result] = await eslint.lintText(probe.code, { filePath: probe.file });
				out.push(result.messages.filter((m) => m.ruleId === 'local/import-boundaries' || m.fatal).map((m) => m.message));
			}
			process.stdout.write(JSON.stringify(out));
		});`;
	const run = spawnSync(process.execPath, ['-e', script], { cwd: repoRoot, input: JSON.stringify(probes), encoding: 'utf8' });
	if (run.status !== 0) throw new Error(`eslint probe run failed: ${run.stderr}`);
	return JSON.parse(run.stdout) as string[][];
}

const refused: Array<[string, Probe, RegExp]> = [
	['a static import of n8n-workflow in the protocol layer', { file: 'nodes/protocol/probe.ts', code: "import { sleep } from 'n8n-workflow';\nexport const wait = sleep;\n" }, /the protocol layer may not import n8n-workflow/],
	['a type-only import of n8n-workflow in the protocol layer', { file: 'nodes/protocol/push/probe.ts', code: "import type { INode } from 'n8n-workflow';\nexport type Node = INode;\n" }, /the protocol layer may not import n8n-workflow/],
	['a dynamic import() of n8n-workflow in the protocol layer', { file: 'nodes/protocol/probe.ts', code: "export const load = async () => await import('n8n-workflow');\n" }, /the protocol layer may not import n8n-workflow/],
	['a require() of n8n-core in the protocol layer', { file: 'nodes/protocol/probe.ts', code: "// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const core = require('n8n-core') as unknown;\n" }, /the protocol layer may not import n8n-core/],
	['an export … from the n8n side in the protocol layer', { file: 'nodes/protocol/probe.ts', code: "export { CREDENTIAL_NAME } from '../shared/credentialName';\n" }, /may not import \.\.\/shared\/credentialName \(nodes\/shared\/credentialName\)/],
	['a node folder imported by the protocol layer', { file: 'nodes/protocol/probe.ts', code: "import { RESOURCES } from '../WeChatMiniProgram/actions/resources';\nexport const all = RESOURCES;\n" }, /nodes\/WeChatMiniProgram\/actions\/resources/],
	['a module named by an expression in the protocol layer', { file: 'nodes/protocol/probe.ts', code: "export const load = async (name: string) => await import(name);\n" }, /cannot be checked/],
	['the sandbox imported by the published package', { file: 'nodes/shared/probe.ts', code: "import { SANDBOX_APP_ID } from '../../sandbox/seed';\nexport const id = SANDBOX_APP_ID;\n" }, /the published package may not import \.\.\/\.\.\/sandbox\/seed/],
	['the harness imported by the published package, however its path is spelled', { file: 'nodes/WeChatMiniProgram/probe.ts', code: "import { startN8n } from '../../harness/n8n';\nexport const start = startN8n;\n" }, /the published package may not import \.\.\/\.\.\/harness\/n8n \(harness\/n8n\)/],
	['a runtime package in a credential', { file: 'credentials/probe.ts', code: "import axios from 'axios';\nexport const http = axios;\n" }, /the published package may not import axios/],
	['test/ imported by the harness', { file: 'harness/probe.ts', code: "import { TEST_NODE } from '../test/helpers/fakeN8nContext';\nexport const node = TEST_NODE;\n" }, /the tooling may not import \.\.\/test\/helpers\/fakeN8nContext/],
	['scripts/ required by the bench', { file: 'bench/probe.ts', code: "// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const demo = require('../scripts/demo/commands') as unknown;\n" }, /the tooling may not import \.\.\/scripts\/demo\/commands/],
	['test/ imported by a script', { file: 'scripts/probe.ts', code: "import { TEST_NODE } from '../test/helpers/fakeN8nContext';\nexport const node = TEST_NODE;\n" }, /the scripts may not import/],
	['scripts/ imported by an e2e test', { file: 'test/e2e/probe.test.ts', code: "import { shellQuote } from '../../scripts/demo/commands';\nexport const quote = shellQuote;\n" }, /the tests may not import \.\.\/\.\.\/scripts\/demo\/commands/],
];

const allowed: Array<[string, Probe]> = [
	['Node built-ins in the protocol layer, statically and by import()', { file: 'nodes/protocol/probe.ts', code: "import { createHash } from 'node:crypto';\nexport const load = async () => [createHash, await import('node:zlib')];\n" }],
	['a protocol module whose name contains "n8n"', { file: 'nodes/protocol/probe.ts', code: "import { n8nLike } from './n8nLike';\nexport const x = n8nLike;\n" }],
	['n8n-workflow and the protocol layer on the n8n side', { file: 'nodes/shared/probe.ts', code: "import { sleep } from 'n8n-workflow';\n\nimport { ERRCODE } from '../protocol/errors';\n\nexport const both = { sleep, ERRCODE };\n" }],
	['the harness, the sandbox and the nodes in a test', { file: 'test/e2e/probe.test.ts', code: "import { startN8n } from '../../harness';\nimport { SANDBOX_APP_ID } from '../../sandbox/seed';\nexport const all = { startN8n, SANDBOX_APP_ID };\n" }],
	['a script in its own test under test/scripts/', { file: 'test/scripts/probe.test.ts', code: "import { shellQuote } from '../../scripts/demo/commands';\nexport const quote = shellQuote;\n" }],
	['the harness in a script', { file: 'scripts/probe.ts', code: "import { startN8n } from '../harness';\nexport const start = startN8n;\n" }],
];

describe('npm run lint holds the import boundaries', () => {
	const messages = boundaryMessages([...refused.map(([, probe]) => probe), ...allowed.map(([, probe]) => probe)]);

	it.each(refused.map(([name, , expected], index) => [name, expected, index] as const))('refuses %s', (_name, expected, index) => {
		expect(messages[index]).toEqual([expect.stringMatching(expected)]);
	});

	it.each(allowed.map(([name], index) => [name, refused.length + index] as const))('allows %s', (_name, index) => {
		expect(messages[index]).toEqual([]);
	});
});
