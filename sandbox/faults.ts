export type FaultMode = 'errcode' | 'http500' | 'hang' | 'reset';

export const FAULT_MODES: readonly FaultMode[] = ['errcode', 'http500', 'hang', 'reset'];

export interface FaultSpec {
	/** errcode: answer HTTP 200 with that errcode; http500: an HTML 500 page; hang: never answer; reset: destroy the socket. */
	mode: FaultMode;
	/** Required for mode 'errcode' (e.g. -1, 45011, 40001). */
	errcode?: number;
	/** How many matching calls it hits. */
	count: number;
	/** Only calls to this exact path (e.g. `/cgi-bin/message/subscribe/send`); any WeChat API path when absent. */
	path?: string;
	/**
	 * For http500/hang/reset: perform the call first, then lose the answer (the "was it sent?" case).
	 * Default false: the call is not performed. Ignored for 'errcode', which never performs the call.
	 */
	afterProcessing?: boolean;
	/** Let this many matching calls through untouched before the fault starts hitting (default 0): a fault halfway through a batch. */
	skip?: number;
	/**
	 * For 'reset' with afterProcessing: write this many bytes of the real HTTP answer (status line, headers, body)
	 * before destroying the socket, so the client sees a response cut off mid-way.
	 */
	afterBytes?: number;
}

/** Checks a fault coming from the control API; returns the problem in words, or the normalised spec. */
export function parseFaultSpec(input: unknown): FaultSpec | string {
	if (typeof input !== 'object' || input === null) return 'body must be a JSON object';
	const raw = input as Record<string, unknown>;
	const mode = raw.mode;
	if (typeof mode !== 'string' || !FAULT_MODES.includes(mode as FaultMode)) return `mode must be one of ${FAULT_MODES.join(', ')}`;
	const count = raw.count === undefined ? 1 : raw.count;
	if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return 'count must be a positive integer';
	const spec: FaultSpec = { mode: mode as FaultMode, count };
	if (mode === 'errcode') {
		if (typeof raw.errcode !== 'number' || !Number.isInteger(raw.errcode)) return "mode 'errcode' needs an integer errcode";
		spec.errcode = raw.errcode;
	}
	if (raw.path !== undefined) {
		if (typeof raw.path !== 'string' || !raw.path.startsWith('/')) return 'path must start with /';
		spec.path = raw.path;
	}
	if (raw.afterProcessing !== undefined) {
		if (typeof raw.afterProcessing !== 'boolean') return 'afterProcessing must be a boolean';
		spec.afterProcessing = raw.afterProcessing;
	}
	if (raw.skip !== undefined) {
		if (typeof raw.skip !== 'number' || !Number.isInteger(raw.skip) || raw.skip < 0) return 'skip must be a non-negative integer';
		if (raw.skip > 0) spec.skip = raw.skip;
	}
	if (raw.afterBytes !== undefined) {
		if (typeof raw.afterBytes !== 'number' || !Number.isInteger(raw.afterBytes) || raw.afterBytes < 1) return 'afterBytes must be a positive integer';
		if (mode !== 'reset' || spec.afterProcessing !== true) return "afterBytes needs mode 'reset' with afterProcessing: true";
		spec.afterBytes = raw.afterBytes;
	}
	return spec;
}

/** Pending faults, consumed first-in first-out by the calls they match. */
export class FaultQueue {
	private pending: FaultSpec[] = [];

	add(spec: FaultSpec): void {
		this.pending.push({ ...spec });
	}

	/**
	 * The fault this call runs into, if any (one use of its count). Every matching fault that is still
	 * skipping counts the call and lets it pass on to the next one.
	 */
	take(path: string): FaultSpec | undefined {
		for (let index = 0; index < this.pending.length; index++) {
			const fault = this.pending[index];
			if (fault.path !== undefined && fault.path !== path) continue;
			if (fault.skip !== undefined && fault.skip > 0) {
				fault.skip -= 1;
				if (fault.skip === 0) delete fault.skip;
				continue;
			}
			fault.count -= 1;
			if (fault.count <= 0) this.pending.splice(index, 1);
			return { ...fault, count: 1 };
		}
		return undefined;
	}

	list(): FaultSpec[] {
		return this.pending.map((f) => ({ ...f }));
	}

	clear(): void {
		this.pending = [];
	}
}
