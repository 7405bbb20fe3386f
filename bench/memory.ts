/**
 * Section 5: n8n's main-process RSS while our Send node sends a large batch: idle (median of a quiet
 * stretch just before), peak (sampled every 50 ms during the execution), and after.
 */
import type { N8nHandle } from '../harness';
import { BENCH_CONFIG } from './config';
import { SEND_NODE, type BenchWorkflow } from './flows';
import { latestExecution, postWebhook, rssBytes, sampleRss } from './n8nBench';
import type { MemoryResult } from './results';
import type { ProbedSandbox } from './sandboxProbe';
import { median, round } from './stats';
import { recipients, webhookBody } from './workload';

const MB = 1024 * 1024;
const IDLE_SAMPLE_MS = 3000;

export async function measureMemory(n8n: N8nHandle, probe: ProbedSandbox, flow: BenchWorkflow): Promise<MemoryResult> {
	const pid = n8n.pid;
	const idleSampler = sampleRss(pid, BENCH_CONFIG.rssSampleMs);
	await new Promise((resolve) => setTimeout(resolve, IDLE_SAMPLE_MS));
	const idle = median(idleSampler.stop());

	const batch = recipients(BENCH_CONFIG.memoryItems, BENCH_CONFIG.sameUserEvery, 4_000_000);
	const acceptedBefore = probe.sandbox.counters().sendsAccepted;
	// Sampling stops with the webhook's answer: reading the execution back over REST is not sending.
	const sampler = sampleRss(pid, BENCH_CONFIG.rssSampleMs);
	const answer = await postWebhook(n8n.webhookUrl(flow.webhookPath), webhookBody(flow, batch));
	const peak = Math.max(...sampler.stop());
	const after = rssBytes(pid);
	const accepted = probe.sandbox.counters().sendsAccepted - acceptedBefore;
	const execution = await latestExecution(n8n, flow.id);
	if (answer.status !== 200) throw new Error(`memory run answered ${answer.status}: ${answer.text.slice(0, 300)}`);
	return {
		items: batch.length,
		concurrency: BENCH_CONFIG.memoryConcurrency,
		idleRssMb: round(idle / MB, 1),
		peakRssMb: round(peak / MB, 1),
		afterRssMb: round(after / MB, 1),
		growthMb: round((peak - idle) / MB, 1),
		sendNodeMs: Math.round(execution.data.resultData.runData[SEND_NODE]?.[0]?.executionTime ?? Number.NaN),
		accepted,
		executionStatus: execution.status,
	};
}
