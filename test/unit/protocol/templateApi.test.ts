import type { WeChatCall } from '../../../nodes/protocol/client';
import { InvalidInputError, templateNotFoundError, WeChatApiError } from '../../../nodes/protocol/errors';
import { addTemplateToAccount, assertAddTemplateInput, deleteAccountTemplate, requireAccountTemplate, listCategories, listPublicTemplateKeywords, searchPublicTemplates, type TemplateApiClient } from '../../../nodes/protocol/templateApi';

/** A client that records each call and answers from a function (or throws what it returns as an Error). */
function fakeClient(answer: (call: WeChatCall) => object | Error) {
	const calls: WeChatCall[] = [];
	const client: TemplateApiClient = {
		call: async <T extends object>(call: WeChatCall): Promise<T> => {
			calls.push(call);
			const result = answer(call);
			if (result instanceof Error) throw result;
			return result as T;
		},
	};
	return { client, calls };
}

/** A public library of `count` titles, served page by page the way getpubtemplatetitles does. */
function library(count: number, titleOf = (i: number) => `模板${i}`) {
	return fakeClient((call) => {
		const start = Number(call.query?.start);
		const limit = Number(call.query?.limit);
		expect(limit).toBeGreaterThanOrEqual(1);
		expect(limit).toBeLessThanOrEqual(30);
		const data = [];
		for (let i = start; i < Math.min(count, start + limit); i++) {
			data.push({ tid: 1000 + i, title: titleOf(i), type: 2, categoryId: '612' });
		}
		return { errcode: 0, count, data };
	});
}

describe('searchPublicTemplates pagination', () => {
	it('Return All with count 45: two calls (limit 30, start 0 then 30), all 45 titles', async () => {
		const { client, calls } = library(45);
		const titles = await searchPublicTemplates(client, { categoryIds: ['612'], returnAll: true, limit: 0 }, 'Search Public Templates');
		expect(titles).toHaveLength(45);
		expect(new Set(titles.map((t) => t.tid)).size).toBe(45);
		expect(calls.map((c) => c.query)).toEqual([
			{ ids: '612', start: 0, limit: 30 },
			{ ids: '612', start: 30, limit: 30 },
		]);
		expect(calls.every((c) => c.method === 'GET' && c.path === '/wxaapi/newtmpl/getpubtemplatetitles' && c.retry === 'idempotent')).toBe(true);
		expect(calls[0].operation).toBe('Search Public Templates');
	});

	it('Limit 10: one call asking for 10', async () => {
		const { client, calls } = library(45);
		const titles = await searchPublicTemplates(client, { categoryIds: ['612'], returnAll: false, limit: 10 }, 'op');
		expect(titles).toHaveLength(10);
		expect(calls).toHaveLength(1);
		expect(calls[0].query).toEqual({ ids: '612', start: 0, limit: 10 });
	});

	it('Limit 40 of 45: a page of 30, then a page of 10', async () => {
		const { client, calls } = library(45);
		const titles = await searchPublicTemplates(client, { categoryIds: [612, 307], returnAll: false, limit: 40 }, 'op');
		expect(titles).toHaveLength(40);
		expect(calls.map((c) => [c.query?.ids, c.query?.start, c.query?.limit])).toEqual([
			['612,307', 0, 30],
			['612,307', 30, 10],
		]);
	});

	it('Limit above count: stops at the end of the library', async () => {
		const { client, calls } = library(45);
		expect(await searchPublicTemplates(client, { categoryIds: ['612'], returnAll: false, limit: 100 }, 'op')).toHaveLength(45);
		expect(calls).toHaveLength(2);
	});

	it('with a keyword and a Limit, keeps paging until Limit titles match', async () => {
		// Every 10th title is about 发货: matches at 0, 10, 20, 30, 40.
		const { client, calls } = library(45, (i) => (i % 10 === 0 ? `订单发货提醒${i}` : `其他通知${i}`));
		const titles = await searchPublicTemplates(client, { categoryIds: ['612'], keyword: '发货', returnAll: false, limit: 4 }, 'op');
		expect(titles.map((t) => t.title)).toEqual(['订单发货提醒0', '订单发货提醒10', '订单发货提醒20', '订单发货提醒30']);
		expect(calls.map((c) => c.query?.limit)).toEqual([30, 30]);
	});

	it('with a keyword and Return All, pages to the end and keeps only matches', async () => {
		const { client, calls } = library(45, (i) => (i % 10 === 0 ? `Order Shipped ${i}` : `other ${i}`));
		const titles = await searchPublicTemplates(client, { categoryIds: ['612'], keyword: ' order SHIPPED ', returnAll: true, limit: 0 }, 'op');
		expect(titles).toHaveLength(5);
		expect(calls).toHaveLength(2);
	});

	it('stops on an empty page even if count claims more', async () => {
		const { client, calls } = fakeClient(() => ({ count: 100, data: [] }));
		expect(await searchPublicTemplates(client, { categoryIds: ['612'], returnAll: true, limit: 0 }, 'op')).toEqual([]);
		expect(calls).toHaveLength(1);
	});

	it('makes no call for Limit 0', async () => {
		const { client, calls } = library(45);
		expect(await searchPublicTemplates(client, { categoryIds: ['612'], returnAll: false, limit: 0 }, 'op')).toEqual([]);
		expect(calls).toHaveLength(0);
	});

	it('normalises titles (categoryId as string, type name)', async () => {
		const { client } = fakeClient(() => ({ count: 1, data: [{ tid: 99, title: '乘车成功通知', type: 3, categoryId: 616 }] }));
		expect(await searchPublicTemplates(client, { categoryIds: ['616'], returnAll: true, limit: 0 }, 'op')).toEqual([
			{ tid: 99, title: '乘车成功通知', type: 'long-term', typeCode: 3, categoryId: '616' },
		]);
	});
});

describe('addTemplateToAccount', () => {
	const input = { tid: '1001', kidList: [1, 3, 2], sceneDesc: '下单后通知发货' };

	it('sends form-urlencoded fields first, as a change (not-accepted-only retry)', async () => {
		const { client, calls } = fakeClient(() => ({ errcode: 0, priTmplId: 'NEW_ID' }));
		expect(await addTemplateToAccount(client, input, 'Add Template to Account')).toBe('NEW_ID');
		expect(calls).toEqual([
			{
				method: 'POST',
				path: '/wxaapi/newtmpl/addtemplate',
				form: { tid: '1001', kidList: [1, 3, 2], sceneDesc: '下单后通知发货' },
				retry: 'not-accepted-only',
				operation: 'Add Template to Account',
			},
		]);
	});

	it('falls back once to JSON when WeChat answers 200014 to the form', async () => {
		const { client, calls } = fakeClient((call) =>
			call.form ? new WeChatApiError({ operation: 'Add Template to Account', kind: 'errcode', errcode: 200014, errmsg: 'invalid tid rid: 1-2-3' }) : { priTmplId: 'JSON_ID' },
		);
		expect(await addTemplateToAccount(client, input, 'Add Template to Account')).toBe('JSON_ID');
		expect(calls).toHaveLength(2);
		expect(calls[1]).toMatchObject({ json: { tid: '1001', kidList: [1, 3, 2], sceneDesc: '下单后通知发货' }, retry: 'not-accepted-only' });
		expect(calls[1].form).toBeUndefined();
	});

	it('reports the JSON attempt’s error when both fail, and tries no third time', async () => {
		const { client, calls } = fakeClient(() => new WeChatApiError({ operation: 'Add Template to Account', kind: 'errcode', errcode: 200014 }));
		await expect(addTemplateToAccount(client, input, 'Add Template to Account')).rejects.toMatchObject({ errcode: 200014 });
		expect(calls).toHaveLength(2);
	});

	it('does not fall back on other errors', async () => {
		const { client, calls } = fakeClient(() => new WeChatApiError({ operation: 'Add Template to Account', kind: 'errcode', errcode: 200020 }));
		await expect(addTemplateToAccount(client, input, 'Add Template to Account')).rejects.toThrow(/200020/);
		expect(calls).toHaveLength(1);
	});

	it('treats an answer without priTmplId as a bad response', async () => {
		const { client } = fakeClient(() => ({ errcode: 0 }));
		await expect(addTemplateToAccount(client, input, 'Add Template to Account')).rejects.toMatchObject({ kind: 'bad-response' });
	});
});

describe('assertAddTemplateInput', () => {
	it.each([
		[{ tid: '1001', kidList: [1, 2], sceneDesc: '' }, null],
		[{ tid: 1001, kidList: [1, 2, 3, 4, 5], sceneDesc: '一二三四五六七八九十一二三四五' }, null],
		[{ tid: 'abc', kidList: [1, 2], sceneDesc: '' }, /not a number/],
		[{ tid: '1001', kidList: [1], sceneDesc: '' }, /give 2 to 5 \(kid\), got 1/],
		[{ tid: '1001', kidList: [1, 2, 3, 4, 5, 6], sceneDesc: '' }, /got 6/],
		[{ tid: '1001', kidList: [1, Number.NaN], sceneDesc: '' }, /positive whole numbers/],
		[{ tid: '1001', kidList: [1, 1], sceneDesc: '' }, /once/],
		[{ tid: '1001', kidList: [1, 2], sceneDesc: '一二三四五六七八九十一二三四五六' }, /16 characters; WeChat allows at most 15/],
	])('%j', (input, expected) => {
		if (expected === null) {
			expect(() => assertAddTemplateInput(input)).not.toThrow();
			return;
		}
		const thrown = (() => {
			try {
				assertAddTemplateInput(input);
			} catch (error) {
				return error;
			}
			return undefined;
		})();
		expect(thrown).toBeInstanceOf(InvalidInputError);
		expect((thrown as InvalidInputError).message).toMatch(expected);
		expect((thrown as InvalidInputError).fix.length).toBeGreaterThan(10);
	});
});

describe('the other template calls', () => {
	it('deleteAccountTemplate posts JSON priTmplId as a change', async () => {
		const { client, calls } = fakeClient(() => ({ errcode: 0 }));
		await deleteAccountTemplate(client, ' ID1 ', 'Delete Account Template');
		expect(calls).toEqual([
			{ method: 'POST', path: '/wxaapi/newtmpl/deltemplate', json: { priTmplId: 'ID1' }, retry: 'not-accepted-only', operation: 'Delete Account Template' },
		]);
	});

	it('listCategories and listPublicTemplateKeywords read data[]', async () => {
		const { client, calls } = fakeClient((call) =>
			call.path.endsWith('getcategory')
				? { data: [{ id: 616, name: '公交' }] }
				: { count: 1, data: [{ kid: 1, name: '物品名称', example: '名称', rule: 'thing' }] },
		);
		expect(await listCategories(client, 'List Categories')).toEqual([{ id: 616, name: '公交' }]);
		expect(await listPublicTemplateKeywords(client, 99, 'Get Public Template Keywords')).toEqual([
			{ kid: 1, name: '物品名称', example: '名称', type: 'thing', rule: '≤ 20 characters' },
		]);
		expect(calls[1].query).toEqual({ tid: '99' });
	});

	it('requireAccountTemplate finds by priTmplId, or throws the one template-not-found error', async () => {
		const { client } = fakeClient(() => ({
			data: [{ priTmplId: 'A', title: '甲', content: '名称:{{thing1.DATA}}', example: '名称:咖啡', type: 2 }],
		}));
		expect((await requireAccountTemplate(client, 'A', 'op')).keywords[0]).toMatchObject({ key: 'thing1', label: '名称', example: '咖啡' });
		await expect(requireAccountTemplate(client, 'B', 'op')).rejects.toThrow(templateNotFoundError('B'));
		await expect(requireAccountTemplate(client, 'B', 'op')).rejects.toBeInstanceOf(InvalidInputError);
	});

	it('tolerates a missing data array', async () => {
		const { client } = fakeClient(() => ({ errcode: 0 }));
		expect(await listCategories(client, 'op')).toEqual([]);
	});
});
