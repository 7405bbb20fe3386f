/**
 * Every Template Lookup operation run through the node's execute() in the fake n8n context, over real
 * HTTP to the sandbox: what each operation asks WeChat, what it outputs, how it fails.
 */
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { WeChatTemplateLookup } from '../../nodes/WeChatTemplateLookup/WeChatTemplateLookup.node';
import {
	SANDBOX_APP_SECRET,
	SANDBOX_CATEGORIES,
	SANDBOX_LARGE_CATEGORY_ID,
	SANDBOX_PUBLIC_TITLES,
	SANDBOX_TEMPLATE_IDS,
} from '../../sandbox/seed';
import { fakeExecuteContext, fakeLoadOptionsContext, locator, TEST_NODE, type FakeContextOptions, type HttpExchange } from '../helpers/fakeN8nContext';
import { useSandbox } from '../helpers/sandbox';

const TITLES_PATH = '/wxaapi/newtmpl/getpubtemplatetitles';
const ADD_PATH = '/wxaapi/newtmpl/addtemplate';

/** Version 1: what saved workflows hold (tid and keyword IDs as text). */
const LOOKUP_NODE: INode = { ...TEST_NODE, name: 'WeChat Template Lookup', type: 'n8n-nodes-wechat-miniprogram.weChatTemplateLookup' };
/** Version 2, the editor's: the public template from a list (a resource locator), keywords from a multi-select. */
const LOOKUP_NODE_V2: INode = { ...LOOKUP_NODE, typeVersion: 2 };
/** n8n's AI-tool variant of the node (usableAsTool), at the editor's version. */
const LOOKUP_TOOL_V2: INode = { ...LOOKUP_NODE_V2, name: 'Template Lookup Tool', type: 'n8n-nodes-wechat-miniprogram.weChatTemplateLookupTool' };

const sandbox = useSandbox();

beforeEach(async () => {
	// useSandbox resets the sandbox and the token cache; one call fetches the token, so the
	// request counts below hold only the calls under test.
	await run('category', 'getAll');
});

async function run(
	resource: string,
	operation: string,
	parameters: Record<string, unknown> = {},
	options: FakeContextOptions = {},
): Promise<INodeExecutionData[]> {
	const context = fakeExecuteContext({
		node: LOOKUP_NODE,
		credentials: sandbox.credentials(),
		parameters: { resource, operation, ...parameters },
		...options,
	});
	const [output] = await new WeChatTemplateLookup().execute.call(context);
	return output;
}

function requestsTo(path: string): number {
	return sandbox.counters().requests[path] ?? 0;
}

const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

describe('Account Template → Get Many', () => {
	it('returns every seeded template with keywords parsed from content and example', async () => {
		const items = await run('accountTemplate', 'getAll', { filters: {} });
		expect(items).toHaveLength(5);
		expect(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);

		const shipped = json(items).find((t) => t.templateId === SANDBOX_TEMPLATE_IDS.orderShipped) as IDataObject;
		expect(shipped).toMatchObject({ title: '订单发货通知', type: 'one-time', typeCode: 2 });
		expect(shipped.content).toContain('{{thing1.DATA}}');
		expect(shipped.keywords).toEqual([
			{ key: 'thing1', label: '商品名称', type: 'thing', index: 1, rule: '≤ 20 characters', example: 'iPhone 15 Pro 256G' },
			expect.objectContaining({ key: 'character_string2', label: '订单编号', type: 'character_string', example: 'TS20240501123456' }),
			expect.objectContaining({ key: 'time3', label: '发货时间', type: 'time', example: '2024-05-01 15:01' }),
			expect.objectContaining({ key: 'thing4', label: '快递公司' }),
			expect.objectContaining({ key: 'character_string5', label: '快递单号' }),
		]);
		expect('keywordEnumValues' in shipped).toBe(false);
	});

	it('passes on keywordEnumValues and marks the enum keyword', async () => {
		const items = await run('accountTemplate', 'getAll', { filters: {} });
		const appointment = json(items).find((t) => t.templateId === SANDBOX_TEMPLATE_IDS.appointmentStatus) as IDataObject;
		expect(appointment.keywordEnumValues).toEqual({ enum_string2: ['预约成功', '预约取消', '预约失败'] });
		const enumKeyword = (appointment.keywords as IDataObject[]).find((k) => k.key === 'enum_string2');
		expect(enumKeyword).toMatchObject({ label: '预约状态', type: 'enum', enumValues: ['预约成功', '预约取消', '预约失败'] });
	});

	it('filters by title and by type', async () => {
		expect(json(await run('accountTemplate', 'getAll', { filters: { titleContains: '发货' } })).map((t) => t.title)).toEqual(['订单发货通知']);
		const longTerm = json(await run('accountTemplate', 'getAll', { filters: { type: 'long-term' } }));
		expect(longTerm.map((t) => t.templateId).sort()).toEqual([SANDBOX_TEMPLATE_IDS.parkingFee, SANDBOX_TEMPLATE_IDS.examResult].sort());
		expect(longTerm.every((t) => t.type === 'long-term' && t.typeCode === 3)).toBe(true);
		expect(await run('accountTemplate', 'getAll', { filters: { titleContains: '不存在的标题' } })).toEqual([]);
	});

	it('reads bodies as raw text through n8n’s helper (encoding text, full response, no status throw)', async () => {
		const log: HttpExchange[] = [];
		await run('accountTemplate', 'getAll', { filters: {} }, { exchanges: log });
		const call = log.find((r) => r.options.url.includes('/wxaapi/newtmpl/gettemplate'));
		expect(call?.options).toMatchObject({ method: 'GET', encoding: 'text', json: false, returnFullResponse: true, ignoreHttpStatusErrors: true });
		expect(call?.options.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/wxaapi\/newtmpl\/gettemplate\?access_token=/);
	});
});

describe('Get Account Template', () => {
	it('gets one template chosen from the list', async () => {
		const items = await run('accountTemplate', 'get', { templateId: locator(SANDBOX_TEMPLATE_IDS.parkingFee, 'list') });
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json).toMatchObject({ templateId: SANDBOX_TEMPLATE_IDS.parkingFee, type: 'long-term' });
		expect((items[0].json.keywords as IDataObject[]).map((k) => k.key)).toEqual(['car_number1', 'time2', 'amount3', 'thing4']);
	});

	it('gets one template by ID or by a plain expression value', async () => {
		const byId = await run('accountTemplate', 'get', { templateId: locator(SANDBOX_TEMPLATE_IDS.examResult, 'id') });
		expect(byId[0].json.templateId).toBe(SANDBOX_TEMPLATE_IDS.examResult);
		const byExpression = await run('accountTemplate', 'get', { templateId: ` ${SANDBOX_TEMPLATE_IDS.examResult} ` });
		expect(byExpression[0].json.title).toBe(byId[0].json.title);
	});

	it('fails clearly, naming the operation and the fix, when the template does not exist', async () => {
		const failure = run('accountTemplate', 'get', { templateId: locator('NoSuchTemplate123', 'id') });
		await expect(failure).rejects.toThrow('Item 0: This mini program has no template with ID "NoSuchTemplate123"');
		await expect(failure).rejects.toMatchObject({ description: expect.stringMatching(/^Fix: Pick the template from the list/) });
	});

	it('with Continue On Fail, gives an error item paired with its input and carries on', async () => {
		const ids = ['NoSuchTemplate123', SANDBOX_TEMPLATE_IDS.orderShipped];
		const items = await run('accountTemplate', 'get', {}, {
			items: [{}, {}],
			continueOnFail: true,
			parameters: (name, i) => ({ resource: 'accountTemplate', operation: 'get', templateId: locator(ids[i], 'id') })[name],
		});
		expect(items).toHaveLength(2);
		expect(items[0]).toEqual({
			json: {
				success: false,
				reason: 'invalid_data',
				errcode: null,
				meaning: 'This mini program has no template with ID "NoSuchTemplate123"',
				fix: expect.stringContaining('Template Lookup → Account Template → Get Many'),
				rid: null,
				error: 'This mini program has no template with ID "NoSuchTemplate123"',
			},
			pairedItem: { item: 0 },
		});
		expect(items[1].json.templateId).toBe(SANDBOX_TEMPLATE_IDS.orderShipped);
		expect(items[1].pairedItem).toEqual({ item: 1 });
	});
});

describe('Category → Get Many', () => {
	it('returns the account’s categories', async () => {
		const items = await run('category', 'getAll');
		expect(json(items)).toEqual(SANDBOX_CATEGORIES.map((c) => ({ id: c.id, name: c.name })));
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});
});

describe('Search Public Templates', () => {
	const largeCategoryCount = SANDBOX_PUBLIC_TITLES.filter((t) => t.categoryId === SANDBOX_LARGE_CATEGORY_ID).length;

	it('the sandbox’s large category holds more than one page (the premise of the paging tests)', () => {
		expect(largeCategoryCount).toBeGreaterThanOrEqual(45);
		expect(largeCategoryCount).toBeLessThanOrEqual(60);
	});

	it('Return All pages through the whole category (limit 30 a call, start advanced until count)', async () => {
		const before = requestsTo(TITLES_PATH);
		const items = await run('publicTemplate', 'search', { categoryIds: [SANDBOX_LARGE_CATEGORY_ID], keyword: '', returnAll: true });
		expect(items).toHaveLength(largeCategoryCount);
		expect(new Set(json(items).map((t) => t.tid)).size).toBe(largeCategoryCount);
		expect(requestsTo(TITLES_PATH) - before).toBe(Math.ceil(largeCategoryCount / 30));
		expect(items[0].json).toEqual({ tid: expect.any(Number), title: expect.any(String), type: 'one-time', typeCode: 2, categoryId: String(SANDBOX_LARGE_CATEGORY_ID) });
	});

	it('Limit 10 makes one call and returns 10', async () => {
		const log: HttpExchange[] = [];
		const before = requestsTo(TITLES_PATH);
		const items = await run('publicTemplate', 'search', { categoryIds: [SANDBOX_LARGE_CATEGORY_ID], keyword: '', returnAll: false, limit: 10 }, { exchanges: log });
		expect(items).toHaveLength(10);
		expect(requestsTo(TITLES_PATH) - before).toBe(1);
		expect(log.find((r) => r.options.url.includes(TITLES_PATH))?.options.url).toMatch(/[?&]start=0&limit=10$/);
	});

	it('filters titles by keyword on our side, across pages', async () => {
		const expected = SANDBOX_PUBLIC_TITLES.filter((t) => t.categoryId === SANDBOX_LARGE_CATEGORY_ID && t.title.includes('订单')).map((t) => t.title);
		expect(expected.length).toBeGreaterThan(1);
		const items = await run('publicTemplate', 'search', { categoryIds: [SANDBOX_LARGE_CATEGORY_ID], keyword: '订单', returnAll: true });
		expect(json(items).map((t) => t.title)).toEqual(expected);
		const limited = await run('publicTemplate', 'search', { categoryIds: [SANDBOX_LARGE_CATEGORY_ID], keyword: '订单', returnAll: false, limit: 2 });
		expect(json(limited).map((t) => t.title)).toEqual(expected.slice(0, 2));
	});

	it('takes category IDs from an expression as "612,307"', async () => {
		const items = await run('publicTemplate', 'search', { categoryIds: '612, 307', keyword: '', returnAll: true });
		const expected = SANDBOX_PUBLIC_TITLES.filter((t) => t.categoryId === 612 || t.categoryId === 307).length;
		expect(items).toHaveLength(expected);
	});

	it('names the operation, errcode and fix when WeChat rejects the category IDs', async () => {
		const failure = run('publicTemplate', 'search', { categoryIds: ['999'], keyword: '', returnAll: true });
		await expect(failure).rejects.toThrow(/^Search Public Templates failed: WeChat errcode 200019: category ids invalid\. Use IDs from this account's categories/);
		await expect(failure).rejects.toMatchObject({ description: expect.stringContaining('Fix:') });
	});

	it('refuses no category or a non-numeric one before calling WeChat', async () => {
		const before = requestsTo(TITLES_PATH);
		await expect(run('publicTemplate', 'search', { categoryIds: [], returnAll: true })).rejects.toThrow('Search Public Templates: choose at least one category');
		await expect(run('publicTemplate', 'search', { categoryIds: ['abc'], returnAll: true })).rejects.toThrow('category ID "abc" is not a number');
		expect(requestsTo(TITLES_PATH)).toBe(before);
	});
});

describe('Get Public Template Keywords', () => {
	it('returns one item per keyword with its rule mapped to our keyword rules', async () => {
		const items = await run('publicTemplate', 'getKeywords', { tid: '1003' });
		expect(json(items)).toEqual([
			{ tid: 1003, kid: 1, name: '预约项目', example: '口腔检查', type: 'thing', rule: '≤ 20 characters' },
			{ tid: 1003, kid: 2, name: '预约状态', example: '预约成功', type: 'enum', rule: "one of the template's enum values" },
			{ tid: 1003, kid: 3, name: '预约人', example: '李四', type: 'name', rule: expect.stringMatching(/^≤ 10 Chinese characters/) },
			{ tid: 1003, kid: 4, name: '预约时间', example: '2024-05-03 09:30~10:00', type: 'time', rule: expect.stringMatching(/^24-hour time/) },
			{ tid: 1003, kid: 5, name: '温馨提示', example: '请准时到', type: 'phrase', rule: expect.stringMatching(/^≤ 5 Chinese/) },
			{ tid: 1003, kid: 6, name: '门店电话', example: '0755-86013388', type: 'phone_number', rule: expect.stringMatching(/^≤ 17 digits/) },
		]);
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('names the operation and the fix for an unknown tid', async () => {
		await expect(run('publicTemplate', 'getKeywords', { tid: '987654' })).rejects.toThrow(
			/^Get Public Template Keywords failed: WeChat errcode 200014: .*Take the tid from Template Lookup → Search Public Templates/,
		);
	});
});

describe('Add Template to Account and Delete Account Template', () => {
	it('adds a template (form-urlencoded), which then lists with its keywords in kid order, and deletes it', async () => {
		const log: HttpExchange[] = [];
		const added = await run('accountTemplate', 'add', { tid: '1001', keywordIds: '1,3,7', sceneDesc: '发货后通知' }, { exchanges: log });
		expect(added).toHaveLength(1);
		const templateId = added[0].json.templateId as string;
		expect(added[0]).toEqual({ json: { templateId: expect.any(String), tid: 1001, kidList: [1, 3, 7], sceneDesc: '发货后通知' }, pairedItem: { item: 0 } });

		const request = log.find((r) => r.options.url.includes(ADD_PATH))?.options;
		expect(request?.method).toBe('POST');
		expect((request?.headers as Record<string, string>)['Content-Type']).toBe('application/x-www-form-urlencoded');
		expect(request?.body).toBe(`tid=1001&kidList=1&kidList=3&kidList=7&sceneDesc=${encodeURIComponent('发货后通知')}`);

		const got = await run('accountTemplate', 'get', { templateId: locator(templateId, 'id') });
		expect((got[0].json.keywords as IDataObject[]).map((k) => [k.key, k.label])).toEqual([
			['thing1', '商品名称'],
			['time3', '发货时间'],
			['phone_number7', '联系电话'],
		]);

		const deleted = await run('accountTemplate', 'delete', { templateId: locator(templateId, 'id') });
		expect(deleted).toEqual([{ json: { templateId, deleted: true }, pairedItem: { item: 0 } }]);
		await expect(run('accountTemplate', 'get', { templateId: locator(templateId, 'id') })).rejects.toThrow(/no template with ID/);
		expect(await run('accountTemplate', 'getAll', { filters: {} })).toHaveLength(5);
	});

	it('falls back to a JSON body once when WeChat answers 200014 to the form', async () => {
		sandbox.addFault({ mode: 'errcode', errcode: 200014, count: 1, path: ADD_PATH });
		const log: HttpExchange[] = [];
		const before = requestsTo(ADD_PATH);
		const added = await run('accountTemplate', 'add', { tid: '1002', keywordIds: [1, 2], sceneDesc: '支付后' }, { exchanges: log });
		expect(added[0].json.templateId).toEqual(expect.any(String));
		expect(requestsTo(ADD_PATH) - before).toBe(2);
		const bodies = log.filter((r) => r.options.url.includes(ADD_PATH)).map((r) => r.options.body);
		expect(bodies[0]).toMatch(/^tid=1002&kidList=1&kidList=2&sceneDesc=/);
		expect(JSON.parse(String(bodies[1]))).toEqual({ tid: '1002', kidList: [1, 2], sceneDesc: '支付后' });
	});

	it('reports WeChat refusing a duplicate with the operation and the fix', async () => {
		await run('accountTemplate', 'add', { tid: '1001', keywordIds: '2,4', sceneDesc: '发货' });
		await expect(run('accountTemplate', 'add', { tid: '1001', keywordIds: '4,2', sceneDesc: '再次发货' })).rejects.toThrow(
			'Add Template to Account failed: WeChat errcode 200022: a template with the same title and keywords was already added. Use the existing template',
		);
	});

	it('checks keyword IDs and the scene description before calling WeChat', async () => {
		const before = requestsTo(ADD_PATH);
		await expect(run('accountTemplate', 'add', { tid: '1001', keywordIds: '1', sceneDesc: 'x' })).rejects.toThrow(
			'Item 0: Keyword IDs: give 2 to 5 (kid), got 1',
		);
		await expect(run('accountTemplate', 'add', { tid: '1001', keywordIds: '1,x', sceneDesc: 'x' })).rejects.toThrow(/positive whole numbers/);
		await expect(run('accountTemplate', 'add', { tid: '1001', keywordIds: '1,2', sceneDesc: '这是一个超过十五个字的场景描述文字啊' })).rejects.toThrow(
			/at most 15/,
		);
		expect(requestsTo(ADD_PATH)).toBe(before);
	});

	it('names the operation and the fix when deleting a template that does not exist', async () => {
		await expect(run('accountTemplate', 'delete', { templateId: locator('NoSuchTemplate123', 'id') })).rejects.toThrow(/^Delete Account Template failed: WeChat errcode 20002/);
	});
});

describe('item handling', () => {
	it('runs once per input item, pairing every output with its input', async () => {
		const tids = ['1001', '1002'];
		const items = await run('publicTemplate', 'getKeywords', {}, {
			items: [{ tid: tids[0] }, { tid: tids[1] }],
			parameters: (name, i) => ({ resource: 'publicTemplate', operation: 'getKeywords', tid: tids[i] })[name],
		});
		const first = items.filter((item) => (item.pairedItem as { item: number }).item === 0);
		const second = items.filter((item) => (item.pairedItem as { item: number }).item === 1);
		expect(first.map((item) => item.json.tid)).toEqual(new Array(8).fill(1001));
		expect(second.map((item) => item.json.tid)).toEqual(new Array(7).fill(1002));
	});

	it('with Continue On Fail, turns a WeChat error into an item with errcode, fix and rid', async () => {
		const items = await run('publicTemplate', 'getKeywords', { tid: '987654' }, { continueOnFail: true });
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json).toMatchObject({
			error: expect.stringMatching(/^Get Public Template Keywords failed: WeChat errcode 200014/),
			operation: 'Get Public Template Keywords',
			errcode: 200014,
			fix: expect.any(String),
		});
	});

	it('never puts the App Secret or the access token in an error', async () => {
		const log: HttpExchange[] = [];
		const items = await run('publicTemplate', 'search', { categoryIds: ['999'], returnAll: true }, { continueOnFail: true, exchanges: log });
		const token = new URL(log[log.length - 1].options.url).searchParams.get('access_token');
		expect(token).toBeTruthy();
		const text = JSON.stringify(items);
		expect(text).not.toContain(SANDBOX_APP_SECRET);
		expect(text).not.toContain(token as string);
	});
});

describe('Version 2: the public template and its keywords picked from lists', () => {
	const node = new WeChatTemplateLookup();
	const loadContext = (parameters: Record<string, unknown> = {}) => fakeLoadOptionsContext({ node: LOOKUP_NODE_V2, credentials: sandbox.credentials(), parameters });

	it('the picker searches the library across all of the account\'s categories, by title, value the tid', async () => {
		const all = await node.methods.listSearch.searchPublicTemplates.call(loadContext());
		expect(all.results.length).toBeGreaterThan(10);
		expect(all.results).toContainEqual({ name: '订单发货通知 (1001)', value: '1001' });
		const shipping = await node.methods.listSearch.searchPublicTemplates.call(loadContext(), '发货');
		expect(shipping.results.length).toBeGreaterThan(0);
		expect(shipping.results.every((result) => result.name.includes('发货'))).toBe(true);
	});

	it('the keyword list follows the chosen template (a locator, or text as version 1 saved it), and is empty before one is chosen', async () => {
		const keywords = await node.methods.loadOptions.getPublicTemplateKeywords.call(loadContext({ tid: locator('1001', 'list') }));
		expect(keywords.slice(0, 2)).toEqual([
			{ name: '商品名称 (1)', value: 1, description: expect.stringMatching(/^thing: .* \(e\.g\. iPhone 15 Pro 256G\)$/) },
			{ name: '订单编号 (2)', value: 2, description: expect.stringMatching(/^character_string: /) },
		]);
		expect(await node.methods.loadOptions.getPublicTemplateKeywords.call(loadContext({ tid: '1001' }))).toEqual(keywords);
		expect(await node.methods.loadOptions.getPublicTemplateKeywords.call(loadContext({ tid: locator('', 'list') }))).toEqual([]);
	});

	it('adds from the picked template and keywords, in the order picked, and reads an expression\'s text list the same', async () => {
		const picked = await run('accountTemplate', 'add', { tid: locator('1001', 'list'), keywordIds: [3, 1, 7], sceneDesc: '发货后通知' }, { node: LOOKUP_NODE_V2 });
		expect(picked[0].json).toEqual({ templateId: expect.any(String), tid: 1001, kidList: [3, 1, 7], sceneDesc: '发货后通知' });
		const byId = await run('accountTemplate', 'add', { tid: locator(' 1002 ', 'id'), keywordIds: '1,2', sceneDesc: '支付后' }, { node: LOOKUP_NODE_V2 });
		expect(byId[0].json).toMatchObject({ tid: 1002, kidList: [1, 2] });
	});

	it('Get Public Template Keywords takes the locator too, and refuses a tid that is not a number', async () => {
		const items = await run('publicTemplate', 'getKeywords', { tid: locator('1001', 'id') }, { node: LOOKUP_NODE_V2 });
		expect(items[0].json).toMatchObject({ tid: 1001, kid: 1, name: '商品名称' });
		await expect(run('publicTemplate', 'getKeywords', { tid: locator('abc', 'id') }, { node: LOOKUP_NODE_V2 })).rejects.toThrow(
			'Get Public Template Keywords: public template ID "abc" is not a number',
		);
	});

	it('a version 1 node as saved (tid and keyword IDs as text) still adds', async () => {
		const saved = await run('accountTemplate', 'add', { tid: '1001', keywordIds: '1, 3', sceneDesc: '发货' });
		expect(saved[0].json).toMatchObject({ tid: 1001, kidList: [1, 3] });
	});
});

describe('As an AI tool: adding and deleting account templates need the builder\'s leave', () => {
	it('the tool variant refuses Delete and Add unless Let the Agent Change the Account is on, and names the fix', async () => {
		const templateId = SANDBOX_TEMPLATE_IDS.orderShipped;
		const before = requestsTo('/wxaapi/newtmpl/deltemplate');
		await expect(run('accountTemplate', 'delete', { templateId: locator(templateId, 'id') }, { node: LOOKUP_TOOL_V2 })).rejects.toThrow(
			"Delete Account Template changes the mini program's account, and this tool does not let an AI agent change it",
		);
		await expect(run('accountTemplate', 'add', { tid: locator('1001'), keywordIds: [1, 2], sceneDesc: '发货' }, { node: LOOKUP_TOOL_V2 })).rejects.toThrow(
			/^Add Template to Account changes the mini program's account/,
		);
		const refusal = await run('accountTemplate', 'delete', { templateId: locator(templateId, 'id') }, { node: LOOKUP_TOOL_V2 }).catch((error: unknown) => error);
		expect((refusal as { description?: string }).description).toMatch(/Turn on "Let the Agent Change the Account"/);
		expect(requestsTo('/wxaapi/newtmpl/deltemplate') - before).toBe(0);
		expect(requestsTo(ADD_PATH)).toBe(0);
	});

	it('runs them when the builder turned it on, and reads freely either way', async () => {
		const added = await run('accountTemplate', 'add', { tid: locator('1001'), keywordIds: [1, 2], sceneDesc: '发货', allowAccountChanges: true }, { node: LOOKUP_TOOL_V2 });
		expect(added[0].json.templateId).toEqual(expect.any(String));
		expect(await run('accountTemplate', 'getAll', { filters: {} }, { node: LOOKUP_TOOL_V2 })).toHaveLength(6);
	});

	it('a version 1 tool node saved with Add or Delete keeps running them (its builder chose them; the switch starts on there)', async () => {
		const v1Tool: INode = { ...LOOKUP_TOOL_V2, typeVersion: 1 };
		const added = await run('accountTemplate', 'add', { tid: '1001', keywordIds: '1,2', sceneDesc: '发货' }, { node: v1Tool });
		expect(added[0].json.templateId).toEqual(expect.any(String));
		await expect(run('accountTemplate', 'add', { tid: '1001', keywordIds: '1,3', sceneDesc: '发货', allowAccountChanges: false }, { node: v1Tool })).rejects.toThrow(
			/this tool does not let an AI agent change it/,
		);
	});

	it('the node itself (not a tool) runs them as before, whatever its version', async () => {
		const added = await run('accountTemplate', 'add', { tid: locator('1001'), keywordIds: [1, 2], sceneDesc: '发货' }, { node: LOOKUP_NODE_V2 });
		expect(added[0].json.templateId).toEqual(expect.any(String));
	});
});
