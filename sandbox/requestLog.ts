import { pushBounded } from './boundedHistory';
import type { FaultMode } from './faults';

/** One WeChat API call as the sandbox saw it: what came in, which fault hit it, what went out. */
export interface RequestRecord {
	/** 1, 2, 3, … in arrival order (starts over on reset). */
	seq: number;
	/** Sandbox clock at arrival, unix ms. */
	time: number;
	method: string;
	path: string;
	/** `touser` of a JSON body (subscribe/send), to follow one recipient's attempts. */
	touser?: string;
	/** The fault that hit the call, if any. */
	fault?: FaultMode;
	/** Whether the call was carried out (false for an injected errcode, or a 500/hang/reset before processing). */
	performed: boolean;
	/** HTTP status written, when an answer went out in full (absent for hang and reset). */
	status?: number;
	/** The errcode that answer carried (0 for success). */
	errcode?: number;
}

export interface RequestFilter {
	path?: string;
	touser?: string;
}

/** Calls kept in memory; older ones are dropped a tenth at a time. */
export const REQUEST_LOG_LIMIT = 200_000;

/** Every WeChat API call since the last reset, for tests that check retries call by call. */
export class RequestLog {
	private records: RequestRecord[] = [];

	private nextSeq = 1;

	/** Opens a record for a call that just arrived; the caller fills in the outcome as it happens. */
	open(method: string, path: string, time: number): RequestRecord {
		const record: RequestRecord = { seq: this.nextSeq++, time, method, path, performed: false };
		pushBounded(this.records, record, REQUEST_LOG_LIMIT);
		return record;
	}

	list(filter: RequestFilter = {}): RequestRecord[] {
		return this.records
			.filter((r) => (filter.path === undefined || r.path === filter.path) && (filter.touser === undefined || r.touser === filter.touser))
			.map((r) => ({ ...r }));
	}

	clear(): void {
		this.records = [];
		this.nextSeq = 1;
	}
}

/** `touser` of a JSON request body, if it has one. */
export function touserOf(body: string): string | undefined {
	if (!body.trimStart().startsWith('{')) return undefined;
	try {
		const parsed: unknown = JSON.parse(body);
		const touser = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).touser : undefined;
		return typeof touser === 'string' ? touser : undefined;
	} catch {
		return undefined;
	}
}
