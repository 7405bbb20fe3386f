/**
 * Running a workflow as the editor does and waiting for that execution, on both n8n majors: the e2e suites
 * and the benchmark start manual and schedule triggers this way.
 */
import { decodeExecution, isSettled, type Execution } from './executions';
import type { N8nHandle } from './n8n';

/**
 * The editor's "Execute workflow" button: POST /rest/workflows/:id/run starting from a named trigger.
 * 2.x reads the workflow from the database and wants only `triggerToStartFrom`; 1.x wants the workflow
 * itself in `workflowData`, as the editor sends it (fetched here from GET /rest/workflows/:id).
 * Returns the execution id.
 */
export async function runManually(handle: N8nHandle, workflowId: string, triggerName: string): Promise<string> {
	let body: object = { triggerToStartFrom: { name: triggerName } };
	if (handle.major === 1) {
		const stored = await handle.rest<{ data: object }>('GET', `/rest/workflows/${workflowId}`);
		if (stored.status !== 200) throw new Error(`GET /rest/workflows/${workflowId} answered ${stored.status}`);
		body = { ...body, workflowData: stored.body.data };
	}
	const answer = await handle.rest<{ data: { executionId?: string; waitingForWebhook?: boolean } }>(
		'POST',
		`/rest/workflows/${workflowId}/run`,
		body,
	);
	const executionId = answer.body?.data?.executionId;
	if (answer.status !== 200 || executionId === undefined) {
		throw new Error(`POST /rest/workflows/${workflowId}/run answered ${answer.status}: ${JSON.stringify(answer.body)}`);
	}
	return String(executionId);
}

/** One execution with its decoded run data. */
export async function executionById(handle: N8nHandle, id: string): Promise<Execution> {
	const answer = await handle.rest<{ data: Parameters<typeof decodeExecution>[0] }>('GET', `/rest/executions/${id}`);
	if (answer.status !== 200) throw new Error(`GET /rest/executions/${id} answered ${answer.status}`);
	return decodeExecution(answer.body.data);
}

const delay = (ms: number) => new Promise((resolveDelay) => setTimeout(resolveDelay, ms));

/** Polls until one execution has settled (success, error, …) and returns it with its data. */
export async function waitForExecution(handle: N8nHandle, id: string, timeoutMs = 120000): Promise<Execution> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const execution = await executionById(handle, id);
		if (isSettled(execution)) return execution;
		if (Date.now() > deadline) throw new Error(`execution ${id} still "${execution.status}" after ${timeoutMs} ms`);
		await delay(200);
	}
}


/**
 * The executions list's "Retry" on a failed execution, with the workflow as it ran (POST
 * /rest/executions/:id/retry, `{loadWorkflow: false}`, the same on 1.123.81 and 2.40.7): n8n runs the
 * failed node again on its saved input and answers once the new execution is done. Returns the new
 * execution's id, found by its `retryOf`.
 */
export async function retryExecution(handle: N8nHandle, id: string): Promise<string> {
	const answer = await handle.rest('POST', `/rest/executions/${id}/retry`, { loadWorkflow: false });
	if (answer.status !== 200) throw new Error(`POST /rest/executions/${id}/retry answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 1000)}`);
	const listed = await handle.rest<{ data: { results: Array<{ id: string | number; retryOf?: string | number | null }> } }>('GET', '/rest/executions?limit=250');
	const retried = listed.body.data.results.find((execution) => String(execution.retryOf ?? '') === id);
	if (retried === undefined) throw new Error(`no execution retries ${id}`);
	return String(retried.id);
}
