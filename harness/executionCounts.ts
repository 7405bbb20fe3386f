/**
 * A workflow's executions counted by n8n itself (`GET /rest/executions?filter=…&limit=1` answers `count`,
 * the same on 1.123.81 and 2.40.7), without reading any run data: cheap to poll while hundreds of
 * executions come in (a push each), where `N8nHandle.waitForExecutions` would fetch every one each time.
 */
import type { N8nHandle } from './n8n';

/** Statuses of an execution n8n has not finished yet. */
const UNFINISHED_STATUSES = ['new', 'running', 'waiting'];

export interface ExecutionTotals {
	all: number;
	unfinished: number;
}

/** How many executions the workflow has, all of them or only those with one of `statuses`. */
export async function executionCount(handle: N8nHandle, workflowId: string, statuses?: readonly string[]): Promise<number> {
	const filter = encodeURIComponent(JSON.stringify(statuses === undefined ? { workflowId } : { workflowId, status: statuses }));
	const answer = await handle.rest<{ data: { count: number } }>('GET', `/rest/executions?filter=${filter}&limit=1`);
	if (answer.status !== 200 || typeof answer.body?.data?.count !== 'number') {
		throw new Error(`GET /rest/executions (workflow ${workflowId}) answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
	}
	return answer.body.data.count;
}

const delay = (ms: number) => new Promise((resolveDelay) => setTimeout(resolveDelay, ms));

/**
 * Waits until the workflow has exactly `count` executions and none is unfinished. More than `count` fails
 * at once (each push must start exactly one execution); so does running out of time.
 */
export async function waitForExecutionTotal(handle: N8nHandle, workflowId: string, count: number, timeoutMs: number): Promise<ExecutionTotals> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const all = await executionCount(handle, workflowId);
		const unfinished = await executionCount(handle, workflowId, UNFINISHED_STATUSES);
		if (all > count) throw new Error(`${workflowId}: ${all} executions, expected ${count}`);
		if (all === count && unfinished === 0) return { all, unfinished };
		if (Date.now() > deadline) throw new Error(`${workflowId}: ${all} executions (${unfinished} unfinished) after ${timeoutMs} ms, expected ${count}`);
		await delay(500);
	}
}
