import { randomBytes } from 'node:crypto';

import type { SandboxClock } from './clock';

export const TOKEN_LIFETIME_MS = 7_200_000;
/** How long a replaced token keeps working, and when WeChat starts rotating a stable token. */
export const TOKEN_GRACE_MS = 300_000;
/** force_refresh within this long of the previous one is ignored (answers the current token). */
export const FORCE_REFRESH_COOLDOWN_MS = 30_000;

interface TokenRecord {
	token: string;
	appId: string;
	expiresAt: number;
	/** When it stopped being accepted before its natural expiry (replaced, force-refreshed, invalidated). */
	diesAt: number;
}

export interface IssuedToken {
	accessToken: string;
	expiresIn: number;
	/** False when the stable endpoint handed out the token it already had. */
	minted: boolean;
}

/** A token the sandbox handed out, for audits that search logs and outputs for it. */
export interface IssuedTokenRecord {
	accessToken: string;
	appId: string;
	endpoint: 'token' | 'stable_token';
	/** Sandbox clock, unix ms. */
	issuedAt: number;
}

/** Issued tokens remembered for audits (far more than any test mints). */
export const ISSUED_HISTORY_LIMIT = 100_000;

export type TokenCheck = { ok: true; appId: string } | { ok: false; errcode: 40001 | 40014 | 41001 | 42001 };

/** Past this many records, long-dead ones are forgotten (then answer 40014 like any unknown token). */
const PRUNE_THRESHOLD = 50_000;

/**
 * Both token endpoints of docs/wechat-protocol.md §1, kept apart as WeChat keeps them: `/cgi-bin/token`
 * retires the previous token 5 minutes after minting a new one; `stable_token` shares one token per app
 * and rotates it itself.
 */
export class TokenStore {
	private readonly records = new Map<string, TokenRecord>();
	private readonly latestPlain = new Map<string, TokenRecord>();
	private readonly currentStable = new Map<string, TokenRecord>();
	private readonly lastForceRefreshAt = new Map<string, number>();
	private pruneAt = PRUNE_THRESHOLD;
	/** Every token minted since the store was made; clear() keeps it, since tokens out in the world outlive a reset. */
	private readonly issuedHistory: IssuedTokenRecord[] = [];

	constructor(private readonly clock: SandboxClock) {}

	issuePlain(appId: string): IssuedToken {
		const now = this.clock.now();
		const previous = this.latestPlain.get(appId);
		if (previous) previous.diesAt = Math.min(previous.diesAt, now + TOKEN_GRACE_MS);
		const record = this.mint(appId, now, 'token');
		this.latestPlain.set(appId, record);
		return { accessToken: record.token, expiresIn: TOKEN_LIFETIME_MS / 1000, minted: true };
	}

	issueStable(appId: string, forceRefresh: boolean): IssuedToken {
		const now = this.clock.now();
		let current = this.currentStable.get(appId);
		let minted = false;
		const usable = current !== undefined && current.diesAt > now && current.expiresAt > now;
		if (forceRefresh && !this.inForceCooldown(appId, now)) {
			this.lastForceRefreshAt.set(appId, now);
			if (current) current.diesAt = now;
			current = undefined;
		} else if (usable && current && current.expiresAt - now < TOKEN_GRACE_MS) {
			// WeChat rotates in the last 5 minutes; the old token lives on until its own expiry.
			current = undefined;
		} else if (!usable) {
			current = undefined;
		}
		if (!current) {
			current = this.mint(appId, now, 'stable_token');
			this.currentStable.set(appId, current);
			minted = true;
		}
		return { accessToken: current.token, expiresIn: Math.floor((current.expiresAt - now) / 1000), minted };
	}

	check(token: string | null): TokenCheck {
		if (!token) return { ok: false, errcode: 41001 };
		const record = this.records.get(token);
		if (!record) return { ok: false, errcode: 40014 };
		const now = this.clock.now();
		if (record.diesAt <= now) return { ok: false, errcode: 40001 };
		if (record.expiresAt <= now) return { ok: false, errcode: 42001 };
		return { ok: true, appId: record.appId };
	}

	/** Every token issued so far stops working now. */
	invalidateAll(): void {
		const now = this.clock.now();
		for (const record of this.records.values()) record.diesAt = Math.min(record.diesAt, now);
	}

	clear(): void {
		this.records.clear();
		this.latestPlain.clear();
		this.currentStable.clear();
		this.lastForceRefreshAt.clear();
		this.pruneAt = PRUNE_THRESHOLD;
	}

	private inForceCooldown(appId: string, now: number): boolean {
		const last = this.lastForceRefreshAt.get(appId);
		return last !== undefined && now - last < FORCE_REFRESH_COOLDOWN_MS;
	}

	/** Every token minted so far, oldest first (reset does not forget them). */
	issued(): IssuedTokenRecord[] {
		return this.issuedHistory.map((t) => ({ ...t }));
	}

	private mint(appId: string, now: number, endpoint: IssuedTokenRecord['endpoint']): TokenRecord {
		if (this.records.size >= this.pruneAt) {
			this.prune(now);
			this.pruneAt = this.records.size + PRUNE_THRESHOLD;
		}
		// WeChat tokens are ~136 characters of [A-Za-z0-9_-]; 102 random bytes give exactly that.
		const record: TokenRecord = {
			token: randomBytes(102).toString('base64url'),
			appId,
			expiresAt: now + TOKEN_LIFETIME_MS,
			diesAt: Number.POSITIVE_INFINITY,
		};
		this.records.set(record.token, record);
		if (this.issuedHistory.length < ISSUED_HISTORY_LIMIT) this.issuedHistory.push({ accessToken: record.token, appId, endpoint, issuedAt: now });
		return record;
	}

	private prune(now: number): void {
		for (const [token, record] of this.records) {
			if (Math.min(record.diesAt, record.expiresAt) + TOKEN_LIFETIME_MS < now) this.records.delete(token);
		}
	}
}
