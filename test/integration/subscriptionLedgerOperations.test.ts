/**
 * The Subscription Ledger operations run through the node's execute() in the fake n8n context, over real
 * HTTP to the sandbox (the account's template list says which templates are long-term): what each outputs
 * for rows shaped as n8n's Data Table node gives them, and how each refuses a wrongly wired input.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { WeChatMiniProgram } from '../../nodes/WeChatMiniProgram/WeChatMiniProgram.node';
import { SANDBOX_TEMPLATE_IDS } from '../../sandbox/seed';
import { fakeExecuteContext, locator, type FakeContextOptions } from '../helpers/fakeN8nContext';
import { useSandbox } from '../helpers/sandbox';

const ONE_TIME = SANDBOX_TEMPLATE_IDS.appointmentStatus;
const LONG_TERM = SANDBOX_TEMPLATE_IDS.parkingFee;
const sandbox = useSandbox();

async function run(operation: string, items: IDataObject[], parameters: Record<string, unknown> = {}, options: FakeContextOptions = {}): Promise<INodeExecutionData[]> {
	const context = fakeExecuteContext({ credentials: sandbox.credentials(), parameters: { resource: 'subscriptionLedger', operation, ...parameters }, items, ...options });
	const [output] = await new WeChatMiniProgram().execute.call(context);
	return output;
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
let id = 0;
function eventRow(openid: string, templateId: string, fields: IDataObject = {}): IDataObject {
	id++;
	return { id, openid, templateId, source: 'popup', quotaDelta: 1, onAt: 1000 + id, offAt: 0, createTime: 1000 + id, dedupeKey: `k${id}`, createdAt: minutesAgo(60), updatedAt: minutesAgo(60), ...fields };
}

beforeEach(() => {
	id = 0;
});

describe('Compute Balance', () => {
	const rows = () => [eventRow('oA', ONE_TIME), eventRow('oB', ONE_TIME), eventRow('oB', ONE_TIME, { source: 'send', quotaDelta: -1, onAt: 0 }), eventRow('oC', LONG_TERM)];

	it('outputs the users a send of the chosen template would reach, paired with their rows', async () => {
		const output = await run('computeBalance', [{}, ...rows()], { templateId: locator(ONE_TIME), onlySendable: true });
		expect(output.map((item) => item.json)).toEqual([{ openid: 'oA', templateId: ONE_TIME, remaining: 1, switchedOn: true, longTerm: false, sendable: true }]);
		expect(output[0].pairedItem).toEqual([{ item: 1 }]);
	});

	it('with every template and Only Users Who Can Be Sent off: every pair, long-term ones from the account list', async () => {
		const output = await run('computeBalance', rows(), { templateId: locator(''), onlySendable: false });
		expect(output.map((item) => [item.json.openid, item.json.templateId, item.json.remaining, item.json.sendable])).toEqual([
			['oA', ONE_TIME, 1, true],
			['oB', ONE_TIME, 0, false],
			['oC', LONG_TERM, null, true],
		]);
	});

	it('a template the account does not have stops the node, naming it (never an empty reminder)', async () => {
		await expect(run('computeBalance', rows(), { templateId: locator('tplNotInTheAccount') })).rejects.toThrow(/no template with ID "tplNotInTheAccount"/);
	});

	it('an item of another table stops the node naming the item; Continue On Fail outputs one failure item', async () => {
		await expect(run('computeBalance', [eventRow('oA', ONE_TIME), { msgid: '1', status: 'delivered' }], { templateId: locator('') })).rejects.toThrow(/Item 1: The item is neither a ledger event/);
		const output = await run('computeBalance', [{ msgid: '1' }], { templateId: locator('') }, { continueOnFail: true });
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({ success: false });
	});
});

describe('Compact', () => {
	it('outputs the new generation (the columns of wechat_subscriptions) and leaves young events out of it', async () => {
		const old = [eventRow('oA', ONE_TIME), eventRow('oA', ONE_TIME)];
		const young = eventRow('oY', ONE_TIME, { createdAt: minutesAgo(1) });
		const output = await run('compact', [...old, young], { foldAfterMinutes: 10 });
		expect(output.map((item) => item.json)).toEqual([{ openid: 'oA', templateId: ONE_TIME, remaining: 2, switchedOn: true, longTerm: false, onAt: 1002, offAt: 0, foldedThrough: 2 }]);
	});

	it('outputs nothing when no event is old enough', async () => {
		expect(await run('compact', [eventRow('oA', ONE_TIME, { createdAt: minutesAgo(1) })], { foldAfterMinutes: 10 })).toEqual([]);
	});
});

describe('Prepare Rows', () => {
	it('Send results as message rows: exact msgid, one row per send that reached WeChat', async () => {
		const output = await run('prepareRows', [
			{ success: true, msgid: '1864323726461255680', touser: 'oA', templateId: ONE_TIME, errcode: 0, longTerm: false, quotaDelta: -1 },
			{ success: false, msgid: null, touser: 'oB', templateId: ONE_TIME, reason: 'not_subscribed', errcode: 43101 },
		], { table: 'messages' });
		expect(output.map((item) => [item.json, item.pairedItem])).toEqual([
			[{ msgid: '1864323726461255680', openid: 'oA', templateId: ONE_TIME, outcome: 'sent', errcode: 0 }, { item: 0 }],
			[{ msgid: null, openid: 'oB', templateId: ONE_TIME, outcome: 'not_subscribed', errcode: 43101 }, { item: 1 }],
		]);
	});

	it("a 43101 correction's dedupeKey carries n8n's execution id", async () => {
		const output = await run('prepareRows', [{ success: false, touser: 'oB', templateId: ONE_TIME, reason: 'not_subscribed', errcode: 43101 }], { table: 'subscriptionEvents' });
		expect(output[0].json.dedupeKey).toBe(`43101|fake-execution|oB|${ONE_TIME}`);
	});

	it('a wrongly wired item stops the node naming it; Continue On Fail makes it a failure item and goes on', async () => {
		await expect(run('prepareRows', [{ order: 1 }], { table: 'subscriptionEvents' })).rejects.toThrow(/Item 0: The item is neither an event/);
		const output = await run('prepareRows', [{ order: 1 }, { success: true, msgid: '7', touser: 'oA', templateId: ONE_TIME }], { table: 'messages' }, { continueOnFail: true });
		expect(output.map((item) => item.json.success ?? item.json.outcome)).toEqual([false, 'sent']);
	});
});
