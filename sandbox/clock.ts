/**
 * The sandbox's sense of time. Tests inject a base clock or advance this one, so that
 * "the old token dies 5 minutes later" can be checked without waiting 5 minutes.
 */
export class SandboxClock {
	private offsetMs = 0;

	constructor(private readonly base: () => number = Date.now) {}

	now(): number {
		return this.base() + this.offsetMs;
	}

	/** Moves the sandbox's time forward (never backward: tokens would come back to life). */
	advance(ms: number): number {
		if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance needs a non-negative number of milliseconds');
		this.offsetMs += ms;
		return this.now();
	}
}
