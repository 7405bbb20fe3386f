import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { withSummary } from '../../../bench/readme';
import type { BenchResults } from '../../../bench/results';

const results = JSON.parse(readFileSync(join(__dirname, '../../../bench/results/latest.json'), 'utf8')) as BenchResults;
const START = '<!-- bench:latest:start (written by bench/readme.ts from bench/results/latest.json) -->';
const END = '<!-- bench:latest:end -->';

describe("the README's Performance block", () => {
	it('replaces only what stands between the markers, and a second run changes nothing', () => {
		const readme = `# Title\n\nbefore\n${START}\nstale table\n${END}\nafter\n`;
		const once = withSummary(readme, results);
		expect(once).not.toContain('stale table');
		expect(once.startsWith(`# Title\n\nbefore\n${START}\n`)).toBe(true);
		expect(once.endsWith(`${END}\nafter\n`)).toBe(true);
		expect(withSummary(once, results)).toBe(once);
	});

	it('carries every send setting and every target with its verdict', () => {
		const block = withSummary(`${START}\n${END}`, results);
		for (const setting of results.send) expect(block).toContain(`| ${setting.label} | ${setting.itemsPerSecond} |`);
		for (const target of results.targets) expect(block).toContain(`| ${target.target} |`);
		expect(block).toContain(`n8n ${results.n8n.version}`);
	});

	it('refuses a README without the markers instead of appending somewhere', () => {
		expect(() => withSummary('# no markers here\n', results)).toThrow(/bench:latest:start/);
	});

	it('is what the README holds now (re-run node .build/bench/readme.js after a bench run)', () => {
		const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
		expect(withSummary(readme, results)).toBe(readme);
	});
});
