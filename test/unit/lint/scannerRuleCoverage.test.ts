import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..');

describe('npm run lint applies every rule n8n verifies with', () => {
	it('enables each rule the scanner enables, for package.json, every node and the credential', () => {
		const run = spawnSync(process.execPath, ['scripts/lint-rule-coverage.mjs'], { cwd: repoRoot, encoding: 'utf8' });
		expect(run.stderr).toBe('');
		const missing = JSON.parse(run.stdout) as Record<string, string[]>;
		expect(Object.keys(missing).length).toBe(5);
		expect(missing).toEqual(Object.fromEntries(Object.keys(missing).map((file) => [file, []])));
		expect(run.status).toBe(0);
	}, 60_000);
});
