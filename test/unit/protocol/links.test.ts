import { WeChatApiError, InvalidInputError } from '../../../nodes/protocol/errors';
import {
	generateShortLink,
	generateUrlLink,
	generateUrlScheme,
	LINK_ERRCODES,
	prepareShortLink,
	prepareUrlLink,
	prepareUrlScheme,
} from '../../../nodes/protocol/links';
import { recordingClient } from '../../helpers/recordingClient';
import { rejectionOf, thrownBy } from '../../helpers/thrown';

const NOW = 1_714_528_800; // 2024-05-01 10:00 Beijing time
const DAY = 86_400;

describe('prepareUrlLink / prepareUrlScheme: the bodies WeChat documents', () => {
	it('URL Link: path, query, env_version, is_expire and the expiry at top level', () => {
		expect(prepareUrlLink({ path: 'pages/order/detail', query: 'id=1001&from=sms', envVersion: 'trial', expiry: { expireType: 'interval', expireIntervalDays: 7 } }, NOW)).toEqual({
			path: 'pages/order/detail',
			query: 'id=1001&from=sms',
			env_version: 'trial',
			is_expire: true,
			expire_type: 1,
			expire_interval: 7,
		});
	});

	it('URL Scheme: the target inside jump_wxa, the expiry beside it', () => {
		expect(prepareUrlScheme({ path: '/pages/index/index', expiry: { expireType: 'time', expireTime: NOW + DAY } }, NOW)).toEqual({
			jump_wxa: { path: '/pages/index/index' },
			is_expire: true,
			expire_type: 0,
			expire_time: NOW + DAY,
		});
	});

	it('leaves out what is empty (WeChat opens the home page of the release version) and expires in 30 days by default', () => {
		expect(prepareUrlLink({}, NOW)).toEqual({ is_expire: true, expire_type: 1, expire_interval: 30 });
		expect(prepareUrlScheme({ path: ' ', query: '' }, NOW)).toEqual({ jump_wxa: {}, is_expire: true, expire_type: 1, expire_interval: 30 });
	});
});

describe('prepareUrlLink: refusals before calling WeChat', () => {
	const problemsOf = (run: () => unknown) => thrownBy(InvalidInputError, run).problems;

	it('query: 1024 characters pass, 1025 are refused', () => {
		expect(prepareUrlLink({ query: `a=${'b'.repeat(1022)}` }, NOW).query).toHaveLength(1024);
		expect(problemsOf(() => prepareUrlLink({ query: `a=${'b'.repeat(1023)}` }, NOW))).toEqual(['Query has 1025 characters; WeChat allows at most 1024.']);
	});

	it("query: only digits, letters and !#$&'()*+,/:;=?@-._~% ; other text must be %-encoded", () => {
		expect(prepareUrlLink({ query: "k=v!#$&'()*+,/:;=?@-._~%E4%BD%A0" }, NOW).query).toBeDefined();
		const [problem] = problemsOf(() => prepareUrlLink({ query: 'name=你好 x' }, NOW));
		expect(problem).toContain('Query contains characters WeChat refuses ("你", "好", " ")');
		expect(problem).toContain('encodeURIComponent');
	});

	it('path: no query, no spaces', () => {
		expect(problemsOf(() => prepareUrlLink({ path: 'pages/index/index?id=1' }, NOW))[0]).toContain('put the parameters in Query');
		expect(problemsOf(() => prepareUrlLink({ path: 'pages/a b' }, NOW))[0]).toContain('contains spaces');
	});

	it('env_version: release, trial or develop', () => {
		expect(problemsOf(() => prepareUrlLink({ envVersion: 'release_error' }, NOW))).toEqual(['Env Version "release_error" is not one of release, trial, develop.']);
	});

	it('expire_time: more than 1 minute and at most 30 days ahead, in seconds', () => {
		expect(prepareUrlLink({ expiry: { expireType: 'time', expireTime: NOW + 61 } }, NOW).expire_type).toBe(0);
		expect(prepareUrlLink({ expiry: { expireType: 'time', expireTime: NOW + 30 * DAY } }, NOW).expire_type).toBe(0);
		expect(problemsOf(() => prepareUrlLink({ expiry: { expireType: 'time', expireTime: NOW + 60 } }, NOW))[0]).toContain('is 60 seconds from now');
		expect(problemsOf(() => prepareUrlLink({ expiry: { expireType: 'time', expireTime: NOW + 30 * DAY + 1 } }, NOW))[0]).toContain('85401');
		expect(problemsOf(() => prepareUrlLink({ expiry: { expireType: 'time', expireTime: (NOW + DAY) * 1000 } }, NOW))[0]).toContain('looks like milliseconds');
		expect(problemsOf(() => prepareUrlLink({ expiry: { expireType: 'time', expireTime: NOW + 90.5 } }, NOW))[0]).toContain('whole seconds');
	});

	it('expire_interval: 1 to 30 days', () => {
		expect(prepareUrlLink({ expiry: { expireType: 'interval', expireIntervalDays: 1 } }, NOW).expire_type).toBe(1);
		expect(prepareUrlLink({ expiry: { expireType: 'interval', expireIntervalDays: 30 } }, NOW).expire_type).toBe(1);
		for (const days of [0, 31, 1.5]) {
			expect(problemsOf(() => prepareUrlLink({ expiry: { expireType: 'interval', expireIntervalDays: days } }, NOW))[0]).toContain('from 1 to 30');
		}
	});

	it('lists every problem, the first as the message, and says nothing was sent', () => {
		const error = thrownBy(InvalidInputError, () => prepareUrlScheme({ path: 'a?b', query: ' ', envVersion: 'prod', expiry: { expireType: 'interval', expireIntervalDays: 40 } }, NOW));
		expect(error.problems).toHaveLength(4);
		expect(error.message).toBe(error.problems[0]);
		expect(error.fix).toContain('nothing was sent');
	});
});

describe('prepareShortLink', () => {
	it('page_url required (a query is allowed), at most 1024 characters', () => {
		expect(prepareShortLink({ pageUrl: ' pages/order/detail?id=1 ', pageTitle: '订单', permanent: true })).toEqual({
			page_url: 'pages/order/detail?id=1',
			page_title: '订单',
			is_permanent: true,
		});
		expect(prepareShortLink({ pageUrl: `p?${'x'.repeat(1022)}` }).page_url).toHaveLength(1024);
		expect(thrownBy(InvalidInputError, () => prepareShortLink({ pageUrl: `p?${'x'.repeat(1023)}` })).message).toBe('Page URL has 1025 characters; WeChat allows at most 1024.');
		expect(thrownBy(InvalidInputError, () => prepareShortLink({ pageUrl: '' })).message).toContain('Page URL is empty');
	});

	it('keeps a title over 20 characters (WeChat cuts it itself) and is short-term by default', () => {
		const title = '这是一个超过二十个字的小程序页面标题用于测试截断';
		expect(prepareShortLink({ pageUrl: 'pages/index/index', pageTitle: title })).toEqual({ page_url: 'pages/index/index', page_title: title, is_permanent: false });
	});
});

describe('generating links', () => {
	it('URL Link: POST /wxa/generate_urllink, retried like a read, with its own errcode table; answers url_link', async () => {
		const { calls, client } = recordingClient({ errcode: 0, errmsg: 'ok', url_link: 'https://wxaurl.cn/BQZRrcFCPvg' });
		const body = prepareUrlLink({ path: 'pages/index/index' }, NOW);
		expect(await generateUrlLink(client, body)).toEqual({ urlLink: 'https://wxaurl.cn/BQZRrcFCPvg' });
		expect(calls).toEqual([
			{ method: 'POST', path: '/wxa/generate_urllink', json: body, retry: 'idempotent', operation: 'Generate URL Link', errcodes: LINK_ERRCODES },
		]);
	});

	it('URL Scheme answers openlink, Short Link answers link', async () => {
		const scheme = recordingClient({ openlink: 'weixin://dl/business/?t=Akeatr890b' });
		expect(await generateUrlScheme(scheme.client, prepareUrlScheme({}, NOW))).toEqual({ openlink: 'weixin://dl/business/?t=Akeatr890b' });
		expect(scheme.calls[0].path).toBe('/wxa/generatescheme');
		const short = recordingClient({ link: '#小程序://沙盒商城/abcdefg' });
		expect(await generateShortLink(short.client, prepareShortLink({ pageUrl: 'pages/index/index' }))).toEqual({ link: '#小程序://沙盒商城/abcdefg' });
		expect(short.calls[0]).toMatchObject({ path: '/wxa/genwxashortlink', retry: 'idempotent' });
	});

	it('an answer without the link is a bad response', async () => {
		const error = await rejectionOf(WeChatApiError, generateUrlLink(recordingClient({ errcode: 0 }).client, prepareUrlLink({}, NOW)));
		expect(error.kind).toBe('bad-response');
	});

	it('its errcode table: 40002 and 40013 mean permissions here; 44990 is retried (WeChat generated nothing)', () => {
		expect(LINK_ERRCODES[40002].meaning).toContain('no permission to generate links');
		expect(LINK_ERRCODES[40013].meaning).toContain('banned');
		expect(LINK_ERRCODES[44990].handling).toBe('transient-refused');
	});
});
