import { join } from 'node:path';

import { withReferences } from '../../../bench/memory';
import { checkTargets, memoryTable, sendTable, triggerTable } from '../../../bench/report';
import type { BenchResults, MemoryResult, SendRun, SendSetting, TriggerSide } from '../../../bench/results';
import { readResults } from '../../../bench/resultsFile';
import { boundRatio } from '../../../bench/stats';

/** A run written before the Continue On Fail, mapping and lazy-isolate rows existed (the one of 2026-11-25), kept as it was. */
const latest = readResults(join(__dirname, 'fixtures/results-2026-11-25.json'));

function run(sendNodeMs: number, n8nCpuMs: number): SendRun {
	return { sendNodeMs, endToEndMs: sendNodeMs, n8nCpuMs, accepted: 2000, refusedByErrcode: {}, lost: 0, executionStatus: 'success', itemsFlaggedFailed: 0, peakInFlight: 16, msToFirstSend: 100, tokenCalls: 0 };
}

function oursSetting(key: string, label: string, runs: SendRun[], continueOnFail: boolean): SendSetting {
	const template = latest.send.find((s) => s.key === 'ours-16');
	if (!template) throw new Error('latest.json has no ours-16');
	return { ...template, key, label, runs, continueOnFail, ratioToBaselineDefault: 1.6, ratioToLatencyLimit: 1.2, ratioToBound: boundRatio(runs, 2500) };
}

function side(endpoint: TriggerSide['endpoint'], typeVersion: number, ratioToWebhook: number, cpuRatioToWebhook: number): TriggerSide {
	return { label: '', endpoint, typeVersion, bodyBytes: 1290, requests: 100, ok: 100, failed: 0, seconds: 20, eventsPerSecond: 10, p50Ms: 1, p99Ms: 2, executedPerSecond: 10, drainSeconds: 0, n8nCpuMsPerEvent: 100, ratioToWebhook, cpuRatioToWebhook };
}

describe('the bound: send time ÷ max(N × latency ÷ concurrency, the flow’s n8n CPU time)', () => {
	it('divides by the latency limit when it is the larger, by the CPU time otherwise, and takes the median over runs', () => {
		expect(boundRatio([run(3000, 1000)], 2500)).toBe(1.2);
		expect(boundRatio([run(5000, 4000)], 2500)).toBe(1.25);
		expect(boundRatio([run(3000, 1000), run(5000, 4000), run(9000, 4000)], 2500)).toBe(1.25);
		expect(boundRatio([run(3000, 1000)], null)).toBeNull();
	});
});

describe('targets', () => {
	it('checks the issue’s figures on Continue On Fail on, and the bound over every Continue On Fail on row', () => {
		const results: BenchResults = {
			...latest,
			send: [
				...latest.send,
				oursSetting('ours-16-cof', 'ours, concurrency 16, expressions, Continue On Fail on', [run(3000, 2000)], true),
				{ ...oursSetting('ours-50-cof', 'ours, concurrency 50, expressions, Continue On Fail on', [run(3000, 2500)], true), ratioToBaselineDefault: 1.05 },
				oursSetting('ours-50-cof-autoMap', 'ours, concurrency 50, auto-mapped, Continue On Fail on', [run(3000, 2500)], true),
				oursSetting('ours-50-cof-json', 'ours, concurrency 50, JSON mode, Continue On Fail on', [run(6000, 4000)], true),
			],
			previousRun: { generatedAt: '2026-11-25T20:09:00.000Z', ratioToBaselineDefault: 0.79 },
		};
		const targets = checkTargets(results);
		const named = (start: string) => targets.find((t) => t.target.startsWith(start));
		expect(named('concurrency 50, auto-mapped, Continue On Fail on: ≥ 1.5×')).toMatchObject({ met: true, measured: expect.stringMatching(/^1\.60× /) as unknown });
		expect(named('concurrency 50, expressions, Continue On Fail on: ≥ 1.1×')).toMatchObject({ met: false, measured: expect.stringMatching(/^1\.05× /) as unknown });
		expect(named('concurrency 16, Continue On Fail on: ≥')).toBeUndefined();
		expect(named('Continue On Fail on, every concurrency and mapping')).toMatchObject({ met: false, measured: expect.stringContaining('1.50× (ours, concurrency 50, JSON mode') as unknown });
		expect(named('concurrency 16, Continue On Fail off: no slower')).toMatchObject({ met: true, measured: '0.79× vs 0.79× on 2026-11-25' });
		expect(sendTable(results)).toContain('| ours, concurrency 50, JSON mode, Continue On Fail on | 6237 | 321 | 1.60 | 1.20 (limit 2500 ms) | 4395 | 1.50 |');
	});

	it('judges "no slower than the run before" on the node’s own time and n8n’s CPU when the run before recorded them', () => {
		const today = latest.send.find((s) => s.key === 'ours-16');
		if (!today) throw new Error('the fixture has no ours-16');
		const target = (previousRun: BenchResults['previousRun']) =>
			checkTargets({ ...latest, previousRun }).find((t) => t.target.startsWith('concurrency 16, Continue On Fail off: no slower'));
		const sendMs = [...today.runs].map((r) => r.sendNodeMs).sort((a, b) => a - b);
		const cpuMs = [...today.runs].map((r) => r.n8nCpuMs).sort((a, b) => a - b);
		const medianOf = (values: number[]) => (values[(values.length - 1) >> 1] + values[values.length >> 1]) / 2;
		// A faster baseline the run before (a higher ratio) does not make the same node time a regression.
		expect(target({ generatedAt: '2026-11-20T00:00:00.000Z', ratioToBaselineDefault: 2, sendNodeMs: medianOf(sendMs), n8nCpuMs: medianOf(cpuMs) })).toMatchObject({ met: true });
		expect(target({ generatedAt: '2026-11-20T00:00:00.000Z', ratioToBaselineDefault: 0.1, sendNodeMs: medianOf(sendMs) / 1.2, n8nCpuMs: medianOf(cpuMs) })).toMatchObject({ met: false });
		expect(target({ generatedAt: '2026-11-20T00:00:00.000Z', ratioToBaselineDefault: 0.1, sendNodeMs: medianOf(sendMs), n8nCpuMs: medianOf(cpuMs) / 1.2 })).toMatchObject({
			met: false,
			measured: expect.stringContaining('on 2026-11-20') as unknown,
		});
	});

	it('checks our trigger v2 against the Webhook node of the same n8n, CPU too under lazy acquisition', () => {
		const results: BenchResults = {
			...latest,
			trigger: {
				clients: 20,
				seconds: 20,
				runs: [
					{ setting: 'default', env: {}, sides: [side('webhook', 2, 1, 1), side('ours', 1, 0.6, 3), side('ours', 2, 0.7, 2.5)] },
					{ setting: 'lazyAcquire', env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' }, sides: [side('webhook', 2, 1, 1), side('ours', 1, 0.8, 2), side('ours', 2, 0.95, 1.4)] },
				],
			},
		};
		const targets = checkTargets(results).filter((t) => t.target.startsWith('trigger v2'));
		expect(targets).toEqual([
			{ target: "trigger v2 with n8n's defaults: ≥ 0.9× the Webhook node's events/s in the same n8n", measured: 'v1 0.60×, v2 0.70×', met: false },
			{ target: "trigger v2 with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true: ≥ 0.9× the Webhook node's events/s in the same n8n", measured: 'v1 0.80×, v2 0.95×', met: true },
			{ target: "trigger v2 with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true: n8n CPU per push within 1.5× of the Webhook node's", measured: 'v1 2.00×, v2 1.40×', met: true },
		]);
		expect(triggerTable(results)).toContain('| N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true | our trigger v2, safe-mode XML |');
	});
});

describe('memory', () => {
	const measured = (growthMb: number): MemoryResult => ({ items: 20000, concurrency: 50, idleRssMb: 700, peakRssMb: 700 + growthMb, afterRssMb: 700 + growthMb, growthMb, sendNodeMs: 40000, accepted: 20000, executionStatus: 'success' });

	it('judges the growth over idle, and what ours adds beyond n8n’s HTTP Request node making the same sends', () => {
		const memory = withReferences(measured(714), { ...measured(52), sendNodeMs: null, accepted: 0 }, { ...measured(720), accepted: 18000 });
		expect(memory).toMatchObject({ sendNodeShareMb: 662, overHttpRequestMb: -6, httpRequestNode: { growthMb: 720, accepted: 18000 } });
		const targets = checkTargets({ ...latest, memory }).filter((t) => t.target.startsWith('memory'));
		expect(targets).toEqual([
			{ target: 'memory growth for 20000 items < 100 MB over idle', measured: '714 MB', met: false },
			{ target: "memory for 20000 items < 100 MB beyond n8n's HTTP Request node making the same sends", measured: '-6 MB (ours 714 MB, HTTP Request node 720 MB)', met: true },
		]);
		expect(memoryTable({ ...latest, memory })).toContain("ours − n8n's HTTP Request node: -6 MB; ours − n8n alone: 662 MB.");
	});

	it('judges a run without references on its growth alone', () => {
		const targets = checkTargets({ ...latest, memory: measured(19) }).filter((t) => t.target.startsWith('memory'));
		expect(targets).toEqual([{ target: 'memory growth for 20000 items < 100 MB over idle', measured: '19 MB', met: true }]);
	});
});

describe('results of a run before these rows existed', () => {
	it('are read with their ours rows named by mapping and Continue On Fail, and their trigger as one run with n8n’s defaults', () => {
		const ours = latest.send.filter((s) => s.flow === 'ours');
		expect(ours.length).toBeGreaterThan(0);
		for (const setting of ours) {
			expect(setting).toMatchObject({ continueOnFail: false, mapping: 'expressions' });
			expect(setting.label).toMatch(/, expressions, Continue On Fail off$/);
			expect(setting.ratioToBound).toBe(boundRatio(setting.runs, setting.latencyLimitMs));
		}
		expect(latest.trigger?.runs.map((r) => r.setting)).toEqual(['default']);
	});
});
