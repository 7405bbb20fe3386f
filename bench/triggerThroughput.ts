/**
 * Section 3: message pushes as WeChat sends them in safe mode (XML, AES envelope, msg_signature) to our
 * trigger, against plain JSON of the same size to n8n's own Webhook node; closed-loop clients for a fixed
 * time, then a wait until every started execution has finished (so one phase's backlog never slows the next).
 */
import type { N8nHandle } from '../harness';
import { buildEventRequest, type PushConfig } from '../sandbox/push';
import { BENCH_CONFIG } from './config';
import type { BenchWorkflow } from './flows';
import { runClosedLoop, type LoadRequest } from './loadClients';
import { cpuTimeMs, finishedExecutionCount } from './n8nBench';
import { popupEvent } from './pushWorkload';
import type { TriggerSide, TriggerThroughput } from './results';
import { percentile, round } from './stats';
import { log } from './workload';

const POOL_SIZE = 256;
const DRAIN_TIMEOUT_MS = 180_000;
const WARMUP_SECONDS = 2;

function withQuery(path: string, query: Record<string, string>): string {
	return `${path}?${new URLSearchParams(query).toString()}`;
}

/** Safe-mode XML pushes, each with its own nonce and ciphertext. */
export function safeModePool(config: PushConfig, path: string): LoadRequest[] {
	return Array.from({ length: POOL_SIZE }, (_, i) => {
		const built = buildEventRequest(config, popupEvent(BENCH_CONFIG.triggerTemplates, i));
		return { path: withQuery(path, built.query), headers: built.headers, body: Buffer.from(built.body, 'utf8') };
	});
}

/** The same events as plain JSON, padded to `bodyBytes` so both sides move the same number of bytes. */
export function plainJsonPool(path: string, bodyBytes: number): LoadRequest[] {
	return Array.from({ length: POOL_SIZE }, (_, i) => {
		const event = popupEvent(BENCH_CONFIG.triggerTemplates, i);
		const bare = JSON.stringify({ ...event, pad: '' });
		const body = JSON.stringify({ ...event, pad: 'x'.repeat(Math.max(0, bodyBytes - Buffer.byteLength(bare))) });
		return { path, headers: { 'Content-Type': 'application/json' }, body: Buffer.from(body, 'utf8') };
	});
}

async function drain(n8n: N8nHandle, workflowId: string, expected: number): Promise<number> {
	const started = performance.now();
	while (performance.now() - started < DRAIN_TIMEOUT_MS) {
		if ((await finishedExecutionCount(n8n, workflowId)) >= expected) return (performance.now() - started) / 1000;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	log(`executions of ${workflowId} still unfinished after ${DRAIN_TIMEOUT_MS / 1000} s`);
	return DRAIN_TIMEOUT_MS / 1000;
}

async function measureSide(n8n: N8nHandle, flow: BenchWorkflow, label: string, pool: LoadRequest[]): Promise<TriggerSide> {
	const next = (i: number) => pool[i % pool.length];
	const before = await finishedExecutionCount(n8n, flow.id);
	const warm = await runClosedLoop(n8n.baseUrl, BENCH_CONFIG.triggerClients, WARMUP_SECONDS, next);
	await drain(n8n, flow.id, before + warm.ok);
	const start = await finishedExecutionCount(n8n, flow.id);
	const pid = n8n.pid;
	const cpuBefore = cpuTimeMs(pid);
	const load = await runClosedLoop(n8n.baseUrl, BENCH_CONFIG.triggerClients, BENCH_CONFIG.triggerSeconds, next);
	const drainSeconds = await drain(n8n, flow.id, start + load.ok);
	const cpuMs = cpuTimeMs(pid) - cpuBefore;
	const side: TriggerSide = {
		label,
		bodyBytes: pool[0].body.length,
		requests: load.requests,
		ok: load.ok,
		failed: load.failed,
		seconds: round(load.seconds, 2),
		eventsPerSecond: round(load.ok / load.seconds, 1),
		p50Ms: round(percentile(load.latenciesMs, 50), 1),
		p99Ms: round(percentile(load.latenciesMs, 99), 1),
		executedPerSecond: round(load.ok / (load.seconds + drainSeconds), 1),
		drainSeconds: round(drainSeconds, 1),
		n8nCpuMsPerEvent: round(cpuMs / load.ok, 2),
	};
	log(`${label}: ${side.eventsPerSecond} events/s, n8n CPU ${side.n8nCpuMsPerEvent} ms/event, p50 ${side.p50Ms} ms, p99 ${side.p99Ms} ms, statuses ${JSON.stringify(load.statuses)}, drain ${side.drainSeconds} s`);
	return side;
}

export async function measureTriggerThroughput(
	n8n: N8nHandle,
	flows: { ours: BenchWorkflow; plain: BenchWorkflow },
	config: PushConfig,
): Promise<TriggerThroughput> {
	const oursPool = safeModePool(config, `/webhook/${flows.ours.webhookPath}`);
	const plainPool = plainJsonPool(`/webhook/${flows.plain.webhookPath}`, oursPool[0].body.length);
	const plainWebhook = await measureSide(n8n, flows.plain, "n8n's Webhook node, plain JSON", plainPool);
	const ours = await measureSide(n8n, flows.ours, 'our trigger, safe-mode XML', oursPool);
	return {
		clients: BENCH_CONFIG.triggerClients,
		seconds: BENCH_CONFIG.triggerSeconds,
		ours,
		plainWebhook,
		ratio: round(ours.eventsPerSecond / plainWebhook.eventsPerSecond, 2),
		cpuRatio: round(plainWebhook.n8nCpuMsPerEvent / ours.n8nCpuMsPerEvent, 2),
	};
}
