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
	return spec;
}

/** Pending faults, consumed first-in first-out by the calls they match. */
export class FaultQueue {
	private pending: FaultSpec[] = [];

	add(spec: FaultSpec): void {
		this.pending.push({ ...spec });
	}

	/** The fault this call runs into, if any (one use of its count). */
	take(path: string): FaultSpec | undefined {
		if (this.pending.length === 0) return undefined;
		const index = this.pending.findIndex((f) => f.path === undefined || f.path === path);
		if (index < 0) return undefined;
		const fault = this.pending[index];
		fault.count -= 1;
		if (fault.count <= 0) this.pending.splice(index, 1);
		return { ...fault, count: 1 };
	}

	list(): FaultSpec[] {
		return this.pending.map((f) => ({ ...f }));
	}

	clear(): void {
		this.pending = [];
	}
}
