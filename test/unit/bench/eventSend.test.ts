/**
 * Section 9 of the benchmark: example 1 as the "one message per execution" flow, its HTTP Request twin, and
 * how the section is printed and judged.
 */
import { join } from 'node:path';

import { eventBaselineFlow, eventOursFlow } from '../../../bench/eventSend';
import { checkTargets, eventSendTable } from '../../../bench/report';
import type { EventSendRun, EventSends } from '../../../bench/results';
import { readResults } from '../../../bench/resultsFile';
import { EXAMPLES } from '../../../harness/examples';

const latest = readResults(join(__dirname, 'fixtures/results-2026-11-25.json'));

interface Node {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string }>;
}

describe('the flows', () => {
	it("ours is example 1 as committed, on the bench's credential", () => {
		const ours = eventOursFlow('benchEventCred').definition as { nodes: Node[] };
		const example = EXAMPLES.orderShipped.nodes as unknown as Node[];
		expect(ours.nodes.map((node) => node.parameters)).toEqual(example.map((node) => node.parameters));
		expect(ours.nodes.find((node) => node.credentials)?.credentials?.weChatMiniProgramApi.id).toBe('benchEventCred');
	});

	it("the baseline is the same flow from n8n's HTTP Request node: a token, then the send, answered at the end", () => {
		const baseline = eventBaselineFlow('http://127.0.0.1:9').definition as { nodes: Node[] };
		expect(baseline.nodes.map((node) => node.type)).toEqual(['n8n-nodes-base.webhook', 'n8n-nodes-base.httpRequest', 'n8n-nodes-base.httpRequest']);
		expect(baseline.nodes[0].parameters).toMatchObject({ responseMode: 'lastNode', httpMethod: 'POST' });
		expect(String(baseline.nodes[2].parameters.url)).toContain('/cgi-bin/message/subscribe/send?access_token=');
	});
});

describe('the section in the report', () => {
	const run = (partial: Partial<EventSendRun>): EventSendRun => ({ executions: 1000, ok: 1000, accepted: 1000, wechatCallsPerMessage: 1.002, templateListCalls: 1, tokenCalls: 1, p50Ms: 30, p99Ms: 90, n8nCpuMsPerMessage: 6, ...partial });
	const sends = (ours: EventSendRun): EventSends => ({
		executions: 1000,
		clients: 4,
		latencyMs: 20,
		ours: { label: 'ours', runs: [ours], wechatCallsPerMessage: ours.wechatCallsPerMessage, p50Ms: ours.p50Ms, p99Ms: ours.p99Ms, n8nCpuMsPerMessage: ours.n8nCpuMsPerMessage },
		baseline: { label: 'baseline', runs: [run({ wechatCallsPerMessage: 2, tokenCalls: 1000, templateListCalls: 0 })], wechatCallsPerMessage: 2, p50Ms: 40, p99Ms: 120, n8nCpuMsPerMessage: 7 },
	});
	const target = (ours: EventSendRun) => checkTargets({ ...latest, eventSends: sends(ours) }).find((t) => t.target.startsWith('one message per execution'));

	it('meets the target at one call per message plus one token and one list call per process, not at a list call per execution', () => {
		expect(target(run({}))).toMatchObject({ met: true });
		expect(target(run({ templateListCalls: 1000, wechatCallsPerMessage: 2.001 }))).toMatchObject({ met: false });
		expect(target(run({ accepted: 999 }))).toMatchObject({ met: false });
	});

	it('prints both flows with calls per message, answer times and CPU', () => {
		const text = eventSendTable({ ...latest, eventSends: sends(run({})) });
		expect(text).toContain('| ours | 1.002 | 1 / 1 | 30 | 90 | 6 |');
		expect(text).toContain('| baseline | 2 | 0 / 1000 | 40 | 120 | 7 |');
	});
});
