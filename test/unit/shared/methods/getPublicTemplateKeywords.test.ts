import { NodeApiError } from 'n8n-workflow';

import { sharedTokenCache } from '../../../../nodes/protocol/token';
import { getPublicTemplateKeywords } from '../../../../nodes/shared/methods/getPublicTemplateKeywords';
import { fakeLoadOptionsContext, httpThroughSend, locator } from '../../../helpers/fakeN8nContext';

const CREDENTIALS = { appId: 'wx0123456789abcdef', appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', baseUrl: 'custom', customBaseUrl: 'http://wechat.test' };
const KEYWORDS = { errcode: 0, data: [{ kid: 1, name: '商品名称', example: 'iPhone', rule: 'thing' }, { kid: 3, name: '发货时间', example: '', rule: 'time' }] };

function context(tid: unknown, answer = JSON.stringify(KEYWORDS)) {
	const urls: string[] = [];
	const http = httpThroughSend(async (request) => {
		if (request.url.includes('/cgi-bin/stable_token')) return { statusCode: 200, body: '{"access_token":"TOKEN-1","expires_in":7200}' };
		urls.push(request.url);
		return { statusCode: 200, body: answer };
	});
	return { ctx: fakeLoadOptionsContext({ credentials: CREDENTIALS, http, parameters: { tid } }), urls };
}

beforeEach(() => sharedTokenCache.clear());

describe('getPublicTemplateKeywords (loadOptions)', () => {
	it('lists the chosen template\'s keywords as "name (kid)", value the kid, with type, rule and example', async () => {
		const { ctx, urls } = context(locator('1001', 'list'));
		const options = await getPublicTemplateKeywords.call(ctx);
		expect(options.map((option) => [option.name, option.value])).toEqual([
			['商品名称 (1)', 1],
			['发货时间 (3)', 3],
		]);
		expect(options[0].description).toMatch(/^thing: .+ \(e\.g\. iPhone\)$/);
		expect(options[1].description).not.toMatch(/e\.g\./);
		expect(urls[0]).toContain('tid=1001');
	});

	it('reads a tid saved as text (version 1) the same', async () => {
		expect((await getPublicTemplateKeywords.call(context(' 1001 ').ctx)).map((option) => option.value)).toEqual([1, 3]);
	});

	it.each([[locator('', 'list')], [''], [locator('abc', 'id')], [undefined]])('offers nothing, and asks WeChat nothing, before a numeric tid is chosen (%j)', async (tid) => {
		const { ctx, urls } = context(tid);
		expect(await getPublicTemplateKeywords.call(ctx)).toEqual([]);
		expect(urls).toEqual([]);
	});

	it('fails as an n8n API error naming the call', async () => {
		await expect(getPublicTemplateKeywords.call(context('1001', '{"errcode":200014,"errmsg":"invalid tid"}').ctx)).rejects.toBeInstanceOf(NodeApiError);
	});
});
