/**
 * Runs one task per item with bounded concurrency, never two tasks of the same key at once
 * (WeChat answers 43108 to concurrent sends to one OpenID), tasks of one key in the order they were
 * given. Results come back in input order, whatever order the tasks finish in.
 *
 * Two ways in: `runKeyedBatch` when every task is known up front, and `runKeyedPipeline` when each
 * task is prepared while earlier ones run (preparing is CPU, sending is waiting: overlapping them
 * makes the wall time the larger of the two instead of their sum).
 */

export interface BatchOptions {
	/** Most tasks in flight at once (≥ 1). */
	concurrency: number;
	/** Checked before each start; once true, no further task starts (in-flight ones finish). */
	shouldStop?: () => boolean;
}

/**
 * Tasks arriving over time, started as the limits allow. A task that rejects fails the whole queue
 * (tasks are expected to catch their own failures); the others in flight still finish first.
 */
export class KeyedQueue<T> {
	private readonly results: Array<T | undefined>;
	/** Per key: its tasks not yet started, oldest first. A key is listed while it has work or a task in flight. */
	private readonly waitingByKey = new Map<string, Array<{ index: number; run: () => Promise<T> }>>();
	/** Keys with a task waiting and nothing in flight, in the order they became startable. */
	private readonly startable: string[] = [];
	private startableHead = 0;
	private readonly limit: number;
	private inFlightCount = 0;
	private waitingCount = 0;
	private failure: { error: unknown } | undefined;
	private closed = false;
	private roomWaiters: Array<() => void> = [];
	private settle: { resolve: (results: Array<T | undefined>) => void; reject: (error: unknown) => void } | undefined;

	constructor(
		size: number,
		private readonly options: BatchOptions,
	) {
		this.results = new Array<T | undefined>(size).fill(undefined);
		this.limit = Math.max(1, Math.floor(options.concurrency));
	}

	/** Tasks given and not yet started. */
	get waiting(): number {
		return this.waitingCount;
	}

	get inFlight(): number {
		return this.inFlightCount;
	}

	/** True once no further task will start: a task failed, or shouldStop said so. */
	get stopped(): boolean {
		return this.failure !== undefined || this.options.shouldStop?.() === true;
	}

	/** Adds the task of result `index`; it starts now if the limits allow. */
	submit(index: number, key: string, run: () => Promise<T>): void {
		if (this.closed) throw new Error('KeyedQueue: submit after close');
		const waiting = this.waitingByKey.get(key);
		if (waiting) {
			// The key is in flight or already startable: it is picked up again when its turn comes.
			waiting.push({ index, run });
		} else {
			this.waitingByKey.set(key, [{ index, run }]);
			this.startable.push(key);
		}
		this.waitingCount++;
		this.startMore();
	}

	/**
	 * Resolves once fewer than `maxWaiting` tasks wait to start (or the queue stopped), so a producer
	 * preparing tasks ahead of them keeps at most that many in memory.
	 */
	async roomFor(maxWaiting: number): Promise<void> {
		while (this.waitingCount >= Math.max(1, maxWaiting) && !this.stopped && this.inFlightCount > 0) {
			await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
		}
	}

	/** No more tasks: resolves with every result (undefined for tasks never started) once the last one ends. */
	async close(): Promise<Array<T | undefined>> {
		this.closed = true;
		return await new Promise((resolve, reject) => {
			this.settle = { resolve, reject };
			this.finishIfDone();
		});
	}

	/** Starts nothing more; in-flight tasks finish. For a producer that failed. */
	abort(error: unknown): void {
		this.failure ??= { error };
		this.wakeRoomWaiters();
	}

	private startMore(): void {
		while (this.inFlightCount < this.limit && this.startableHead < this.startable.length && !this.stopped) {
			const key = this.startable[this.startableHead++];
			const task = (this.waitingByKey.get(key) as Array<{ index: number; run: () => Promise<T> }>).shift() as { index: number; run: () => Promise<T> };
			this.waitingCount--;
			this.inFlightCount++;
			task.run().then(
				(result) => {
					this.results[task.index] = result;
					this.taskEnded(key);
				},
				(error: unknown) => {
					this.failure ??= { error };
					this.taskEnded(key);
				},
			);
		}
		if (this.startableHead > 1024 && this.startableHead * 2 > this.startable.length) {
			// Drop the consumed head now and then, so a long pipeline does not keep every key it saw.
			this.startable.splice(0, this.startableHead);
			this.startableHead = 0;
		}
		this.wakeRoomWaiters();
		this.finishIfDone();
	}

	private taskEnded(key: string): void {
		this.inFlightCount--;
		const waiting = this.waitingByKey.get(key) as Array<unknown>;
		if (waiting.length > 0) this.startable.push(key);
		else this.waitingByKey.delete(key);
		this.startMore();
	}

	private wakeRoomWaiters(): void {
		const waiters = this.roomWaiters;
		this.roomWaiters = [];
		for (const wake of waiters) wake();
	}

	private finishIfDone(): void {
		if (!this.settle || this.inFlightCount > 0) return;
		if (this.failure) this.settle.reject(this.failure.error);
		else if (this.stopped || this.startableHead >= this.startable.length) this.settle.resolve(this.results);
	}
}

/** Result per index; `undefined` for tasks never started because the batch stopped. */
export async function runKeyedBatch<T>(
	keys: readonly string[],
	run: (index: number) => Promise<T>,
	options: BatchOptions,
): Promise<Array<T | undefined>> {
	const queue = new KeyedQueue<T>(keys.length, options);
	keys.forEach((key, index) => queue.submit(index, key, async () => await run(index)));
	return await queue.close();
}

/** One prepared task of a pipeline. */
export interface KeyedTask<T> {
	key: string;
	run: () => Promise<T>;
}

export interface PipelineOptions extends BatchOptions {
	/** Most prepared tasks waiting to start (the backpressure that bounds memory); default concurrency × 2. */
	maxWaiting?: number;
	/**
	 * Called after each preparation while tasks are in flight. Preparing is usually synchronous CPU
	 * work, during which no network answer is read; this gives the event loop its turn.
	 */
	yieldToEventLoop?: () => Promise<void>;
}

/**
 * Prepares items one by one (`prepare(0)`, `prepare(1)`, …, never two at once) and hands each task
 * to the queue as soon as it is ready, so the first tasks run while later items are prepared.
 * `prepare` returns undefined for an item that needs no task (its outcome is the caller's). If
 * `prepare` throws, nothing more starts, in-flight tasks finish, and the error is thrown.
 */
export async function runKeyedPipeline<T>(
	count: number,
	prepare: (index: number) => Promise<KeyedTask<T> | undefined>,
	options: PipelineOptions,
): Promise<Array<T | undefined>> {
	const queue = new KeyedQueue<T>(count, options);
	const maxWaiting = options.maxWaiting ?? Math.max(1, Math.floor(options.concurrency)) * 2;
	try {
		for (let index = 0; index < count; index++) {
			await queue.roomFor(maxWaiting);
			if (queue.stopped) break;
			const task = await prepare(index);
			if (task) queue.submit(index, task.key, task.run);
			if (queue.inFlight > 0 && options.yieldToEventLoop) await options.yieldToEventLoop();
		}
	} catch (error) {
		// close() then rejects with this error, once the tasks in flight have ended.
		queue.abort(error);
	}
	return await queue.close();
}
