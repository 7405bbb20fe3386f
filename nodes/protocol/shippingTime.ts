/**
 * upload_time of a shipping upload: an RFC 3339 time with its offset, e.g. 2022-12-15T13:29:35.120+08:00
 * (WeChat answers 268485216 to any other form). docs/wechat-protocol.md §16.
 */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Whether `text` is an RFC 3339 date-time with an offset (Z or ±hh:mm) naming a real date and time. */
export function isRfc3339DateTime(text: string): boolean {
	const match = RFC3339.exec(text);
	if (!match) return false;
	const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
	if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60) return false;
	// Day 0 of the next month is the last day of this one.
	const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
	if (day < 1 || day > daysInMonth) return false;
	if (match[8] !== 'Z' && (Number(match[9]) > 23 || Number(match[10]) > 59)) return false;
	return true;
}

function pad(value: number, width = 2): string {
	return String(value).padStart(width, '0');
}

/**
 * `date` in Beijing time (+08:00, the offset of WeChat's own example) with milliseconds:
 * 2024-05-01T15:01:00.000+08:00. Beijing has no daylight saving, so the offset is always +08:00.
 */
export function formatUploadTime(date: Date = new Date()): string {
	const beijing = new Date(date.getTime() + BEIJING_OFFSET_MS);
	return (
		`${pad(beijing.getUTCFullYear(), 4)}-${pad(beijing.getUTCMonth() + 1)}-${pad(beijing.getUTCDate())}` +
		`T${pad(beijing.getUTCHours())}:${pad(beijing.getUTCMinutes())}:${pad(beijing.getUTCSeconds())}.${pad(beijing.getUTCMilliseconds(), 3)}+08:00`
	);
}
