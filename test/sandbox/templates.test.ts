import { SANDBOX_LARGE_CATEGORY_ID, SANDBOX_OPENIDS, SANDBOX_TEMPLATE_IDS } from '../../sandbox/seed';
import { useSandbox } from '../helpers/sandbox';
import { call, postJson, RID_SUFFIX, send, stableToken } from './helpers';

interface TemplateView {
	priTmplId: string;
	title: string;
	content: string;
	example: string;
	type: number;
	keywordEnumValueList?: Array<{ keywordCode: string; enumValueList: string[] }>;
}

describe('sandbox /wxaapi/newtmpl', () => {
	const sandbox = useSandbox();
	let token: string;

	beforeEach(async () => {
		token = await stableToken(sandbox);
	});

	const get = (op: string, query = '') => call(sandbox.url, 'GET', `/wxaapi/newtmpl/${op}?access_token=${token}${query}`);
	const postForm = (op: string, form: string) =>
		call(sandbox.url, 'POST', `/wxaapi/newtmpl/${op}?access_token=${token}`, {
			body: form,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
	const postBody = (op: string, value: unknown) => postJson(sandbox.url, `/wxaapi/newtmpl/${op}?access_token=${token}`, value);
	const templates = async () => (await get('gettemplate')).data as TemplateView[];

	describe('gettemplate', () => {
		it('lists the seeded account templates with WeChat content, example and type', async () => {
			const answer = await get('gettemplate');
			expect(answer.errcode).toBe(0);
			expect(answer.errmsg).toBe('ok');
			const list = answer.data as TemplateView[];
			expect(list.map((t) => t.priTmplId)).toEqual(Object.values(SANDBOX_TEMPLATE_IDS));
			expect(list[0]).toEqual({
				priTmplId: SANDBOX_TEMPLATE_IDS.orderShipped,
				title: '订单发货通知',
				content: '商品名称:{{thing1.DATA}}\n订单编号:{{character_string2.DATA}}\n发货时间:{{time3.DATA}}\n快递公司:{{thing4.DATA}}\n快递单号:{{character_string5.DATA}}\n',
				example: '商品名称:iPhone 15 Pro 256G\n订单编号:TS20240501123456\n发货时间:2024-05-01 15:01\n快递公司:顺丰速运\n快递单号:SF1234567890123\n',
				type: 2,
			});
			expect(new Set(list.map((t) => t.type))).toEqual(new Set([2, 3]));
		});

		it('covers every keyword type and carries keywordEnumValueList for the enum template', async () => {
			const list = await templates();
			const types = new Set(list.flatMap((t) => [...t.content.matchAll(/\{\{([a-z_]+)\d+\.DATA\}\}/g)].map((m) => m[1])));
			expect([...types].sort()).toEqual(
				['amount', 'car_number', 'character_string', 'date', 'enum_string', 'letter', 'name', 'number', 'phone_number', 'phrase', 'symbol', 'thing', 'time'].sort(),
			);
			const appointment = list.find((t) => t.priTmplId === SANDBOX_TEMPLATE_IDS.appointmentStatus);
			expect(appointment?.keywordEnumValueList).toEqual([
				{ keywordCode: 'enum_string2.DATA', enumValueList: ['预约成功', '预约取消', '预约失败'] },
			]);
			expect(list.filter((t) => t.keywordEnumValueList)).toHaveLength(1);
		});

		it('needs a valid token and a GET', async () => {
			expect((await call(sandbox.url, 'GET', '/wxaapi/newtmpl/gettemplate')).errcode).toBe(41001);
			expect((await postBody('gettemplate', {})).errcode).toBe(43001);
		});
	});

	it('getcategory lists the account categories', async () => {
		const answer = await get('getcategory');
		expect(answer.errcode).toBe(0);
		expect(answer.data).toContainEqual({ id: SANDBOX_LARGE_CATEGORY_ID, name: '电商平台' });
	});

	describe('getpubtemplatetitles', () => {
		it('pages through a category of more than 30 titles with count = total', async () => {
			const first = await get('getpubtemplatetitles', `&ids=${SANDBOX_LARGE_CATEGORY_ID}&start=0&limit=30`);
			expect(first.errcode).toBe(0);
			const total = first.count as number;
			expect(total).toBeGreaterThanOrEqual(45);
			const page1 = first.data as Array<{ tid: number; title: string; type: number; categoryId: string }>;
			expect(page1).toHaveLength(30);
			expect(page1[0]).toEqual({ tid: expect.any(Number), title: expect.any(String), type: 2, categoryId: String(SANDBOX_LARGE_CATEGORY_ID) });
			const second = await get('getpubtemplatetitles', `&ids=${SANDBOX_LARGE_CATEGORY_ID}&start=30&limit=30`);
			expect(second.count).toBe(total);
			const page2 = second.data as Array<{ tid: number }>;
			expect(page2).toHaveLength(total - 30);
			const tids = [...page1, ...page2].map((t) => t.tid);
			expect(new Set(tids).size).toBe(total);
			const beyond = await get('getpubtemplatetitles', `&ids=${SANDBOX_LARGE_CATEGORY_ID}&start=${total}&limit=30`);
			expect(beyond).toMatchObject({ errcode: 0, count: total, data: [] });
		});

		it('counts titles across several category ids', async () => {
			const one = (await get('getpubtemplatetitles', `&ids=307&start=0&limit=30`)).count as number;
			const both = await get('getpubtemplatetitles', `&ids=307,616&start=0&limit=30`);
			const two = (await get('getpubtemplatetitles', `&ids=616&start=0&limit=30`)).count as number;
			expect(both.count).toBe(one + two);
			expect((both.data as Array<{ type: number }>).some((t) => t.type === 3)).toBe(true);
		});

		it.each([
			['no ids', 200018, '&start=0&limit=10'],
			['empty ids', 200018, '&ids=&start=0&limit=10'],
			['non-numeric ids', 200019, '&ids=abc&start=0&limit=10'],
			['an unknown category', 200019, '&ids=999999&start=0&limit=10'],
			['no start', 200016, '&ids=612&limit=10'],
			['a negative start', 200016, '&ids=612&start=-1&limit=10'],
			['no limit', 200017, '&ids=612&start=0'],
			['limit 0', 200017, '&ids=612&start=0&limit=0'],
			['limit 31', 200017, '&ids=612&start=0&limit=31'],
		])('answers %s with %i', async (_name, errcode, query) => {
			const answer = await get('getpubtemplatetitles', query);
			expect(answer.errcode).toBe(errcode);
			expect(answer.errmsg).toMatch(RID_SUFFIX);
		});
	});

	describe('getpubtemplatekeywords', () => {
		it('lists kid, name, example and rule of a title', async () => {
			const answer = await get('getpubtemplatekeywords', '&tid=1001');
			expect(answer.errcode).toBe(0);
			expect(answer.count).toBe(8);
			expect((answer.data as unknown[])[0]).toEqual({ kid: 1, name: '商品名称', example: 'iPhone 15 Pro 256G', rule: 'thing' });
		});

		it.each(['&tid=999999', '&tid=abc', ''])('answers 200014 for tid query %j', async (query) => {
			expect((await get('getpubtemplatekeywords', query)).errcode).toBe(200014);
		});
	});

	describe('addtemplate and deltemplate', () => {
		it('adds from a form-urlencoded body with repeated kidList, and the template is usable', async () => {
			const answer = await postForm('addtemplate', `tid=1001&kidList=3&kidList=1&sceneDesc=${encodeURIComponent('发货提醒')}`);
			expect(answer.errcode).toBe(0);
			const priTmplId = answer.priTmplId as string;
			expect(priTmplId).toMatch(/^[A-Za-z0-9_-]{43}$/);
			const added = (await templates()).find((t) => t.priTmplId === priTmplId);
			expect(added).toEqual({
				priTmplId,
				title: '订单发货通知',
				content: '发货时间:{{time3.DATA}}\n商品名称:{{thing1.DATA}}\n',
				example: '发货时间:2024-05-01 15:01\n商品名称:iPhone 15 Pro 256G\n',
				type: 2,
			});
			const sent = await send(sandbox, token, {
				touser: SANDBOX_OPENIDS.alice,
				template_id: priTmplId,
				data: { time3: { value: '15:01' }, thing1: { value: '咖啡豆' } },
			});
			expect(sent.errcode).toBe(0);
		});

		it('adds from a JSON body, carrying the enum values of the chosen keywords', async () => {
			const answer = await postBody('addtemplate', { tid: '1003', kidList: [2, 1], sceneDesc: '预约变更' });
			expect(answer.errcode).toBe(0);
			const added = (await templates()).find((t) => t.priTmplId === answer.priTmplId);
			expect(added?.content).toBe('预约状态:{{enum_string2.DATA}}\n预约项目:{{thing1.DATA}}\n');
			expect(added?.keywordEnumValueList).toEqual([{ keywordCode: 'enum_string2.DATA', enumValueList: ['预约成功', '预约取消', '预约失败'] }]);
		});

		it.each([
			['one keyword', 200020, { tid: 1001, kidList: [1], sceneDesc: '发货' }],
			['six keywords', 200020, { tid: 1001, kidList: [1, 2, 3, 4, 5, 6], sceneDesc: '发货' }],
			['an unknown kid', 200020, { tid: 1001, kidList: [1, 99], sceneDesc: '发货' }],
			['a repeated kid', 200020, { tid: 1001, kidList: [1, 1], sceneDesc: '发货' }],
			['no kidList', 200020, { tid: 1001, sceneDesc: '发货' }],
			['a 16-character sceneDesc', 200021, { tid: 1001, kidList: [1, 2], sceneDesc: '一二三四五六七八九十一二三四五六' }],
			['no sceneDesc', 200021, { tid: 1001, kidList: [1, 2] }],
			['an unknown tid', 200014, { tid: 424242, kidList: [1, 2], sceneDesc: '发货' }],
			['the same keywords as a seeded template', 200022, { tid: 1001, kidList: [5, 4, 3, 2, 1], sceneDesc: '发货' }],
		])('refuses %s with %i', async (_name, errcode, body) => {
			const before = (await templates()).length;
			expect((await postBody('addtemplate', body)).errcode).toBe(errcode);
			expect(await templates()).toHaveLength(before);
		});

		it('accepts a 15-character sceneDesc and refuses to add the same template twice', async () => {
			const form = `tid=1002&kidList=1&kidList=2&sceneDesc=${encodeURIComponent('一二三四五六七八九十一二三四五')}`;
			expect((await postForm('addtemplate', form)).errcode).toBe(0);
			expect((await postForm('addtemplate', form)).errcode).toBe(200022);
		});

		it('deletes a template: gone from gettemplate, 40037 on send, 20002 when deleted again', async () => {
			const priTmplId = (await postBody('addtemplate', { tid: 1002, kidList: [1, 2], sceneDesc: '支付' })).priTmplId as string;
			expect(await postBody('deltemplate', { priTmplId })).toEqual({ errcode: 0, errmsg: 'ok' });
			expect((await templates()).map((t) => t.priTmplId)).not.toContain(priTmplId);
			const sent = await send(sandbox, token, {
				touser: SANDBOX_OPENIDS.alice,
				template_id: priTmplId,
				data: { amount1: { value: '¥1' }, date2: { value: '2024-05-01' } },
			});
			expect(sent.errcode).toBe(40037);
			expect((await postBody('deltemplate', { priTmplId })).errcode).toBe(20002);
			expect((await postForm('deltemplate', `priTmplId=${SANDBOX_TEMPLATE_IDS.examResult}`)).errcode).toBe(0);
		});

		it('needs POST', async () => {
			expect((await get('addtemplate', '&tid=1001')).errcode).toBe(43002);
			expect((await get('deltemplate')).errcode).toBe(43002);
		});
	});
});
