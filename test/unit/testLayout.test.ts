/**
 * Where tests live, checked so the layout stays what a reader expects:
 * - the test of a module of the shared layers mirrors its path: nodes/<dir>/<module>.ts is tested by
 *   test/unit/<dir>/<module>.test.ts (or <module>.<aspect>.test.ts when one file would be too long);
 * - a unit test starts no server: tests that need the sandbox (the one fake WeChat) are in
 *   test/integration/ (or test/sandbox/ when they test the sandbox itself);
 * - the hand-written n8n context is test/helpers/fakeN8nContext.ts, and no other.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
/** The layers every node shares: the protocol layer (nodes/protocol) and the n8n side (nodes/shared). */
const MIRRORED = ['nodes/protocol', 'nodes/shared'];
/** Modules with no behaviour to test, and why. */
const NO_TEST_NEEDED: Record<string, string> = {
	'nodes/protocol/http.ts': 'types only (the transport contract)',
	'nodes/shared/credentialName.ts': 'one constant, read by the credential, the nodes and the tests',
};

function filesUnder(relative: string): string[] {
	const absolute = path.join(ROOT, relative);
	if (!fs.existsSync(absolute)) return [];
	return fs.readdirSync(absolute, { withFileTypes: true }).flatMap((entry) => {
		const child = path.posix.join(relative, entry.name);
		return entry.isDirectory() ? filesUnder(child) : [child];
	});
}

const unitTests = new Set(filesUnder('test/unit'));

describe('test layout', () => {
	const modules = MIRRORED.flatMap(filesUnder).filter((file) => file.endsWith('.ts'));

	it('finds the modules of the shared layers (the premise of the mirror check)', () => {
		expect(modules).toEqual(expect.arrayContaining(['nodes/protocol/client.ts', 'nodes/protocol/push/aes.ts', 'nodes/shared/operations.ts']));
	});

	it.each(modules.filter((module) => !(module in NO_TEST_NEEDED)))('%s has its test at the mirrored path under test/unit', (module) => {
		const base = module.replace(/^nodes\//, 'test/unit/').replace(/\.ts$/, '');
		const tests = [...unitTests].filter((file) => file === `${base}.test.ts` || (file.startsWith(`${base}.`) && file.endsWith('.test.ts')));
		expect(tests).not.toEqual([]);
	});

	it('lists only existing modules as needing no test', () => {
		for (const module of Object.keys(NO_TEST_NEEDED)) expect(fs.existsSync(path.join(ROOT, module))).toBe(true);
	});

	it('starts no server in a unit test', () => {
		const self = path.posix.join('test/unit', path.basename(__filename));
		const serverStarters = /\b(startSandbox|useSandbox|createServer)\b|\.listen\(/;
		const offenders = [...unitTests].filter((file) => file !== self && file.endsWith('.ts') && serverStarters.test(fs.readFileSync(path.join(ROOT, file), 'utf8')));
		expect(offenders).toEqual([]);
	});

	it('has one hand-written n8n context, test/helpers/fakeN8nContext.ts', () => {
		const castToContext = /as (unknown as )?I(Execute|LoadOptions|Webhook)Functions\b/;
		const files = ['test/unit', 'test/integration', 'test/sandbox', 'test/helpers'].flatMap(filesUnder).filter((file) => file.endsWith('.ts'));
		const contexts = files.filter((file) => castToContext.test(fs.readFileSync(path.join(ROOT, file), 'utf8')));
		expect(contexts).toEqual(['test/helpers/fakeN8nContext.ts']);
	});
});
