/**
 * The error a call throws, for tests that look inside it. Each fails the test when nothing is thrown
 * or when the error is not of the expected type, so an assertion on the result cannot pass vacuously.
 */
type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

/** The error `fn` throws synchronously, checked to be a `type`. */
export function thrownBy<E extends Error>(type: ErrorClass<E>, fn: () => unknown): E {
	try {
		fn();
	} catch (error) {
		if (error instanceof type) return error;
		throw new Error(`expected ${type.name}, got ${String(error)}`);
	}
	throw new Error(`expected ${type.name}, but nothing was thrown`);
}

/** The error `promise` rejects with, checked to be a `type`. */
export async function rejectionOf<E extends Error>(type: ErrorClass<E>, promise: Promise<unknown>): Promise<E> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof type) return error;
		throw new Error(`expected ${type.name}, got ${String(error)}`);
	}
	throw new Error(`expected ${type.name}, but the promise resolved`);
}
