/**
 * Section 2: token-endpoint calls for many small executions, ours (stable token, cached per process)
 * against the baseline (a plain /cgi-bin/token per execution); then two n8n processes on one app,
 * counting the sandbox's rejected-token answers, and whether another backend's cached plain token
 * still works 5 minutes later (WeChat retires a plain token 5 minutes after the next one is minted).
 */
import type { N8nHandle } from '../harness';
import { BENCH_CONFIG } from './config';
import type { BenchWorkflow } from './flows';
import type { TokenCount } from './results';
import type { ProbedSandbox } from './sandboxProbe';
import { recipients, webhookBody } from './workload';
import { postJson } from '../harness';

/** 5 minutes and a second: past the life WeChat leaves a plain token once the next one is minted. */
const PLAIN_TOKEN_GRACE_PLUS_MS = 5 * 60 * 1000 + 1000;

async function runExecutions(n8n: N8nHandle, flow: BenchWorkflow, executions: number, firstUser: number): Promise<void> {
	for (let i = 0; i < executions; i++) {
		const batch = recipients(BENCH_CONFIG.tokenItemsPerExecution, BENCH_CONFIG.sameUserEvery, firstUser + i * 100);
		const answer = await postJson(n8n.webhookUrl(flow.webhookPath), webhookBody(flow, batch));
		if (answer.status !== 200) throw new Error(`${flow.name} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
	}
}

function countDuring(sandbox: ProbedSandbox['sandbox'], items: number, run: () => Promise<void>): Promise<TokenCount> {
	const before = sandbox.counters();
	return run().then(() => {
		const after = sandbox.counters();
		const accepted = after.sendsAccepted - before.sendsAccepted;
		return {
			tokenCalls: after.tokenCalls.token + after.tokenCalls.stableToken - before.tokenCalls.token - before.tokenCalls.stableToken,
			plainTokensMinted: after.tokensIssued.token - before.tokensIssued.token,
			rejectedTokenResponses: after.rejectedTokens - before.rejectedTokens,
			accepted,
			lost: items - accepted,
		};
	});
}

/** `executions` executions of 10 items, one after another, in one n8n. */
export async function tokenCallsSingleProcess(n8n: N8nHandle, probe: ProbedSandbox, flow: BenchWorkflow): Promise<TokenCount> {
	const { tokenExecutions: executions, tokenItemsPerExecution } = BENCH_CONFIG;
	return await countDuring(probe.sandbox, executions * tokenItemsPerExecution, () => runExecutions(n8n, flow, executions, 1_000_000));
}

/** Another backend of the same app that fetched a plain token and caches it, as WeChat's docs suggest. */
async function otherBackendToken(sandbox: ProbedSandbox['sandbox']): Promise<string> {
	const query = new URLSearchParams({ grant_type: 'client_credential', appid: sandbox.appId, secret: sandbox.appSecret });
	const response = await fetch(`${sandbox.url}/cgi-bin/token?${query.toString()}`);
	const body = (await response.json()) as { access_token?: string };
	if (typeof body.access_token !== 'string') throw new Error(`plain token call answered ${JSON.stringify(body)}`);
	return body.access_token;
}

/** Whether WeChat still accepts the token for a business call (a template list read). */
async function tokenStillAccepted(sandbox: ProbedSandbox['sandbox'], token: string): Promise<boolean> {
	const response = await fetch(`${sandbox.url}/wxaapi/newtmpl/gettemplate?access_token=${encodeURIComponent(token)}`);
	const body = (await response.json()) as { errcode?: number };
	return (body.errcode ?? 0) === 0;
}

/**
 * Both processes run `executions / 2` executions at the same time. Then the sandbox clock moves on
 * 5 minutes and the other backend tries its token. Moves the sandbox clock: use a sandbox of its own.
 */
export async function tokenCallsTwoProcesses(processes: [N8nHandle, N8nHandle], probe: ProbedSandbox, flows: [BenchWorkflow, BenchWorkflow]): Promise<TokenCount> {
	const { tokenExecutions: executions, tokenItemsPerExecution } = BENCH_CONFIG;
	const { sandbox } = probe;
	const heldToken = await otherBackendToken(sandbox);
	const perProcess = Math.ceil(executions / 2);
	const count = await countDuring(sandbox, perProcess * 2 * tokenItemsPerExecution, async () => {
		await Promise.all([
			runExecutions(processes[0], flows[0], perProcess, 2_000_000),
			runExecutions(processes[1], flows[1], perProcess, 3_000_000),
		]);
	});
	sandbox.advanceClock(PLAIN_TOKEN_GRACE_PLUS_MS);
	count.otherBackendTokenSurvived = await tokenStillAccepted(sandbox, heldToken);
	return count;
}
