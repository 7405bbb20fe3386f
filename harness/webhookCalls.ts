/**
 * Calling n8n's webhooks as WeChat and a caller's system do, many at once: when n8n sheds load (its
 * database ping failed), every n8n process answers 503 "Database is not ready!" from a middleware before
 * any webhook code runs, so nothing was started and the request is sent again after a pause.
 */

/** n8n's answer while its database ping is failing: nothing of the request was run. */
export function isShedAnswer(status: number, body: string): boolean {
	return status === 503 && body.includes('Database is not ready');
}

/** The pause before resending a shed request: half a second, growing to 2 s. */
export function shedPauseMs(shedSoFar: number): number {
	return 500 + Math.min(shedSoFar, 6) * 250;
}

export interface TimedAnswer {
	status: number;
	body: string;
	/** From the first attempt to the answer. */
	ms: number;
	/** The attempt that was answered (what a benchmark times). */
	lastAttemptMs: number;
	/** 503 "Database is not ready!" answers before this one, each followed by a resend. */
	shed: number;
}

/** fetch, sent again while n8n sheds load (up to `maxResends` times); any other answer is final. */
export async function fetchResendingWhenShed(url: URL | string, init: RequestInit, timeoutMs = 60_000, maxResends = 30): Promise<TimedAnswer> {
	const startedAt = performance.now();
	for (let shed = 0; ; shed++) {
		const attemptAt = performance.now();
		const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
		const body = await response.text();
		const now = performance.now();
		if (!isShedAnswer(response.status, body) || shed >= maxResends) return { status: response.status, body, ms: now - startedAt, lastAttemptMs: now - attemptAt, shed };
		await new Promise((resolve) => setTimeout(resolve, shedPauseMs(shed)));
	}
}

/** POSTs JSON to a webhook (see fetchResendingWhenShed). */
export async function postJson(url: string, body: unknown, timeoutMs = 60_000): Promise<TimedAnswer> {
	return await fetchResendingWhenShed(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, timeoutMs);
}

/** Runs `work` over `items` with at most `concurrency` in flight; results in input order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	const worker = async () => {
		for (;;) {
			const index = next++;
			if (index >= items.length) return;
			results[index] = await work(items[index], index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
	return results;
}
