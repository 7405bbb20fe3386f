import type { FaultMode } from './faults';

export interface SandboxCounters {
	/** Calls to each token endpoint, whatever their outcome. */
	tokenCalls: { token: number; stableToken: number };
	/** Tokens actually minted (stable_token hands out the current one without minting). */
	tokensIssued: { token: number; stableToken: number };
	/** stable_token calls with valid credentials and `force_refresh: true` (including ones ignored by the 30 s rule). */
	stableForceRefreshes: number;
	/** Answers carrying 40001, 40014 or 42001. */
	rejectedTokens: number;
	/** Subscription messages accepted (recorded). */
	sendsAccepted: number;
	/** Answers per errcode; successes count under "0". */
	errcodes: Record<string, number>;
	/** WeChat API requests per path (control requests are not counted). */
	requests: Record<string, number>;
	/** Faults that hit a call, per mode. */
	faultsApplied: Record<FaultMode, number>;
	/** Pushes performed through the control API. */
	pushes: number;
}

export function emptyCounters(): SandboxCounters {
	return {
		tokenCalls: { token: 0, stableToken: 0 },
		tokensIssued: { token: 0, stableToken: 0 },
		stableForceRefreshes: 0,
		rejectedTokens: 0,
		sendsAccepted: 0,
		errcodes: {},
		requests: {},
		faultsApplied: { errcode: 0, http500: 0, hang: 0, reset: 0 },
		pushes: 0,
	};
}

export function countErrcode(counters: SandboxCounters, errcode: number): void {
	const key = String(errcode);
	counters.errcodes[key] = (counters.errcodes[key] ?? 0) + 1;
	if (errcode === 40001 || errcode === 40014 || errcode === 42001) counters.rejectedTokens += 1;
}

/** A deep copy, so callers can keep a snapshot while the sandbox goes on counting. */
export function snapshotCounters(counters: SandboxCounters): SandboxCounters {
	return {
		tokenCalls: { ...counters.tokenCalls },
		tokensIssued: { ...counters.tokensIssued },
		stableForceRefreshes: counters.stableForceRefreshes,
		rejectedTokens: counters.rejectedTokens,
		sendsAccepted: counters.sendsAccepted,
		errcodes: { ...counters.errcodes },
		requests: { ...counters.requests },
		faultsApplied: { ...counters.faultsApplied },
		pushes: counters.pushes,
	};
}
