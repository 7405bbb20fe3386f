/**
 * Customer Service Message → Answer Push in a fake n8n context: it answers through n8n's sendResponse with
 * the trigger's ready reply or success, finds the trigger's item by pairing, and names the fix when the
 * trigger does not leave the push to the workflow.
 */
import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { WeChatMiniProgram } from '../../../nodes/WeChatMiniProgram/WeChatMiniProgram.node';
import { fakeExecuteContext } from '../../helpers/fakeN8nContext';
import { rejectionOf } from '../../helpers/thrown';

const REPLY = { body: '<xml><Encrypt><![CDATA[abc]]></Encrypt></xml>', contentType: 'text/xml; charset=utf-8' };
const TRIGGER = { name: 'Customer Messages', type: 'n8n-nodes-wechat-miniprogram.weChatMiniProgramTrigger' };

interface Setup {
	answer: string;
	parents?: Array<{ name: string; type: string }>;
	triggerItem?: IDataObject;
}

function context(setup: Setup) {
	const sent: unknown[] = [];
	const ctx = fakeExecuteContext({
		items: [{ suggest: 'risky' }],
		parameters: { resource: 'customerServiceMessage', operation: 'answerPush', answer: setup.answer },
		credentials: { appId: 'wx0123456789abcdef', appSecret: 'secret' },
		parentNodes: setup.parents ?? [TRIGGER, { name: 'Check Reply', type: 'n8n-nodes-wechat-miniprogram.weChatMiniProgram' }],
		pairedItems: setup.triggerItem === undefined ? {} : { [TRIGGER.name]: setup.triggerItem },
		responses: sent,
	});
	return { ctx, sent };
}

describe('Customer Service Message → Answer Push', () => {
	it("hands off with the trigger's reply, byte for byte with its Content-Type, and passes the items on", async () => {
		const { ctx, sent } = context({ answer: 'handOff', triggerItem: { openid: 'oUser', handOffReply: REPLY } });
		const [out] = await new WeChatMiniProgram().execute.call(ctx);
		expect(sent).toEqual([{ body: Buffer.from(REPLY.body), headers: { 'content-type': REPLY.contentType }, statusCode: 200 }]);
		expect(out).toEqual([{ json: { suggest: 'risky', pushAnswer: 'handOff' }, pairedItem: { item: 0 } }]);
	});

	it('answers success as text/plain', async () => {
		const { ctx, sent } = context({ answer: 'success', triggerItem: { handOffReply: REPLY } });
		await new WeChatMiniProgram().execute.call(ctx);
		expect(sent).toEqual([{ body: Buffer.from('success'), headers: { 'content-type': 'text/plain; charset=utf-8' }, statusCode: 200 }]);
	});

	it('names the fix, and answers nothing, when the trigger answered the push itself (no handOffReply)', async () => {
		const { ctx, sent } = context({ answer: 'handOff', triggerItem: { openid: 'oUser' } });
		const error = await rejectionOf(NodeOperationError, new WeChatMiniProgram().execute.call(ctx));
		expect(error.message).toMatch(/no handOffReply on the item of "Customer Messages"/);
		expect(error.description).toMatch(/Later in the Workflow \(Answer Push\)/);
		expect(sent).toEqual([]);
	});

	it('names the fix when no WeChat Mini Program Trigger comes before it, or the item does not pair back', async () => {
		const noTrigger = context({ answer: 'success', parents: [{ name: 'Manual', type: 'n8n-nodes-base.manualTrigger' }] });
		expect((await rejectionOf(NodeOperationError, new WeChatMiniProgram().execute.call(noTrigger.ctx))).message).toMatch(/found no WeChat Mini Program Trigger/);
		const unpaired = context({ answer: 'success' });
		expect((await rejectionOf(NodeOperationError, new WeChatMiniProgram().execute.call(unpaired.ctx))).message).toMatch(/does not come from a customer-service message/);
		expect([...noTrigger.sent, ...unpaired.sent]).toEqual([]);
	});
});
