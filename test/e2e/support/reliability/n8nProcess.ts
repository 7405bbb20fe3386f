/** What the reliability tests read about a running n8n beyond the harness: its process, memory and execution count. */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

import { decodeExecution, isSettled, listExecutionIds, type Execution, type N8nHandle, type RestResponse } from '../../../../harness';

/** The pid of `n8n start` itself (not its task runners): the process in n8n's user folder running the n8n binary with `start`. */
export function n8nMainPid(handle: N8nHandle): number {
	const candidates: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if (readlinkSync(`/proc/${entry}/cwd`) !== handle.userFolder) continue;
			const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			if (argv.includes(handle.install.n8nBin) && argv.includes('start')) candidates.push(Number(entry));
		} catch {
			// gone meanwhile, or not ours to read
		}
	}
	if (candidates.length !== 1) throw new Error(`expected one "n8n start" process in ${handle.userFolder}, found ${candidates.length}`);
	return candidates[0];
}

/** Resident set size in KiB (VmRSS of /proc/<pid>/status). */
export function rssKiB(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
	if (!match) throw new Error(`no VmRSS for pid ${pid}`);
	return Number(match[1]);
}

/** Whether a pid is alive (n8n did not crash). */
export function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Samples a pid's RSS every `everyMs` until stopped; reports the peak. */
export function sampleRss(pid: number, everyMs = 250): { stop(): number; peakKiB(): number } {
	let peak = rssKiB(pid);
	const timer = setInterval(() => {
		try {
			peak = Math.max(peak, rssKiB(pid));
		} catch {
			// the process is gone; the test's health check reports it
		}
	}, everyMs);
	return {
		stop: () => {
			clearInterval(timer);
			return peak;
		},
		peakKiB: () => peak,
	};
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A REST call that rides out n8n shedding load: a 503 (its database ping failed; nothing was run) or a
 * dropped connection is tried again, for up to `patienceMs`. Only for calls that change nothing, or that
 * n8n refused before running them.
 */
export async function restPatiently<T>(handle: N8nHandle, method: string, path: string, body?: unknown, patienceMs = 120_000): Promise<RestResponse<T>> {
	const deadline = Date.now() + patienceMs;
	for (;;) {
		let response: RestResponse<T> | undefined;
		let failure = '';
		try {
			response = await handle.rest<T>(method, path, body);
			if (response.status !== 503) return response;
			failure = `503 ${JSON.stringify(response.body).slice(0, 200)}`;
		} catch (error) {
			if (method !== 'GET') throw error;
			failure = error instanceof Error ? error.message : String(error);
		}
		if (Date.now() > deadline) throw new Error(`${method} ${path}: n8n kept failing for ${patienceMs} ms (last: ${failure})`);
		await delay(1_000);
	}
}

interface ExecutionList {
	data: { results: Array<{ id: string; status: string; workflowId: string }>; count: number };
}

/**
 * Executions of one workflow (or all) as n8n counts them: `finished` is n8n's own count of settled
 * executions (the list endpoint's `count`), `running` those still new or running.
 */
export async function executionCounts(handle: N8nHandle, workflowId?: string): Promise<{ finished: number; running: number }> {
	const filter = workflowId === undefined ? {} : { workflowId };
	const response = await restPatiently<ExecutionList>(handle, 'GET', `/rest/executions?filter=${encodeURIComponent(JSON.stringify(filter))}&limit=1`);
	if (response.status !== 200) throw new Error(`GET /rest/executions answered ${response.status}`);
	const running = response.body.data.results.filter((e) => e.status === 'new' || e.status === 'running').length;
	return { finished: response.body.data.count, running };
}

/** All execution ids of a workflow (or all), oldest first (see listExecutionIds for how n8n pages). */
export async function executionIds(handle: N8nHandle, workflowId?: string): Promise<string[]> {
	return await listExecutionIds((path) => restPatiently<ExecutionList>(handle, 'GET', path), workflowId);
}

/**
 * Activates imported workflows on the running n8n through its REST API (POST /rest/workflows/:id/activate
 * with the current versionId, on 1.x and 2.x alike): one REST call each instead of one n8n CLI boot each
 * (`publish:workflow` / `update:workflow`), which on a busy machine takes tens of seconds apiece.
 */
export async function activateWorkflows(handle: N8nHandle, ids: readonly string[]): Promise<void> {
	for (const id of ids) {
		const workflow = await restPatiently<{ data: { versionId?: string } }>(handle, 'GET', `/rest/workflows/${id}`);
		if (workflow.status !== 200) throw new Error(`GET /rest/workflows/${id} answered ${workflow.status}`);
		const activated = await restPatiently(handle, 'POST', `/rest/workflows/${id}/activate`, { versionId: workflow.body.data.versionId });
		if (activated.status !== 200) throw new Error(`activating ${id} answered ${activated.status}: ${JSON.stringify(activated.body).slice(0, 500)}`);
	}
}

/** One execution with its decoded data. */
export async function executionById(handle: N8nHandle, id: string): Promise<Execution> {
	const response = await restPatiently<{ data: Parameters<typeof decodeExecution>[0] }>(handle, 'GET', `/rest/executions/${id}`);
	if (response.status !== 200) throw new Error(`GET /rest/executions/${id} answered ${response.status}`);
	return decodeExecution(response.body.data);
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
