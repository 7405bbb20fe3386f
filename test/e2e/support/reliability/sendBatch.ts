/**
 * Runs one batch through a Send workflow in a real n8n and accounts for every item, using the sandbox's
 * own records as the ground truth: which messages it accepted (per OpenID) and every call it received
 * (per OpenID, with the fault that hit it). Each batch uses OpenIDs no other batch uses, so no reset is
 * needed between batches and n8n's token cache stays as a user's would.
 */
import { type Execution, executionIds, type N8nHandle, waitForNewExecution } from '../../../../harness';
import type { RequestRecord } from '../../../../sandbox/requestLog';
import type { Sandbox } from '../../../../sandbox/server';
import { sandboxOpenId } from '../../../../sandbox/seed';
import type { RecordedMessage } from '../../../../sandbox/state';
import type { SandboxCounters } from '../../../../sandbox/counters';
import { SEND_NODE } from './fixtures';
import { sendResendingWhenShed } from './http';

export const SEND_PATH = '/cgi-bin/message/subscribe/send';
export const STABLE_TOKEN_PATH = '/cgi-bin/stable_token';

export interface BatchItem {
	openid: string;
	data: Record<string, { value: string }>;
}

/** `count` items with OpenIDs of their own (batch `batch`), each message different from every other. */
export function batchItems(batch: number, count: number): BatchItem[] {
	return Array.from({ length: count }, (_, i) => ({
		openid: sandboxOpenId(batch * 100_000 + i),
		data: {
			thing1: { value: `机械键盘 ${batch}-${i}` },
			character_string2: { value: `TS${batch}N${String(i).padStart(6, '0')}` },
			time3: { value: '2024-05-01 15:01' },
			thing4: { value: '顺丰速运' },
			character_string5: { value: `SF${batch}${String(i).padStart(8, '0')}` },
		},
	}));
}

/** One Send output item, as the workflow sees it. */
export interface SendOutput {
	/** Index of the input item it answers (pairedItem). */
	item: number;
	json: Record<string, unknown>;
}

export interface BatchRun {
	execution: Execution;
	/** Output items of the Send node (empty when the node stopped the execution). */
	outputs: SendOutput[];
	/** Calls the sandbox received for this batch's OpenIDs, by OpenID. */
	attempts: Map<string, RequestRecord[]>;
	/** Messages the sandbox accepted for this batch's OpenIDs, by OpenID. */
	accepted: Map<string, RecordedMessage[]>;
	/** Sandbox counters before and after. */
	before: SandboxCounters;
	after: SandboxCounters;
	/** From firing the webhook to the execution being settled. */
	durationMs: number;
	/** What the batch webhook answered (status and body), for the secrets audit. */
	webhookAnswer: string;
}

/** Sends the batch to the workflow's webhook and waits for the one new execution it starts. */
export async function runBatch(
	handle: N8nHandle,
	sandbox: Sandbox,
	workflow: { id: string; path: string },
	items: BatchItem[],
	timeoutMs = 240_000,
): Promise<BatchRun> {
	const known = new Set(await executionIds(handle, workflow.id));
	const before = sandbox.counters();
	const startedAt = Date.now();
	const { answer: response } = await sendResendingWhenShed({
		method: 'POST',
		url: handle.webhookUrl(workflow.path),
		query: [],
		headers: { 'content-type': 'application/json' },
		body: Buffer.from(JSON.stringify({ items })),
	});
	const answer = response.body.toString('utf8');
	if (response.status !== 200) throw new Error(`webhook ${workflow.path} answered ${response.status || response.error}: ${answer}`);
	const execution = await waitForNewExecution(handle, workflow.id, known, timeoutMs);
	const durationMs = Date.now() - startedAt;
	const after = sandbox.counters();

	const openids = new Set(items.map((i) => i.openid));
	const attempts = new Map<string, RequestRecord[]>(items.map((i) => [i.openid, []]));
	for (const record of sandbox.requests({ path: SEND_PATH })) {
		if (record.touser !== undefined && openids.has(record.touser)) attempts.get(record.touser)?.push(record);
	}
	const accepted = new Map<string, RecordedMessage[]>(items.map((i) => [i.openid, []]));
	for (const message of sandbox.messages()) {
		if (openids.has(message.openid)) accepted.get(message.openid)?.push(message);
	}
	return { execution, outputs: sendOutputs(execution), attempts, accepted, before, after, durationMs, webhookAnswer: `${response.status} ${answer}` };
}

function sendOutputs(execution: Execution): SendOutput[] {
	const run = execution.data.resultData.runData[SEND_NODE]?.[0];
	const items = run?.data?.main?.[0] ?? [];
	return items.map((entry) => {
		const paired = entry.pairedItem as { item?: number } | Array<{ item?: number }> | number | undefined;
		const item = typeof paired === 'number' ? paired : Array.isArray(paired) ? paired[0]?.item : paired?.item;
		return { item: item ?? -1, json: entry.json };
	});
}

/** The error n8n recorded for the execution (top level, else the Send node's). */
export function executionError(execution: Execution): { message: string; description: string } {
	const top = execution.data.resultData.error as { message?: string; description?: string } | undefined;
	const node = execution.data.resultData.runData[SEND_NODE]?.[0]?.error;
	return {
		message: String(top?.message ?? node?.message ?? ''),
		description: String(top?.description ?? node?.description ?? ''),
	};
}

export type Verdict = 'sent' | 'failed';

/** Counts everything a batch report needs; the test asserts on it. */
export interface BatchSummary {
	items: number;
	outputs: number;
	sent: number;
	failedByReason: Record<string, number>;
	failedByErrcode: Record<string, number>;
	/** OpenIDs with more than one accepted message. */
	duplicates: number;
	/** The most calls any one item caused at the sandbox. */
	maxAttemptsPerItem: number;
	/** Calls to the send path for this batch. */
	sendCalls: number;
	faultsApplied: number;
	stableTokenCalls: number;
	rejectedTokens: number;
	acceptedBySandbox: number;
	durationMs: number;
}

export function summarise(run: BatchRun, items: BatchItem[]): BatchSummary {
	const failedByReason: Record<string, number> = {};
	const failedByErrcode: Record<string, number> = {};
	let sent = 0;
	for (const { json } of run.outputs) {
		if (json.success === true) {
			sent++;
			continue;
		}
		const reason = String(json.reason);
		failedByReason[reason] = (failedByReason[reason] ?? 0) + 1;
		const errcode = json.errcode === undefined ? 'none' : String(json.errcode);
		failedByErrcode[errcode] = (failedByErrcode[errcode] ?? 0) + 1;
	}
	const attempts = [...run.attempts.values()];
	const faultsBefore = Object.values(run.before.faultsApplied).reduce((a, b) => a + b, 0);
	const faultsAfter = Object.values(run.after.faultsApplied).reduce((a, b) => a + b, 0);
	return {
		items: items.length,
		outputs: run.outputs.length,
		sent,
		failedByReason,
		failedByErrcode,
		duplicates: [...run.accepted.values()].filter((m) => m.length > 1).length,
		maxAttemptsPerItem: Math.max(0, ...attempts.map((a) => a.length)),
		sendCalls: attempts.reduce((n, a) => n + a.length, 0),
		faultsApplied: faultsAfter - faultsBefore,
		stableTokenCalls: run.after.tokenCalls.stableToken - run.before.tokenCalls.stableToken,
		rejectedTokens: run.after.rejectedTokens - run.before.rejectedTokens,
		acceptedBySandbox: [...run.accepted.values()].reduce((n, m) => n + m.length, 0),
		durationMs: run.durationMs,
	};
}

/**
 * The per-item account every completed batch must pass, whatever the fault: one output per input item, in
 * order of pairing; a sent item carries the exact msgid the sandbox recorded for it; a failed item carries a
 * reason, and an errcode unless the outcome is unknown (no answer); no recipient got a message twice; a
 * failure with a WeChat errcode means the sandbox accepted nothing for that item.
 * Returns the problems found (empty = all accounted for).
 */
export function accountingProblems(run: BatchRun, items: BatchItem[]): string[] {
	const problems: string[] = [];
	const seen = new Map<number, number>();
	for (const output of run.outputs) seen.set(output.item, (seen.get(output.item) ?? 0) + 1);
	items.forEach((_, index) => {
		const count = seen.get(index) ?? 0;
		if (count !== 1) problems.push(`input item ${index} has ${count} outputs`);
	});
	for (const [item] of seen) if (item < 0 || item >= items.length) problems.push(`output paired with unknown item ${item}`);

	for (const { item, json } of run.outputs) {
		const input = items[item];
		if (input === undefined) continue;
		if (json.touser !== undefined && json.touser !== input.openid) problems.push(`item ${item}: output touser ${String(json.touser)} is not ${input.openid}`);
		const accepted = run.accepted.get(input.openid) ?? [];
		if (json.success === true) {
			if (typeof json.msgid !== 'string' || !/^\d+$/.test(json.msgid)) problems.push(`item ${item}: sent without a msgid string`);
			if (accepted.length !== 1 || accepted[0].msgid !== json.msgid) {
				problems.push(`item ${item}: output msgid ${String(json.msgid)} vs sandbox ${accepted.map((m) => m.msgid).join(',') || 'none'}`);
			}
			continue;
		}
		if (json.success !== false) problems.push(`item ${item}: success is ${String(json.success)}`);
		if (typeof json.reason !== 'string' || json.reason === '') problems.push(`item ${item}: failed without a reason`);
		if (typeof json.error !== 'string' || json.error === '') problems.push(`item ${item}: failed without an error text`);
		if (json.reason === 'outcome_unknown') continue;
		if (typeof json.errcode !== 'number') problems.push(`item ${item}: failed (${String(json.reason)}) without an errcode`);
		if (accepted.length !== 0) problems.push(`item ${item}: reported failed with errcode ${String(json.errcode)} but the sandbox accepted it`);
	}
	for (const [openid, messages] of run.accepted) {
		if (messages.length > 1) problems.push(`${openid} received ${messages.length} messages`);
	}
	return problems;
}

/** Attempts per item at the sandbox, as [item index, attempts] for items with more than `limit`. */
export function itemsOverAttemptLimit(run: BatchRun, items: BatchItem[], limit: number): Array<[number, number]> {
	const over: Array<[number, number]> = [];
	items.forEach((input, index) => {
		const count = run.attempts.get(input.openid)?.length ?? 0;
		if (count > limit) over.push([index, count]);
	});
	return over;
}

/** One line per batch for the test log. */
export function formatSummary(name: string, summary: BatchSummary): string {
	const failed = Object.entries(summary.failedByReason)
		.map(([reason, n]) => `${reason}=${n}`)
		.join(' ');
	return (
		`[faults] ${name}: ${summary.outputs}/${summary.items} outputs, sent ${summary.sent}${failed ? `, failed ${failed}` : ''}, ` +
		`sandbox accepted ${summary.acceptedBySandbox}, duplicates ${summary.duplicates}, send calls ${summary.sendCalls}, ` +
		`faults ${summary.faultsApplied}, max attempts/item ${summary.maxAttemptsPerItem}, stable_token calls ${summary.stableTokenCalls}, ` +
		`40001/40014/42001 ${summary.rejectedTokens}, ${summary.durationMs} ms`
	);
}
