/**
 * Per-process cache of stable access tokens (POST /cgi-bin/stable_token, normal mode).
 * One entry per (base URL, App ID, secret hash); a token is re-fetched REFRESH_MARGIN_MS before it
 * expires; concurrent callers share one fetch in flight; a rejected token is dropped only if it is
 * still the cached one (compare-and-invalidate), so one rejection storm causes one refresh.
 * Losing this cache is harmless (stable tokens are shared by every caller), which keeps it safe
 * across n8n queue-mode workers with no shared store.
 */
import { createHash } from 'node:crypto';

export interface FetchedToken {
	accessToken: string;
	/** Seconds of life left, as WeChat reports it. */
	expiresIn: number;
}

export type TokenFetcher = () => Promise<FetchedToken>;

interface CacheEntry {
	token: string;
	/** Epoch ms after which the next caller fetches again. */
	staleAt: number;
}

/** WeChat rotates a stable token in its last 5 minutes; we move on before that window. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export class StableTokenCache {
	private readonly entries = new Map<string, CacheEntry>();

	private readonly inFlight = new Map<string, Promise<string>>();

	private fetchCount = 0;

	constructor(private readonly now: () => number = Date.now) {}

	/** The number of token fetches this cache started (for tests and benchmarks). */
	get fetches(): number {
		return this.fetchCount;
	}

	async get(key: string, fetchToken: TokenFetcher): Promise<string> {
		const entry = this.entries.get(key);
		if (entry && this.now() < entry.staleAt) return entry.token;
		const pending = this.inFlight.get(key);
		if (pending) return await pending;
		const started = this.refresh(key, fetchToken);
		this.inFlight.set(key, started);
		try {
			return await started;
		} finally {
			this.inFlight.delete(key);
		}
	}

	/** Drops the cached token only if it is still `failedToken`; returns whether it did. */
	invalidate(key: string, failedToken: string): boolean {
		const entry = this.entries.get(key);
		if (!entry || entry.token !== failedToken) return false;
		this.entries.delete(key);
		return true;
	}

	clear(): void {
		this.entries.clear();
	}

	private async refresh(key: string, fetchToken: TokenFetcher): Promise<string> {
		this.fetchCount++;
		const fetchedAt = this.now();
		const { accessToken, expiresIn } = await fetchToken();
		// A token with 5 minutes or less to live is used now and replaced on the next call.
		const staleAt = fetchedAt + Math.max(0, expiresIn * 1000 - REFRESH_MARGIN_MS);
		this.entries.set(key, { token: accessToken, staleAt });
		return accessToken;
	}
}

export function tokenCacheKey(baseUrl: string, appId: string, appSecret: string): string {
	const secretHash = createHash('sha256').update(appSecret).digest('hex').slice(0, 16);
	return `${baseUrl}|${appId}|${secretHash}`;
}

/** The cache every node of this process shares. */
export const sharedTokenCache = new StableTokenCache();
