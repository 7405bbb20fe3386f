/** The printed tables (Markdown, pasted into docs/benchmarks.md) and the check of every target. */
import type { BenchResults, EventSendSide, HistoryCase, ReminderComparison, ReminderSide, SendSetting, TargetCheck, TokenCount, TriggerRun, TriggerSide } from './results';
import { median } from './stats';

export function table(header: string[], rows: Array<Array<string | number>>): string {
	const line = (cells: Array<string | number>) => `| ${cells.map(String).join(' | ')} |`;
	return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function refusals(setting: SendSetting): string {
	const entries = Object.entries(setting.refusedByErrcode);
	return entries.length === 0 ? '—' : entries.map(([code, count]) => `${count} × ${code}`).join(', ');
}

export function fixed(value: number | null, digits: number): string {
	return value === null || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

export function sendTable(results: BenchResults): string {
	return table(
		[
			'setting',
			'send node ms',
			'items/s',
			'× baseline default',
			'× latency limit',
			'n8n CPU ms (flow)',
			'× bound',
			'end-to-end items/s',
			'n8n CPU µs/item',
			'accepted',
			'lost (errcodes)',
			'loss reported',
			'peak in flight',
		],
		results.send.map((s) => [
			s.label,
			s.sendNodeMs,
			s.itemsPerSecond,
			fixed(s.ratioToBaselineDefault, 2),
			s.ratioToLatencyLimit === null ? '—' : `${s.ratioToLatencyLimit.toFixed(2)} (limit ${Math.round(s.latencyLimitMs ?? 0)} ms)`,
			s.n8nCpuMs,
			fixed(s.ratioToBound, 2),
			s.endToEndItemsPerSecond,
			s.n8nCpuMicrosPerItem,
			s.accepted,
			s.lost === 0 ? '0' : `${s.lost} (${refusals(s)})`,
			s.lossReported,
			s.peakInFlight,
		]),
	);
}

function tokenRow(label: string, count: TokenCount | undefined): Array<string | number> {
	if (!count) return [label, '—', '—', '—', '—', '—'];
	const survived = count.otherBackendTokenSurvived === undefined ? '—' : count.otherBackendTokenSurvived ? 'yes' : 'no (40001)';
	return [label, count.tokenCalls, count.plainTokensMinted, count.rejectedTokenResponses, `${count.accepted} / ${count.accepted + count.lost}`, survived];
}

export function tokenTable(results: BenchResults): string {
	const t = results.tokens;
	if (!t) return '(token economy not measured)';
	return table(
		['run', 'token-endpoint calls', 'plain tokens minted', 'rejected-token answers', 'messages accepted', "other backend's plain token alive 5 min later"],
		[
			tokenRow(`ours, 1 process, ${t.executions} executions × ${t.itemsPerExecution}`, t.singleProcess.ours),
			tokenRow(`baseline, 1 process, ${t.executions} executions × ${t.itemsPerExecution}`, t.singleProcess.baseline),
			tokenRow(`ours, 2 processes, ${t.executions} executions × ${t.itemsPerExecution}`, t.twoProcesses?.ours),
			tokenRow(`baseline, 2 processes, ${t.executions} executions × ${t.itemsPerExecution}`, t.twoProcesses?.baseline),
		],
	);
}

/** The n8n setting a trigger run was measured under, as the tables name it. */
export function triggerSettingLabel(run: TriggerRun): string {
	const env = Object.entries(run.env).map(([name, value]) => `${name}=${value}`);
	return env.length === 0 ? "n8n's defaults" : env.join(' ');
}

export function triggerTable(results: BenchResults): string {
	const t = results.trigger;
	if (!t) return '(trigger throughput not measured)';
	return table(
		['n8n setting', 'endpoint', 'body bytes', 'events/s', '× Webhook node', 'p50 ms', 'p99 ms', 'failed', 'executions finished/s', 'n8n CPU ms/push', 'CPU × Webhook node'],
		t.runs.flatMap((run) =>
			run.sides.map((side) => [
				triggerSettingLabel(run),
				side.endpoint === 'webhook' ? "n8n's Webhook node, plain JSON" : `our trigger v${side.typeVersion}, safe-mode XML`,
				side.bodyBytes,
				side.eventsPerSecond,
				side.ratioToWebhook.toFixed(2),
				side.p50Ms,
				side.p99Ms,
				side.failed,
				side.executedPerSecond,
				side.n8nCpuMsPerEvent,
				side.cpuRatioToWebhook.toFixed(2),
			]),
		),
	);
}

export function perEventTable(results: BenchResults): string {
	const p = results.perEvent;
	if (!p) return '(per-event cost not measured)';
	return table(
		['step', 'µs per event'],
		[...Object.entries(p.parts).map(([name, micros]) => [name, micros.toFixed(2)]), ['whole path (openPush + normalisePush)', p.totalMicros.toFixed(2)]],
	);
}

export function memoryTable(results: BenchResults): string {
	const m = results.memory;
	if (!m) return '(memory not measured)';
	const rows: Array<Array<string | number>> = [
		['ours: Webhook → Split Out → Send', m.items, m.concurrency, m.idleRssMb, m.peakRssMb, m.growthMb, m.afterRssMb, m.sendNodeMs ?? '—', m.accepted],
	];
	if (m.httpRequestNode) {
		const h = m.httpRequestNode;
		rows.push(["n8n's HTTP Request node: Webhook → token → Split Out → HTTP Request (batching 16 per 20 ms)", m.items, '—', h.idleRssMb, h.peakRssMb, h.growthMb, '—', '—', h.accepted]);
	}
	if (m.n8nAlone) rows.push(['n8n alone: Webhook → Split Out', m.items, '—', m.n8nAlone.idleRssMb, m.n8nAlone.peakRssMb, m.n8nAlone.growthMb, '—', '—', '—']);
	const table1 = table(['flow (each in a fresh n8n)', 'items', 'concurrency', 'idle RSS MB', 'peak RSS MB', 'growth MB', 'after MB', 'send node ms', 'accepted'], rows);
	const shares = [
		m.overHttpRequestMb === undefined ? null : `ours − n8n's HTTP Request node: ${m.overHttpRequestMb} MB`,
		m.sendNodeShareMb === undefined ? null : `ours − n8n alone: ${m.sendNodeShareMb} MB`,
	].filter((s): s is string => s !== null);
	return shares.length === 0 ? table1 : `${table1}\n\n${shares.join('; ')}.`;
}

/** Sections 6 and 8: a reminder with the ledger in front of it and without, from the same state. */
export function reminderComparisonTable(r: ReminderComparison): string {
	const row = (side: ReminderSide) => [
		side.label,
		side.wechatCalls,
		side.sendCalls,
		side.wasted43101,
		`${side.accepted} / ${r.sendable}`,
		side.executionMs,
		side.n8nCpuMs,
		side.runs.map((run) => run.executionStatus).join(', '),
	];
	const intro =
		`${r.users} users of one one-time template, ${Math.round(r.noSendLeftShare * 100)}% of them with no send left; ` +
		`${r.latencyMs} ms sandbox latency; medians of ${r.ledger.runs.length} runs each, every run from the same state.`;
	const profile = nodeProfile(r.ledger);
	return `${intro}

${table(
		['flow', 'WeChat calls', 'send calls', 'wasted on 43101', 'accepted / could be', 'execution ms', 'n8n CPU ms', 'executions'],
		[row(r.ledger), row(r.everyone)],
	)}${profile === '' ? '' : `

Where the ledger flow's time went (n8n's execution time per node, ms): ${profile}.`}`;
}

/** The nodes of a side, slowest first: "Send Appointment Reminder 3 120, Book In The Ledger 95, …". */
export function nodeProfile(side: ReminderSide): string {
	return Object.entries(side.nodeMs ?? {})
		.sort(([, a], [, b]) => b - a)
		.map(([node, ms]) => `${node} ${ms}`)
		.join(', ');
}

/** Section 6: the reminder on Data Tables. */
export function reminderTable(results: BenchResults): string {
	return results.reminder ? reminderComparisonTable(results.reminder) : '(reminder not measured)';
}

/** Section 8: the reminder on PostgreSQL. */
export function postgresReminderTable(results: BenchResults): string {
	return results.reminderPostgres ? reminderComparisonTable(results.reminderPostgres) : '(PostgreSQL reminder not measured)';
}

/** Section 7: the same reminder after a short and a long compacted history. */
export function historyTable(results: BenchResults): string {
	const h = results.history;
	if (!h) return '(history not measured)';
	const row = (c: HistoryCase) => [`${c.days} day${c.days === 1 ? '' : 's'}`, c.runs.map((r) => r.accepted).join(', '), c.executionMs, c.n8nCpuMs, c.tableMb];
	return `${h.users} users; each day a fifth accept and are sent that send; compacted after each day; then measured mornings (medians of ${h.short.runs.length}), ${h.latencyMs} ms sandbox latency.

${table(['history', 'messages sent per morning', 'execution ms', 'n8n CPU ms', 'tables MB before the run'], [row(h.short), row(h.long)])}

The ${h.long.days} days' events never compacted: ${h.uncompactedLongMb} MB${h.eventRowBytes === undefined ? '' : ` (${h.eventRowBytes} bytes a row)`}; n8n's cap for all data tables together: ${h.capMb} MB (2.40.7's default).`;
}

/** Section 9: one event, one execution, one message. */
export function eventSendTable(results: BenchResults): string {
	const e = results.eventSends;
	if (!e) return '(one message per execution not measured)';
	const row = (side: EventSendSide) => [side.label, side.wechatCallsPerMessage, side.runs.map((r) => `${r.templateListCalls} / ${r.tokenCalls}`).join(', '), side.p50Ms, side.p99Ms, side.n8nCpuMsPerMessage];
	return `${e.executions} webhook calls of one message each, ${e.clients} at a time, answered once the message is sent; ${e.latencyMs} ms sandbox latency; medians of ${e.ours.runs.length} runs.

${table(['flow', 'WeChat calls per message', 'template-list / token calls per run', 'answer p50 ms', 'answer p99 ms', 'n8n CPU ms per message'], [row(e.ours), row(e.baseline)])}`;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.POSITIVE_INFINITY);

function reminderTargets(results: BenchResults): TargetCheck[] {
	const checks: TargetCheck[] = [];
	const comparisons: Array<[ReminderComparison | null | undefined, string, number]> = [
		[results.reminder, 'Data Tables', 1.3],
		[results.reminderPostgres, 'PostgreSQL', 1.2],
	];
	for (const [r, store, bound] of comparisons) {
		if (!r) continue;
		const times = ratio(r.ledger.executionMs, r.everyone.executionMs);
		checks.push({
			target: `reminder on ${store} over ${r.users} users, ${Math.round(r.noSendLeftShare * 100)}% with no send left: ledger first ≤ ${bound}× sending to everyone, no call wasted on 43101, every user with a send left reached`,
			measured: `${times.toFixed(2)}× (${r.ledger.executionMs} ms against ${r.everyone.executionMs} ms); ledger: ${r.ledger.wasted43101} × 43101, ${r.ledger.accepted} of ${r.sendable} accepted; to everyone: ${r.everyone.wasted43101} × 43101 of ${r.everyone.sendCalls} send calls`,
			met: times <= bound && r.ledger.runs.every((run) => run.wasted43101 === 0 && run.accepted === r.sendable && run.executionStatus === 'success'),
		});
	}
	const e = results.eventSends;
	if (e) {
		checks.push({
			target: 'one message per execution: 1.00 WeChat call per message, plus one token and one template-list call per process',
			measured: e.ours.runs.map((r) => `${r.wechatCallsPerMessage} per message (${r.templateListCalls} template-list, ${r.tokenCalls} token calls in ${r.executions} executions)`).join('; '),
			met: e.ours.runs.every((r) => r.accepted === r.executions && r.templateListCalls <= 1 && r.tokenCalls <= 1 && r.wechatCallsPerMessage <= 1 + 2 / r.executions),
		});
	}
	const h = results.history;
	if (h) {
		const times = ratio(h.long.executionMs, h.short.executionMs);
		checks.push({
			target: `reminder after ${h.long.days} days of compacted history ≤ 1.2× after ${h.short.days} day (${h.users} users, the same messages)`,
			measured: `${times.toFixed(2)}× (${h.long.executionMs} ms against ${h.short.executionMs} ms); tables ${h.long.tableMb} MB against ${h.short.tableMb} MB (uncompacted: ${h.uncompactedLongMb} MB; cap ${h.capMb} MB)`,
			met: times <= 1.2 && JSON.stringify(h.long.runs.map((r) => r.accepted)) === JSON.stringify(h.short.runs.map((r) => r.accepted)),
		});
	}
	return checks;
}

/**
 * The speed targets against the baseline, at concurrency 50 with Continue On Fail on: there the latency limit
 * (2 000 × 20 ms ÷ 50 = 0.8 s) is far below the baseline's time, so n8n's CPU per item decides. At 16 the
 * latency limit alone (2.5 s) is about the baseline's time, so no ratio above 1 is possible; the bound is its target.
 */
const SPEED_TARGETS: ReadonlyArray<{ key: string; minimum: number }> = [
	{ key: 'ours-50-cof-autoMap', minimum: 1.5 },
	{ key: 'ours-50-cof', minimum: 1.1 },
];
/** Today's setting, Continue On Fail off, must be no slower than before; ratios to the baseline move about this much with load. */
const SAME_SPEED_TOLERANCE = 0.1;
const BOUND_LIMIT = 1.25;

function sendTargets(results: BenchResults): TargetCheck[] {
	const checks: TargetCheck[] = [];
	const ours = results.send.filter((s) => s.flow === 'ours');
	const baseline = results.send.filter((s) => s.flow === 'baseline');
	if (ours.length > 0) {
		const baselineLoss = baseline.map((s) => `${s.label}: ${s.lost} lost, reported: ${s.lossReported}`).join('; ');
		const lossy = ours.filter((s) => s.lost > 0).map((s) => `${s.label}: ${s.lost} (${s.lossReported})`);
		checks.push({
			target: 'zero messages lost where the baseline loses them; every refusal reported per item',
			measured: `ours lost ${lossy.length === 0 ? `nothing in all ${ours.length} settings` : lossy.join('; ')}; ${baselineLoss}`,
			met: ours.every((s) => s.lost === 0 || s.lossReported.startsWith('yes')),
		});
	}
	for (const { key, minimum } of SPEED_TARGETS) {
		const setting = results.send.find((s) => s.key === key);
		if (!setting) continue;
		checks.push({
			target: `${setting.label.replace(/^ours, /, '')}: ≥ ${minimum}× the baseline default items/s`,
			measured: `${fixed(setting.ratioToBaselineDefault, 2)}× (${setting.sendNodeMs} ms vs ${results.send.find((s) => s.key === 'baseline-default')?.sendNodeMs ?? '—'} ms)`,
			met: setting.ratioToBaselineDefault >= minimum,
		});
	}
	const bounded = ours.filter((s) => s.continueOnFail === true && s.ratioToBound !== null);
	if (bounded.length > 0) {
		const worst = bounded.reduce((a, b) => ((b.ratioToBound ?? 0) > (a.ratioToBound ?? 0) ? b : a));
		checks.push({
			target: `Continue On Fail on, every concurrency and mapping: send time ≤ ${BOUND_LIMIT} × max(N × latency ÷ concurrency, the flow's n8n CPU time)`,
			measured: `highest ${fixed(worst.ratioToBound, 2)}× (${worst.label}); ${bounded.filter((s) => (s.ratioToBound ?? Infinity) <= BOUND_LIMIT).length} of ${bounded.length} within`,
			met: bounded.every((s) => (s.ratioToBound ?? Infinity) <= BOUND_LIMIT),
		});
	}
	const today = results.send.find((s) => s.key === 'ours-16');
	const before = results.previousRun;
	if (today && before) {
		const on = before.generatedAt.slice(0, 10);
		if (before.sendNodeMs !== undefined && before.n8nCpuMs !== undefined) {
			// The node's own time and n8n's CPU, not the ratio to the baseline: the baseline's speed moves
			// with the machine's load from run to run (4874 ms on 2026-11-25, 3850 ms on 2026-12-05), and so
			// would a ratio to it, whatever our node did.
			const sendMs = median(today.runs.map((r) => r.sendNodeMs));
			const cpuMs = median(today.runs.map((r) => r.n8nCpuMs));
			const limit = 1 + SAME_SPEED_TOLERANCE;
			checks.push({
				target: `concurrency 16, Continue On Fail off: no slower than the run before (send node time and the flow's n8n CPU at most ${limit} × its)`,
				measured: `${Math.round(sendMs)} ms vs ${Math.round(before.sendNodeMs)} ms, CPU ${Math.round(cpuMs)} ms vs ${Math.round(before.n8nCpuMs)} ms on ${on} (× baseline default ${fixed(today.ratioToBaselineDefault, 2)} vs ${before.ratioToBaselineDefault.toFixed(2)})`,
				met: sendMs <= before.sendNodeMs * limit && cpuMs <= before.n8nCpuMs * limit,
			});
		} else {
			checks.push({
				target: `concurrency 16, Continue On Fail off: no slower than the run before (× baseline default at least ${1 - SAME_SPEED_TOLERANCE} × its)`,
				measured: `${fixed(today.ratioToBaselineDefault, 2)}× vs ${before.ratioToBaselineDefault.toFixed(2)}× on ${on}`,
				met: today.ratioToBaselineDefault >= before.ratioToBaselineDefault * (1 - SAME_SPEED_TOLERANCE),
			});
		}
	}
	return checks;
}

function triggerTargets(results: BenchResults): TargetCheck[] {
	const checks: TargetCheck[] = [];
	for (const run of results.trigger?.runs ?? []) {
		const ours = run.sides.filter((side) => side.endpoint === 'ours');
		const v2 = ours.find((side) => side.typeVersion === 2);
		if (!v2) continue;
		const setting = triggerSettingLabel(run);
		const all = (figure: (side: TriggerSide) => number) => ours.map((side) => `v${side.typeVersion} ${figure(side).toFixed(2)}×`).join(', ');
		checks.push({
			target: `trigger v2 with ${setting}: ≥ 0.9× the Webhook node's events/s in the same n8n`,
			measured: all((side) => side.ratioToWebhook),
			met: v2.ratioToWebhook >= 0.9,
		});
		if (run.setting !== 'default') {
			checks.push({
				target: `trigger v2 with ${setting}: n8n CPU per push within 1.5× of the Webhook node's`,
				measured: all((side) => side.cpuRatioToWebhook),
				met: v2.cpuRatioToWebhook <= 1.5,
			});
		}
	}
	return checks;
}

export function checkTargets(results: BenchResults): TargetCheck[] {
	const checks: TargetCheck[] = sendTargets(results);
	const tokens = results.tokens;
	if (tokens) {
		checks.push({
			target: 'at most one token call per process per token lifetime',
			measured: `1 process: ${tokens.singleProcess.ours.tokenCalls}; 2 processes: ${tokens.twoProcesses?.ours.tokenCalls ?? '—'}`,
			met: tokens.singleProcess.ours.tokenCalls <= 1 && (tokens.twoProcesses === null || tokens.twoProcesses.ours.tokenCalls <= 2),
		});
		if (tokens.twoProcesses) {
			checks.push({
				target: 'zero rejected-token responses with 2 processes',
				measured: `${tokens.twoProcesses.ours.rejectedTokenResponses}`,
				met: tokens.twoProcesses.ours.rejectedTokenResponses === 0,
			});
		}
	}
	checks.push(...triggerTargets(results));
	checks.push(...reminderTargets(results));
	if (results.perEvent) {
		checks.push({ target: 'per-event cost < 50 µs', measured: `${results.perEvent.totalMicros.toFixed(1)} µs`, met: results.perEvent.totalMicros < 50 });
	}
	if (results.memory) {
		const m = results.memory;
		checks.push({
			target: `memory growth for ${m.items} items < 100 MB over idle`,
			measured: `${m.growthMb} MB`,
			met: m.growthMb < 100,
		});
		if (m.httpRequestNode && m.overHttpRequestMb !== undefined) {
			checks.push({
				target: `memory for ${m.items} items < 100 MB beyond n8n's HTTP Request node making the same sends`,
				measured: `${m.overHttpRequestMb} MB (ours ${m.growthMb} MB, HTTP Request node ${m.httpRequestNode.growthMb} MB)`,
				met: m.overHttpRequestMb < 100,
			});
		}
	}
	return checks;
}

export function targetsTable(checks: TargetCheck[]): string {
	return table(['target', 'measured', 'met'], checks.map((c) => [c.target, c.measured, c.met ? 'yes' : '**no**']));
}

export function fullReport(results: BenchResults): string {
	return [
		`n8n ${results.n8n.version} on Node ${results.n8n.node}; ${results.machine.cpus} CPUs (${results.machine.cpuModel}); load average ${results.machine.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')} at start, ${results.machine.loadAverageAtEnd.map((l) => l.toFixed(2)).join(' ')} at end; ${results.machine.otherN8nProcessesAtStart} other n8n processes at start; ${results.durationSeconds} s`,
		'',
		'### 1. Send throughput and loss',
		sendTable(results),
		'',
		'### 2. Token economy',
		tokenTable(results),
		'',
		'### 3. Trigger throughput',
		triggerTable(results),
		'',
		'### 4. Per-event cost',
		perEventTable(results),
		'',
		'### 5. Memory',
		memoryTable(results),
		'',
		'### 6. Reminder on Data Tables: ledger first vs send to everyone',
		reminderTable(results),
		'',
		'### 7. Reminder after a long history, compacted daily',
		historyTable(results),
		'',
		'### 8. Reminder on PostgreSQL: ledger first vs send to everyone',
		postgresReminderTable(results),
		'',
		'### 9. One message per execution',
		eventSendTable(results),
		'',
		'### Targets',
		targetsTable(results.targets),
	].join('\n');
}
