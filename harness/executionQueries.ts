/**
 * A running n8n's executions, read the way the editor's executions list reads them, on both majors
 * (GET /rest/executions and /rest/executions/:id answer the same shapes on 1.123.81 and 2.40.7). Counting
 * reads no run data, so it is cheap to poll while hundreds of executions come in; the full data is read
 * only for the executions asked for. Every call goes through restPatiently.
 */
import { decodeExecution, isSettled, listExecutionIds, SETTLED_STATUSES, uniqueSummaries, type Execution, type ExecutionSummary } from './executions';
import type { N8nHandle } from './n8n';
import { restOk, restPatiently } from './rest';

type RawExecution = Parameters<typeof decodeExecution>[0];

/** Statuses of an execution n8n has not finished yet. */
export const UNFINISHED_STATUSES = ['new', 'running', 'waiting'] as const;

const delay = (ms: number) => new Promise((resolveDelay) => setTimeout(resolveDelay, ms));

function executionsPath(filter: object, limit: number): string {
	return `/rest/executions?filter=${encodeURIComponent(JSON.stringify(filter))}&limit=${limit}`;
}

/** One execution with its decoded run data. */
export async function executionById(handle: N8nHandle, id: string): Promise<Execution> {
	return decodeExecution((await restOk<{ data: RawExecution }>(handle, 'GET', `/rest/executions/${id}`)).data);
}

/** Polls until one execution has settled (success, error, …) and returns it with its data. */
export async function waitForExecution(handle: N8nHandle, id: string, timeoutMs = 120_000): Promise<Execution> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const execution = await executionById(handle, id);
		if (isSettled(execution)) return execution;
		if (Date.now() > deadline) throw new Error(`execution ${id} still "${execution.status}" after ${timeoutMs} ms`);
		await delay(200);
	}
}

/** Every execution id of a workflow (or of all), oldest first (listExecutionIds says how n8n pages). */
export async function executionIds(handle: N8nHandle, workflowId?: string): Promise<string[]> {
	return await listExecutionIds((path) => restPatiently(handle, 'GET', path), workflowId);
}

/** Executions of a workflow (or of all), newest first, each with its decoded run data: one GET per execution. */
export async function executionsWithData(handle: N8nHandle, workflowId?: string): Promise<Execution[]> {
	const details: Execution[] = [];
	for (const id of await executionIds(handle, workflowId)) details.push(await executionById(handle, id));
	return details.sort((a, b) => Number(b.id) - Number(a.id));
}

/** Polls until at least `count` executions of the workflow are settled (see isSettled); returns those. */
export async function waitForSettledExecutions(handle: N8nHandle, workflowId: string, count = 1, timeoutMs = 30_000): Promise<Execution[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const all = await executionsWithData(handle, workflowId);
		const settled = all.filter(isSettled);
		if (settled.length >= count) return settled;
		if (Date.now() > deadline) {
			throw new Error(`waited ${timeoutMs} ms for ${count} settled execution(s) of ${workflowId}; have ${all.map((e) => `${e.id}:${e.status}`).join(', ') || 'none'}`);
		}
		await delay(250);
	}
}

/** How many executions the workflow (or every workflow) has, all of them or only those with one of `statuses`. */
export async function executionCount(handle: N8nHandle, workflowId?: string, statuses?: readonly string[]): Promise<number> {
	const filter = { ...(workflowId === undefined ? {} : { workflowId }), ...(statuses === undefined ? {} : { status: statuses }) };
	const answer = await restOk<{ data: { count: number } }>(handle, 'GET', executionsPath(filter, 1));
	if (typeof answer?.data?.count !== 'number') throw new Error(`GET /rest/executions (workflow ${workflowId ?? 'any'}) answered no count: ${JSON.stringify(answer).slice(0, 500)}`);
	return answer.data.count;
}

export interface ExecutionTotals {
	all: number;
	unfinished: number;
}

/** All executions of the workflow (or of every workflow), and how many of them n8n has not finished. */
export async function executionTotals(handle: N8nHandle, workflowId?: string): Promise<ExecutionTotals> {
	return { all: await executionCount(handle, workflowId), unfinished: await executionCount(handle, workflowId, UNFINISHED_STATUSES) };
}

/**
 * Waits until the workflow has exactly `count` executions and none is unfinished. More than `count` fails
 * at once (each push must start exactly one execution); so does running out of time.
 */
export async function waitForExecutionTotal(handle: N8nHandle, workflowId: string, count: number, timeoutMs: number): Promise<ExecutionTotals> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const totals = await executionTotals(handle, workflowId);
		if (totals.all > count) throw new Error(`${workflowId}: ${totals.all} executions, expected ${count}`);
		if (totals.all === count && totals.unfinished === 0) return totals;
		if (Date.now() > deadline) throw new Error(`${workflowId}: ${totals.all} executions (${totals.unfinished} unfinished) after ${timeoutMs} ms, expected ${count}`);
		await delay(500);
	}
}

/** Ids and statuses of a workflow's newest 250 executions, newest first, each id once (no run data: one request). */
export async function executionSummaries(handle: N8nHandle, workflowId: string): Promise<ExecutionSummary[]> {
	const answer = await restOk<{ data: { results: Array<{ id: string | number; status: string }> } }>(handle, 'GET', executionsPath({ workflowId }, 250));
	return uniqueSummaries(answer.data.results.map((result) => ({ id: String(result.id), status: result.status })));
}

/**
 * Polls until the workflow has exactly `count` executions, all settled, and returns their summaries (newest
 * first). More than `count` fails at once: every push must start exactly one execution.
 */
export async function waitForSettledCount(handle: N8nHandle, workflowId: string, count: number, timeoutMs = 60_000): Promise<ExecutionSummary[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const summaries = await executionSummaries(handle, workflowId);
		if (summaries.length > count) throw new Error(`workflow ${workflowId} has ${summaries.length} executions, expected ${count}: ${summaries.map((s) => s.id).join(', ')}`);
		if (summaries.length === count && summaries.every((summary) => SETTLED_STATUSES.has(summary.status))) return summaries;
		if (Date.now() > deadline) {
			throw new Error(`waited ${timeoutMs} ms for ${count} settled executions of ${workflowId}; have ${summaries.map((s) => `${s.id}:${s.status}`).join(', ') || 'none'}`);
		}
		await delay(200);
	}
}

/** Like waitForSettledCount, and returns the newest execution with its data. */
export async function waitForExecutionCount(handle: N8nHandle, workflowId: string, count: number, timeoutMs = 60_000): Promise<Execution> {
	const [newest] = await waitForSettledCount(handle, workflowId, count, timeoutMs);
	return await waitForExecution(handle, newest.id, timeoutMs);
}

/** The newest execution of a workflow with its data, once it has settled (an older one is never returned). */
export async function latestExecution(handle: N8nHandle, workflowId: string, timeoutMs = 60_000): Promise<Execution> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const [newest] = await executionSummaries(handle, workflowId);
		if (newest !== undefined && SETTLED_STATUSES.has(newest.status)) return await waitForExecution(handle, newest.id, timeoutMs);
		if (Date.now() > deadline) throw new Error(`no settled execution of ${workflowId} within ${timeoutMs} ms`);
		await delay(200);
	}
}

/** Waits for an execution of the workflow that is not in `known`, then for it to settle; returns it. */
export async function waitForNewExecution(handle: N8nHandle, workflowId: string, known: ReadonlySet<string>, timeoutMs: number): Promise<Execution> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const fresh = (await executionIds(handle, workflowId)).filter((id) => !known.has(id));
		if (fresh.length > 1) throw new Error(`expected one new execution of ${workflowId}, got ${fresh.join(', ')}`);
		if (fresh.length === 1) {
			const execution = await executionById(handle, fresh[0]);
			if (isSettled(execution)) return execution;
		}
		if (Date.now() > deadline) throw new Error(`no settled new execution of ${workflowId} within ${timeoutMs} ms (new: ${fresh.join(', ') || 'none'})`);
		await delay(500);
	}
}
