import { runKeyedBatch } from '../../../nodes/WeChat/batch';

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
