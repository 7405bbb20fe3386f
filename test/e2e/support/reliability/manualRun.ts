/** Running a workflow the way the editor's "Execute workflow" button does, on both majors. */
import { decodeExecution, isSettled, type Execution, type N8nHandle } from '../../../../harness';
import { restPatiently } from './n8nProcess';

/**
 * POST /rest/workflows/:id/run from a named trigger: 2.x reads the workflow from the database and wants
 * only `triggerToStartFrom`; 1.x wants the workflow in `workflowData`. Resolves with the settled execution.
 */
export async function runManually(handle: N8nHandle, workflowId: string, triggerName: string, timeoutMs = 180_000): Promise<Execution> {
	let body: object = { triggerToStartFrom: { name: triggerName } };
	if (handle.major === 1) {
		const stored = await restPatiently<{ data: object }>(handle, 'GET', `/rest/workflows/${workflowId}`);
		body = { ...body, workflowData: stored.body.data };
	}
	const answer = await restPatiently<{ data?: { executionId?: string } }>(handle, 'POST', `/rest/workflows/${workflowId}/run`, body);
	const executionId = answer.body?.data?.executionId;
	if (answer.status !== 200 || executionId === undefined) throw new Error(`POST /rest/workflows/${workflowId}/run answered ${answer.status}: ${JSON.stringify(answer.body)}`);
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const one = await restPatiently<{ data: Parameters<typeof decodeExecution>[0] }>(handle, 'GET', `/rest/executions/${executionId}`);
		if (one.status === 200) {
			const execution = decodeExecution(one.body.data);
			if (isSettled(execution)) return execution;
		}
		if (Date.now() > deadline) throw new Error(`execution ${executionId} of ${workflowId} did not settle in ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
