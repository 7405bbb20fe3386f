import { throttledYield } from '../../../nodes/shared/eventLoop';

describe('throttledYield', () => {
	it('waits only once `everyMs` have passed since the last wait', async () => {
		let clock = 0;
		let waits = 0;
		const yieldNow = throttledYield(10, () => clock, async () => void waits++);
		await yieldNow();
		clock = 9;
		await yieldNow();
		expect(waits).toBe(0);
		clock = 10;
		await yieldNow();
		expect(waits).toBe(1);
		clock = 15;
		await yieldNow();
		expect(waits).toBe(1);
		clock = 20;
		await yieldNow();
		expect(waits).toBe(2);
	});

	it('lets a timer queued before it run (a real turn of the event loop, not a microtask)', async () => {
		let timerRan = false;
		setTimeout(() => (timerRan = true), 0);
		let clock = 0;
		const yieldNow = throttledYield(1, () => clock);
		clock = 5;
		await yieldNow();
		expect(timerRan).toBe(true);
	});
});
