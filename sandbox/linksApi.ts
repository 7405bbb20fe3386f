/**
 * /wxa/generate_urllink, /wxa/generatescheme and /wxa/genwxashortlink as WeChat answers them
 * (docs/wechat-protocol.md §14). URL Link and URL Scheme: 40165 a path with a query or not one of
 * SANDBOX_PAGES (a leading / is accepted, as in WeChat's example); 40212 a query over 1024 characters, with
 * a character outside !#$&'()*+,/:;=?@-._~% and alphanumerics, or not k=v pairs; 85402 env_version; 85401
 * expire_time not more than 1 minute and at most 30 days ahead, or expire_interval not 1–30 days; 85088
 * cloud_base (cloud development is not enabled for the sandbox's app); 47001 an unknown expire_type.
 * Short Link: 40066 page_url empty, over 1024 characters or not one of SANDBOX_PAGES (a query is
 * allowed); 40225 a title with a risky word of the content check (contentSecurity.ts); 85400 past 100,000
 * permanent links. Daily quotas are not modelled.
 */
import { authenticate, errorAnswer, isAnswer, okAnswer, type ApiAnswer, type ApiRequest } from './api';
import { textRisk } from './contentSecurity';
import { objectField, readJsonFields, stringField, type JsonFields } from './jsonRequest';
import { linkFor, type LinkKind } from './links';
import { SANDBOX_PAGES } from './seed';
import type { SandboxState } from './state';

const QUERY_MAX = 1024;
const QUERY_CHARACTERS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~%]*$/;
const KEY_VALUE_PAIRS = /^[^=&]+=[^&]*(&[^=&]+=[^&]*)*$/;
const ENV_VERSIONS = new Set(['release', 'trial', 'develop']);
const MIN_EXPIRY_SECONDS = 60;
const MAX_EXPIRY_DAYS = 30;
const DAY_SECONDS = 86_400;
const SHORT_LINK_DAYS = 30;
const PAGE_URL_MAX = 1024;
const TITLE_SHOWN = 20;
const PERMANENT_SHORT_LINKS = 100_000;

interface Target {
	path: string;
	query: string;
	envVersion: string;
}

/** The page, query and version a URL Link or URL Scheme opens, or the errcode refusing them. */
function readTarget(fields: JsonFields): Target | number {
	const path = stringField(fields, 'path');
	if (path !== '' && (path.includes('?') || !SANDBOX_PAGES.includes(path.replace(/^\//, '')))) return 40165;
	const query = stringField(fields, 'query');
	if ([...query].length > QUERY_MAX || !QUERY_CHARACTERS.test(query) || (query !== '' && !KEY_VALUE_PAIRS.test(query))) return 40212;
	const envVersion = fields.env_version === undefined ? 'release' : String(fields.env_version);
	if (!ENV_VERSIONS.has(envVersion)) return 85402;
	return { path, query, envVersion };
}

type Expiry = { ok: true; expiresAt: number; request: string } | { ok: false; errcode: number };

/** When the link expires (unix seconds) and how it was asked for, or the errcode refusing the expiry. */
function readExpiry(fields: JsonFields, nowSeconds: number): Expiry {
	const type = fields.expire_type ?? 0;
	if (type === 0) {
		const time = fields.expire_time;
		if (typeof time !== 'number' || !Number.isInteger(time)) return { ok: false, errcode: 85401 };
		if (time <= nowSeconds + MIN_EXPIRY_SECONDS || time > nowSeconds + MAX_EXPIRY_DAYS * DAY_SECONDS) return { ok: false, errcode: 85401 };
		return { ok: true, expiresAt: time, request: `time:${time}` };
	}
	if (type === 1) {
		const days = fields.expire_interval;
		if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_EXPIRY_DAYS) return { ok: false, errcode: 85401 };
		return { ok: true, expiresAt: nowSeconds + days * DAY_SECONDS, request: `interval:${days}` };
	}
	return { ok: false, errcode: 47001 };
}

function generate(state: SandboxState, request: ApiRequest, kind: LinkKind, targetOf: (body: JsonFields) => JsonFields): ApiAnswer {
	const auth = authenticate(state, request);
	if (isAnswer(auth)) return auth;
	const body = readJsonFields(request);
	if (typeof body === 'number') return errorAnswer(state, body);
	if (body.cloud_base !== undefined) return errorAnswer(state, 85088);
	const target = readTarget(targetOf(body));
	if (typeof target === 'number') return errorAnswer(state, target);
	const now = state.clock.now();
	const expiry = readExpiry(body, Math.floor(now / 1000));
	if (!expiry.ok) return errorAnswer(state, expiry.errcode);
	const link = linkFor(kind, auth.appId, JSON.stringify([target.path, target.query, target.envVersion, expiry.request]));
	state.links.record({ kind, link, appId: auth.appId, ...target, expiresAt: expiry.expiresAt, createdAt: now });
	return okAnswer(kind === 'url_link' ? { url_link: link } : { openlink: link });
}

/** POST /wxa/generate_urllink: `url_link`. */
export function generateUrlLink(state: SandboxState, request: ApiRequest): ApiAnswer {
	return generate(state, request, 'url_link', (body) => body);
}

/** POST /wxa/generatescheme: the target in `jump_wxa`; `openlink`. */
export function generateUrlScheme(state: SandboxState, request: ApiRequest): ApiAnswer {
	return generate(state, request, 'scheme', (body) => objectField(body.jump_wxa) ?? {});
}

/** POST /wxa/genwxashortlink: `link`, valid 30 days or permanent. */
export function generateShortLink(state: SandboxState, request: ApiRequest): ApiAnswer {
	const auth = authenticate(state, request);
	if (isAnswer(auth)) return auth;
	const body = readJsonFields(request);
	if (typeof body === 'number') return errorAnswer(state, body);
	const pageUrl = stringField(body, 'page_url');
	const page = pageUrl.split('?', 1)[0].replace(/^\//, '');
	if (pageUrl === '' || [...pageUrl].length > PAGE_URL_MAX || !SANDBOX_PAGES.includes(page)) return errorAnswer(state, 40066);
	const title = stringField(body, 'page_title');
	if (textRisk(title) !== undefined) return errorAnswer(state, 40225);
	const permanent = body.is_permanent === true;
	if (permanent && state.links.permanentCount(auth.appId) >= PERMANENT_SHORT_LINKS) return errorAnswer(state, 85400);
	const now = state.clock.now();
	const link = linkFor('short_link', auth.appId, JSON.stringify([pageUrl, title, permanent]));
	const query = pageUrl.includes('?') ? pageUrl.slice(pageUrl.indexOf('?') + 1) : '';
	const shown = [...title].length > TITLE_SHOWN ? `${[...title].slice(0, TITLE_SHOWN).join('')}...` : title;
	state.links.record({
		kind: 'short_link',
		link,
		appId: auth.appId,
		path: page,
		query,
		envVersion: 'release',
		expiresAt: permanent ? null : Math.floor(now / 1000) + SHORT_LINK_DAYS * DAY_SECONDS,
		title: shown,
		permanent,
		createdAt: now,
	});
	return okAnswer({ link });
}
