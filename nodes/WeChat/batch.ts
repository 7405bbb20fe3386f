/**
 * Runs one task per item with bounded concurrency, never two tasks of the same key at once
 * (WeChat answers 43108 to concurrent sends to one OpenID). Results come back in input order,
 * whatever order the tasks finish in.
 */

export interface BatchOptions {
	/** Most tasks in flight at once (≥ 1). */
	concurrency: number;
	/** Checked before each start; once true, no further task starts (in-flight ones finish). */
	shouldStop?: () => boolean;
}

/** Result per index; `undefined` for tasks never started because the batch stopped. */
export async function runKeyedBatch<T>(
	keys: readonly string[],
	run: (index: number) => Promise<T>,
	options: BatchOptions,
): Promise<Array<T | undefined>> {
	const results: Array<T | undefined> = new Array<T | undefined>(keys.length).fill(undefined);
	const pendingByKey = new Map<string, number[]>();
	for (let index = 0; index < keys.length; index++) {
		const queue = pendingByKey.get(keys[index]);
		if (queue) queue.push(index);
		else pendingByKey.set(keys[index], [index]);
	}
	// Keys with work and nothing in flight, in order of their first pending item.
	const ready: string[] = [...pendingByKey.keys()];
	let readyHead = 0;
	const limit = Math.max(1, Math.floor(options.concurrency));

	return await new Promise((resolve, reject) => {
		let inFlight = 0;
		let failed = false;

		const startMore = (): void => {
			while (!failed && inFlight < limit && readyHead < ready.length && !options.shouldStop?.()) {
				const key = ready[readyHead++];
				const index = (pendingByKey.get(key) as number[]).shift() as number;
				inFlight++;
				run(index).then(
					(result) => {
						results[index] = result;
						inFlight--;
						if ((pendingByKey.get(key) as number[]).length > 0) ready.push(key);
						startMore();
					},
					(error: unknown) => {
						failed = true;
						reject(error);
					},
				);
			}
			if (!failed && inFlight === 0) resolve(results);
		};
		startMore();
	});
}
