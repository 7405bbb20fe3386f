/**
 * The account's templates as one batch of a node sees them: from the per-process cache (templateCache.ts) or
 * read fresh, and refreshed at most once per template per batch when the list may be wrong (the check
 * refused an item, or WeChat refused a send as a template or data mismatch).
 */
import type { WeChatClient } from './client';
import { templateNotFoundError } from './errors';
import { sharedTemplateCache, type TemplateList, type TemplateListCache } from './templateCache';
import { type AccountTemplate } from './templateParsing';
import { listAccountTemplates } from './templateApi';

export interface FoundTemplate {
	template: AccountTemplate;
	/** The list it came from: what a refresh must be newer than. */
	list: TemplateList;
}

export interface AccountTemplateOptions {
	/** The per-process cache to use; null reads the list once per batch (the behaviour before the cache). */
	cache?: TemplateListCache | null;
}

export class AccountTemplates {
	private readonly fetch: () => Promise<AccountTemplate[]>;

	private readonly cache: TemplateListCache | null;

	/** This batch's list, asked for once (a failure too: every item of the batch gets the same answer). */
	private listed: Promise<TemplateList> | undefined;

	private readonly refreshes = new Map<string, Promise<TemplateList>>();

	constructor(
		private readonly client: WeChatClient,
		operation: string,
		options: AccountTemplateOptions = {},
	) {
		this.fetch = () => listAccountTemplates(client, operation);
		this.cache = options.cache === undefined ? sharedTemplateCache : options.cache;
	}

	/** Every template of the account. */
	async list(): Promise<TemplateList> {
		this.listed ??= this.cache !== null ? this.cache.get(this.client.cacheKey, this.fetch) : this.fetch();
		return await this.listed;
	}

	/** One template; a template the list does not know is looked for once more in a fresh list. */
	async find(templateId: string): Promise<FoundTemplate> {
		const list = await this.list();
		const template = list.find((t) => t.templateId === templateId);
		if (template) return { template, list };
		const fresh = await this.refreshedList(templateId, list);
		const found = fresh.find((t) => t.templateId === templateId);
		if (!found) throw templateNotFoundError(templateId);
		return { template: found, list: fresh };
	}

	/**
	 * The template in a list newer than `seen` (once per template per batch; later callers get that same
	 * list), or undefined when the account no longer has it.
	 */
	async refreshed(templateId: string, seen: TemplateList): Promise<FoundTemplate | undefined> {
		const list = await this.refreshedList(templateId, seen);
		const template = list.find((t) => t.templateId === templateId);
		return template ? { template, list } : undefined;
	}

	/** The list, refreshed once when it lacks one of `templateIds` (a template added since it was read). */
	async listCovering(templateIds: readonly string[]): Promise<TemplateList> {
		const list = await this.list();
		const known = new Set(list.map((t) => t.templateId));
		const missing = templateIds.find((id) => !known.has(id));
		return missing === undefined ? list : await this.refreshedList(missing, list);
	}

	private refreshedList(templateId: string, seen: TemplateList): Promise<TemplateList> {
		let pending = this.refreshes.get(templateId);
		if (!pending) {
			pending = this.cache !== null ? this.cache.refresh(this.client.cacheKey, this.fetch, seen) : this.fetch();
			this.refreshes.set(templateId, pending);
		}
		return pending;
	}
}

/** Whether two versions of a template check items the same way (same type, content and enum values). */
export function sameTemplate(a: AccountTemplate, b: AccountTemplate): boolean {
	return a.typeCode === b.typeCode && a.content === b.content && JSON.stringify(a.keywordEnumValues ?? {}) === JSON.stringify(b.keywordEnumValues ?? {});
}
