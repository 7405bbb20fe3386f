/**
 * Renders bench/results/chart.svg from bench/results/latest.json with vega-lite: items/s per send
 * setting, and messages accepted vs lost per setting. Also runnable alone after a bench run:
 *   node .build/bench/chart.js [latest.json] [chart.svg]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { repoRoot } from '../harness';
import type { BenchResults } from './results';
import { readResults } from './resultsFile';

interface VegaModule {
	parse(spec: unknown): unknown;
	View: new (runtime: unknown, options: { renderer: 'none' }) => { toSVG(): Promise<string> };
}
interface VegaLiteModule {
	compile(spec: unknown): { spec: unknown };
}

// vega 6 is ESM with top-level await, which require() cannot load; TypeScript compiles import() to
// require() under "module": "commonjs", so the import is made where TypeScript cannot rewrite it.
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

async function loadEsm<T>(name: string): Promise<T> {
	return (await importModule(pathToFileURL(require.resolve(name)).href)) as T;
}

export const RESULTS_PATH = join(repoRoot, 'bench', 'results', 'latest.json');
export const CHART_PATH = join(repoRoot, 'bench', 'results', 'chart.svg');

export function chartSpec(results: BenchResults): object {
	const rows = results.send.flatMap((setting) => [
		{ setting: setting.label, flow: setting.flow, measure: 'items/s', value: setting.itemsPerSecond },
		{ setting: setting.label, flow: setting.flow, outcome: 'accepted', count: setting.accepted },
		{ setting: setting.label, flow: setting.flow, outcome: 'lost', count: setting.lost },
	]);
	const order = results.send.map((setting) => setting.label);
	const y = { field: 'setting', type: 'nominal', sort: order, title: null, axis: { labelLimit: 260 } };
	return {
		$schema: 'https://vega.github.io/schema/vega-lite/v6.json',
		title: {
			text: `Send ${results.send[0]?.items ?? ''} items through n8n ${results.n8n.version}, ${String(results.config.latencyMs)} ms WeChat latency`,
			subtitle: `medians of ${String(results.config.rounds)} rounds, ${results.generatedAt.slice(0, 10)}, load average ${results.machine.loadAverageAtStart[0]?.toFixed(2) ?? '?'} at start`,
		},
		data: { values: rows },
		hconcat: [
			{
				title: 'Throughput (items/s, send node time)',
				transform: [{ filter: "datum.measure === 'items/s'" }],
				mark: { type: 'bar', tooltip: true },
				encoding: {
					y,
					x: { field: 'value', type: 'quantitative', title: 'items/s' },
					color: { field: 'flow', type: 'nominal', title: 'flow', scale: { domain: ['ours', 'baseline'], range: ['#2e7d32', '#9e9e9e'] } },
				},
				width: 320,
			},
			{
				title: 'Messages accepted vs lost',
				transform: [{ filter: 'datum.outcome != null' }],
				mark: { type: 'bar', tooltip: true },
				encoding: {
					y: { ...y, axis: null },
					x: { field: 'count', type: 'quantitative', title: 'messages', stack: 'zero' },
					color: { field: 'outcome', type: 'nominal', title: 'outcome', scale: { domain: ['accepted', 'lost'], range: ['#66bb6a', '#e53935'] } },
				},
				width: 260,
			},
		],
		resolve: { scale: { color: 'independent' } },
		config: { font: 'sans-serif' },
	};
}

export async function renderChart(results: BenchResults): Promise<string> {
	const vega = await loadEsm<VegaModule>('vega');
	const vegaLite = await loadEsm<VegaLiteModule>('vega-lite');
	const view = new vega.View(vega.parse(vegaLite.compile(chartSpec(results)).spec), { renderer: 'none' });
	return await view.toSVG();
}

if (require.main === module) {
	const [input = RESULTS_PATH, output = CHART_PATH] = process.argv.slice(2);
	renderChart(readResults(input)).then(
		(svg) => {
			writeFileSync(output, svg);
			process.stdout.write(`${output}\n`);
		},
		(error: unknown) => {
			process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
			process.exitCode = 1;
		},
	);
}
