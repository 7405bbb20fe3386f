/**
 * Keeps docs/performance.md on the latest benchmark: replaces what stands between each pair
 * of markers below with figures from bench/results/latest.json (the send summary with every target, the
 * trigger under n8n's defaults and with lazy isolate acquisition, and the reminder with and without the
 * ledger). run.js calls it after a full run
 * (not after BENCH_QUICK=1); runnable alone after a bench run: node .build/bench/performancePage.js
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from '../harness';
import { RESULTS_PATH } from './chart';
import { fixed, reminderTable, table, targetsTable, triggerSettingLabel } from './report';
import type { BenchResults } from './results';
import { readResults } from './resultsFile';

export const PERFORMANCE_PAGE_PATH = join(repoRoot, 'docs', 'performance.md');

interface Block {
	start: string;
	end: string;
	render: (results: BenchResults) => string;
	/** A page without this block is refused (the summary); an optional block is filled only where it stands. */
	required: boolean;
}

/** The summary: when and where it ran, send throughput and loss per setting, and every target. */
export function latestSummary(results: BenchResults): string {
	const m = results.machine;
	const load = (l: number[]) => (l[0] ?? 0).toFixed(1);
	const send = table(
		['setting', 'send node ms', 'items/s', '× baseline default', '× latency limit', 'n8n CPU ms (flow)', '× bound', 'accepted', 'lost', 'loss reported'],
		results.send.map((s) => [
			s.label,
			s.sendNodeMs,
			s.itemsPerSecond,
			fixed(s.ratioToBaselineDefault, 2),
			fixed(s.ratioToLatencyLimit, 2),
			s.n8nCpuMs,
			fixed(s.ratioToBound, 2),
			s.accepted,
			s.lost,
			s.lossReported,
		]),
	);
	const defaults = results.trigger?.runs.find((run) => run.setting === 'default');
	const webhook = defaults?.sides.find((side) => side.endpoint === 'webhook');
	const ourSides = defaults?.sides.filter((side) => side.endpoint === 'ours') ?? [];
	const perEvent = results.perEvent;
	const memory = results.memory;
	const reminder = results.reminder;
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
			...(webhook && ourSides.length > 0
				? [[
						`trigger events/s, ${results.trigger?.clients ?? ''} clients (safe-mode XML), n8n's defaults`,
						ourSides.map((side) => `v${side.typeVersion}: ${side.eventsPerSecond} (p99 ${side.p99Ms} ms)`).join('; '),
						`n8n's Webhook node, plain JSON: ${webhook.eventsPerSecond} (p99 ${webhook.p99Ms} ms)`,
					]]
				: []),
			...(perEvent ? [['our code per push: signature, AES, XML, normalise', `${perEvent.totalMicros.toFixed(1)} µs`, 'target < 50 µs']] : []),
			...(reminder
				? [[
						`reminder to ${reminder.users} users, ${Math.round(reminder.noSendLeftShare * 100)}% with no send left: WeChat calls, wasted on 43101, execution time`,
						`ledger first (example 3): ${reminder.ledger.wechatCalls} calls, ${reminder.ledger.wasted43101} × 43101, ${reminder.ledger.executionMs} ms`,
						`sending to everyone: ${reminder.everyone.wechatCalls} calls, ${reminder.everyone.wasted43101} × 43101, ${reminder.everyone.executionMs} ms`,
					]]
				: []),
			...(memory
				? [[
						`n8n RSS growth, ${memory.items} items`,
						`${memory.growthMb} MB`,
						[
							memory.httpRequestNode ? `n8n's HTTP Request node, same sends: ${memory.httpRequestNode.growthMb} MB` : null,
							memory.n8nAlone ? `n8n alone (Split Out), same items: ${memory.n8nAlone.growthMb} MB` : null,
							'target < 100 MB',
						]
							.filter((part): part is string => part !== null)
							.join('; '),
					]]
				: []),
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

/** Our trigger's versions beside n8n's Webhook node, per n8n setting; a clearly marked gap where a setting was not measured. */
export function triggerSummary(results: BenchResults): string {
	const runs = results.trigger?.runs ?? [];
	const lines: string[] = [];
	if (runs.length > 0) {
		lines.push(
			table(
				['n8n setting', 'endpoint', 'events/s', '× Webhook node', 'executions finished/s', 'n8n CPU ms/push', 'CPU × Webhook node'],
				runs.flatMap((run) =>
					run.sides.map((side) => [
						triggerSettingLabel(run),
						side.endpoint === 'webhook' ? "n8n's Webhook node, plain JSON" : `our trigger v${side.typeVersion}, safe-mode XML`,
						side.eventsPerSecond,
						side.ratioToWebhook.toFixed(2),
						side.executedPerSecond,
						side.n8nCpuMsPerEvent,
						side.cpuRatioToWebhook.toFixed(2),
					]),
				),
			),
		);
	}
	if (!runs.some((run) => run.setting === 'lazyAcquire')) {
		lines.push(
			`${lines.length > 0 ? '\n' : ''}**Not measured yet** (run of ${results.generatedAt.slice(0, 10)}): our trigger v1 and v2 with ` +
				'`N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true`; the next `npm run bench` writes those rows here.',
		);
	}
	return lines.join('\n');
}

/** The reminder with and without the ledger, or a clearly marked gap in results from before section 6. */
export function reminderSummary(results: BenchResults): string {
	if (results.reminder) return reminderTable(results);
	return `**Not measured yet** (run of ${results.generatedAt.slice(0, 10)}): the next \`npm run bench\` writes this table here.`;
}

const BLOCKS: Block[] = [
	{
		start: '<!-- bench:latest:start (written by bench/performancePage.ts from bench/results/latest.json) -->',
		end: '<!-- bench:latest:end -->',
		render: latestSummary,
		required: true,
	},
	{
		start: '<!-- bench:reminder:start (written by bench/performancePage.ts from bench/results/latest.json) -->',
		end: '<!-- bench:reminder:end -->',
		render: reminderSummary,
		required: false,
	},
	{
		start: '<!-- bench:trigger:start (written by bench/performancePage.ts from bench/results/latest.json) -->',
		end: '<!-- bench:trigger:end -->',
		render: triggerSummary,
		required: false,
	},
];

/** The page's text with every block between markers replaced; throws when the summary's markers are missing. */
export function withSummary(readme: string, results: BenchResults): string {
	let text = readme;
	for (const block of BLOCKS) {
		const start = text.indexOf(block.start);
		const end = text.indexOf(block.end);
		if (start < 0 || end < start) {
			if (block.required) throw new Error(`docs/performance.md has no ${block.start} … ${block.end} block`);
			continue;
		}
		text = `${text.slice(0, start + block.start.length)}\n${block.render(results)}\n${text.slice(end)}`;
	}
	return text;
}

export function updatePerformancePage(results: BenchResults, path = PERFORMANCE_PAGE_PATH): void {
	writeFileSync(path, withSummary(readFileSync(path, 'utf8'), results));
}

if (require.main === module) {
	updatePerformancePage(readResults(process.argv[2] ?? RESULTS_PATH));
	process.stdout.write(`updated ${PERFORMANCE_PAGE_PATH}\n`);
}
