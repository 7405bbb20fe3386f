/**
 * Links that open the mini program: URL Link (`https://wxaurl.cn/…`, for a browser, an SMS or an e-mail),
 * URL Scheme (`weixin://dl/business/?t=…`, for a native app) and Short Link (`#小程序://…`, pasted inside
 * WeChat only). Facts and errcodes: docs/wechat-protocol.md §14.
 *
 * Retry policy 'idempotent': generating a link changes nothing a user sees, and a retry after a lost
 * answer costs at most one more link from the daily quota (500,000 URL Links and Schemes together; 10,000,000
 * Short Links), or, for a permanent Short Link, one of its 100,000 for ever: cheaper than failing the item.
 */
import type { WeChatClient } from './client';
import { checkEnvVersion, type EnvVersion } from './envVersion';
import { InvalidInputError, WeChatApiError, type ErrcodeTable } from './errors';

/** query: at most 1024 characters (URL Link and URL Scheme pages). */
export const LINK_QUERY_MAX_CHARACTERS = 1024;
/** The characters WeChat allows in a link's query: digits, letters and !#$&'()*+,/:;=?@-._~% (so UTF-8 text must be %-encoded). */
const LINK_QUERY_CHARACTERS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~%]*$/;
/** expire_time must be more than 1 minute away (85401 otherwise). */
export const LINK_MIN_EXPIRY_SECONDS = 60;
/** At most 30 days: since 2022-04-11 every URL Link and URL Scheme expires, within 30 days. */
export const LINK_MAX_EXPIRY_DAYS = 30;
const DAY_SECONDS = 86_400;
/** page_url of a Short Link: at most 1024 characters. */
export const SHORT_LINK_PAGE_URL_MAX_CHARACTERS = 1024;
/** WeChat shows at most 20 characters of a Short Link's title and cuts longer ones with "…" (not an error). */
export const SHORT_LINK_TITLE_SHOWN_CHARACTERS = 20;

/** When a URL Link or URL Scheme stops working. */
export type LinkExpiry =
	/** At this unix time in seconds: more than 1 minute and at most 30 days ahead (expire_type 0). */
	| { expireType: 'time'; expireTime: number }
	/** This many days after generation, 1 to 30 (expire_type 1). */
	| { expireType: 'interval'; expireIntervalDays: number };

/** The default expiry: the longest WeChat allows. WeChat documents no default for a link sent without one. */
export const DEFAULT_LINK_EXPIRY: LinkExpiry = { expireType: 'interval', expireIntervalDays: LINK_MAX_EXPIRY_DAYS };

/** A URL Link or URL Scheme: which page it opens, with what query, until when. */
export interface MiniProgramLinkInput {
	/** A page of the released version, e.g. pages/index/index (a leading / is accepted, as in WeChat's example); empty: the home page. No query here. */
	path?: string;
	/** e.g. id=1&from=sms; at most 1024 characters of the allowed set. */
	query?: string;
	/** Which version opens when the link is opened outside WeChat; default release. */
	envVersion?: string;
	/** Default DEFAULT_LINK_EXPIRY (30 days). */
	expiry?: LinkExpiry;
}

export interface ShortLinkInput {
	/** A page of the released version, with an optional query, e.g. pages/order/detail?id=1. */
	pageUrl: string;
	/** Shown with the link; WeChat cuts it after 20 characters. */
	pageTitle?: string;
	/** false (default): valid 30 days. true: never expires, at most 100,000 per mini program for ever. */
	permanent?: boolean;
}

type ExpiryFields = { expire_type: 0; expire_time: number } | { expire_type: 1; expire_interval: number };

/** The JSON body of /wxa/generate_urllink. */
export type UrlLinkBody = { path?: string; query?: string; env_version?: EnvVersion; is_expire: true } & ExpiryFields;

/** The JSON body of /wxa/generatescheme. */
export type UrlSchemeBody = {
	jump_wxa: { path?: string; query?: string; env_version?: EnvVersion };
	is_expire: true;
} & ExpiryFields;

/** The JSON body of /wxa/genwxashortlink. */
export interface ShortLinkBody {
	page_url: string;
	page_title?: string;
	is_permanent: boolean;
}

/** Errcodes that mean something else for the link APIs than elsewhere (the rest are in errors.ts). */
export const LINK_ERRCODES: ErrcodeTable = {
	40002: {
		meaning: 'no permission to generate links (a personal mini program, or the ability is not granted)',
		fix: 'Use a mini program of an organisation (not a personal one) that has the link abilities.',
		handling: 'final',
	},
	40013: {
		meaning: 'link generation is banned for this mini program',
		fix: 'Check the console notifications.',
		handling: 'final',
	},
	43104: {
		meaning: 'this App ID has no permission to generate Short Links',
		fix: 'Short Links are open to non-personal mini programs; check the account type.',
		handling: 'final',
	},
	// WeChat refused before generating anything, so waiting and retrying is safe.
	44990: {
		meaning: 'too many calls per second (over 100 a second)',
		fix: 'Lower Concurrency; the node already retried with back-off.',
		handling: 'transient-refused',
	},
	45009: {
		meaning: 'daily limit of generated links reached (Short Link: 10,000,000 a day)',
		fix: 'Wait until tomorrow.',
		handling: 'final',
	},
};

const FIX = 'Correct the field in the node (or the input item) and run again; nothing was sent to WeChat for this item.';

function nowSeconds(): number {
	return Math.floor(Date.now() / 1000);
}

/** A page path without query: undefined for the home page. */
function checkPath(value: string | undefined, problems: string[]): string | undefined {
	const path = (value ?? '').trim();
	if (path === '') return undefined;
	if (path.includes('?')) {
		problems.push(`Path "${path}" has a query: WeChat wants the page only (e.g. pages/index/index); put the parameters in Query.`);
	} else if (/\s/.test(path)) {
		problems.push(`Path "${path}" contains spaces: give a page path like pages/index/index.`);
	}
	return path;
}

function checkQuery(value: string | undefined, problems: string[]): string | undefined {
	const query = value ?? '';
	if (query === '') return undefined;
	const characters = [...query].length;
	if (characters > LINK_QUERY_MAX_CHARACTERS) {
		problems.push(`Query has ${characters} characters; WeChat allows at most ${LINK_QUERY_MAX_CHARACTERS}.`);
	}
	if (!LINK_QUERY_CHARACTERS.test(query)) {
		const bad = [...new Set([...query].filter((c) => !LINK_QUERY_CHARACTERS.test(c)))].slice(0, 5).map((c) => JSON.stringify(c)).join(', ');
		problems.push(
			`Query contains characters WeChat refuses (${bad}): only digits, letters and !#$&'()*+,/:;=?@-._~% are allowed; %-encode other text (encodeURIComponent).`,
		);
	}
	return query;
}

/** WeChat's expire fields, checked against the 1-minute-to-30-days window (85401 otherwise). */
function expiryFields(expiry: LinkExpiry, now: number, problems: string[]): ExpiryFields {
	if (expiry.expireType === 'interval') {
		const days = expiry.expireIntervalDays;
		if (!Number.isInteger(days) || days < 1 || days > LINK_MAX_EXPIRY_DAYS) {
			problems.push(`Expire Interval (days) is ${String(days)}; WeChat allows a whole number of days from 1 to ${LINK_MAX_EXPIRY_DAYS}.`);
		}
		return { expire_type: 1, expire_interval: days };
	}
	if (expiry.expireType !== 'time') {
		problems.push(`Expire Type "${String((expiry as { expireType?: unknown }).expireType)}" is not time or interval.`);
		return { expire_type: 1, expire_interval: LINK_MAX_EXPIRY_DAYS };
	}
	const time = expiry.expireTime;
	if (!Number.isInteger(time)) {
		problems.push(`Expire Time is ${String(time)}; give a unix time in whole seconds.`);
	} else if (time > 1e11) {
		problems.push(`Expire Time ${time} looks like milliseconds; WeChat wants unix seconds (e.g. Math.floor(Date.now() / 1000) + 86400).`);
	} else if (time <= now + LINK_MIN_EXPIRY_SECONDS || time > now + LINK_MAX_EXPIRY_DAYS * DAY_SECONDS) {
		problems.push(
			`Expire Time ${time} is ${describeDelta(time - now)} from now; WeChat allows more than 1 minute and at most ${LINK_MAX_EXPIRY_DAYS} days ahead (errcode 85401 otherwise).`,
		);
	}
	return { expire_type: 0, expire_time: time };
}

function describeDelta(seconds: number): string {
	if (Math.abs(seconds) < 3600) return `${seconds} seconds`;
	return `${(seconds / DAY_SECONDS).toFixed(2)} days`;
}

function throwIfProblems(problems: string[]): void {
	if (problems.length > 0) throw new InvalidInputError(problems[0], FIX, problems);
}

/** The checked parts a URL Link and a URL Scheme share; throws InvalidInputError listing every problem. */
function checkedLinkParts(input: MiniProgramLinkInput, now: number): { target: Partial<{ path: string; query: string; env_version: EnvVersion }>; expiry: ExpiryFields } {
	const problems: string[] = [];
	const path = checkPath(input.path, problems);
	const query = checkQuery(input.query, problems);
	const envVersion = checkEnvVersion(input.envVersion, 'Env Version', problems);
	const expiry = expiryFields(input.expiry ?? DEFAULT_LINK_EXPIRY, now, problems);
	throwIfProblems(problems);
	return { target: optional({ path, query, env_version: envVersion }), expiry };
}

/** Checks a URL Link and builds its body; throws InvalidInputError listing every problem. `now` is unix seconds. */
export function prepareUrlLink(input: MiniProgramLinkInput, now: number = nowSeconds()): UrlLinkBody {
	const { target, expiry } = checkedLinkParts(input, now);
	// is_expire is fixed to true by WeChat (every link expires); sent for the older API versions that still read it.
	return { ...target, is_expire: true, ...expiry };
}

/** Checks a URL Scheme and builds its body; throws InvalidInputError listing every problem. `now` is unix seconds. */
export function prepareUrlScheme(input: MiniProgramLinkInput, now: number = nowSeconds()): UrlSchemeBody {
	const { target, expiry } = checkedLinkParts(input, now);
	return { jump_wxa: target, is_expire: true, ...expiry };
}

/** Checks a Short Link and builds its body; throws InvalidInputError listing every problem. */
export function prepareShortLink(input: ShortLinkInput): ShortLinkBody {
	const problems: string[] = [];
	const pageUrl = (input.pageUrl ?? '').trim();
	if (pageUrl === '') problems.push('Page URL is empty: give a page of the released version, e.g. pages/index/index?id=1.');
	else if ([...pageUrl].length > SHORT_LINK_PAGE_URL_MAX_CHARACTERS) {
		problems.push(`Page URL has ${[...pageUrl].length} characters; WeChat allows at most ${SHORT_LINK_PAGE_URL_MAX_CHARACTERS}.`);
	} else if (/\s/.test(pageUrl)) problems.push(`Page URL "${pageUrl}" contains spaces: give a page path like pages/index/index?id=1.`);
	throwIfProblems(problems);
	const title = input.pageTitle?.trim();
	// A title over 20 characters is not refused: WeChat shows its first 20 and "…".
	return { page_url: pageUrl, ...(title ? { page_title: title } : {}), is_permanent: input.permanent === true };
}

/** The fields that have a value (WeChat's defaults apply to the others). */
function optional<T extends Record<string, unknown>>(fields: T): Partial<T> {
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Calls one of the three link APIs; the link is the answer's `field`, a non-empty string, or the answer is bad. */
async function generateLink(client: Pick<WeChatClient, 'call'>, path: string, body: object, operation: string, field: string): Promise<string> {
	const answer = await client.call<Record<string, unknown>>({ method: 'POST', path, json: body, retry: 'idempotent', operation, errcodes: LINK_ERRCODES });
	const value = answer[field];
	if (typeof value !== 'string' || value === '') throw new WeChatApiError({ operation, kind: 'bad-response' });
	return value;
}

/** Generates a URL Link (https://wxaurl.cn/…). */
export async function generateUrlLink(client: Pick<WeChatClient, 'call'>, body: UrlLinkBody): Promise<{ urlLink: string }> {
	return { urlLink: await generateLink(client, '/wxa/generate_urllink', body, 'Generate URL Link', 'url_link') };
}

/** Generates a URL Scheme (weixin://dl/business/?t=…). */
export async function generateUrlScheme(client: Pick<WeChatClient, 'call'>, body: UrlSchemeBody): Promise<{ openlink: string }> {
	return { openlink: await generateLink(client, '/wxa/generatescheme', body, 'Generate URL Scheme', 'openlink') };
}

/** Generates a Short Link (#小程序://…), usable inside WeChat only. */
export async function generateShortLink(client: Pick<WeChatClient, 'call'>, body: ShortLinkBody): Promise<{ link: string }> {
	return { link: await generateLink(client, '/wxa/genwxashortlink', body, 'Generate Short Link', 'link') };
}
