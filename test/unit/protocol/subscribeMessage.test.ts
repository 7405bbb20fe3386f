import { InvalidInputError } from '../../../nodes/protocol/errors';
import {
	DATA_JSON_EXAMPLE,
	prepareSubscribeMessage,
	sendSubscribeMessage,
	valuesFromDataJson,
	type SubscribeMessageInput,
} from '../../../nodes/protocol/subscribeMessage';
import { normaliseAccountTemplate } from '../../../nodes/protocol/templateParsing';
import { recordingClient } from '../../helpers/recordingClient';
import { thrownBy } from '../../helpers/thrown';

const ORDER = normaliseAccountTemplate({
	priTmplId: 'ORDER_SHIPPED_TEMPLATE_0001',
	title: '订单发货通知',
	content: '商品名称:{{thing1.DATA}}\n发货时间:{{time2.DATA}}\n订单金额：{{amount3.DATA}}\n配送状态:{{phrase4.DATA}}\n',
	example: '商品名称:机械键盘\n发货时间:2024-05-01 10:00\n订单金额：¥199.00\n配送状态:配送中\n',
	type: 2,
});
const GOOD_VALUES = { thing1: '机械键盘', time2: '2024-05-01 10:00', amount3: '¥199.00', phrase4: '配送中' };
const OPENID = 'oUser00000000000000000000001';

function input(extra: Partial<SubscribeMessageInput> = {}): SubscribeMessageInput {
	return { touser: OPENID, templateId: ORDER.templateId, values: { ...GOOD_VALUES }, ...extra };
}

const refusal = (run: () => unknown): InvalidInputError => thrownBy(InvalidInputError, run);

const prepare = (extra: Partial<SubscribeMessageInput> = {}, truncateLongValues = false) =>
	prepareSubscribeMessage(input(extra), ORDER, { truncateLongValues });

describe('prepareSubscribeMessage: the body', () => {
	it('builds touser, template_id and data in keyword order, defaults left out', () => {
		expect(prepare()).toEqual({
			body: {
				touser: OPENID,
				template_id: 'ORDER_SHIPPED_TEMPLATE_0001',
				data: { thing1: { value: '机械键盘' }, time2: { value: '2024-05-01 10:00' }, amount3: { value: '¥199.00' }, phrase4: { value: '配送中' } },
			},
			truncated: [],
		});
		expect(Object.keys(prepare().body.data)).toEqual(['thing1', 'time2', 'amount3', 'phrase4']);
	});

	it('trims the OpenID, the template ID and the page', () => {
		const { body } = prepare({ touser: `  ${OPENID}\n`, templateId: ` ${ORDER.templateId} `, page: ' pages/index/index ' });
		expect(body.touser).toBe(OPENID);
		expect(body.template_id).toBe(ORDER.templateId);
		expect(body.page).toBe('pages/index/index');
	});

	it('sends page, a non-formal state and a non-Chinese language only when set', () => {
		expect(prepare({ page: 'pages/order/detail?id=42', miniprogramState: 'trial', lang: 'en_US' }).body).toMatchObject({
			page: 'pages/order/detail?id=42',
			miniprogram_state: 'trial',
			lang: 'en_US',
		});
		expect(prepare({ miniprogramState: 'developer', lang: 'zh_TW' }).body).toMatchObject({ miniprogram_state: 'developer', lang: 'zh_TW' });
		const defaults = prepare({ page: '', miniprogramState: 'formal', lang: 'zh_CN' }).body;
		expect(defaults).not.toHaveProperty('page');
		expect(defaults).not.toHaveProperty('miniprogram_state');
		expect(defaults).not.toHaveProperty('lang');
	});

	it('sends numbers as text', () => {
		const template = normaliseAccountTemplate({ priTmplId: 'N', title: '数量', content: '数量:{{number1.DATA}}\n', example: '数量:3\n', type: 2 });
		const { body } = prepareSubscribeMessage({ touser: OPENID, templateId: 'N', values: { number1: 42 } }, template, { truncateLongValues: false });
		expect(body.data).toEqual({ number1: { value: '42' } });
	});
});

describe('prepareSubscribeMessage: truncation', () => {
	const long = '一二三四五六七八九十一二三四五六七八九十一二';

	it('cuts a thing over 20 characters to 19 plus "…" when asked, and reports key and original length', () => {
		const prepared = prepare({ values: { ...GOOD_VALUES, thing1: long } }, true);
		expect(prepared.body.data.thing1.value).toBe(`${[...long].slice(0, 19).join('')}…`);
		expect([...prepared.body.data.thing1.value]).toHaveLength(20);
		expect(prepared.truncated).toEqual([{ key: 'thing1', originalLength: 22 }]);
	});

	it('leaves a thing of 20 characters and other keyword types alone', () => {
		expect(prepare({ values: { ...GOOD_VALUES, thing1: '🎉'.repeat(20) } }, true).truncated).toEqual([]);
		// A phrase is never cut: it is refused.
		expect(refusal(() => prepare({ values: { ...GOOD_VALUES, phrase4: '这是很长的配送状态' } }, true)).message).toContain('配送状态 (phrase4)');
	});

	it('refuses a long thing when truncation is off', () => {
		const error = refusal(() => prepare({ values: { ...GOOD_VALUES, thing1: long } }));
		expect(error.message).toContain('商品名称 (thing1)');
		expect(error.message).toContain('has 22 characters');
	});
});

describe('prepareSubscribeMessage: every problem listed', () => {
	it('lists every problem in one error, the first as its message, with the fix', () => {
		const error = refusal(() =>
			prepare({ touser: 'not an openid', page: '/pages/index', values: { thing1: '键盘\n鼠标', time2: '明天', amount3: '', thing9: 'x' } }),
		);
		expect(error.problems).toEqual([
			'Recipient OpenID "not an openid" is not an OpenID (letters, digits, - and _ only).',
			'Page "/pages/index" must be a page path like pages/order/detail?id=1 (no leading slash, no spaces).',
			'Template "订单发货通知" has no keyword thing9; its keywords are thing1, time2, amount3, phrase4.',
			expect.stringMatching(/^Keyword 商品名称 \(thing1\) .*line break/),
			expect.stringMatching(/^Keyword 发货时间 \(time2\) /),
			'Keyword 订单金额 (amount3) has no value: every keyword of the template is required.',
			'Keyword 配送状态 (phrase4) has no value: every keyword of the template is required.',
		]);
		expect(error.message).toBe(error.problems[0]);
		expect(error.fix).toBe('Correct the mapped value in the node (or the input item) and run again; nothing was sent for this item.');
	});

	it.each([
		['', 'Recipient OpenID is empty: map the OpenID of the user (e.g. {{ $json.openid }}).'],
		['   ', 'Recipient OpenID is empty'],
		['short', 'is not an OpenID'],
		['o'.repeat(65), 'is not an OpenID'],
		['oUser 000000000000000000001', 'is not an OpenID'],
	])('refuses the OpenID %j', (touser, words) => {
		expect(refusal(() => prepare({ touser })).message).toContain(words);
	});

	it('refuses a page with a space', () => {
		expect(refusal(() => prepare({ page: 'pages/index/index ?a=1' })).message).toContain('must be a page path');
	});

	it.each([undefined, null, ''])('takes %j as no value', (value) => {
		expect(refusal(() => prepare({ values: { ...GOOD_VALUES, thing1: value } })).message).toBe(
			'Keyword 商品名称 (thing1) has no value: every keyword of the template is required.',
		);
	});

	it('checks enum keywords against the values WeChat lists', () => {
		const template = normaliseAccountTemplate({
			priTmplId: 'ENUM',
			title: '审核结果通知',
			content: '审核结果:{{enum_string1.DATA}}\n备注:{{thing2.DATA}}\n',
			example: '审核结果:通过\n备注:资料齐全\n',
			type: 3,
			keywordEnumValueList: [{ keywordCode: 'enum_string1.DATA', enumValueList: ['通过', '驳回'] }],
		});
		const send = (status: string) =>
			prepareSubscribeMessage({ touser: OPENID, templateId: 'ENUM', values: { enum_string1: status, thing2: '资料齐全' } }, template, {
				truncateLongValues: false,
			});
		expect(send('驳回').body.data.enum_string1).toEqual({ value: '驳回' });
		expect(refusal(() => send('待定')).message).toContain('审核结果 (enum_string1)');
	});
});

describe('sendSubscribeMessage', () => {
	it('POSTs the body to subscribe/send as a change (retried only when WeChat surely did nothing)', async () => {
		const { client, calls } = recordingClient({ errcode: 0, errmsg: 'ok', msgid: '1864323726461255681' });
		const { body } = prepare();
		expect(await sendSubscribeMessage(client, body)).toBe('1864323726461255681');
		expect(calls).toEqual([
			{ method: 'POST', path: '/cgi-bin/message/subscribe/send', json: body, retry: 'not-accepted-only', operation: 'Send Subscription Message' },
		]);
	});

	it.each([
		[{ msgid: 42 }, '42'],
		[{ msgid: null }, ''],
		[{}, ''],
	])('reads the msgid of %j as %j', async (answer, msgid) => {
		const client = { call: async <T extends object>(): Promise<T> => answer as unknown as T };
		expect(await sendSubscribeMessage(client, prepare().body)).toBe(msgid);
	});
});

describe('valuesFromDataJson', () => {
	it('reads the full form { key: { value } }', () => {
		expect(valuesFromDataJson({ thing1: { value: '键盘' }, time2: { value: '15:01' } })).toEqual({ thing1: '键盘', time2: '15:01' });
	});

	it('reads the short form { key: value } and mixes of both', () => {
		expect(valuesFromDataJson({ thing1: '键盘', time2: { value: '15:01' }, number3: 7 })).toEqual({ thing1: '键盘', time2: '15:01', number3: 7 });
	});

	it('keeps an entry without a value field as it is', () => {
		expect(valuesFromDataJson({ thing1: { text: 'x' } })).toEqual({ thing1: { text: 'x' } });
	});

	it.each([['a string', '{"thing1":"x"}'], ['an array', [{ thing1: 'x' }]], ['null', null], ['a number', 3]])(
		'refuses %s with an InvalidInputError showing both forms',
		(_name, data) => {
			const error = refusal(() => valuesFromDataJson(data));
			expect(error.message).toBe('Template Data (JSON) must be an object');
			expect(error.fix).toContain(DATA_JSON_EXAMPLE);
			expect(error.fix).toContain('{"thing1": "键盘"}');
		},
	);
});
