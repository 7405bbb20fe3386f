import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { withSummary } from '../../../bench/performancePage';
import type { BenchResults, TriggerRun } from '../../../bench/results';
import { readResults } from '../../../bench/resultsFile';

const results = readResults(join(__dirname, '../../../bench/results/latest.json'));
const START = '<!-- bench:latest:start (written by bench/performancePage.ts from bench/results/latest.json) -->';
const END = '<!-- bench:latest:end -->';
const TRIGGER_START = '<!-- bench:trigger:start (written by bench/performancePage.ts from bench/results/latest.json) -->';
const TRIGGER_END = '<!-- bench:trigger:end -->';

/** The results with a lazy-acquisition trigger run added (a copy of the defaults run, relabelled). */
function withLazyRun(base: BenchResults): BenchResults {
	const defaults = base.trigger?.runs[0];
	if (!base.trigger || !defaults) throw new Error('latest.json has no trigger run');
	const lazy: TriggerRun = { ...defaults, setting: 'lazyAcquire', env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' } };
	return { ...base, trigger: { ...base.trigger, runs: [defaults, lazy] } };
}

describe("the performance page's summary block", () => {
	it('replaces only what stands between the markers, and a second run changes nothing', () => {
		const readme = `# Title\n\nbefore\n${START}\nstale table\n${END}\nafter\n`;
		const once = withSummary(readme, results);
		expect(once).not.toContain('stale table');
		expect(once.startsWith(`# Title\n\nbefore\n${START}\n`)).toBe(true);
		expect(once.endsWith(`${END}\nafter\n`)).toBe(true);
		expect(withSummary(once, results)).toBe(once);
	});

	it('carries every send setting with its send time, CPU and bound, and every target with its verdict', () => {
		const block = withSummary(`${START}\n${END}`, results);
		for (const setting of results.send) expect(block).toContain(`| ${setting.label} | ${setting.sendNodeMs} | ${setting.itemsPerSecond} |`);
		for (const target of results.targets) expect(block).toContain(`| ${target.target} |`);
		expect(block).toContain('| n8n CPU ms (flow) | × bound |');
		expect(block).toContain(`n8n ${results.n8n.version}`);
	});

	it('refuses a page without the markers instead of appending somewhere', () => {
		expect(() => withSummary('# no markers here\n', results)).toThrow(/bench:latest:start/);
	});

	it('is what docs/performance.md holds now (re-run node .build/bench/performancePage.js after a bench run)', () => {
		const readme = readFileSync(join(__dirname, '../../../docs/performance.md'), 'utf8');
		expect(withSummary(readme, results)).toBe(readme);
	});
});

describe("the performance page's trigger block", () => {
	const readme = `${START}\n${END}\ntext\n${TRIGGER_START}\nstale\n${TRIGGER_END}\n`;

	it('says clearly what is not measured yet when the results have no lazy-acquisition run', () => {
		const withoutLazy: BenchResults = { ...results, trigger: results.trigger && { ...results.trigger, runs: results.trigger.runs.filter((run) => run.setting === 'default') } };
		const text = withSummary(readme, withoutLazy);
		expect(text).not.toContain('stale');
		expect(text).toContain('**Not measured yet**');
		expect(text).toContain('N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true');
	});

	it('shows every endpoint per n8n setting, with its ratios to the Webhook node, once the run has them', () => {
		const lazy = withLazyRun(results);
		const text = withSummary(readme, lazy);
		expect(text).not.toContain('Not measured yet');
		for (const run of lazy.trigger?.runs ?? []) {
			const setting = run.setting === 'default' ? "n8n's defaults" : 'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true';
			for (const side of run.sides) expect(text).toContain(`| ${setting} | ${side.endpoint === 'webhook' ? "n8n's Webhook node" : `our trigger v${side.typeVersion}`}`);
		}
		expect(withSummary(text, lazy)).toBe(text);
	});
});
