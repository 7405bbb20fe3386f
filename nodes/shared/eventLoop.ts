/**
 * Giving the event loop its turn during a long synchronous stretch. n8n evaluates parameters and
 * expressions synchronously, so while a node prepares item after item, no network answer is read and
 * no queued send goes out; yielding now and then lets sends in flight make progress meanwhile.
 */
import { sleep } from 'n8n-workflow';

/**
 * A yield that really lets the loop run only when `everyMs` have passed since the last one.
 * The one yield community nodes may use is n8n's `sleep` (a timer; setImmediate is not allowed),
 * and Node makes a 0 ms timer wait about 1 ms: yielding after every item would add that to each.
 */
export function throttledYield(everyMs: number, now: () => number = Date.now, wait: () => Promise<void> = async () => await sleep(0)): () => Promise<void> {
	let last = now();
	return async () => {
		if (now() - last < everyMs) return;
		await wait();
		last = now();
	};
}
