/**
 * Tests that read git (this repository's tracked files, or throw-away repositories) run in a git clone only.
 * `npm test` also runs from a source archive (GitHub's "Download ZIP", a release tarball): there such a test
 * is skipped, and its name says why, rather than failing on something the archive cannot have.
 */
import { spawnSync } from 'node:child_process';

/** Whether the git command runs here at all. */
export const GIT_AVAILABLE = spawnSync('git', ['--version'], { encoding: 'utf8' }).status === 0;

/** Whether `directory` is inside a git work tree (false in a source archive, or without git). */
export function isGitWorkTree(directory: string): boolean {
	if (!GIT_AVAILABLE) return false;
	const run = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: directory, encoding: 'utf8' });
	return run.status === 0 && run.stdout.trim() === 'true';
}

/** `it` when `ready`; otherwise `it.skip`, with `why` in the test's name so the run's report says it. */
export function itWhen(ready: boolean, why: string): (name: string, test: jest.ProvidesCallback, timeoutMs?: number) => void {
	return (name, test, timeoutMs) => {
		if (ready) it(name, test, timeoutMs);
		else it.skip(`${name} (skipped: ${why})`, test, timeoutMs);
	};
}
