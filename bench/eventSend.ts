/**
 * Section 9: the package's main shape, one event, one execution, one message: an order ships, a webhook
 * fires, one subscription message goes out (example 1). `eventExecutions` webhook calls, `eventClients` at a
 * time, each answered when its message is sent (Respond: When Last Node Finishes), against the sandbox with
 * its latency; ours is example 1 as committed, the baseline the same flow built from n8n's HTTP Request node
 * (a plain token, then the send, in every execution, as users build it). Counts what WeChat saw per message,
 * times every answer, and takes n8n's CPU per message; a round runs both flows, alternating who goes first.
 */
import { ORDER_WEBHOOK_PATH, EXAMPLES, SAMPLE_ORDER } from '../harness/examples';
import { chain, cpuTimeMs, type N8nHandle, node, webhookNode, workflow } from '../harness';
import { BENCH_CONFIG } from './config';
import { BENCH_TEMPLATE_ID, HTTP_REQUEST_VERSION, TOKEN_NODE, tokenRequestNode, type BenchWorkflow } from './flows';
import type { EventSendRun, EventSendSide, EventSends } from './results';
import type { ProbedSandbox } from './sandboxProbe';
import { diffCounts, median, percentile, round } from './stats';
import { log } from './workload';
import { sandboxOpenId } from '../sandbox/seed';

const TEMPLATE_LIST_PATH = '/wxaapi/newtmpl/gettemplate';
export const EVENT_BASELINE_PATH = 'bench-event-baseline';
export const EVENT_OURS_PATH = ORDER_WEBHOOK_PATH;

/** Example 1 as committed, on the bench's credential. */
export function eventOursFlow(credentialId: string): BenchWorkflow {
	const workflow = structuredClone(EXAMPLES.orderShipped) as unknown as { id: string; name: string; nodes: Array<{ credentials?: Record<string, { id: string; name: string }> }> };
	for (const node of workflow.nodes) if (node.credentials) node.credentials = { weChatMiniProgramApi: { id: credentialId, name: `Bench ${credentialId}` } };
	return { id: workflow.id, name: workflow.name, webhookPath: EVENT_OURS_PATH, definition: workflow, input: 'recipients' };
}

/** The same flow from n8n's own nodes: Webhook → HTTP Request (token) → HTTP Request (send), the order's fields by expression. */
export function eventBaselineFlow(baseUrl: string): BenchWorkflow {
	const id = 'benchEventBase01';
	const body = `={
  "touser": "{{ $('Order Shipped').item.json.body.openid }}",
  "template_id": "${BENCH_TEMPLATE_ID}",
  "page": "pages/order/detail?id={{ $('Order Shipped').item.json.body.orderNo }}",
  "miniprogram_state": "formal",
  "lang": "zh_CN",
  "data": {
    "thing1": { "value": "{{ $('Order Shipped').item.json.body.product }}" },
    "character_string2": { "value": "{{ $('Order Shipped').item.json.body.orderNo }}" },
    "time3": { "value": "{{ $('Order Shipped').item.json.body.shippedAt }}" },
    "thing4": { "value": "{{ $('Order Shipped').item.json.body.carrier }}" },
    "character_string5": { "value": "{{ $('Order Shipped').item.json.body.trackingNo }}" }
  }
}`;
	const definition = workflow(
		id,
		"Bench: order shipped with n8n's HTTP Request node",
		[
			webhookNode('b9000000-0000-4000-8000-000000000001', 'Order Shipped', [0, 0], 'b9000000-0000-4000-8000-0000000000aa', {
				httpMethod: 'POST',
				path: EVENT_BASELINE_PATH,
				responseMode: 'lastNode',
				options: {},
			}),
			tokenRequestNode('b9000000-0000-4000-8000-000000000002', [220, 0], baseUrl),
			node('n8n-nodes-base.httpRequest', HTTP_REQUEST_VERSION, 'b9000000-0000-4000-8000-000000000003', 'Send Shipping Notice', [440, 0], {
				method: 'POST',
				url: `=${baseUrl}/cgi-bin/message/subscribe/send?access_token={{ $json.access_token }}`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: body,
				options: {},
			}),
		],
		chain('Order Shipped', TOKEN_NODE, 'Send Shipping Notice'),
	);
	return { id, name: definition.name, webhookPath: EVENT_BASELINE_PATH, definition, input: 'recipients' };
}

/** The i-th order of a run: a different user each time (the sandbox allows every send). */
function order(i: number): Record<string, string> {
	return { ...SAMPLE_ORDER, openid: sandboxOpenId(1000 + i), orderNo: `EV${String(i).padStart(10, '0')}` };
}

async function fire(url: string, body: object): Promise<{ status: number; ms: number }> {
	const started = performance.now();
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	await response.text();
	return { status: response.status, ms: performance.now() - started };
}

async function runFlow(n8n: N8nHandle, probe: ProbedSandbox, flow: BenchWorkflow): Promise<EventSendRun> {
	const url = n8n.webhookUrl(flow.webhookPath);
	const executions = BENCH_CONFIG.eventExecutions;
	const before = probe.sandbox.counters();
	const cpuBefore = cpuTimeMs(n8n.pid);
	const answers: Array<{ status: number; ms: number }> = [];
	let next = 0;
	const client = async () => {
		while (next < executions) answers.push(await fire(url, order(next++)));
	};
	await Promise.all(Array.from({ length: BENCH_CONFIG.eventClients }, client));
	const cpu = cpuTimeMs(n8n.pid) - cpuBefore;
	const after = probe.sandbox.counters();
	const requests = diffCounts(after.requests, before.requests);
	const calls = Object.values(requests).reduce((sum, count) => sum + count, 0);
	const ms = answers.map((a) => a.ms);
	return {
		executions,
		ok: answers.filter((a) => a.status === 200).length,
		accepted: after.sendsAccepted - before.sendsAccepted,
		wechatCallsPerMessage: round(calls / executions, 3),
		templateListCalls: requests[TEMPLATE_LIST_PATH] ?? 0,
		tokenCalls: (requests['/cgi-bin/token'] ?? 0) + (requests['/cgi-bin/stable_token'] ?? 0),
		p50Ms: round(percentile(ms, 50), 1),
		p99Ms: round(percentile(ms, 99), 1),
		n8nCpuMsPerMessage: round(cpu / executions, 2),
	};
}

function side(label: string, runs: EventSendRun[]): EventSendSide {
	const mid = (pick: (run: EventSendRun) => number, digits: number) => round(median(runs.map(pick)), digits);
	return {
		label,
		runs,
		wechatCallsPerMessage: mid((r) => r.wechatCallsPerMessage, 3),
		p50Ms: mid((r) => r.p50Ms, 1),
		p99Ms: mid((r) => r.p99Ms, 1),
		n8nCpuMsPerMessage: mid((r) => r.n8nCpuMsPerMessage, 2),
	};
}

/** Both flows are active in `n8n`, their credential (ours) and URLs (the baseline's) pointing at `probe`. */
export async function measureEventSends(n8n: N8nHandle, probe: ProbedSandbox, ours: BenchWorkflow, baseline: BenchWorkflow): Promise<EventSends> {
	const runs = { ours: [] as EventSendRun[], baseline: [] as EventSendRun[] };
	for (let round = 0; round < BENCH_CONFIG.rounds; round++) {
		const order = round % 2 === 0 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const);
		for (const key of order) {
			const run = await runFlow(n8n, probe, key === 'ours' ? ours : baseline);
			log(`one message per execution, ${key}: ${run.ok}/${run.executions} answered 200, ${run.wechatCallsPerMessage} WeChat calls per message (${run.templateListCalls} template-list, ${run.tokenCalls} token), p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, n8n CPU ${run.n8nCpuMsPerMessage} ms per message`);
			runs[key].push(run);
		}
	}
	return {
		executions: BENCH_CONFIG.eventExecutions,
		clients: BENCH_CONFIG.eventClients,
		latencyMs: probe.sandbox.latency(),
		ours: side('ours: example 1 (Webhook → Send)', runs.ours),
		baseline: side("n8n's HTTP Request node (Webhook → token → send)", runs.baseline),
	};
}
