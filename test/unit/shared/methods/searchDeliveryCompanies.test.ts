import { NodeApiError } from 'n8n-workflow';

import { sharedTokenCache } from '../../../../nodes/protocol/token';
import { searchDeliveryCompanies } from '../../../../nodes/shared/methods/searchDeliveryCompanies';
import { fakeLoadOptionsContext, httpThroughSend } from '../../../helpers/fakeN8nContext';

const CREDENTIALS = { appId: 'wx0123456789abcdef', appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', baseUrl: 'custom', customBaseUrl: 'http://wechat.test' };
const LIST = {
	errcode: 0,
	delivery_list: [
		{ delivery_id: 'SF', delivery_name: '顺丰速运' },
		{ delivery_id: 'YTO', delivery_name: '圆通速递' },
		{ delivery_id: 'DHL', delivery_name: 'DHL' },
	],
	count: 3,
};

/** WeChat's answers scripted through n8n's helper: a token, then `answer` for get_delivery_list. */
function context(answer: unknown) {
	const paths: string[] = [];
	const http = httpThroughSend(async (request) => {
		paths.push(new URL(request.url).pathname);
		if (request.url.includes('/cgi-bin/stable_token')) return { statusCode: 200, body: '{"access_token":"TOKEN-1","expires_in":7200}' };
		return { statusCode: 200, body: JSON.stringify(answer) };
	});
	return { ctx: fakeLoadOptionsContext({ credentials: CREDENTIALS, http }), paths };
}

beforeEach(() => sharedTokenCache.clear());

describe('searchDeliveryCompanies (listSearch)', () => {
	it('offers every carrier as "name (delivery ID)" with the delivery ID as value, from get_delivery_list', async () => {
		const { ctx, paths } = context(LIST);
		expect(await searchDeliveryCompanies.call(ctx)).toEqual({
			results: [
				{ name: '顺丰速运 (SF)', value: 'SF' },
				{ name: '圆通速递 (YTO)', value: 'YTO' },
				{ name: 'DHL (DHL)', value: 'DHL' },
			],
		});
		expect(paths).toContain('/cgi-bin/express/delivery/open_msg/get_delivery_list');
	});

	it('filters by name or delivery ID, ignoring case and spaces around', async () => {
		expect((await searchDeliveryCompanies.call(context(LIST).ctx, ' yto ')).results).toEqual([{ name: '圆通速递 (YTO)', value: 'YTO' }]);
		expect((await searchDeliveryCompanies.call(context(LIST).ctx, '顺丰')).results).toEqual([{ name: '顺丰速运 (SF)', value: 'SF' }]);
		expect((await searchDeliveryCompanies.call(context(LIST).ctx, 'nothing')).results).toEqual([]);
	});

	it('fails as an n8n API error naming the errcode', async () => {
		const failure = searchDeliveryCompanies.call(context({ errcode: 48001, errmsg: 'api unauthorized' }).ctx);
		await expect(failure).rejects.toBeInstanceOf(NodeApiError);
		await expect(failure).rejects.toThrow(/48001/);
	});
});
