/**
 * Per-process cache of the account's template list (GET /wxaapi/newtmpl/gettemplate), keyed like the token
 * cache (base URL, App ID, secret hash). Without it, every execution of a Send node read the whole list to
 * check its keywords: with one message per execution, two WeChat calls per message, and the list API has a
 * quota of its own (docs/wechat-protocol.md §7).
 *
 * Why a stale list is safe: the list is only used to check an item before WeChat sees it, and to know which
 * templates are long-term. Whenever it could be wrong the caller refreshes it once and checks again: when the
 * check refuses an item (a template or keyword the list does not know), and when WeChat refuses a send as a
 * template or data mismatch (40037, 47003), which means nothing was sent, so a send after the refresh is the
 * only one. Concurrent callers share one fetch in flight; a refresh asked for right after a fetch reuses it,
 * so a stream of bad items cannot become a stream of list calls. Losing the cache costs one list call, which
 * keeps it safe across n8n queue-mode workers with no shared store.
 */
import type { AccountTemplate } from './templateParsing';

export type TemplateList = readonly AccountTemplate[];
export type TemplateListFetcher = () => Promise<AccountTemplate[]>;

/** How long a list is used without asking WeChat again (a change is seen sooner: see the header). */
export const TEMPLATE_LIST_TTL_MS = 10 * 60 * 1000;
/** A refresh asked for within this long of the last fetch reuses that fetch. */
export const MIN_REFRESH_INTERVAL_MS = 5_000;

interface Entry {
	list: TemplateList;
	fetchedAt: number;
}

export class TemplateListCache {
	private readonly entries = new Map<string, Entry>();

	private readonly inFlight = new Map<string, Promise<Entry>>();

	private fetchCount = 0;

	constructor(private readonly now: () => number = () => Date.now()) {}

	/** The number of list fetches this cache started (for tests and benchmarks). */
	get fetches(): number {
		return this.fetchCount;
	}

	/**
	 * The list, from the cache when it is younger than the TTL. An older list is fetched again; if that fetch
	 * fails and an older list exists, the older list is used (a quota error on the list must not stop sends
	 * that WeChat itself would check).
	 */
	async get(key: string, fetch: TemplateListFetcher): Promise<TemplateList> {
		const entry = this.entries.get(key);
		if (entry && this.now() - entry.fetchedAt < TEMPLATE_LIST_TTL_MS) return entry.list;
		if (!entry) return (await this.fetchOnce(key, fetch)).list;
		return await this.fetchOnce(key, fetch).then(
			(fresh) => fresh.list,
			() => entry.list,
		);
	}

	/**
	 * A list newer than `seen`: the cached one if someone replaced it already or fetched it moments ago,
	 * else a fresh fetch (one in flight for every caller). A failed fetch throws: the caller asked because
	 * its list may be wrong.
	 */
	async refresh(key: string, fetch: TemplateListFetcher, seen: TemplateList): Promise<TemplateList> {
		const entry = this.entries.get(key);
		if (entry && (entry.list !== seen || this.now() - entry.fetchedAt < MIN_REFRESH_INTERVAL_MS)) return entry.list;
		return (await this.fetchOnce(key, fetch)).list;
	}

	clear(): void {
		this.entries.clear();
	}

	private async fetchOnce(key: string, fetch: TemplateListFetcher): Promise<Entry> {
		const pending = this.inFlight.get(key);
		if (pending) return await pending;
		const started = (async () => {
			this.fetchCount++;
			const fetchedAt = this.now();
			const entry: Entry = { list: await fetch(), fetchedAt };
			this.entries.set(key, entry);
			return entry;
		})();
		this.inFlight.set(key, started);
		try {
			return await started;
		} finally {
			this.inFlight.delete(key);
		}
	}
}

/** The cache every node of this process shares. */
export const sharedTemplateCache = new TemplateListCache();
