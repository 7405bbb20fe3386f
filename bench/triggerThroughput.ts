/**
 * Section 3: message pushes as WeChat sends them in safe mode (XML, AES envelope, msg_signature) to our
 * trigger (version 1 and 2), against plain JSON of the same size to n8n's own Webhook node; closed-loop
 * clients for a fixed time, then a wait until every started execution has finished (so one phase's
 * backlog never slows the next). run.ts measures one n8n with n8n's defaults and one with lazy isolate
 * acquisition.
 */
import { cpuTimeMs, executionCount, type N8nHandle, WEBHOOK_NODE_VERSION } from '../harness';
import { buildEventRequest, type PushConfig } from '../sandbox/push';
import { BENCH_CONFIG } from './config';
import type { BenchWorkflow } from './flows';
import { runClosedLoop, type LoadRequest } from './loadClients';
import { popupEvent } from './pushWorkload';
import type { TriggerRun, TriggerSide } from './results';
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
		if ((await executionCount(n8n, workflowId)) >= expected) return (performance.now() - started) / 1000;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	log(`executions of ${workflowId} still unfinished after ${DRAIN_TIMEOUT_MS / 1000} s`);
	return DRAIN_TIMEOUT_MS / 1000;
}

type MeasuredSide = Omit<TriggerSide, 'ratioToWebhook' | 'cpuRatioToWebhook'>;

async function measureSide(
	n8n: N8nHandle,
	flow: BenchWorkflow,
	endpoint: { label: string; kind: TriggerSide['endpoint']; typeVersion: number },
	pool: LoadRequest[],
): Promise<MeasuredSide> {
	const { label } = endpoint;
	const next = (i: number) => pool[i % pool.length];
	const before = await executionCount(n8n, flow.id);
	const warm = await runClosedLoop(n8n.baseUrl, BENCH_CONFIG.triggerClients, WARMUP_SECONDS, next);
	await drain(n8n, flow.id, before + warm.ok);
	const start = await executionCount(n8n, flow.id);
	const pid = n8n.pid;
	const cpuBefore = cpuTimeMs(pid);
	const load = await runClosedLoop(n8n.baseUrl, BENCH_CONFIG.triggerClients, BENCH_CONFIG.triggerSeconds, next);
	const drainSeconds = await drain(n8n, flow.id, start + load.ok);
	const cpuMs = cpuTimeMs(pid) - cpuBefore;
	const side: MeasuredSide = {
		label,
		endpoint: endpoint.kind,
		typeVersion: endpoint.typeVersion,
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

/** One of our trigger's workflows and the typeVersion its node has. */
export interface TriggerUnderTest {
	flow: BenchWorkflow;
	typeVersion: number;
}

/**
 * Every endpoint in one n8n: n8n's Webhook node first, then our trigger at each version; ratios are
 * against that Webhook node, so they compare like with like under this n8n's settings and load.
 */
export async function measureTriggerRun(
	n8n: N8nHandle,
	setting: { name: string; label: string; env: Record<string, string> },
	flows: { plain: BenchWorkflow; ours: TriggerUnderTest[] },
	config: PushConfig,
): Promise<TriggerRun> {
	const oursPools = flows.ours.map((trigger) => safeModePool(config, `/webhook/${trigger.flow.webhookPath}`));
	const bodyBytes = oursPools[0]?.[0]?.body.length ?? 0;
	const plainPool = plainJsonPool(`/webhook/${flows.plain.webhookPath}`, bodyBytes);
	const suffix = setting.name === 'default' ? '' : `, ${setting.label}`;
	const webhook = await measureSide(n8n, flows.plain, { label: `n8n's Webhook node, plain JSON${suffix}`, kind: 'webhook', typeVersion: WEBHOOK_NODE_VERSION }, plainPool);
	const measured: MeasuredSide[] = [webhook];
	for (const [i, trigger] of flows.ours.entries()) {
		const label = `our trigger v${trigger.typeVersion}, safe-mode XML${suffix}`;
		measured.push(await measureSide(n8n, trigger.flow, { label, kind: 'ours', typeVersion: trigger.typeVersion }, oursPools[i]));
	}
	return {
		setting: setting.name,
		env: setting.env,
		sides: measured.map((side) => ({
			...side,
			ratioToWebhook: round(side.eventsPerSecond / webhook.eventsPerSecond, 2),
			cpuRatioToWebhook: round(side.n8nCpuMsPerEvent / webhook.n8nCpuMsPerEvent, 2),
		})),
	};
}
