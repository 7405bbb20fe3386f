/**
 * REST calls the editor makes, for both n8n majors: test a credential, run a workflow by hand, and
 * cheap execution polling (summaries first, full data only for the one execution asked for).
 */
import { executionById, runManually, SETTLED_STATUSES, uniqueSummaries, waitForExecution, type Execution, type ExecutionSummary, type N8nHandle } from '../../../harness';

export type { ExecutionSummary };
// Kept here too: the suites import every REST helper from this file.
export { executionById, runManually, waitForExecution };

const delay = (ms: number) => new Promise((resolveDelay) => setTimeout(resolveDelay, ms));

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
	const answer = await handle.rest<{ data: CredentialTestResult }>('POST', '/rest/credentials/test', { credentials: credential });
	if (answer.status !== 200) throw new Error(`POST /rest/credentials/test answered ${answer.status}: ${JSON.stringify(answer.body)}`);
	return answer.body.data;
}

/**
 * The editor's Publish (2.x) / Active toggle (1.x): POST /rest/workflows/:id/activate with the workflow's
 * current versionId (same route on 1.123.81 and 2.40.7). Takes effect at once, unlike the CLI's
 * publish:workflow / update:workflow, and costs one request instead of one n8n CLI start per workflow.
 */
export async function activateWorkflow(handle: N8nHandle, workflowId: string): Promise<void> {
	const stored = await handle.rest<{ data: { versionId?: string } }>('GET', `/rest/workflows/${workflowId}`);
	const versionId = stored.body?.data?.versionId;
	if (stored.status !== 200 || versionId === undefined) throw new Error(`GET /rest/workflows/${workflowId} answered ${stored.status}`);
	const answer = await handle.rest<{ data: { active?: boolean; activeVersionId?: string | null } }>(
		'POST',
		`/rest/workflows/${workflowId}/activate`,
		{ versionId },
	);
	if (answer.status !== 200 || answer.body?.data?.active !== true) {
		throw new Error(`POST /rest/workflows/${workflowId}/activate answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 2000)}`);
	}
}


/** Ids and statuses of a workflow's executions, newest first, each id once (no run data: one request). */
export async function executionSummaries(handle: N8nHandle, workflowId: string): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const answer = await handle.rest<{ data: { results: Array<{ id: string | number; status: string }> } }>(
		'GET',
		`/rest/executions?filter=${filter}&limit=250`,
	);
	if (answer.status !== 200) throw new Error(`GET /rest/executions answered ${answer.status}: ${JSON.stringify(answer.body)}`);
	return uniqueSummaries(answer.body.data.results.map((result) => ({ id: String(result.id), status: result.status })));
}

/**
 * Polls until the workflow has exactly `count` executions, all settled, and returns their summaries (newest
 * first). More than `count` fails at once: every push must start exactly one execution.
 */
export async function waitForSettledCount(handle: N8nHandle, workflowId: string, count: number, timeoutMs = 60000): Promise<ExecutionSummary[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const summaries = await executionSummaries(handle, workflowId);
		if (summaries.length > count) {
			throw new Error(`workflow ${workflowId} has ${summaries.length} executions, expected ${count}: ${summaries.map((s) => s.id).join(', ')}`);
		}
		if (summaries.length === count && summaries.every((summary) => SETTLED_STATUSES.has(summary.status))) return summaries;
		if (Date.now() > deadline) {
			throw new Error(`waited ${timeoutMs} ms for ${count} settled executions of ${workflowId}; have ${summaries.map((s) => `${s.id}:${s.status}`).join(', ') || 'none'}`);
		}
		await delay(200);
	}
}

/** Like waitForSettledCount, and returns the newest execution with its data. */
export async function waitForExecutionCount(handle: N8nHandle, workflowId: string, count: number, timeoutMs = 60000): Promise<Execution> {
	const [newest] = await waitForSettledCount(handle, workflowId, count, timeoutMs);
	return await waitForExecution(handle, newest.id, timeoutMs);
}
