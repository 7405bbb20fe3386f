import { NodeApiError } from 'n8n-workflow';

import { sharedTokenCache } from '../../../../nodes/protocol/token';
import { PUBLIC_TEMPLATE_PICKER_LIMIT, searchPublicTemplates } from '../../../../nodes/shared/methods/searchPublicTemplates';
import { fakeLoadOptionsContext, httpThroughSend } from '../../../helpers/fakeN8nContext';

const CREDENTIALS = { appId: 'wx0123456789abcdef', appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', baseUrl: 'custom', customBaseUrl: 'http://wechat.test' };
const TITLES = [
	{ tid: 1001, title: '订单发货通知', type: 2, categoryId: '307' },
	{ tid: 1002, title: '支付成功通知', type: 2, categoryId: '612' },
];

/** WeChat scripted: a token, the categories, then one page of titles; the title requests are recorded. */
function context(categories = '{"errcode":0,"data":[{"id":612,"name":"电商平台"},{"id":307,"name":"快递、物流"}]}') {
	const titleUrls: string[] = [];
	const http = httpThroughSend(async (request) => {
		if (request.url.includes('/cgi-bin/stable_token')) return { statusCode: 200, body: '{"access_token":"TOKEN-1","expires_in":7200}' };
		if (request.url.includes('/getcategory')) return { statusCode: 200, body: categories };
		titleUrls.push(request.url);
		return { statusCode: 200, body: JSON.stringify({ errcode: 0, count: TITLES.length, data: TITLES }) };
	});
	return { ctx: fakeLoadOptionsContext({ credentials: CREDENTIALS, http }), titleUrls };
}

beforeEach(() => sharedTokenCache.clear());

describe('searchPublicTemplates (listSearch)', () => {
	it('lists the library of all the account\'s categories as "title (tid)", value the tid as text', async () => {
		const { ctx, titleUrls } = context();
		expect(await searchPublicTemplates.call(ctx)).toEqual({
			results: [
				{ name: '订单发货通知 (1001)', value: '1001' },
				{ name: '支付成功通知 (1002)', value: '1002' },
			],
		});
		expect(decodeURIComponent(titleUrls[0])).toContain('ids=612,307');
		expect(PUBLIC_TEMPLATE_PICKER_LIMIT).toBe(100);
	});

	it('keeps titles containing the filter', async () => {
		expect((await searchPublicTemplates.call(context().ctx, '发货')).results.map((r) => r.value)).toEqual(['1001']);
	});

	it('an account without categories has nothing to pick (and asks WeChat for no titles)', async () => {
		const { ctx, titleUrls } = context('{"errcode":0,"data":[]}');
		expect(await searchPublicTemplates.call(ctx)).toEqual({ results: [] });
		expect(titleUrls).toEqual([]);
	});

	it('fails as an n8n API error naming the call', async () => {
		await expect(searchPublicTemplates.call(context('{"errcode":48001,"errmsg":"api unauthorized"}').ctx)).rejects.toBeInstanceOf(NodeApiError);
		await expect(searchPublicTemplates.call(context('{"errcode":48001,"errmsg":"api unauthorized"}').ctx)).rejects.toThrow(/^Load Public Templates failed: WeChat errcode 48001/);
	});
});
