import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..');
const eslintBin = join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');

/** Lints `code` as if it were the file `filePath` of the repository, with the repository's config. */
function lint(filePath: string, code: string): { status: number | null; output: string } {
	const run = spawnSync(process.execPath, [eslintBin, '--stdin', '--stdin-filename', filePath], {
		cwd: repoRoot,
		input: code,
		encoding: 'utf8',
	});
	return { status: run.status, output: run.stdout + run.stderr };
}

describe('npm run lint holds the protocol boundary', () => {
	it('fails a protocol file (nodes/WeChat/) that imports n8n-workflow or n8n-core', () => {
		for (const module of ['n8n-workflow', 'n8n-core']) {
			const result = lint('nodes/WeChat/probe.ts', `import { sleep } from '${module}';\nexport const wait = sleep;\n`);
			expect(result.status).toBe(1);
			expect(result.output).toContain('must not import n8n');
		}
	}, 60_000);

	it('fails a protocol file that imports the n8n side or a node', () => {
		const fromN8nSide = lint('nodes/WeChat/push/probe.ts', "import { CREDENTIAL_NAME } from '../../n8n/credentialName';\nexport const name = CREDENTIAL_NAME;\n");
		expect(fromN8nSide.status).toBe(1);
		expect(fromN8nSide.output).toContain('must not import the n8n side');
		const fromNode = lint('nodes/WeChat/probe.ts', "import { OPERATIONS } from '../WeChatMiniProgram/actions/operations';\nexport const table = OPERATIONS;\n");
		expect(fromNode.status).toBe(1);
	}, 60_000);

	it('lets the n8n side import both n8n and the protocol layer', () => {
		const result = lint(
			'nodes/n8n/probe.ts',
			"import { sleep } from 'n8n-workflow';\n\nimport { ERRCODE } from '../WeChat/errors';\n\nexport const both = { sleep, ERRCODE };\n",
		);
		expect(result.output).not.toContain('no-restricted-imports');
	}, 60_000);
});
