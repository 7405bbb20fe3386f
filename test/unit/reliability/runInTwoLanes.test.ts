/** The hostile suite's dispatcher: serial tasks one at a time and in order, the rest in parallel beside them, never held up by them. */
import { runInTwoLanes } from '../../e2e/support/reliability/http';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runInTwoLanes', () => {
	it('runs serial tasks one at a time in order and the others at most `parallel` at once, results in preparation order', async () => {
		const serialOrder: number[] = [];
		let serialNow = 0;
		let serialMax = 0;
		let parallelNow = 0;
		let parallelMax = 0;
		const results = await runInTwoLanes(
			40,
			async (index) => index,
			(index) => index % 3 === 0,
			async (index) => {
				if (index % 3 === 0) {
					serialMax = Math.max(serialMax, ++serialNow);
					serialOrder.push(index);
					await tick(3);
					serialNow--;
				} else {
					parallelMax = Math.max(parallelMax, ++parallelNow);
					await tick(2);
					parallelNow--;
				}
				return index * 10;
			},
			{ parallel: 4, serialBacklog: 2 },
		);
		expect(results).toEqual(Array.from({ length: 40 }, (_, index) => index * 10));
		expect(serialMax).toBe(1);
		expect(serialOrder).toEqual(serialOrder.slice().sort((a, b) => a - b));
		expect(parallelMax).toBe(4);
	});

	it('keeps the parallel lane going while a serial task is slow', async () => {
		const finished: number[] = [];
		await runInTwoLanes(
			12,
			async (index) => index,
			(index) => index === 0,
			async (index) => {
				await tick(index === 0 ? 200 : 5);
				finished.push(index);
			},
			{ parallel: 2, serialBacklog: 2 },
		);
		expect(finished.indexOf(0)).toBe(finished.length - 1);
	});

	it('prepares a task only when it can be sent soon: at most `serialBacklog` + 1 serial tasks prepared and not finished', async () => {
		let prepared = 0;
		let done = 0;
		let mostAhead = 0;
		await runInTwoLanes(
			10,
			async (index) => {
				prepared++;
				mostAhead = Math.max(mostAhead, prepared - done);
				return index;
			},
			() => true,
			async () => {
				await tick(2);
				done++;
			},
			{ parallel: 4, serialBacklog: 2 },
		);
		expect(mostAhead).toBeLessThanOrEqual(4);
	});

	it('rethrows a failed task after the others have settled', async () => {
		await expect(
			runInTwoLanes(
				5,
				async (index) => index,
				() => false,
				async (index) => {
					if (index === 1) throw new Error('boom');
					return index;
				},
				{ parallel: 2, serialBacklog: 1 },
			),
		).rejects.toThrow('boom');
	});
});
