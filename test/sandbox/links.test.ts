/**
 * The sandbox's URL Link, URL Scheme and Short Link (docs/wechat-protocol.md §14) over real HTTP: the
 * success shapes, the same link for the same request, the links recorded for lookup, and the errcodes of
 * the limits: 40165 path, 40212 query, 85402 env_version, 85401 expiry, 85088 cloud_base, 40066 page_url,
 * 40225 title; plus the token check every business API has.
 */
import { WeChatClient } from '../../nodes/protocol/client';
import { generateShortLink, generateUrlLink, generateUrlScheme, prepareShortLink, prepareUrlLink, prepareUrlScheme } from '../../nodes/protocol/links';
import { fetchSend, useSandbox } from '../helpers/sandbox';
import { call, postJson, stableToken } from './helpers';

const START = Date.UTC(2024, 4, 1, 2, 0, 0);
const NOW_S = START / 1000;
const DAY = 86_400;
const sandbox = useSandbox({ now: () => START });

async function generate(path: string, body: unknown): Promise<Record<string, unknown>> {
	return postJson(sandbox.url, `${path}?access_token=${await stableToken(sandbox)}`, body);
}
/** Every request below that is not about the expiry gives one: the sandbox answers 85401 without. */
const IN_A_DAY = { expire_type: 1, expire_interval: 1 };
const urlLink = (body: Record<string, unknown>) => generate('/wxa/generate_urllink', 'expire_type' in body ? body : { ...IN_A_DAY, ...body });
const scheme = (body: unknown) => generate('/wxa/generatescheme', body);
const shortLink = (body: unknown) => generate('/wxa/genwxashortlink', body);

describe('URL Link', () => {
	it('answers errcode 0 and a https://wxaurl.cn/ link, the same for the same request, and records it', async () => {
		const body = { path: 'pages/order/detail', query: 'id=1001', expire_type: 1, expire_interval: 7 };
		const first = await urlLink(body);
		expect(first).toEqual({ errcode: 0, errmsg: 'ok', url_link: expect.stringMatching(/^https:\/\/wxaurl\.cn\/[0-9A-Za-z]{11}$/) });
		expect((await urlLink(body)).url_link).toBe(first.url_link);
		expect((await urlLink({ ...body, query: 'id=1002' })).url_link).not.toBe(first.url_link);
		const [recorded] = sandbox.links({ link: String(first.url_link) });
		expect(recorded).toEqual({
			kind: 'url_link',
			link: first.url_link,
			appId: sandbox.appId,
			path: 'pages/order/detail',
			query: 'id=1001',
			envVersion: 'release',
			expiresAt: NOW_S + 7 * DAY,
			createdAt: START,
			generated: 2,
		});
		const overHttp = await call(sandbox.url, 'GET', `/__sandbox/links?kind=url_link`);
		expect(overHttp.count).toBe(2);
	});

	it('path: a page of the released version, with or without a leading /, never a query (40165)', async () => {
		expect((await urlLink({ path: '/pages/index/index' })).errcode).toBe(0);
		expect((await urlLink({ path: 'pages/index/index?id=1' })).errcode).toBe(40165);
		expect((await urlLink({ path: 'pages/nowhere' })).errcode).toBe(40165);
	});

	it('query: 1024 characters of the allowed set as k=v pairs; 1025, another character or no pairs: 40212', async () => {
		expect((await urlLink({ query: `a=${'b'.repeat(1022)}` })).errcode).toBe(0);
		expect((await urlLink({ query: `a=${'b'.repeat(1023)}` })).errcode).toBe(40212);
		expect((await urlLink({ query: 'a=你好' })).errcode).toBe(40212);
		expect((await urlLink({ query: 'justtext' })).errcode).toBe(40212);
	});

	it('env_version: release, trial or develop (85402); cloud_base: cloud development not enabled (85088)', async () => {
		expect((await urlLink({ env_version: 'develop' })).errcode).toBe(0);
		expect((await urlLink({ env_version: 'release_error' })).errcode).toBe(85402);
		expect((await urlLink({ cloud_base: { env: 'prod' } })).errcode).toBe(85088);
	});

	it('expiry: more than 1 minute and at most 30 days ahead, or 1 to 30 days (85401)', async () => {
		expect((await urlLink({ expire_type: 0, expire_time: NOW_S + 61 })).errcode).toBe(0);
		expect((await urlLink({ expire_type: 0, expire_time: NOW_S + 30 * DAY })).errcode).toBe(0);
		expect((await urlLink({ expire_type: 0, expire_time: NOW_S + 60 })).errcode).toBe(85401);
		expect((await urlLink({ expire_type: 0, expire_time: NOW_S + 30 * DAY + 1 })).errcode).toBe(85401);
		expect((await generate('/wxa/generate_urllink', {})).errcode).toBe(85401);
		expect((await urlLink({ expire_type: 1, expire_interval: 30 })).errcode).toBe(0);
		expect((await urlLink({ expire_type: 1, expire_interval: 31 })).errcode).toBe(85401);
		expect((await urlLink({ expire_type: 1, expire_interval: 0 })).errcode).toBe(85401);
	});

	it('checks the token first (41001, 40014) and wants POST (43002)', async () => {
		expect((await postJson(sandbox.url, '/wxa/generate_urllink', {})).errcode).toBe(41001);
		expect((await postJson(sandbox.url, '/wxa/generate_urllink?access_token=nope', {})).errcode).toBe(40014);
		expect((await call(sandbox.url, 'GET', `/wxa/generate_urllink?access_token=${await stableToken(sandbox)}`)).errcode).toBe(43002);
	});
});

describe('URL Scheme', () => {
	it('answers a weixin://dl/business/?t= openlink for the target in jump_wxa, with the same checks', async () => {
		const answer = await scheme({ jump_wxa: { path: 'pages/index/index', query: 'a=1', env_version: 'trial' }, is_expire: true, expire_type: 1, expire_interval: 1 });
		expect(answer).toEqual({ errcode: 0, errmsg: 'ok', openlink: expect.stringMatching(/^weixin:\/\/dl\/business\/\?t=[0-9A-Za-z]{12}$/) });
		expect(sandbox.links({ kind: 'scheme' })[0]).toMatchObject({ path: 'pages/index/index', query: 'a=1', envVersion: 'trial', expiresAt: NOW_S + DAY });
		expect((await scheme({ jump_wxa: { path: 'pages/index/index?x=1' }, expire_type: 1, expire_interval: 1 })).errcode).toBe(40165);
		expect((await scheme({ jump_wxa: { query: 'a=%' }, expire_type: 1, expire_interval: 31 })).errcode).toBe(85401);
	});
});

describe('Short Link', () => {
	it('answers a #小程序:// link; a long title is recorded cut to 20 characters with "..."; 30 days unless permanent', async () => {
		const title = '一二三四五六七八九十一二三四五六七八九十一二';
		const answer = await shortLink({ page_url: 'pages/order/detail?id=1', page_title: title });
		expect(answer).toEqual({ errcode: 0, errmsg: 'ok', link: expect.stringMatching(/^#小程序:\/\/沙盒商城\/[0-9A-Za-z]{7}$/) });
		expect(sandbox.links({ kind: 'short_link' })[0]).toMatchObject({
			path: 'pages/order/detail',
			query: 'id=1',
			title: '一二三四五六七八九十一二三四五六七八九十...',
			permanent: false,
			expiresAt: NOW_S + 30 * DAY,
		});
		await shortLink({ page_url: 'pages/index/index', is_permanent: true });
		expect(sandbox.links({ kind: 'short_link' })[1]).toMatchObject({ permanent: true, expiresAt: null });
	});

	it('40066 for a page_url that is empty, over 1024 characters or not a released page; 40225 for a risky title', async () => {
		expect((await shortLink({ page_url: `pages/index/index?${'x'.repeat(1024 - 18)}` })).errcode).toBe(0);
		expect((await shortLink({ page_url: `pages/index/index?${'x'.repeat(1024 - 17)}` })).errcode).toBe(40066);
		expect((await shortLink({})).errcode).toBe(40066);
		expect((await shortLink({ page_url: 'pages/nowhere' })).errcode).toBe(40066);
		expect((await shortLink({ page_url: 'pages/index/index', page_title: '加微信领红包' })).errcode).toBe(40225);
	});
});

describe('the protocol layer against the sandbox', () => {
	it('generates each kind through the client', async () => {
		const client = new WeChatClient({ credentials: sandbox.weChatCredentials(), send: fetchSend, sleep: async () => undefined });
		const nowSeconds = Math.floor(Date.now() / 1000);
		// The sandbox clock is fixed at START; give the expiry as an interval so it does not depend on the real clock.
		const expiry = { expireType: 'interval' as const, expireIntervalDays: 3 };
		expect((await generateUrlLink(client, prepareUrlLink({ path: 'pages/index/index', query: 'id=1', expiry }, nowSeconds))).urlLink).toMatch(/^https:\/\/wxaurl\.cn\//);
		expect((await generateUrlScheme(client, prepareUrlScheme({ path: 'pages/index/index', expiry }, nowSeconds))).openlink).toMatch(/^weixin:\/\//);
		expect((await generateShortLink(client, prepareShortLink({ pageUrl: 'pages/index/index?id=1' }))).link).toMatch(/^#小程序:\/\//);
		expect(sandbox.links().map((l) => l.kind)).toEqual(['url_link', 'scheme', 'short_link']);
	});
});
