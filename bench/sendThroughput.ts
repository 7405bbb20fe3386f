/**
 * Section 1: the same batch through our Send node at several concurrencies, with Continue On Fail on and
 * off and by each way of mapping the keywords, and through the baseline
 * flow of n8n's own nodes (defaults, and batching), in the same n8n, interleaved round by round so
 * that the machine's load falls on every setting alike. Medians over the rounds.
 */
import type { N8nHandle } from '../harness';
import { BENCH_CONFIG } from './config';
import type { BenchWorkflow, SendMapping } from './flows';
import type { SendRun, SendSetting } from './results';
import type { ProbedSandbox } from './sandboxProbe';
import { boundRatio, median, round } from './stats';
import { log, measureSend, recipients } from './workload';

export interface SendCandidate {
	key: string;
	label: string;
	flow: 'ours' | 'baseline';
	concurrency: number | null;
	batching: { batchSize: number; batchInterval: number } | null;
	/** Ours only (null for the baseline). */
	continueOnFail: boolean | null;
	mapping: SendMapping | null;
	workflow: BenchWorkflow;
	/** Measured in every round (false: once, in the first round). */
	everyRound: boolean;
}

function lossReported(runs: SendRun[]): string {
	const lost = Math.max(...runs.map((r) => r.lost));
	if (lost === 0) return 'nothing lost';
	if (runs.every((r) => r.executionStatus !== 'success')) return 'yes, execution failed';
	if (runs.every((r) => r.itemsFlaggedFailed >= r.lost)) return 'yes, per item';
	return runs.some((r) => r.executionStatus === 'success') ? 'no (execution green)' : 'partly';
}

function mergedRefusals(runs: SendRun[]): Record<string, number> {
	const codes = new Set(runs.flatMap((r) => Object.keys(r.refusedByErrcode)));
	const merged: Record<string, number> = {};
	for (const code of codes) merged[code] = median(runs.map((r) => r.refusedByErrcode[code] ?? 0));
	return merged;
}

export async function warmUp(n8n: N8nHandle, probe: ProbedSandbox, candidates: SendCandidate[]): Promise<void> {
	const batch = recipients(BENCH_CONFIG.warmupItems, BENCH_CONFIG.sameUserEvery, 500_000);
	for (const candidate of candidates) {
		const { run } = await measureSend(n8n, probe, candidate.workflow, batch);
		log(`warm-up ${candidate.label}: ${Math.round(run.sendNodeMs)} ms for ${batch.length} items`);
	}
}

export async function measureSendThroughput(n8n: N8nHandle, probe: ProbedSandbox, candidates: SendCandidate[]): Promise<SendSetting[]> {
	const items = BENCH_CONFIG.sendItems;
	const batch = recipients(items, BENCH_CONFIG.sameUserEvery);
	const runs = new Map<string, SendRun[]>(candidates.map((c) => [c.key, []]));
	for (let roundIndex = 0; roundIndex < BENCH_CONFIG.rounds; roundIndex++) {
		const order = candidates.filter((c) => c.everyRound || roundIndex === 0);
		if (roundIndex % 2 === 1) order.reverse();
		for (const candidate of order) {
			const { run } = await measureSend(n8n, probe, candidate.workflow, batch);
			runs.get(candidate.key)?.push(run);
			log(
				`round ${roundIndex + 1} ${candidate.label}: send node ${Math.round(run.sendNodeMs)} ms, end to end ${Math.round(run.endToEndMs)} ms, n8n CPU ${Math.round(run.n8nCpuMs)} ms, ` +
					`accepted ${run.accepted}, lost ${run.lost} ${JSON.stringify(run.refusedByErrcode)}, peak in flight ${run.peakInFlight}, ${run.executionStatus}`,
			);
		}
	}

	const settings = candidates.map((candidate): SendSetting => {
		const own = runs.get(candidate.key) ?? [];
		const sendNodeMs = median(own.map((r) => r.sendNodeMs));
		const endToEndMs = median(own.map((r) => r.endToEndMs));
		const latencyLimitMs = candidate.concurrency === null ? null : (items * BENCH_CONFIG.latencyMs) / candidate.concurrency;
		const firstSends = own.map((r) => r.msToFirstSend).filter((v): v is number => v !== null);
		return {
			key: candidate.key,
			label: candidate.label,
			flow: candidate.flow,
			concurrency: candidate.concurrency,
			batching: candidate.batching,
			continueOnFail: candidate.continueOnFail,
			mapping: candidate.mapping,
			items,
			runs: own,
			sendNodeMs: round(sendNodeMs, 0),
			endToEndMs: round(endToEndMs, 0),
			itemsPerSecond: round(items / (sendNodeMs / 1000), 0),
			endToEndItemsPerSecond: round(items / (endToEndMs / 1000), 0),
			n8nCpuMicrosPerItem: round((median(own.map((r) => r.n8nCpuMs)) * 1000) / items, 0),
			n8nCpuMs: round(median(own.map((r) => r.n8nCpuMs)), 0),
			ratioToBaselineDefault: Number.NaN,
			latencyLimitMs,
			ratioToLatencyLimit: latencyLimitMs === null ? null : round(sendNodeMs / latencyLimitMs, 2),
			ratioToBound: boundRatio(own, latencyLimitMs),
			accepted: median(own.map((r) => r.accepted)),
			lost: median(own.map((r) => r.lost)),
			refusedByErrcode: mergedRefusals(own),
			lossReported: lossReported(own),
			peakInFlight: median(own.map((r) => r.peakInFlight)),
			msToFirstSend: firstSends.length === 0 ? null : round(median(firstSends), 0),
		};
	});
	// Paired by round: each ratio compares two runs made minutes apart at most, then the median of those.
	const baselineRuns = runs.get('baseline-default') ?? [];
	for (const setting of settings) {
		const paired = setting.runs
			.map((run, i) => (baselineRuns[i] === undefined ? Number.NaN : baselineRuns[i].sendNodeMs / run.sendNodeMs))
			.filter((ratio) => Number.isFinite(ratio));
		setting.ratioToBaselineDefault = paired.length === 0 ? Number.NaN : round(median(paired), 2);
	}
	return settings;
}
