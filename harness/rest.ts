/**
 * n8n's REST API as the suites, the bench and the demo call it: every helper in harness/ that reads or
 * drives n8n goes through `restPatiently`, so a loaded machine does not fail a run by itself.
 */
import type { N8nHandle, RestResponse } from './n8n';

const delay = (ms: number) => new Promise((resolveDelay) => setTimeout(resolveDelay, ms));

/**
 * A REST call that rides out n8n shedding load: when its periodic database ping times out (a loaded
 * machine), n8n answers every request 503 "Database is not ready!" from a middleware before any route
 * runs, so nothing happened and the call is made again. A dropped connection is tried again only for a
 * GET (a POST may have been acted on). Gives up after `patienceMs`.
 */
export async function restPatiently<T>(handle: N8nHandle, method: string, path: string, body?: unknown, patienceMs = 120_000): Promise<RestResponse<T>> {
	const deadline = Date.now() + patienceMs;
	for (;;) {
		let failure: string;
		try {
			const response = await handle.rest<T>(method, path, body);
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

/** A REST call that must answer 200: its body, or an error naming the call, the status and the answer. */
export async function restOk<T>(handle: N8nHandle, method: string, path: string, body?: unknown): Promise<T> {
	const response = await restPatiently<T>(handle, method, path, body);
	if (response.status !== 200) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 1000)}`);
	return response.body;
}
