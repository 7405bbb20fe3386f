import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { GIT_AVAILABLE, isGitWorkTree, itWhen } from '../../helpers/git';

const repoRoot = join(__dirname, '..', '..', '..');
const script = join(repoRoot, 'scripts', 'check-machine-paths.mjs');

/** Paths are assembled from segments so that this file itself stays clean. */
const abs = (...segments: string[]): string => `/${segments.join('/')}`;

function check(directory: string): { status: number | null; stdout: string; stderr: string } {
	const run = spawnSync(process.execPath, [script, directory], { encoding: 'utf8' });
	return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A throw-away git repository holding `files`; `untracked` are written but never added. */
function fixtureRepo(files: Record<string, string | Buffer>, untracked: Record<string, string> = {}): string {
	const directory = mkdtempSync(join(tmpdir(), 'machine-paths-'));
	execFileSync('git', ['init', '-q'], { cwd: directory });
	const write = (name: string, content: string | Buffer) => {
		mkdirSync(dirname(join(directory, name)), { recursive: true });
		writeFileSync(join(directory, name), content);
	};
	for (const [name, content] of Object.entries(files)) write(name, content);
	execFileSync('git', ['add', '--', ...Object.keys(files)], { cwd: directory });
	for (const [name, content] of Object.entries(untracked)) write(name, content);
	return directory;
}

/** Text that names folders like machine paths but is not one: each must pass. */
const LOOKALIKES = [
	'See https://example.com/work/notes and http://127.0.0.1:5678/home/executions/ for details.',
	'const dir = process.env.TMPDIR ?? "/tmp"; const file = "/tmp" + "/x";',
	'DIR=${TMPDIR:-/tmp}/n8n-queue-services',
	'mv "$HOME/work/a" .; cp x.tmp/y z; open ./work/notes.md',
	'const pattern = /(^|[^.A-Za-z0-9_])\\/(work|farm)\\//;',
].join('\n');

describe('scripts/check-machine-paths.mjs', () => {
	const made: string[] = [];
	afterAll(() => {
		for (const directory of made) rmSync(directory, { recursive: true, force: true });
	});
	const repo = (...args: Parameters<typeof fixtureRepo>): string => {
		const directory = fixtureRepo(...args);
		made.push(directory);
		return directory;
	};

	// The script reads the files git tracks: this repository's needs a clone, the fixtures' need git itself.
	const inClone = itWhen(isGitWorkTree(repoRoot), 'not a git clone (a source archive): the script reads the files git tracks');
	const withGit = itWhen(GIT_AVAILABLE, 'no git command here: the fixtures are throw-away git repositories');

	inClone('passes on this repository', () => {
		const run = check(repoRoot);
		expect(run.stderr).toBe('');
		expect(run.stdout).toMatch(/no machine paths in \d+ tracked text files/);
		expect(run.status).toBe(0);
	}, 60_000);

	withGit('fails on each kind of machine path in a tracked file, naming file and line', () => {
		const directory = repo({
			'docs/notes.md': `# Notes\nAs ${abs('work', 'shared', 'api-facts.md')} says.\n`,
			'src/a.ts': [
				`// from ${abs('farm', 'job-17', 'out.log')}`,
				`const home = '${abs('root', '.cache', 'x')}';`,
				`// ${abs('home', 'alice', 'project', 'x.ts')}`,
				`// raw profile ${abs('tmp', 'profile-1795620251005.cpuprofile')}`,
				`// ${abs('Users', 'bob', 'code', 'y.ts')}`,
			].join('\n'),
			'clean.ts': LOOKALIKES,
		});
		const run = check(directory);
		expect(run.status).toBe(1);
		const listed = run.stderr.split('\n').filter((line) => line.startsWith('  '));
		expect(listed).toEqual([
			`  docs/notes.md:2: ${abs('work', 'shared', 'api-facts.md')}`,
			`  src/a.ts:1: ${abs('farm', 'job-17', 'out.log')}`,
			`  src/a.ts:2: ${abs('root', '.cache', 'x')}`,
			`  src/a.ts:3: ${abs('home', 'alice', 'project', 'x.ts')}`,
			`  src/a.ts:4: ${abs('tmp', 'profile-1795620251005.cpuprofile')}`,
			`  src/a.ts:5: ${abs('Users', 'bob', 'code', 'y.ts')}`,
		]);
	});

	withGit('reads only tracked text files: untracked files, package-lock.json and binary files are skipped', () => {
		const path = abs('work', 'shared', 'x.md');
		const directory = repo(
			{
				'clean.ts': LOOKALIKES,
				'package-lock.json': JSON.stringify({ resolved: `file:${path}` }),
				'image.png': Buffer.from(`\x89PNG\r\n${path}`, 'latin1'),
				'blob.bin': Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(path)]),
			},
			{ 'scratch.md': path },
		);
		const run = check(directory);
		expect(run.stderr).toBe('');
		expect(run.stdout).toContain('no machine paths in 1 tracked text files');
		expect(run.status).toBe(0);
	});

	withGit('allows the listed reader-side paths only in their own file', () => {
		const dockerFolder = `${abs('home', 'node', '.n8n', 'nodes')}`;
		const directory = repo({ 'README.md': `In Docker: \`${dockerFolder}\`.\n`, 'docs/other.md': `${dockerFolder}\n` });
		const run = check(directory);
		expect(run.status).toBe(1);
		expect(run.stderr).toContain(`docs/other.md:1: ${dockerFolder}`);
		expect(run.stderr).not.toContain('README.md');
	});

	withGit('does not match its own source', () => {
		const directory = repo({ 'scripts/check-machine-paths.mjs': readFileSync(script, 'utf8') });
		expect(check(directory).status).toBe(0);
	});
});

