/**
 * The sandbox's API call counts: every call that passes the token check counts against its path's daily
 * quota (WeChat counts calls, not successes), per app and per day of Beijing time, when WeChat's quotas
 * reset. Apart from the quota/get route (quota.ts) so that the state can hold it without importing routes.
 */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Calls per (app, path, Beijing day). */
export class QuotaCounter {
	private counts = new Map<string, number>();

	private key(appId: string, path: string, now: number): string {
		return `${appId}\u0000${path}\u0000${Math.floor((now + BEIJING_OFFSET_MS) / DAY_MS)}`;
	}

	count(appId: string, path: string, now: number): void {
		const key = this.key(appId, path, now);
		this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
	}

	used(appId: string, path: string, now: number): number {
		return this.counts.get(this.key(appId, path, now)) ?? 0;
	}

	clear(): void {
		this.counts = new Map();
	}
}
