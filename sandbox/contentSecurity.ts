/**
 * The sandbox's text check rules (msg_sec_check, docs/wechat-protocol.md §17), fixed so tests know the
 * answer: a text containing a marker word gets that word's suggest and label, the first marker found
 * deciding; any other text passes with label 100. A user whose OpenID contains INACTIVE has not used
 * the mini program in the last 2 hours (61010); every other valid OpenID has.
 */
import { createHash } from 'node:crypto';

export type Suggest = 'pass' | 'review' | 'risky';

export interface ContentMarker {
	word: string;
	suggest: Exclude<Suggest, 'pass'>;
	label: number;
}

/** Marker words, risky ones first. Labels from WeChat's table: 10001 ads, 20008 fraud, 21000 other, 20012 vulgar. */
export const CONTENT_MARKERS: readonly ContentMarker[] = [
	{ word: '加微信领红包', suggest: 'risky', label: 10001 },
	{ word: '刷单返利', suggest: 'risky', label: 20008 },
	{ word: 'SANDBOX_RISKY', suggest: 'risky', label: 21000 },
	{ word: 'SANDBOX_REVIEW', suggest: 'review', label: 20012 },
];

/** The marker of WeChat's "normal" label. */
export const NORMAL_LABEL = 100;

/** OpenIDs containing this have not used the mini program within 2 hours: 61010. */
export const INACTIVE_MARK = 'INACTIVE';
/** A ready-made such user. */
export const SANDBOX_INACTIVE_OPENID = 'oINACTIVEsandboxUser00000000';

/** The first marker word in `text`, or undefined when it passes. */
export function textRisk(text: string): ContentMarker | undefined {
	return CONTENT_MARKERS.find((marker) => text.includes(marker.word));
}

export function isActiveUser(openid: string): boolean {
	return !openid.includes(INACTIVE_MARK);
}

/** A trace id in WeChat's shape (8hex-8hex-8hex), the same for the same check. */
export function traceIdFor(openid: string, content: string): string {
	const hex = createHash('sha256').update(`${openid}\u0000${content}`).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 16)}-${hex.slice(16, 24)}`;
}
