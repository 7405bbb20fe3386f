/**
 * What the benchmark needs from a running n8n beyond the e2e harness: activation over REST (one call
 * per workflow instead of one CLI process each), the newest execution of a workflow, how many have
 * finished, and the CPU time and memory of n8n's main process read from /proc.
 */
import { readFileSync } from 'node:fs';

import { decodeExecution, type Execution, type N8nHandle } from '../harness';

type RawExecution = Parameters<typeof decodeExecution>[0];

/**
 * A REST call that waits out n8n's 503 "Database is not ready!": on a machine loaded enough, n8n's
 * periodic database ping times out and n8n answers 503 to everything until the next ping succeeds.
 */
async function rest<T>(n8n: N8nHandle, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const response = await n8n.rest<T>(method, path, body);
		if (response.status !== 503 || Date.now() > deadline) return response;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

interface ExecutionList {
	data: { results: Array<{ id: string; status: string }>; count: number };
}

/** Publishes a workflow on a running n8n 2.x: POST /rest/workflows/:id/activate with its current version. */
export async function activateWorkflow(n8n: N8nHandle, workflowId: string): Promise<void> {
	const current = await rest<{ data: { versionId: string } }>(n8n, 'GET', `/rest/workflows/${workflowId}`);
	if (current.status !== 200) throw new Error(`GET workflow ${workflowId} answered ${current.status}`);
	const activated = await rest(n8n, 'POST', `/rest/workflows/${workflowId}/activate`, { versionId: current.body.data.versionId });
	if (activated.status !== 200) {
		throw new Error(`activating ${workflowId} answered ${activated.status}: ${JSON.stringify(activated.body).slice(0, 500)}`);
	}
}

async function listExecutions(n8n: N8nHandle, workflowId: string, limit: number): Promise<ExecutionList['data']> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = await rest<ExecutionList>(n8n, 'GET', `/rest/executions?filter=${filter}&limit=${limit}`);
	if (list.status !== 200) throw new Error(`GET /rest/executions answered ${list.status}`);
	return list.body.data;
}

/** How many executions of the workflow have finished (any status but new/running). */
export async function finishedExecutionCount(n8n: N8nHandle, workflowId: string): Promise<number> {
	return (await listExecutions(n8n, workflowId, 1)).count;
}

/** The newest execution of a workflow with its decoded run data, once it has settled. */
export async function latestExecution(n8n: N8nHandle, workflowId: string, timeoutMs = 60_000): Promise<Execution> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const [newest] = (await listExecutions(n8n, workflowId, 1)).results;
		if (newest !== undefined && newest.status !== 'new' && newest.status !== 'running') {
			const one = await rest<{ data: RawExecution }>(n8n, 'GET', `/rest/executions/${newest.id}`);
			if (one.status !== 200) throw new Error(`GET /rest/executions/${newest.id} answered ${one.status}`);
			return decodeExecution(one.body.data);
		}
		if (Date.now() > deadline) throw new Error(`no settled execution of ${workflowId} within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat (10 ms ticks).
 * Unlike wall time, it hardly moves when other processes load the machine.
 */
export function cpuTimeMs(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name (which may hold spaces) start after the last ')'.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the line)
	return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Linux's USER_HZ, 100 on every mainstream kernel (getconf CLK_TCK). */
const CLOCK_TICKS_PER_SECOND = 100;

/** Resident set size of a process in bytes (VmRSS). */
export function rssBytes(pid: number): number {
	const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	if (!match) throw new Error(`no VmRSS for pid ${pid}`);
	return Number(match[1]) * 1024;
}

/** Samples a process's RSS every `intervalMs` until stopped; returns every sample. */
export function sampleRss(pid: number, intervalMs: number): { stop(): number[] } {
	const samples: number[] = [rssBytes(pid)];
	const timer = setInterval(() => {
		try {
			samples.push(rssBytes(pid));
		} catch {
			// the process ended: keep what we have
		}
	}, intervalMs);
	return {
		stop: () => {
			clearInterval(timer);
			samples.push(rssBytes(pid));
			return samples;
		},
	};
}

/**
 * POSTs JSON to a webhook and waits for the answer; returns the status and the wall time in ms of the
 * attempt that was answered. A 503 comes from n8n's "database not ready" gate before any workflow
 * runs, so that one is retried.
 */
export async function postWebhook(url: string, body: unknown): Promise<{ status: number; ms: number; text: string }> {
	const payload = JSON.stringify(body);
	const deadline = Date.now() + 60_000;
	for (;;) {
		const started = performance.now();
		const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
		const text = await response.text();
		if (response.status !== 503 || Date.now() > deadline) return { status: response.status, ms: performance.now() - started, text };
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}
