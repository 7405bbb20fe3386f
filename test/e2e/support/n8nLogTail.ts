import type { N8nHandle } from '../../../harness';

/** How much of the end of n8n's log a failure carries. */
const LOG_TAIL_CHARS = 4000;

/**
 * Runs `work`; when it fails, the error's message ends with the tail of n8n's log, so a broken run says
 * what n8n said. `started` is read only then (it throws when n8n never started, which is then the error).
 */
export async function withN8nLogTail<T>(started: () => N8nHandle, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (error instanceof Error) error.message += `\n--- n8n ${started().version} log (tail)\n${started().logs().slice(-LOG_TAIL_CHARS)}`;
		throw error;
	}
}
