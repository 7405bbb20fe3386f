/**
 * What the editor does to a workflow or credential, over n8n's REST API on both majors: run it by hand,
 * publish (2.x) / activate (1.x) it, retry a failed execution, test a credential.
 */
import type { Execution } from './executions';
import { waitForExecution } from './executionQueries';
import type { N8nHandle } from './n8n';
import { restOk } from './rest';

/**
 * The editor's "Execute workflow" button: POST /rest/workflows/:id/run starting from a named trigger.
 * 2.x reads the workflow from the database and wants only `triggerToStartFrom`; 1.x wants the workflow
 * itself in `workflowData`, as the editor sends it (fetched here from GET /rest/workflows/:id).
 * Returns the execution id.
 */
export async function runManually(handle: N8nHandle, workflowId: string, triggerName: string): Promise<string> {
	let body: object = { triggerToStartFrom: { name: triggerName } };
	if (handle.major === 1) {
		const stored = await restOk<{ data: object }>(handle, 'GET', `/rest/workflows/${workflowId}`);
		body = { ...body, workflowData: stored.data };
	}
	const answer = await restOk<{ data?: { executionId?: string } }>(handle, 'POST', `/rest/workflows/${workflowId}/run`, body);
	const executionId = answer?.data?.executionId;
	if (executionId === undefined) throw new Error(`POST /rest/workflows/${workflowId}/run started no execution: ${JSON.stringify(answer)}`);
	return String(executionId);
}

/** runManually, then waits for that execution to settle and returns it with its data. */
export async function runManuallyToEnd(handle: N8nHandle, workflowId: string, triggerName: string, timeoutMs = 180_000): Promise<Execution> {
	return await waitForExecution(handle, await runManually(handle, workflowId, triggerName), timeoutMs);
}

/**
 * The editor's Publish (2.x) / Active toggle (1.x): POST /rest/workflows/:id/activate with the workflow's
 * current versionId (same route on 1.123.81 and 2.40.7). Takes effect at once, unlike the CLI's
 * publish:workflow / update:workflow, and costs one request instead of one n8n CLI start per workflow.
 */
export async function activateWorkflow(handle: N8nHandle, workflowId: string): Promise<void> {
	const stored = await restOk<{ data: { versionId?: string } }>(handle, 'GET', `/rest/workflows/${workflowId}`);
	const answer = await restOk<{ data: { active?: boolean } }>(handle, 'POST', `/rest/workflows/${workflowId}/activate`, { versionId: stored.data.versionId });
	if (answer?.data?.active !== true) throw new Error(`POST /rest/workflows/${workflowId}/activate left it inactive: ${JSON.stringify(answer).slice(0, 2000)}`);
}

export async function activateWorkflows(handle: N8nHandle, workflowIds: readonly string[]): Promise<void> {
	for (const id of workflowIds) await activateWorkflow(handle, id);
}

/**
 * The executions list's "Retry" on a failed execution, with the workflow as it ran (POST
 * /rest/executions/:id/retry, `{loadWorkflow: false}`, the same on 1.123.81 and 2.40.7): n8n runs the
 * failed node again on its saved input and answers once the new execution is done. Returns the new
 * execution's id, found by its `retryOf`.
 */
export async function retryExecution(handle: N8nHandle, id: string): Promise<string> {
	await restOk(handle, 'POST', `/rest/executions/${id}/retry`, { loadWorkflow: false });
	const listed = await restOk<{ data: { results: Array<{ id: string | number; retryOf?: string | number | null }> } }>(handle, 'GET', '/rest/executions?limit=250');
	const retried = listed.data.results.find((execution) => String(execution.retryOf ?? '') === id);
	if (retried === undefined) throw new Error(`no execution retries ${id}`);
	return String(retried.id);
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * The editor's "Test" button in the credential modal: POST /rest/credentials/test (the same route and body
 * on 1.123.81 and 2.40.7: `{ credentials: { id, name, type, data } }`; n8n merges `data` over the stored credential).
 */
export async function testCredential(
	handle: N8nHandle,
	credential: { id: string; name: string; type: string; data: Record<string, string> },
): Promise<CredentialTestResult> {
	return (await restOk<{ data: CredentialTestResult }>(handle, 'POST', '/rest/credentials/test', { credentials: credential })).data;
}

