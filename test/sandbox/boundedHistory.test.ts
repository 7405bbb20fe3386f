import { pushBounded } from '../../sandbox/boundedHistory';

describe('pushBounded', () => {
	it('keeps every record up to the limit', () => {
		const records: number[] = [];
		for (let n = 1; n <= 20; n++) pushBounded(records, n, 20);
		expect(records).toEqual(Array.from({ length: 20 }, (_, k) => k + 1));
	});

	it('at the limit drops the oldest tenth at once, then keeps the newest', () => {
		const records: number[] = [];
		for (let n = 1; n <= 21; n++) pushBounded(records, n, 20);
		expect(records).toEqual(Array.from({ length: 19 }, (_, k) => k + 3)); // 1 and 2 dropped, 21 added
		for (let n = 22; n <= 100; n++) pushBounded(records, n, 20);
		expect(records.length).toBeLessThanOrEqual(20);
		expect(records[records.length - 1]).toBe(100);
	});

	it('drops at least one record when the limit is under ten', () => {
		const records: string[] = [];
		for (const letter of ['a', 'b', 'c', 'd']) pushBounded(records, letter, 3);
		expect(records).toEqual(['b', 'c', 'd']);
	});
});
