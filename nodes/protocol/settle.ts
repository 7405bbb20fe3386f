/**
 * A call's outcome as a value: where code must look at a failure before deciding to throw it on (one more try
 * against a fresh template list), the failure travels as a value and is thrown, unchanged, outside any catch.
 */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export function settleSync<T>(run: () => T): Settled<T> {
	try {
		return { ok: true, value: run() };
	} catch (error) {
		return { ok: false, error };
	}
}

export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	return await promise.then(
		(value): Settled<T> => ({ ok: true, value }),
		(error: unknown): Settled<T> => ({ ok: false, error }),
	);
}
