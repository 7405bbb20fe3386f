/**
 * POST /__sandbox/templates/keywords: an account template changed in place, as a client that cached the list
 * meets it: gettemplate shows the new keywords, and a send of the old ones answers 47003.
 */
import { SANDBOX_OPENIDS, SANDBOX_TEMPLATE_IDS } from '../../sandbox/seed';
import { useSandbox } from '../helpers/sandbox';
import { call, orderShippedSend, rawRequest, send, stableToken } from './helpers';

const sandbox = useSandbox();
const ORDER = SANDBOX_TEMPLATE_IDS.orderShipped;

describe('changing a template in the console', () => {
	it('lists the new keywords under the same id, and refuses a send of the old ones with 47003', async () => {
		expect(sandbox.changeTemplateKeywords(ORDER, [1, 2, 3, 6])).toEqual({ priTmplId: ORDER, content: '商品名称:{{thing1.DATA}}\n订单编号:{{character_string2.DATA}}\n发货时间:{{time3.DATA}}\n收货人:{{name6.DATA}}\n' });
		const token = await stableToken(sandbox);
		const list = (await call(sandbox.url, 'GET', `/wxaapi/newtmpl/gettemplate?access_token=${token}`)) as { data: Array<{ priTmplId: string; content: string }> };
		expect(list.data.find((t) => t.priTmplId === ORDER)?.content).toContain('{{name6.DATA}}');
		const old = await send(sandbox, token, orderShippedSend({ touser: SANDBOX_OPENIDS.alice }));
		expect(old.errcode).toBe(47003);
		const data = { thing1: { value: '键盘' }, character_string2: { value: 'A1' }, time3: { value: '15:01' }, name6: { value: '张三' } };
		expect((await send(sandbox, token, { touser: SANDBOX_OPENIDS.alice, template_id: ORDER, data })).errcode).toBe(0);
	});

	it('refuses an unknown template or keyword with 400, and reset brings the seed back', async () => {
		for (const body of [{ priTmplId: 'nope', kidList: [1, 2] }, { priTmplId: ORDER, kidList: [1, 99] }, { priTmplId: ORDER, kidList: [1] }]) {
			expect((await rawRequest(sandbox.url, 'POST', '/__sandbox/templates/keywords', { body: JSON.stringify(body) })).status).toBe(400);
		}
		sandbox.changeTemplateKeywords(ORDER, [1, 2]);
		sandbox.reset();
		const token = await stableToken(sandbox);
		expect((await send(sandbox, token, orderShippedSend({ touser: SANDBOX_OPENIDS.alice }))).errcode).toBe(0);
	});
});
