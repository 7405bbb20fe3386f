import { NodeApiError } from 'n8n-workflow';

import { sharedTokenCache } from '../../../../nodes/protocol/token';
import { searchTemplates } from '../../../../nodes/shared/methods/searchTemplates';
import { fakeLoadOptionsContext, httpThroughSend } from '../../../helpers/fakeN8nContext';

const CREDENTIALS = { appId: 'wx0123456789abcdef', appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', baseUrl: 'custom', customBaseUrl: 'http://wechat.test' };
const template = (priTmplId: string, title: string) => ({ priTmplId, title, content: '备注:{{thing1.DATA}}\n', example: '备注:x\n', type: 2 });
const TEMPLATES = [template('OrderShipped_AbC', '订单发货通知'), template('ParkingFee_xyz', '停车缴费提醒'), template('Exam_0001', 'Exam Result')];

/** WeChat's answers scripted through n8n's helper: a token, then `list` for gettemplate. */
function context(list: string = JSON.stringify({ errcode: 0, data: TEMPLATES })) {
	const http = httpThroughSend(async (request) => {
		if (request.url.includes('/cgi-bin/stable_token')) return { statusCode: 200, body: '{"access_token":"TOKEN-1","expires_in":7200}' };
		return { statusCode: 200, body: list };
	});
	return fakeLoadOptionsContext({ credentials: CREDENTIALS, http });
}

beforeEach(() => sharedTokenCache.clear());

describe('searchTemplates (listSearch)', () => {
	it('lists every account template as "title (templateId)" in WeChat’s order', async () => {
		expect(await searchTemplates.call(context())).toEqual({
			results: [
				{ name: '订单发货通知 (OrderShipped_AbC)', value: 'OrderShipped_AbC' },
				{ name: '停车缴费提醒 (ParkingFee_xyz)', value: 'ParkingFee_xyz' },
				{ name: 'Exam Result (Exam_0001)', value: 'Exam_0001' },
			],
		});
	});

	it('filters by title or ID, trimmed and ignoring case', async () => {
		const values = async (filter?: string) => (await searchTemplates.call(context(), filter)).results.map((r) => r.value);
		expect(await values('停车')).toEqual(['ParkingFee_xyz']);
		expect(await values('  orDERship ')).toEqual(['OrderShipped_AbC']);
		expect(await values('exam result')).toEqual(['Exam_0001']);
		expect(await values('')).toHaveLength(3);
		expect(await values('   ')).toHaveLength(3);
		expect(await values('nothing like this')).toEqual([]);
	});

	it('fails as an n8n API error naming the call and the fix', async () => {
		const failure = searchTemplates.call(context('{"errcode":48001,"errmsg":"api unauthorized rid: 1-2-3"}'));
		await expect(failure).rejects.toBeInstanceOf(NodeApiError);
		await expect(failure).rejects.toThrow(/^Load Account Templates failed: WeChat errcode 48001/);
	});
});
