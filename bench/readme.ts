/**
 * Keeps the README's Performance section on the latest benchmark: replaces what stands between the
 * markers below with a summary of bench/results/latest.json. run.js calls it after a full run (not
 * after BENCH_QUICK=1); runnable alone after a bench run: node .build/bench/readme.js
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from '../harness/communityPackage';
import { RESULTS_PATH } from './chart';
import { table, targetsTable } from './report';
import type { BenchResults } from './results';

export const README_PATH = join(repoRoot, 'README.md');
const START = '<!-- bench:latest:start (written by bench/readme.ts from bench/results/latest.json) -->';
const END = '<!-- bench:latest:end -->';

/** The summary: when and where it ran, send throughput and loss per setting, and every target. */
export function readmeSummary(results: BenchResults): string {
	const m = results.machine;
	const load = (l: number[]) => (l[0] ?? 0).toFixed(1);
	const send = table(
		['setting', 'items/s', '× baseline default', '× latency limit', 'accepted', 'lost', 'loss reported'],
		results.send.map((s) => [
			s.label,
			s.itemsPerSecond,
			s.ratioToBaselineDefault.toFixed(2),
			s.ratioToLatencyLimit === null ? '—' : s.ratioToLatencyLimit.toFixed(2),
			s.accepted,
			s.lost,
			s.lossReported,
		]),
	);
	const trigger = results.trigger;
	const perEvent = results.perEvent;
	const memory = results.memory;
	const others = table(
		['measure', 'ours', 'what it is compared with'],
		[
			...(results.tokens
				? [[
						`token-endpoint calls, ${results.tokens.executions} executions × ${results.tokens.itemsPerExecution} items`,
						`${results.tokens.singleProcess.ours.tokenCalls} (2 processes: ${results.tokens.twoProcesses?.ours.tokenCalls ?? '—'}, ${results.tokens.twoProcesses?.ours.rejectedTokenResponses ?? '—'} rejected)`,
						`baseline: ${results.tokens.singleProcess.baseline.tokenCalls} plain tokens, each retiring the one before`,
					]]
				: []),
			...(trigger
				? [[
						'trigger events/s, 20 clients (safe-mode XML)',
						`${trigger.ours.eventsPerSecond} (p99 ${trigger.ours.p99Ms} ms)`,
						`n8n's Webhook node, plain JSON: ${trigger.plainWebhook.eventsPerSecond} (p99 ${trigger.plainWebhook.p99Ms} ms)`,
					]]
				: []),
			...(perEvent ? [['our code per push: signature, AES, XML, normalise', `${perEvent.totalMicros.toFixed(1)} µs`, 'target < 50 µs']] : []),
			...(memory ? [[`n8n RSS growth, ${memory.items} items`, `${memory.growthMb} MB`, 'target < 100 MB']] : []),
		],
	);
	return [
		`Run of ${results.generatedAt.slice(0, 16).replace('T', ' ')} UTC: n8n ${results.n8n.version} on Node ${results.n8n.node}, ${m.cpus} shared cores, ` +
			`load average ${load(m.loadAverageAtStart)} at the start and ${load(m.loadAverageAtEnd)} at the end; ` +
			`${results.config.sendItems} items per send setting, ${results.config.latencyMs} ms sandbox latency, medians of ${results.config.rounds} rounds.`,
		'',
		send,
		'',
		others,
		'',
		targetsTable(results.targets),
	].join('\n');
}

/** The README text with the block between the markers replaced; throws when the markers are missing. */
export function withSummary(readme: string, results: BenchResults): string {
	const start = readme.indexOf(START);
	const end = readme.indexOf(END);
	if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} block`);
	return `${readme.slice(0, start + START.length)}\n${readmeSummary(results)}\n${readme.slice(end)}`;
}

export function updateReadme(results: BenchResults, path = README_PATH): void {
	writeFileSync(path, withSummary(readFileSync(path, 'utf8'), results));
}

if (require.main === module) {
	updateReadme(JSON.parse(readFileSync(process.argv[2] ?? RESULTS_PATH, 'utf8')) as BenchResults);
	process.stdout.write(`updated ${README_PATH}\n`);
}
