/**
 * The webhook body every send benchmark posts, the shared context of the sections, and one measured
 * send execution (driver clock, n8n's own node timing, the sandbox's counters and traffic probe).
 */
import { cpuTimeMs, type Execution, latestExecution, type N8nHandle, nodeError, nodeOutput, postJson } from '../harness';
import { sandboxOpenId } from '../sandbox/seed';
import { keywordItem, SEND_NODE, type BenchWorkflow } from './flows';
import type { SendRun } from './results';
import type { ProbedSandbox } from './sandboxProbe';
import { diffCounts } from './stats';

export interface Recipient {
	openid: string;
	orderNo: string;
}

/** `count` recipients; every `sameUserEvery`-th one goes to the user of the one before it. */
export function recipients(count: number, sameUserEvery: number, firstUser = 0): Recipient[] {
	const list: Recipient[] = [];
	for (let i = 0; i < count; i++) {
		const user = sameUserEvery > 0 && i % sameUserEvery === sameUserEvery - 1 ? i - 1 : i;
		list.push({ openid: sandboxOpenId(firstUser + user), orderNo: `NO${String(firstUser + i).padStart(8, '0')}` });
	}
	return list;
}

/** The webhook body a send flow gets: the batch, each recipient shaped as the flow's input expects. */
export function webhookBody(flow: BenchWorkflow, batch: Recipient[]): { recipients: object[] } {
	return { recipients: flow.input === 'keywordItems' ? batch.map(keywordItem) : batch };
}

export function log(message: string): void {
	process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function tokenCallsOf(counters: ReturnType<ProbedSandbox['sandbox']['counters']>): number {
	return counters.tokenCalls.token + counters.tokenCalls.stableToken;
}

/** Posts one batch to a send flow and measures it. */
export async function measureSend(n8n: N8nHandle, probe: ProbedSandbox, flow: BenchWorkflow, batch: Recipient[]): Promise<{ run: SendRun; execution: Execution }> {
	const { sandbox } = probe;
	const pid = n8n.pid;
	const before = sandbox.counters();
	probe.openWindow();
	const cpuBefore = cpuTimeMs(pid);
	const postedAt = performance.now();
	const answer = await postJson(n8n.webhookUrl(flow.webhookPath), webhookBody(flow, batch));
	const cpuMs = cpuTimeMs(pid) - cpuBefore;
	const after = sandbox.counters();
	const traffic = probe.window();
	const execution = await latestExecution(n8n, flow.id);
	if (answer.status !== 200 && execution.status === 'success') {
		throw new Error(`${flow.name}: webhook answered ${answer.status} ${answer.body.slice(0, 300)}`);
	}
	const sendRun = execution.data.resultData.runData[SEND_NODE]?.[0];
	const output = sendRun && !nodeError(execution, SEND_NODE) ? nodeOutput(execution, SEND_NODE) : [];
	const errcodes = diffCounts(after.errcodes, before.errcodes);
	const refusedByErrcode: Record<string, number> = {};
	for (const [code, count] of Object.entries(errcodes)) if (code !== '0') refusedByErrcode[code] = count;
	const accepted = after.sendsAccepted - before.sendsAccepted;
	return {
		execution,
		run: {
			sendNodeMs: sendRun?.executionTime ?? Number.NaN,
			endToEndMs: answer.lastAttemptMs,
			n8nCpuMs: cpuMs,
			accepted,
			refusedByErrcode,
			lost: batch.length - accepted,
			executionStatus: execution.status,
			itemsFlaggedFailed: output.filter((item) => item.success === false).length,
			peakInFlight: traffic.peakInFlight,
			msToFirstSend: traffic.firstSendAt === undefined ? null : traffic.firstSendAt - postedAt,
			tokenCalls: tokenCallsOf(after) - tokenCallsOf(before),
		},
	};
}
