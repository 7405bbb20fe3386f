/**
 * The sandbox keeps what it saw (calls, messages, delivery events, chat requests) in memory for tests and
 * the demo's self-check. A long benchmark or demo must not grow it without bound, so each history has a
 * limit; past it the oldest tenth is dropped at once, rather than one record per push, which would shift the
 * whole array on every call.
 */
export function pushBounded<T>(records: T[], record: T, limit: number): void {
	if (records.length >= limit) records.splice(0, Math.max(1, Math.floor(limit / 10)));
	records.push(record);
}
