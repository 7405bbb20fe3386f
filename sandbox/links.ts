/**
 * The links the sandbox has generated (URL Link, URL Scheme, Short Link; docs/wechat-protocol.md §14),
 * so a test can look a link up and see what it opens and until when. A link is the same for the same
 * app and request (a hash of both), so tests can predict it; generating it again counts, it is not a
 * second link.
 */
import { createHash } from 'node:crypto';

export type LinkKind = 'url_link' | 'scheme' | 'short_link';

/** The name the sandbox's Short Links show (WeChat puts the mini program's name there). */
export const SANDBOX_APP_NAME = '沙盒商城';

export interface GeneratedLink {
	kind: LinkKind;
	link: string;
	appId: string;
	/** The page it opens ('' for the home page); for a Short Link, page_url with its query. */
	path: string;
	query: string;
	envVersion: string;
	/** Unix seconds; null for a permanent Short Link. */
	expiresAt: number | null;
	/** Short Link: the title as WeChat shows it (over 20 characters cut, with "..."). */
	title?: string;
	permanent?: boolean;
	/** Sandbox clock of the first generation, unix ms. */
	createdAt: number;
	/** How many times it was generated. */
	generated: number;
}

export interface LinkFilter {
	kind?: string;
	link?: string;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function code(seed: string, length: number): string {
	const digest = createHash('sha256').update(seed).digest();
	return Array.from(digest.subarray(0, length), (byte) => BASE62[byte % BASE62.length]).join('');
}

/** The link text WeChat would give, the same for the same app, kind and request. */
export function linkFor(kind: LinkKind, appId: string, request: string): string {
	const seed = `${kind}\u0000${appId}\u0000${request}`;
	switch (kind) {
		case 'url_link':
			return `https://wxaurl.cn/${code(seed, 11)}`;
		case 'scheme':
			return `weixin://dl/business/?t=${code(seed, 12)}`;
		case 'short_link':
			return `#小程序://${SANDBOX_APP_NAME}/${code(seed, 7)}`;
	}
}

export class LinkStore {
	private links = new Map<string, GeneratedLink>();

	clear(): void {
		this.links = new Map();
	}

	/** Records a generation; the first one of a link keeps its details, later ones are counted. */
	record(link: Omit<GeneratedLink, 'generated'>): GeneratedLink {
		const known = this.links.get(link.link);
		if (known) {
			known.generated += 1;
			return { ...known };
		}
		const stored = { ...link, generated: 1 };
		this.links.set(link.link, stored);
		return { ...stored };
	}

	/** Permanent Short Links of an app (WeChat allows 100,000 for ever). */
	permanentCount(appId: string): number {
		return [...this.links.values()].filter((l) => l.appId === appId && l.permanent === true).length;
	}

	list(filter: LinkFilter = {}): GeneratedLink[] {
		return [...this.links.values()]
			.filter((l) => (filter.kind === undefined || l.kind === filter.kind) && (filter.link === undefined || l.link === filter.link))
			.map((l) => ({ ...l }));
	}
}
