/**
 * The shared design-time methods (template list search, categories, keyword fields for the
 * send node's resource mapper) in the fake load-options context, over real HTTP to the sandbox.
 */
import { getCategories, getTemplateKeywordFields, searchTemplates } from '../../nodes/shared/methods';
import { SANDBOX_CATEGORIES, SANDBOX_TEMPLATE_IDS } from '../../sandbox/seed';
import { fakeLoadOptionsContext, locator } from '../helpers/fakeN8nContext';
import { useSandbox } from '../helpers/sandbox';

const sandbox = useSandbox();

const context = (parameters: Record<string, unknown> = {}, credentials = sandbox.credentials()) => fakeLoadOptionsContext({ credentials, parameters });

describe('searchTemplates (listSearch)', () => {
	it('lists every account template as "title (templateId)"', async () => {
		const { results } = await searchTemplates.call(context());
		expect(results).toHaveLength(5);
		expect(results).toContainEqual({ name: `订单发货通知 (${SANDBOX_TEMPLATE_IDS.orderShipped})`, value: SANDBOX_TEMPLATE_IDS.orderShipped });
	});

	it('filters by title or ID, ignoring case', async () => {
		expect((await searchTemplates.call(context(), '停车')).results.map((r) => r.value)).toEqual([SANDBOX_TEMPLATE_IDS.parkingFee]);
		const byId = await searchTemplates.call(context(), SANDBOX_TEMPLATE_IDS.examResult.slice(0, 10).toLowerCase());
		expect(byId.results.map((r) => r.value)).toEqual([SANDBOX_TEMPLATE_IDS.examResult]);
		expect((await searchTemplates.call(context(), 'nothing like this')).results).toEqual([]);
	});

	it('names the failing design-time call and the fix, without the secret', async () => {
		const wrong = sandbox.credentials({ appSecret: 'ffffffffffffffffffffffffffffffff' });
		const failure = searchTemplates.call(context({}, wrong));
		await expect(failure).rejects.toThrow(/^Get access token failed: WeChat errcode 40125: invalid App Secret/);
		await failure.catch((error: Error) => expect(JSON.stringify({ m: error.message, d: (error as { description?: string }).description })).not.toContain('ffffffffffffffff'));
	});
});

describe('getCategories (loadOptions)', () => {
	it('offers each category by name with its id as value', async () => {
		const options = await getCategories.call(context());
		expect(options).toEqual(SANDBOX_CATEGORIES.map((c) => ({ name: `${c.name} (${c.id})`, value: c.id })));
	});
});

describe('getTemplateKeywordFields (resourceMapping)', () => {
	it('gives one required string field per keyword, id = key, named "label (key)"', async () => {
		const { fields } = await getTemplateKeywordFields.call(context({ templateId: locator(SANDBOX_TEMPLATE_IDS.paymentSucceeded, 'list') }));
		expect(fields.map((f) => [f.id, f.displayName, f.type])).toEqual([
			['amount1', '订单金额 (amount1)', 'string'],
			['date2', '支付时间 (date2)', 'string'],
			['character_string3', '订单号 (character_string3)', 'string'],
			['number4', '商品数量 (number4)', 'string'],
			['phone_number5', '客服电话 (phone_number5)', 'string'],
		]);
		for (const field of fields) {
			expect(field).toMatchObject({ required: true, display: true, defaultMatch: false, canBeUsedToMatch: false });
		}
	});

	it('makes enum keywords a dropdown of their values', async () => {
		const { fields } = await getTemplateKeywordFields.call(context({ templateId: locator(SANDBOX_TEMPLATE_IDS.appointmentStatus, 'id') }));
		const status = fields.find((f) => f.id === 'enum_string2');
		expect(status).toMatchObject({
			displayName: '预约状态 (enum_string2)',
			type: 'options',
			options: [
				{ name: '预约成功', value: '预约成功' },
				{ name: '预约取消', value: '预约取消' },
				{ name: '预约失败', value: '预约失败' },
			],
		});
	});

	it('fails clearly for a template the account does not have', async () => {
		await expect(getTemplateKeywordFields.call(context({ templateId: locator('NoSuchTemplate123', 'id') }))).rejects.toThrow(
			'This mini program has no template with ID "NoSuchTemplate123"',
		);
	});
});
