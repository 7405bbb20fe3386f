import { KeyedQueue, runKeyedBatch, runKeyedPipeline } from '../../../nodes/protocol/batch';
import { rejectionOf, thrownBy } from '../../helpers/thrown';

/** Resolves tasks when the test says so, so completion order is under the test's control. */
function controlledTasks() {
	const running = new Map<number, () => void>();
	const started: number[] = [];
	const run = (index: number) =>
		new Promise<string>((resolve) => {
			started.push(index);
			running.set(index, () => resolve(`r${index}`));
		});
	const finish = async (index: number) => {
		running.get(index)?.();
		running.delete(index);
		for (let i = 0; i < 5; i++) await Promise.resolve();
	};
	return { run, started, running, finish };
}

describe('runKeyedBatch', () => {
	it('keeps at most `concurrency` tasks in flight', async () => {
		let inFlight = 0;
		let peak = 0;
		const keys = Array.from({ length: 100 }, (_, i) => `o${i}`);
		await runKeyedBatch(
			keys,
			async (i) => {
				inFlight++;
				peak = Math.max(peak, inFlight);
				await new Promise((r) => setImmediate(r));
				inFlight--;
				return i;
			},
			{ concurrency: 7 },
		);
		expect(peak).toBe(7);
	});

	it('returns results in input order even when tasks finish in reverse', async () => {
		const t = controlledTasks();
		const done = runKeyedBatch(['a', 'b', 'c'], t.run, { concurrency: 3 });
		await t.finish(2);
		await t.finish(1);
		await t.finish(0);
		expect(await done).toEqual(['r0', 'r1', 'r2']);
	});

	it('never runs two tasks of one key at once, and lets other keys overtake', async () => {
		const t = controlledTasks();
		const done = runKeyedBatch(['u1', 'u1', 'u2', 'u1', 'u3'], t.run, { concurrency: 5 });
		await Promise.resolve();
		expect(t.started).toEqual([0, 2, 4]);
		await t.finish(0);
		expect(t.started).toEqual([0, 2, 4, 1]);
		await t.finish(1);
		expect(t.started).toEqual([0, 2, 4, 1, 3]);
		await t.finish(2);
		await t.finish(3);
		await t.finish(4);
		expect(await done).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
	});

	it('stops starting tasks once shouldStop says so and leaves their results undefined', async () => {
		let stop = false;
		const results = await runKeyedBatch(
			['a', 'b', 'c', 'd'],
			async (i) => {
				if (i === 1) stop = true;
				return i;
			},
			{ concurrency: 1, shouldStop: () => stop },
		);
		expect(results).toEqual([0, 1, undefined, undefined]);
	});

	it('handles an empty batch', async () => {
		expect(await runKeyedBatch([], async () => 1, { concurrency: 5 })).toEqual([]);
	});

	it('rejects when a task throws (tasks are expected to catch their own failures)', async () => {
		await expect(runKeyedBatch(['a'], async () => Promise.reject(new Error('boom')), { concurrency: 2 })).rejects.toThrow('boom');
	});
});

describe('runKeyedPipeline', () => {
	/** Records preparations and task starts/ends in one timeline, with tasks ended by the test. */
	function pipelineRecorder(keys: readonly string[]) {
		const timeline: string[] = [];
		const running = new Map<number, () => void>();
		let inFlight = 0;
		let peak = 0;
		const inFlightKeys = new Set<string>();
		let sameKeyOverlap = false;
		const prepare = async (index: number) => {
			timeline.push(`prepare ${index}`);
			return {
				key: keys[index],
				run: () =>
					new Promise<string>((resolve) => {
						timeline.push(`start ${index}`);
						if (inFlightKeys.has(keys[index])) sameKeyOverlap = true;
						inFlightKeys.add(keys[index]);
						peak = Math.max(peak, ++inFlight);
						running.set(index, () => {
							inFlight--;
							inFlightKeys.delete(keys[index]);
							timeline.push(`end ${index}`);
							resolve(`r${index}`);
						});
					}),
			};
		};
		/** Lets the pipeline go on: ends the oldest running task, as a network answer would. */
		const yieldToEventLoop = async () => {
			const [first] = running.keys();
			if (first !== undefined) {
				running.get(first)?.();
				running.delete(first);
			}
			await Promise.resolve();
		};
		const drain = async (done: Promise<unknown>) => {
			let settled = false;
			void done.finally(() => (settled = true));
			while (!settled) {
				await yieldToEventLoop();
				await new Promise((r) => setImmediate(r));
			}
		};
		return { timeline, prepare, yieldToEventLoop, drain, peak: () => peak, sameKeyOverlap: () => sameKeyOverlap, running };
	}

	it('starts the first task before the last item is prepared', async () => {
		const keys = Array.from({ length: 10 }, (_, i) => `o${i}`);
		const r = pipelineRecorder(keys);
		const done = runKeyedPipeline(keys.length, r.prepare, { concurrency: 2, yieldToEventLoop: r.yieldToEventLoop });
		await r.drain(done);
		expect(await done).toEqual(keys.map((_, i) => `r${i}`));
		expect(r.timeline.indexOf('start 0')).toBeLessThan(r.timeline.indexOf('prepare 9'));
		expect(r.timeline.indexOf('start 0')).toBe(r.timeline.indexOf('prepare 0') + 1);
	});

	it('returns results in input order, one task per key at a time in FIFO order, within the concurrency', async () => {
		const keys = ['u1', 'u1', 'u2', 'u1', 'u3', 'u2', 'u1', 'u4', 'u4', 'u5'];
		const r = pipelineRecorder(keys);
		const done = runKeyedPipeline(keys.length, r.prepare, { concurrency: 3, yieldToEventLoop: r.yieldToEventLoop });
		await r.drain(done);
		expect(await done).toEqual(keys.map((_, i) => `r${i}`));
		expect(r.sameKeyOverlap()).toBe(false);
		expect(r.peak()).toBeLessThanOrEqual(3);
		const startsOf = (key: string) =>
			r.timeline.filter((e) => e.startsWith('start ')).map((e) => Number(e.slice(6))).filter((i) => keys[i] === key);
		expect(startsOf('u1')).toEqual([0, 1, 3, 6]);
		expect(startsOf('u2')).toEqual([2, 5]);
	});

	it('prepares at most maxWaiting items ahead of the tasks that started', async () => {
		// One key: each task waits for the one before it, so prepared items pile up unless held back.
		const keys = Array.from({ length: 50 }, () => 'same');
		const r = pipelineRecorder(keys);
		let maxAhead = 0;
		const prepare = async (index: number) => {
			const started = r.timeline.filter((e) => e.startsWith('start ')).length;
			maxAhead = Math.max(maxAhead, index + 1 - started); // this item included
			return await r.prepare(index);
		};
		const done = runKeyedPipeline(keys.length, prepare, { concurrency: 4, maxWaiting: 3, yieldToEventLoop: async () => Promise.resolve() });
		await r.drain(done);
		expect(await done).toHaveLength(50);
		// Prepared but not started, counting the item being prepared: never more than maxWaiting.
		expect(maxAhead).toBe(3);
	});

	it('defaults the lookahead to concurrency × 2', async () => {
		const keys = Array.from({ length: 40 }, () => 'same');
		const r = pipelineRecorder(keys);
		let maxAhead = 0;
		const prepare = async (index: number) => {
			maxAhead = Math.max(maxAhead, index + 1 - r.timeline.filter((e) => e.startsWith('start ')).length);
			return await r.prepare(index);
		};
		const done = runKeyedPipeline(keys.length, prepare, { concurrency: 5 });
		await r.drain(done);
		expect(maxAhead).toBe(10);
	});

	it('leaves the result of an item without a task undefined', async () => {
		const done = await runKeyedPipeline(3, async (i) => (i === 1 ? undefined : { key: `k${i}`, run: async () => i }), { concurrency: 2 });
		expect(done).toEqual([0, undefined, 2]);
	});

	it('stops preparing and starting once shouldStop says so', async () => {
		let stop = false;
		const prepared: number[] = [];
		const results = await runKeyedPipeline(
			6,
			async (i) => {
				prepared.push(i);
				return { key: `k${i}`, run: async () => ((stop = i === 1), i) };
			},
			{ concurrency: 1, shouldStop: () => stop },
		);
		expect(results.slice(0, 2)).toEqual([0, 1]);
		expect(results.slice(2).every((r) => r === undefined)).toBe(true);
		expect(prepared.length).toBeLessThan(6);
	});

	it('when preparing throws, starts nothing more, lets running tasks end, then throws', async () => {
		const ended: number[] = [];
		const started: number[] = [];
		const error = await rejectionOf(
			Error,
			runKeyedPipeline(
				5,
				async (i) => {
					if (i === 2) throw new Error('bad item');
					return {
						key: `k${i}`,
						run: async () => {
							started.push(i);
							await new Promise((r) => setImmediate(r));
							ended.push(i);
							return i;
						},
					};
				},
				{ concurrency: 5 },
			),
		);
		expect(error.message).toBe('bad item');
		expect(started).toEqual([0, 1]);
		expect(ended).toEqual([0, 1]);
	});
});

describe('KeyedQueue', () => {
	it('refuses a task after close', async () => {
		const queue = new KeyedQueue<number>(1, { concurrency: 1 });
		await queue.close();
		expect(thrownBy(Error, () => queue.submit(0, 'k', async () => 1)).message).toContain('after close');
	});

	it('waits for in-flight tasks before rejecting with a task failure', async () => {
		const queue = new KeyedQueue<number>(2, { concurrency: 2 });
		let slowEnded = false;
		queue.submit(0, 'a', async () => Promise.reject(new Error('boom')));
		queue.submit(1, 'b', async () => {
			await new Promise((r) => setImmediate(r));
			slowEnded = true;
			return 1;
		});
		const error = await rejectionOf(Error, queue.close());
		expect(error.message).toBe('boom');
		expect(slowEnded).toBe(true);
	});
});
