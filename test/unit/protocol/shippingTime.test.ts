import { formatUploadTime, isRfc3339DateTime } from '../../../nodes/protocol/shippingTime';

describe('isRfc3339DateTime', () => {
	it.each(['2022-12-15T13:29:35.120+08:00', '2024-05-01T07:01:00Z', '2024-02-29T23:59:59-05:30', '2024-05-01T15:01:00.123456789+08:00'])('accepts %s', (text) => {
		expect(isRfc3339DateTime(text)).toBe(true);
	});

	it.each([
		['2024-05-01T15:01:00', 'no offset'],
		['2024-05-01 15:01:00+08:00', 'a space for T'],
		['2023-02-29T00:00:00Z', 'no 29 February in 2023'],
		['2024-13-01T00:00:00Z', 'month 13'],
		['2024-05-01T24:00:00Z', 'hour 24'],
		['2024-05-01T15:01:00+0800', 'offset without colon'],
		['1714546860', 'unix seconds'],
	])('refuses %s (%s)', (text) => {
		expect(isRfc3339DateTime(text)).toBe(false);
	});
});

describe('formatUploadTime', () => {
	it('writes Beijing time with milliseconds and +08:00, across the date line', () => {
		expect(formatUploadTime(new Date(Date.UTC(2024, 4, 1, 7, 1, 0, 120)))).toBe('2024-05-01T15:01:00.120+08:00');
		expect(formatUploadTime(new Date(Date.UTC(2024, 11, 31, 16, 0, 0, 5)))).toBe('2025-01-01T00:00:00.005+08:00');
	});

	it('names the same instant as the input', () => {
		const now = new Date();
		expect(Date.parse(formatUploadTime(now))).toBe(now.getTime());
		expect(isRfc3339DateTime(formatUploadTime(now))).toBe(true);
	});
});
