/**
 * Section 5: n8n's main-process RSS while our Send node sends a large batch: idle (median of a quiet
 * stretch just before, after a small warm-up batch has loaded every code path), peak (sampled every 50 ms
 * during the execution), and after. The same for n8n alone (Webhook → Split Out with the same items) and
 * for n8n's HTTP Request node making the same sends: RSS grows mostly with the requests n8n's HTTP helper
 * makes (axios and new agents per call), whichever node calls it, so the second reference says what is ours.
 */
import type { N8nHandle } from '../harness';
import { BENCH_CONFIG } from './config';
import { SEND_NODE, type BenchWorkflow } from './flows';
import type { MemoryResult } from './results';
import type { ProbedSandbox } from './sandboxProbe';
import { median, round } from './stats';
import { recipients, webhookBody } from './workload';
import { latestExecution, postJson, rssKiB, sampleRss } from '../harness';

/** sampleRss and rssKiB count KiB. */
const KIB_PER_MB = 1024;
const IDLE_SAMPLE_MS = 3000;
const WARM_UP_ITEMS = 200;

export async function measureMemory(n8n: N8nHandle, probe: ProbedSandbox, flow: BenchWorkflow): Promise<MemoryResult> {
	const pid = n8n.pid;
	const warmUp = await postJson(n8n.webhookUrl(flow.webhookPath), webhookBody(flow, recipients(WARM_UP_ITEMS, BENCH_CONFIG.sameUserEvery, 3_900_000)));
	if (warmUp.status !== 200) throw new Error(`memory warm-up answered ${warmUp.status}: ${warmUp.body.slice(0, 300)}`);
	const idleSampler = sampleRss(pid, BENCH_CONFIG.rssSampleMs);
	await new Promise((resolve) => setTimeout(resolve, IDLE_SAMPLE_MS));
	const idle = median(idleSampler.stop());

	const batch = recipients(BENCH_CONFIG.memoryItems, BENCH_CONFIG.sameUserEvery, 4_000_000);
	const acceptedBefore = probe.sandbox.counters().sendsAccepted;
	// Sampling stops with the webhook's answer: reading the execution back over REST is not sending.
	const sampler = sampleRss(pid, BENCH_CONFIG.rssSampleMs);
	const answer = await postJson(n8n.webhookUrl(flow.webhookPath), webhookBody(flow, batch));
	const peak = Math.max(...sampler.stop());
	const after = rssKiB(pid);
	const accepted = probe.sandbox.counters().sendsAccepted - acceptedBefore;
	const execution = await latestExecution(n8n, flow.id);
	const sendRun = execution.data.resultData.runData[SEND_NODE]?.[0];
	if (answer.status !== 200) throw new Error(`memory run answered ${answer.status}: ${answer.body.slice(0, 300)}`);
	return {
		items: batch.length,
		concurrency: BENCH_CONFIG.memoryConcurrency,
		idleRssMb: round(idle / KIB_PER_MB, 1),
		peakRssMb: round(peak / KIB_PER_MB, 1),
		afterRssMb: round(after / KIB_PER_MB, 1),
		growthMb: round((peak - idle) / KIB_PER_MB, 1),
		// null for n8n alone: its flow has no Send node.
		sendNodeMs: sendRun?.executionTime === undefined ? null : Math.round(sendRun.executionTime),
		accepted,
		executionStatus: execution.status,
	};
}

/**
 * Our figures beside n8n's for the same items: n8n alone (Split Out) and n8n's HTTP Request node making the
 * same sends; each share is the difference of the growths.
 */
export function withReferences(ours: MemoryResult, n8nAlone: MemoryResult, httpRequestNode: MemoryResult | null): MemoryResult {
	return {
		...ours,
		n8nAlone: { idleRssMb: n8nAlone.idleRssMb, peakRssMb: n8nAlone.peakRssMb, growthMb: n8nAlone.growthMb },
		sendNodeShareMb: round(ours.growthMb - n8nAlone.growthMb, 1),
		...(httpRequestNode
			? {
					httpRequestNode: { idleRssMb: httpRequestNode.idleRssMb, peakRssMb: httpRequestNode.peakRssMb, growthMb: httpRequestNode.growthMb, accepted: httpRequestNode.accepted },
					overHttpRequestMb: round(ours.growthMb - httpRequestNode.growthMb, 1),
				}
			: {}),
	};
}
