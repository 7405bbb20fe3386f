/** Small numeric helpers for the benchmark's figures. */
import type { SendRun } from './results';

export function median(values: readonly number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
	return sorted[rank - 1];
}

export function round(value: number, digits = 2): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

/** Counter differences: after − before for every key in either. */
export function diffCounts(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
	const diff: Record<string, number> = {};
	for (const key of new Set([...Object.keys(after), ...Object.keys(before)])) {
		const value = (after[key] ?? 0) - (before[key] ?? 0);
		if (value !== 0) diff[key] = value;
	}
	return diff;
}

/**
 * Send node time ÷ max(N × latency ÷ concurrency, the flow's n8n CPU time) per run, then the median: how
 * far the node is from whichever of WeChat's latency and n8n's own CPU work bounds it (the issue: ≤ 1.25).
 */
export function boundRatio(runs: readonly SendRun[], latencyLimitMs: number | null): number | null {
	if (latencyLimitMs === null || runs.length === 0) return null;
	return round(median(runs.map((r) => r.sendNodeMs / Math.max(latencyLimitMs, r.n8nCpuMs))), 2);
}
