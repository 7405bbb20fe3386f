import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { WeChatMiniProgram } from '../../../nodes/WeChatMiniProgram/WeChatMiniProgram.node';
import { sharedTokenCache } from '../../../nodes/WeChat/token';
import { executeContext, locator } from '../../helpers/executeContext';
import { ENUM_TEMPLATE, FakeSendWeChat, GOOD_VALUES, ORDER_TEMPLATE_ID, openid } from './fake-send-wechat';

const APP_SECRET = 'sandbox-secret-0123456789abcdef';
const credentials = { appId: 'wx0123456789abcdef', appSecret: APP_SECRET, baseUrl: 'custom', customBaseUrl: 'http://wechat.test' };

interface RunOptions {
	items: IDataObject[];
	parameters?: Record<string, unknown>;
	perItem?: (name: string, itemIndex: number, item: IDataObject) => unknown;
	continueOnFail?: boolean;
}

function baseParameters(): Record<string, unknown> {
	return {
		resource: 'subscriptionMessage',
		operation: 'send',
		templateId: locator(ORDER_TEMPLATE_ID, 'list'),
		dataMode: 'mapped',
		templateData: { mappingMode: 'defineBelow', value: { ...GOOD_VALUES } },
		page: '',
		miniprogramState: 'formal',
		lang: 'zh_CN',
		options: {},
	};
}

async function run(wechat: FakeSendWeChat, options: RunOptions): Promise<INodeExecutionData[]> {
	const parameters = { ...baseParameters(), ...options.parameters };
	const ctx = executeContext({
		items: options.items,
		parameters: (name, itemIndex) => {
			const perItem = options.perItem?.(name, itemIndex, options.items[itemIndex]);
			if (perItem !== undefined) return perItem;
			if (name === 'touser') return options.items[itemIndex].openid;
			return parameters[name];
		},
		credentials,
		http: wechat.http,
		continueOnFail: options.continueOnFail,
	});
	const [output] = await new WeChatMiniProgram().execute.call(ctx);
	return output;
}

const users = (n: number) => Array.from({ length: n }, (_, i) => ({ openid: openid(i) }));

async function rejection(promise: Promise<unknown>): Promise<Error & { description?: string }> {
	try {
		await promise;
	} catch (error) {
		return error as Error & { description?: string };
	}
	throw new Error('expected the node to fail');
}

beforeEach(() => sharedTokenCache.clear());

describe('Send Subscription Message: request mapping', () => {
	it('maps parameters to exactly the body WeChat expects, defaults left out', async () => {
		const wechat = new FakeSendWeChat();
		const [item] = await run(wechat, { items: [{ openid: openid(1) }] });
		expect(wechat.sends).toHaveLength(1);
		expect(wechat.sends[0].body).toEqual({
			touser: openid(1),
			template_id: ORDER_TEMPLATE_ID,
			data: { thing1: { value: '机械键盘' }, time2: { value: '2024-05-01 10:00' }, amount3: { value: '¥199.00' }, phrase4: { value: '配送中' } },
		});
		expect(item.json).toEqual({
			success: true,
			msgid: '1864323726461255680',
			touser: openid(1),
			templateId: ORDER_TEMPLATE_ID,
			errcode: 0,
			errmsg: 'ok',
		});
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('sends page, trial state and language when set', async () => {
		const wechat = new FakeSendWeChat();
		await run(wechat, {
			items: [{ openid: openid(1) }],
			parameters: { page: 'pages/order/detail?id=42', miniprogramState: 'trial', lang: 'en_US' },
		});
		expect(wechat.sends[0].body).toMatchObject({ page: 'pages/order/detail?id=42', miniprogram_state: 'trial', lang: 'en_US' });
	});

	it('accepts raw JSON data in both the full and the short form', async () => {
		const wechat = new FakeSendWeChat();
		const json = JSON.stringify({ thing1: { value: '键盘' }, time2: '15:01', amount3: { value: '100元' }, phrase4: '已发货' });
		await run(wechat, { items: [{ openid: openid(1) }], parameters: { dataMode: 'json', dataJson: json } });
		expect(wechat.sends[0].body.data).toEqual({ thing1: { value: '键盘' }, time2: { value: '15:01' }, amount3: { value: '100元' }, phrase4: { value: '已发货' } });
	});

	it('takes values from input fields named like the keywords in auto-map mode (template chosen by expression)', async () => {
		const wechat = new FakeSendWeChat();
		await run(wechat, {
			items: [{ openid: openid(1), ...GOOD_VALUES, unrelated: 'x' }],
			parameters: { templateId: locator(ORDER_TEMPLATE_ID, 'id'), templateData: { mappingMode: 'autoMapInputData', value: null } },
		});
		expect(Object.keys(wechat.sends[0].body.data as object)).toEqual(['thing1', 'time2', 'amount3', 'phrase4']);
	});

	it('outputs the 19-digit msgid exactly, as a string', async () => {
		const wechat = new FakeSendWeChat();
		const out = await run(wechat, { items: users(3) });
		expect(out.map((i) => i.json.msgid)).toEqual(['1864323726461255680', '1864323726461255681', '1864323726461255682']);
	});

	it('uses one token call and one template lookup for a whole batch', async () => {
		const wechat = new FakeSendWeChat();
		await run(wechat, { items: users(40) });
		expect(wechat.tokenCalls).toBe(1);
		expect(wechat.templateCalls).toBe(1);
		expect(wechat.sends).toHaveLength(40);
	});
});

describe('Send Subscription Message: validation before sending', () => {
	it('stops before sending anything when an item is invalid, naming item, keyword, label, rule and length', async () => {
		const wechat = new FakeSendWeChat();
		const error = await rejection(
			run(wechat, {
				items: users(3),
				perItem: (name, i) =>
					name === 'templateData' && i === 1
						? { mappingMode: 'defineBelow', value: { ...GOOD_VALUES, thing1: '这是一个超过二十个字符长度限制的商品名称测试文本' } }
						: undefined,
			}),
		);
		expect(wechat.sends).toHaveLength(0);
		expect(error.message).toContain('Item 1');
		expect(error.message).toContain('商品名称 (thing1)');
		expect(error.message).toContain('has 24 characters');
		expect(error.message).toMatch(/20/);
	});

	it('with continue-on-fail, outputs the invalid item as a failure and sends the others', async () => {
		const wechat = new FakeSendWeChat();
		const out = await run(wechat, {
			items: users(3),
			continueOnFail: true,
			perItem: (name, i) => (name === 'templateData' && i === 0 ? { mappingMode: 'defineBelow', value: { ...GOOD_VALUES, time2: '明天上午' } } : undefined),
		});
		expect(wechat.sends.map((s) => s.body.touser)).toEqual([openid(1), openid(2)]);
		expect(out).toHaveLength(3);
		expect(out[0].json).toMatchObject({ success: false, reason: 'invalid_data' });
		expect(String(out[0].json.error)).toContain('发货时间 (time2)');
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[1].json.success).toBe(true);
	});

	it.each([
		['a missing keyword', { thing1: '键盘', time2: '15:01', amount3: '¥1' }, '配送状态 (phrase4) has no value'],
		['a keyword the template lacks', { ...GOOD_VALUES, thing9: 'x' }, 'has no keyword thing9'],
		['a line break', { ...GOOD_VALUES, thing1: '键盘\n鼠标' }, 'line break'],
		['a phrase with latin letters', { ...GOOD_VALUES, phrase4: 'ok' }, '配送状态 (phrase4)'],
		['an amount without digits', { ...GOOD_VALUES, amount3: '¥' }, '订单金额 (amount3)'],
	])('refuses %s', async (_name, value, words) => {
		const wechat = new FakeSendWeChat();
		const error = await rejection(run(wechat, { items: users(1), parameters: { templateData: { mappingMode: 'defineBelow', value } } }));
		expect(error.message + (error.description ?? '')).toContain(words);
		expect(wechat.sends).toHaveLength(0);
	});

	it('accepts only listed values for enum keywords', async () => {
		const wechat = new FakeSendWeChat();
		const parameters = (value: string) => ({
			templateId: locator(ENUM_TEMPLATE.priTmplId),
			templateData: { mappingMode: 'defineBelow', value: { enum_string1: value, thing2: '资料齐全' } },
		});
		await run(wechat, { items: users(1), parameters: parameters('通过') });
		expect(wechat.sends).toHaveLength(1);
		const error = await rejection(run(wechat, { items: users(1), parameters: parameters('待定') }));
		expect(error.message).toContain('审核结果 (enum_string1)');
		expect(wechat.sends).toHaveLength(1);
	});

	it('counts an emoji as one character (20 emoji fit a thing)', async () => {
		const wechat = new FakeSendWeChat();
		await run(wechat, { items: users(1), parameters: { templateData: { mappingMode: 'defineBelow', value: { ...GOOD_VALUES, thing1: '🎉'.repeat(20) } } } });
		expect(wechat.sends).toHaveLength(1);
	});

	it('truncates long thing values when asked and reports it', async () => {
		const wechat = new FakeSendWeChat();
		const long = '一二三四五六七八九十一二三四五六七八九十一二';
		const [item] = await run(wechat, {
			items: users(1),
			parameters: { options: { truncateLongValues: true }, templateData: { mappingMode: 'defineBelow', value: { ...GOOD_VALUES, thing1: long } } },
		});
		expect((wechat.sends[0].body.data as Record<string, { value: string }>).thing1.value).toBe(`${[...long].slice(0, 19).join('')}…`);
		expect(item.json.truncated).toEqual([{ key: 'thing1', originalLength: 22 }]);
	});

	it('fails clearly when the template is not in the account', async () => {
		const wechat = new FakeSendWeChat();
		const error = await rejection(run(wechat, { items: users(1), parameters: { templateId: locator('NOT_A_TEMPLATE_OF_THIS_APP') } }));
		expect(error.message).toContain('no template with ID "NOT_A_TEMPLATE_OF_THIS_APP"');
		expect(wechat.sends).toHaveLength(0);
	});

	it('refuses an empty or malformed OpenID', async () => {
		const wechat = new FakeSendWeChat();
		const error = await rejection(run(wechat, { items: [{ openid: '' }] }));
		expect(error.message).toContain('Recipient OpenID is empty');
		const error2 = await rejection(run(wechat, { items: [{ openid: 'not an openid' }] }));
		expect(error2.message).toContain('is not an OpenID');
	});
});

describe('Send Subscription Message: batches', () => {
	it('keeps input order and pairing whatever order sends finish in', async () => {
		const wechat = new FakeSendWeChat();
		wechat.delayFor = (i) => (i * 7919) % 13;
		const out = await run(wechat, { items: users(60), parameters: { options: { concurrency: 16 } } });
		expect(out.map((i) => i.json.touser)).toEqual(users(60).map((u) => u.openid));
		expect(out.map((i) => i.pairedItem)).toEqual(users(60).map((_, item) => ({ item })));
	});

	it('bounds parallel sends by Concurrency and never sends to one OpenID twice at once', async () => {
		const wechat = new FakeSendWeChat();
		wechat.delayFor = () => 3;
		// Every other item goes to the same user as the one before it.
		const items = Array.from({ length: 40 }, (_, i) => ({ openid: openid(Math.floor(i / 2)) }));
		const out = await run(wechat, { items, parameters: { options: { concurrency: 8 } } });
		expect(wechat.concurrentRefusals).toBe(0);
		expect(wechat.peakInFlight).toBeLessThanOrEqual(8);
		expect(wechat.peakInFlight).toBeGreaterThan(1);
		expect(out.every((i) => i.json.success === true)).toBe(true);
		expect(wechat.sends).toHaveLength(40);
	});

	it('outputs not-subscribed users as everyday outcomes by default', async () => {
		const wechat = new FakeSendWeChat();
		wechat.notSubscribed.add(openid(1));
		const out = await run(wechat, { items: users(3) });
		expect(out[1].json).toMatchObject({ success: false, reason: 'not_subscribed', errcode: 43101, touser: openid(1), msgid: null });
		expect(out[1].json.rid).toBe('1234-5678-9abc');
		expect(out[0].json.success && out[2].json.success).toBe(true);
	});

	it('fails on not-subscribed users when the option says so, and counts what was sent', async () => {
		const wechat = new FakeSendWeChat();
		wechat.notSubscribed.add(openid(2));
		const error = await rejection(run(wechat, { items: users(3), parameters: { options: { failOnNotSubscribed: true, concurrency: 1 } } }));
		expect(error.message).toContain('43101');
		expect(error.message).toContain('2 of 3 items were sent');
	});

	it('stops at a WeChat error without continue-on-fail, starts no further send, and says how many were sent', async () => {
		const wechat = new FakeSendWeChat();
		const original = wechat.http;
		let sends = 0;
		wechat.http = async (request) => {
			if (request.url.includes('subscribe/send') && ++sends === 4) wechat.scriptedErrcodes = [41030];
			return await original(request);
		};
		const error = await rejection(run(wechat, { items: users(10), parameters: { options: { concurrency: 1 } } }));
		expect(wechat.sends).toHaveLength(4);
		expect(error.message).toContain('41030');
		expect(error.message).toContain('3 of 10 items were sent');
		expect(error.description).toContain('Continue On Fail');
	});

	it('with continue-on-fail, a WeChat refusal becomes that item’s output with meaning and fix', async () => {
		const wechat = new FakeSendWeChat();
		wechat.scriptedErrcodes = [45168];
		const out = await run(wechat, { items: users(2), continueOnFail: true, parameters: { options: { concurrency: 1 } } });
		expect(out[0].json).toMatchObject({ success: false, reason: 'wechat_error', errcode: 45168, touser: openid(0) });
		expect(String(out[0].json.fix)).toContain('sensitive');
		expect(out[1].json.success).toBe(true);
	});

	it('refreshes a token rejected mid-batch exactly once for all in-flight items', async () => {
		const wechat = new FakeSendWeChat();
		wechat.delayFor = () => 2;
		const original = wechat.http;
		let sends = 0;
		wechat.http = async (request) => {
			if (request.url.includes('subscribe/send') && ++sends === 20) wechat.rotateToken();
			return await original(request);
		};
		const out = await run(wechat, { items: users(50), parameters: { options: { concurrency: 10 } } });
		expect(out.every((i) => i.json.success === true)).toBe(true);
		expect(wechat.tokenCalls).toBe(2);
		// Several in-flight sends were refused with the dead token; each was sent again once and accepted once.
		expect(wechat.staleTokenRefusals).toBeGreaterThan(1);
		expect(wechat.sends).toHaveLength(50);
		expect(new Set(wechat.sends.map((s) => s.body.touser)).size).toBe(50);
	});

	it('retries a rate-limited send and sends it once', async () => {
		const wechat = new FakeSendWeChat();
		wechat.scriptedErrcodes = [45011];
		const out = await run(wechat, { items: users(1) });
		expect(out[0].json.success).toBe(true);
		expect(wechat.sends).toHaveLength(2);
	});

	it('does not retry a rate limit when Retry on Rate Limit is off', async () => {
		const wechat = new FakeSendWeChat();
		wechat.scriptedErrcodes = [45011];
		const out = await run(wechat, { items: users(1), continueOnFail: true, parameters: { options: { retryOnRateLimit: false } } });
		expect(out[0].json).toMatchObject({ success: false, errcode: 45011 });
		expect(wechat.sends).toHaveLength(1);
	});
});

describe('Send Subscription Message: a credential WeChat refuses', () => {
	it('with Continue On Fail, gives every item the errcode, meaning and fix, after one token call and no send', async () => {
		const wechat = new FakeSendWeChat();
		wechat.tokenErrcode = 40125;
		const out = await run(wechat, { items: users(3), continueOnFail: true });
		expect(out).toHaveLength(3);
		for (const [index, item] of out.entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ success: false, msgid: null, reason: 'wechat_error', errcode: 40125, rid: '8888-9999-0000' });
			expect(String(item.json.fix)).toMatch(/AppSecret/);
			expect(String(item.json.error)).toMatch(/40125/);
		}
		expect(wechat.tokenCalls).toBe(1);
		expect(wechat.sends).toHaveLength(0);
		expect(JSON.stringify(out)).not.toContain(APP_SECRET);
	});

	it('without it, stops with the errcode and the fix, nothing sent', async () => {
		const wechat = new FakeSendWeChat();
		wechat.tokenErrcode = 40125;
		const error = await rejection(run(wechat, { items: users(2) }));
		expect(`${error.message} ${error.description ?? ''}`).toMatch(/40125/);
		expect(wechat.sends).toHaveLength(0);
	});
});

describe('Send Subscription Message: secrets', () => {
	it('puts no App Secret or access token in outputs or errors', async () => {
		const wechat = new FakeSendWeChat();
		wechat.scriptedErrcodes = [47003, 40037];
		const out = await run(wechat, { items: users(3), continueOnFail: true, parameters: { options: { concurrency: 1 } } });
		const text = JSON.stringify(out);
		expect(text).not.toContain(APP_SECRET);
		expect(text).not.toContain('ACCESS-TOKEN');
		wechat.scriptedErrcodes = [40037];
		const error = await rejection(run(wechat, { items: users(1) }));
		expect(JSON.stringify({ m: error.message, d: error.description, e: error })).not.toMatch(/ACCESS-TOKEN|sandbox-secret/);
	});
});
