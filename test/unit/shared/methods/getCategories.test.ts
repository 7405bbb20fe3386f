import { NodeApiError } from 'n8n-workflow';

import { sharedTokenCache } from '../../../../nodes/protocol/token';
import { getCategories } from '../../../../nodes/shared/methods/getCategories';
import { fakeLoadOptionsContext, httpThroughSend } from '../../../helpers/fakeN8nContext';

const CREDENTIALS = { appId: 'wx0123456789abcdef', appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', baseUrl: 'custom', customBaseUrl: 'http://wechat.test' };

/** WeChat's answers scripted through n8n's helper: a token, then `answer` for getcategory. */
function context(answer: string) {
	const http = httpThroughSend(async (request) => {
		if (request.url.includes('/cgi-bin/stable_token')) return { statusCode: 200, body: '{"access_token":"TOKEN-1","expires_in":7200}' };
		return { statusCode: 200, body: answer };
	});
	return fakeLoadOptionsContext({ credentials: CREDENTIALS, http });
}

beforeEach(() => sharedTokenCache.clear());

describe('getCategories (loadOptions)', () => {
	it('offers each category as "name (id)" with its id as value', async () => {
		const answer = JSON.stringify({ errcode: 0, data: [{ id: 612, name: '电商平台' }, { id: 307, name: '快递、物流' }] });
		expect(await getCategories.call(context(answer))).toEqual([
			{ name: '电商平台 (612)', value: 612 },
			{ name: '快递、物流 (307)', value: 307 },
		]);
	});

	it('fails as an n8n API error naming the call', async () => {
		const failure = getCategories.call(context('{"errcode":48001,"errmsg":"api unauthorized"}'));
		await expect(failure).rejects.toBeInstanceOf(NodeApiError);
		await expect(failure).rejects.toThrow(/^Load Template Categories failed: WeChat errcode 48001/);
	});
});
