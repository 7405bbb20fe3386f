/**
 * Subscription Message → Send (executeBatch) in the fake n8n context, over real HTTP to the sandbox:
 * the body it sends, its checks before sending, batches (order, concurrency, one send at a time per
 * OpenID, stopping), WeChat's refusals, token loss, and no secret in outputs or errors. The sandbox's
 * faults, latency, counters and request log stand in for every scripted answer.
 */
import type { IDataObject, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';

import { extractRid } from '../../nodes/protocol/errors';
import { MIN_REFRESH_INTERVAL_MS } from '../../nodes/protocol/templateCache';
import { WeChatMiniProgram } from '../../nodes/WeChatMiniProgram/WeChatMiniProgram.node';
import { SANDBOX_OPENIDS, SANDBOX_TEMPLATE_IDS, sandboxOpenId } from '../../sandbox/seed';
import { FIRST_MSGID } from '../../sandbox/state';
import { fakeExecuteContext, locator, realHttpRequest, type HttpExchange, type N8nHttpRequest } from '../helpers/fakeN8nContext';
import { useSandbox } from '../helpers/sandbox';
import { rejectionOf } from '../helpers/thrown';

const SEND_PATH = '/cgi-bin/message/subscribe/send';
const TOKEN_PATH = '/cgi-bin/stable_token';
const TEMPLATE_PATH = '/wxaapi/newtmpl/gettemplate';
const ORDER_TEMPLATE_ID = SANDBOX_TEMPLATE_IDS.orderShipped;

/** Valid values for every keyword of the seeded 订单发货通知 template. */
const GOOD_VALUES = {
	thing1: '机械键盘',
	character_string2: 'TS20240501123456',
	time3: '2024-05-01 10:00',
	thing4: '顺丰速运',
	character_string5: 'SF1234567890',
};
const GOOD_DATA = {
	thing1: { value: '机械键盘' },
	character_string2: { value: 'TS20240501123456' },
	time3: { value: '2024-05-01 10:00' },
	thing4: { value: '顺丰速运' },
	character_string5: { value: 'SF1234567890' },
};

const sandbox = useSandbox();

interface RunOptions {
	items: IDataObject[];
	parameters?: Record<string, unknown>;
	perItem?: (name: string, itemIndex: number, item: IDataObject) => unknown;
	continueOnFail?: boolean;
	credentials?: Record<string, unknown>;
	http?: N8nHttpRequest;
	exchanges?: HttpExchange[];
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

async function run(options: RunOptions): Promise<INodeExecutionData[]> {
	const parameters = { ...baseParameters(), ...options.parameters };
	const ctx = fakeExecuteContext({
		items: options.items,
		parameters: (name, itemIndex) => {
			const perItem = options.perItem?.(name, itemIndex, options.items[itemIndex]);
			if (perItem !== undefined) return perItem;
			if (name === 'touser') return options.items[itemIndex].openid;
			return parameters[name];
		},
		credentials: options.credentials ?? sandbox.credentials(),
		continueOnFail: options.continueOnFail,
		http: options.http,
		exchanges: options.exchanges,
	});
	const [output] = await new WeChatMiniProgram().execute.call(ctx);
	return output;
}

const users = (n: number) => Array.from({ length: n }, (_, i) => ({ openid: sandboxOpenId(i) }));

/** Send calls that reached the sandbox (performed or refused). */
const sendCalls = () => sandbox.requests({ path: SEND_PATH }).length;

/** The JSON bodies of the send calls, as they went over the wire. */
const sentBodies = (exchanges: HttpExchange[]) =>
	exchanges.filter((e) => e.options.url.includes(SEND_PATH)).map((e) => JSON.parse(String(e.options.body)) as IDataObject);

/** The rid of the first answer of `path` that carried `errcode`. */
function ridOfAnswer(exchanges: HttpExchange[], path: string, errcode: number): string | undefined {
	const answer = exchanges.find((e) => e.options.url.includes(path) && (JSON.parse(e.body) as { errcode?: number }).errcode === errcode);
	return answer && extractRid(String((JSON.parse(answer.body) as { errmsg?: unknown }).errmsg));
}

/** The error the node stops with: n8n's NodeApiError or NodeOperationError, both with a description. */
const rejection = async (promise: Promise<unknown>): Promise<Error & { description?: string }> => await rejectionOf(Error, promise);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Send Subscription Message: request mapping', () => {
	it('maps parameters to exactly the body WeChat expects, defaults left out', async () => {
		const exchanges: HttpExchange[] = [];
		const [item] = await run({ items: [{ openid: SANDBOX_OPENIDS.alice }], exchanges });
		expect(sentBodies(exchanges)).toEqual([{ touser: SANDBOX_OPENIDS.alice, template_id: ORDER_TEMPLATE_ID, data: GOOD_DATA }]);
		expect(sandbox.messages()).toHaveLength(1);
		expect(item.json).toEqual({
			success: true,
			msgid: String(FIRST_MSGID),
			touser: SANDBOX_OPENIDS.alice,
			templateId: ORDER_TEMPLATE_ID,
			errcode: 0,
			errmsg: 'ok',
			longTerm: false,
			quotaDelta: -1,
		});
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('sends page, trial state and language when set', async () => {
		const exchanges: HttpExchange[] = [];
		await run({
			items: [{ openid: SANDBOX_OPENIDS.alice }],
			parameters: { page: 'pages/order/detail?id=42', miniprogramState: 'trial', lang: 'en_US' },
			exchanges,
		});
		expect(sentBodies(exchanges)[0]).toMatchObject({ page: 'pages/order/detail?id=42', miniprogram_state: 'trial', lang: 'en_US' });
		expect(sandbox.messages()[0]).toMatchObject({ page: 'pages/order/detail?id=42', miniprogramState: 'trial', lang: 'en_US' });
	});

	it('accepts raw JSON data in both the full and the short form', async () => {
		const json = JSON.stringify({
			thing1: { value: '键盘' },
			character_string2: 'A20240501',
			time3: '15:01',
			thing4: { value: '顺丰' },
			character_string5: 'SF1',
		});
		await run({ items: [{ openid: SANDBOX_OPENIDS.alice }], parameters: { dataMode: 'json', dataJson: json } });
		expect(sandbox.messages()[0].data).toEqual({
			thing1: { value: '键盘' },
			character_string2: { value: 'A20240501' },
			time3: { value: '15:01' },
			thing4: { value: '顺丰' },
			character_string5: { value: 'SF1' },
		});
	});

	it('takes values from input fields named like the keywords in auto-map mode (template chosen by expression)', async () => {
		const exchanges: HttpExchange[] = [];
		await run({
			items: [{ openid: SANDBOX_OPENIDS.alice, ...GOOD_VALUES, unrelated: 'x' }],
			parameters: { templateId: locator(ORDER_TEMPLATE_ID, 'id'), templateData: { mappingMode: 'autoMapInputData', value: null } },
			exchanges,
		});
		expect(Object.keys(sentBodies(exchanges)[0].data as object)).toEqual(['thing1', 'character_string2', 'time3', 'thing4', 'character_string5']);
	});

	it('outputs the 19-digit msgid exactly, as a string', async () => {
		expect(FIRST_MSGID > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true); // the premise: a JSON.parse would change it
		const out = await run({ items: users(3) });
		expect(out.map((i) => i.json.msgid).sort()).toEqual([FIRST_MSGID, FIRST_MSGID + 1n, FIRST_MSGID + 2n].map(String));
		for (const item of out) {
			expect(item.json.msgid).toBe(sandbox.messages({ openid: String(item.json.touser) })[0].msgid);
		}
	});

	it('uses one token call and one template lookup for a whole batch', async () => {
		await run({ items: users(40) });
		const counters = sandbox.counters();
		expect(counters.tokenCalls.stableToken).toBe(1);
		expect(counters.requests[TEMPLATE_PATH]).toBe(1);
		expect(sandbox.messages()).toHaveLength(40);
	});
});

describe('Send Subscription Message: validation before sending', () => {
	it('stops before sending anything when an item is invalid, naming item, keyword, label, rule and length', async () => {
		const error = await rejection(
			run({
				items: users(3),
				perItem: (name, i) =>
					name === 'templateData' && i === 1
						? { mappingMode: 'defineBelow', value: { ...GOOD_VALUES, thing1: '这是一个超过二十个字符长度限制的商品名称测试文本' } }
						: undefined,
			}),
		);
		expect(sendCalls()).toBe(0);
		expect(error.message).toContain('Item 1');
		expect(error.message).toContain('商品名称 (thing1)');
		expect(error.message).toContain('has 24 characters');
		expect(error.message).toMatch(/20/);
	});

	it('with continue-on-fail, outputs the invalid item as a failure and sends the others', async () => {
		const out = await run({
			items: users(3),
			continueOnFail: true,
			parameters: { options: { concurrency: 1 } },
			perItem: (name, i) => (name === 'templateData' && i === 0 ? { mappingMode: 'defineBelow', value: { ...GOOD_VALUES, time3: '明天上午' } } : undefined),
		});
		expect(sandbox.requests({ path: SEND_PATH }).map((r) => r.touser)).toEqual([sandboxOpenId(1), sandboxOpenId(2)]);
		expect(out).toHaveLength(3);
		expect(out[0].json).toMatchObject({ success: false, reason: 'invalid_data' });
		expect(String(out[0].json.error)).toContain('发货时间 (time3)');
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[1].json.success).toBe(true);
	});

	const appointment = { thing1: '口腔检查', enum_string2: '预约成功', name3: '李四', time4: '2024-05-03 09:30', phrase5: '请准时到' };
	const payment = { amount1: '¥128.00', date2: '2024年5月1日', character_string3: 'TS20240501', number4: '2', phone_number5: '400-888-8888' };
	const { character_string5: _left, ...missingOne } = GOOD_VALUES;
	it.each([
		['a missing keyword', ORDER_TEMPLATE_ID, missingOne, '快递单号 (character_string5) has no value'],
		['a keyword the template lacks', ORDER_TEMPLATE_ID, { ...GOOD_VALUES, thing9: 'x' }, 'has no keyword thing9'],
		['a line break', ORDER_TEMPLATE_ID, { ...GOOD_VALUES, thing1: '键盘\n鼠标' }, 'line break'],
		['a phrase with latin letters', SANDBOX_TEMPLATE_IDS.appointmentStatus, { ...appointment, phrase5: 'ok' }, '温馨提示 (phrase5)'],
		['an amount without digits', SANDBOX_TEMPLATE_IDS.paymentSucceeded, { ...payment, amount1: '¥' }, '订单金额 (amount1)'],
	])('refuses %s', async (_name, templateId, value, words) => {
		const error = await rejection(
			run({ items: users(1), parameters: { templateId: locator(templateId, 'list'), templateData: { mappingMode: 'defineBelow', value } } }),
		);
		expect(error.message + (error.description ?? '')).toContain(words);
		expect(sendCalls()).toBe(0);
	});

	it('accepts only listed values for enum keywords', async () => {
		const parameters = (status: string) => ({
			templateId: locator(SANDBOX_TEMPLATE_IDS.appointmentStatus, 'id'),
			templateData: { mappingMode: 'defineBelow', value: { ...appointment, enum_string2: status } },
		});
		await run({ items: users(1), parameters: parameters('预约取消') });
		expect(sandbox.messages()).toHaveLength(1);
		const error = await rejection(run({ items: users(1), parameters: parameters('待定') }));
		expect(error.message).toContain('预约状态 (enum_string2)');
		expect(sendCalls()).toBe(1);
	});

	it('counts an emoji as one character (20 emoji fit a thing)', async () => {
		await run({ items: users(1), parameters: { templateData: { mappingMode: 'defineBelow', value: { ...GOOD_VALUES, thing1: '🎉'.repeat(20) } } } });
		expect(sandbox.messages()).toHaveLength(1);
	});

	it('truncates long thing values when asked and reports it', async () => {
		const long = '一二三四五六七八九十一二三四五六七八九十一二';
		const [item] = await run({
			items: users(1),
			parameters: { options: { truncateLongValues: true }, templateData: { mappingMode: 'defineBelow', value: { ...GOOD_VALUES, thing1: long } } },
		});
		expect(sandbox.messages()[0].data.thing1.value).toBe(`${[...long].slice(0, 19).join('')}…`);
		expect(item.json.truncated).toEqual([{ key: 'thing1', originalLength: 22 }]);
	});

	it('fails clearly when the template is not in the account', async () => {
		const error = await rejection(run({ items: users(1), parameters: { templateId: locator('NOT_A_TEMPLATE_OF_THIS_APP', 'id') } }));
		expect(error.message).toContain('no template with ID "NOT_A_TEMPLATE_OF_THIS_APP"');
		expect(sendCalls()).toBe(0);
	});

	it('refuses an empty or malformed OpenID', async () => {
		const error = await rejection(run({ items: [{ openid: '' }] }));
		expect(error.message).toContain('Recipient OpenID is empty');
		const error2 = await rejection(run({ items: [{ openid: 'not an openid' }] }));
		expect(error2.message).toContain('is not an OpenID');
		expect(sendCalls()).toBe(0);
	});
});

describe('Send Subscription Message: batches', () => {
	it('keeps input order and pairing whatever order sends finish in', async () => {
		// Each send's answer reaches the node after its own delay, so sends finish out of order.
		let sends = 0;
		const http: N8nHttpRequest = async (options) => {
			const answer = await realHttpRequest(options);
			if (options.url.includes(SEND_PATH)) await sleep((sends++ * 7919) % 13);
			return answer;
		};
		const out = await run({ items: users(60), parameters: { options: { concurrency: 16 } }, http });
		expect(out.map((i) => i.json.touser)).toEqual(users(60).map((u) => u.openid));
		expect(out.map((i) => i.pairedItem)).toEqual(users(60).map((_, item) => ({ item })));
		expect(sandbox.messages()).toHaveLength(60);
	});

	it('bounds parallel sends by Concurrency and never sends to one OpenID twice at once', async () => {
		// The sandbox answers 43108 to a send while another one to the same OpenID is still being answered.
		sandbox.setLatency(3);
		let inFlight = 0;
		let peakInFlight = 0;
		const http: N8nHttpRequest = async (options: IHttpRequestOptions) => {
			if (!options.url.includes(SEND_PATH)) return await realHttpRequest(options);
			peakInFlight = Math.max(peakInFlight, ++inFlight);
			try {
				return await realHttpRequest(options);
			} finally {
				inFlight--;
			}
		};
		// Every other item goes to the same user as the one before it.
		const items = Array.from({ length: 40 }, (_, i) => ({ openid: sandboxOpenId(Math.floor(i / 2)) }));
		const out = await run({ items, parameters: { options: { concurrency: 8 } }, http });
		expect(sandbox.counters().errcodes['43108'] ?? 0).toBe(0);
		expect(peakInFlight).toBeLessThanOrEqual(8);
		expect(peakInFlight).toBeGreaterThan(1);
		expect(out.every((i) => i.json.success === true)).toBe(true);
		expect(sendCalls()).toBe(40);
		expect(sandbox.messages()).toHaveLength(40);
	});

	it('outputs not-subscribed users as everyday outcomes by default', async () => {
		const exchanges: HttpExchange[] = [];
		const items = [{ openid: sandboxOpenId(0) }, { openid: SANDBOX_OPENIDS.noSubscription }, { openid: sandboxOpenId(2) }];
		const out = await run({ items, exchanges });
		expect(out[1].json).toMatchObject({ success: false, reason: 'not_subscribed', errcode: 43101, touser: SANDBOX_OPENIDS.noSubscription, msgid: null });
		const rid = ridOfAnswer(exchanges, SEND_PATH, 43101);
		expect(rid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
		expect(out[1].json.rid).toBe(rid);
		expect(out[0].json.success && out[2].json.success).toBe(true);
	});

	it('says for a subscription ledger what each send used: one accept of a one-time template, none of a long-term one', async () => {
		const items = [{ openid: sandboxOpenId(0) }, { openid: SANDBOX_OPENIDS.noSubscription }];
		const oneTime = await run({ items });
		expect(oneTime.map((item) => [item.json.success, item.json.longTerm, item.json.quotaDelta])).toEqual([
			[true, false, -1],
			// WeChat's 43101 says nothing was used; how many accepts are left is for the ledger to correct.
			[false, false, null],
		]);

		const parking = {
			templateId: locator(SANDBOX_TEMPLATE_IDS.parkingFee, 'list'),
			templateData: { mappingMode: 'defineBelow', value: { car_number1: '粤A12345', time2: '08:00', amount3: '¥5.00', thing4: '科技园地下停车场' } },
		};
		const longTerm = await run({ items, parameters: parking });
		expect(longTerm.map((item) => [item.json.success, item.json.longTerm, item.json.quotaDelta])).toEqual([
			[true, true, 0],
			[false, true, null],
		]);
	});

	it('fails on not-subscribed users when the option says so, and counts what was sent', async () => {
		const items = [{ openid: sandboxOpenId(0) }, { openid: sandboxOpenId(1) }, { openid: SANDBOX_OPENIDS.noSubscription }];
		const error = await rejection(run({ items, parameters: { options: { failOnNotSubscribed: true, concurrency: 1 } } }));
		expect(error.message).toContain('43101');
		expect(error.message).toContain('2 of 3 items were sent');
	});

	it('stops at a WeChat error without continue-on-fail, starts no further send, and says how many were sent', async () => {
		sandbox.addFault({ mode: 'errcode', errcode: 41030, count: 1, path: SEND_PATH, skip: 3 });
		const error = await rejection(run({ items: users(10), parameters: { options: { concurrency: 1 } } }));
		expect(sendCalls()).toBe(4);
		expect(sandbox.messages()).toHaveLength(3);
		expect(error.message).toContain('41030');
		expect(error.message).toContain('3 of 10 items were sent');
		expect(error.description).toContain('Continue On Fail');
	});

	it('with continue-on-fail, a WeChat refusal becomes that item’s output with meaning and fix', async () => {
		sandbox.addFault({ mode: 'errcode', errcode: 45168, count: 1, path: SEND_PATH });
		const out = await run({ items: users(2), continueOnFail: true, parameters: { options: { concurrency: 1 } } });
		expect(out[0].json).toMatchObject({ success: false, reason: 'wechat_error', errcode: 45168, touser: sandboxOpenId(0) });
		expect(String(out[0].json.fix)).toContain('sensitive');
		expect(out[1].json.success).toBe(true);
	});

	it('refreshes a token rejected mid-batch exactly once for all in-flight items', async () => {
		sandbox.setLatency(5);
		sandbox.invalidateTokens(20);
		const out = await run({ items: users(50), parameters: { options: { concurrency: 10 } } });
		expect(out.every((i) => i.json.success === true)).toBe(true);
		const counters = sandbox.counters();
		expect(counters.tokenCalls.stableToken).toBe(2);
		// Several in-flight sends were refused with the dead token; each was sent again once and accepted once.
		expect(counters.rejectedTokens).toBeGreaterThan(1);
		const recipients = sandbox.messages().map((m) => m.openid);
		expect(recipients).toHaveLength(50);
		expect(new Set(recipients).size).toBe(50);
	});

	it('retries a rate-limited send and sends it once', async () => {
		sandbox.addFault({ mode: 'errcode', errcode: 45011, count: 1, path: SEND_PATH });
		const out = await run({ items: users(1) });
		expect(out[0].json.success).toBe(true);
		expect(sendCalls()).toBe(2);
		expect(sandbox.messages()).toHaveLength(1);
	});

	it('does not retry a rate limit when Retry on Rate Limit is off', async () => {
		sandbox.addFault({ mode: 'errcode', errcode: 45011, count: 1, path: SEND_PATH });
		const out = await run({ items: users(1), continueOnFail: true, parameters: { options: { retryOnRateLimit: false } } });
		expect(out[0].json).toMatchObject({ success: false, errcode: 45011 });
		expect(sendCalls()).toBe(1);
	});
});

describe('Send Subscription Message: a credential WeChat refuses', () => {
	const WRONG_SECRET = 'ffffffffffffffffffffffffffffffff';

	it('with Continue On Fail, gives every item the errcode, meaning and fix, after one token call and no send', async () => {
		const exchanges: HttpExchange[] = [];
		const out = await run({ items: users(3), continueOnFail: true, credentials: sandbox.credentials({ appSecret: WRONG_SECRET }), exchanges });
		const rid = ridOfAnswer(exchanges, TOKEN_PATH, 40125);
		expect(rid).toBeDefined();
		expect(out).toHaveLength(3);
		for (const [index, item] of out.entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ success: false, msgid: null, reason: 'wechat_error', errcode: 40125, rid });
			expect(String(item.json.fix)).toMatch(/AppSecret/);
			expect(String(item.json.error)).toMatch(/40125/);
		}
		expect(sandbox.counters().tokenCalls.stableToken).toBe(1);
		expect(sendCalls()).toBe(0);
		expect(JSON.stringify(out)).not.toContain(WRONG_SECRET);
	});

	it('without it, stops with the errcode and the fix, nothing sent', async () => {
		const error = await rejection(run({ items: users(2), credentials: sandbox.credentials({ appSecret: WRONG_SECRET }) }));
		expect(`${error.message} ${error.description ?? ''}`).toMatch(/40125/);
		expect(sendCalls()).toBe(0);
	});
});

describe('Send Subscription Message: secrets', () => {
	it('puts no App Secret or access token in outputs or errors', async () => {
		sandbox.addFault({ mode: 'errcode', errcode: 47003, count: 1, path: SEND_PATH });
		sandbox.addFault({ mode: 'errcode', errcode: 40037, count: 1, path: SEND_PATH });
		const out = await run({ items: users(3), continueOnFail: true, parameters: { options: { concurrency: 1 } } });
		expect(out.map((i) => i.json.errcode)).toEqual([47003, 40037, 0]);
		const secrets = () => [sandbox.appSecret, ...sandbox.issuedTokens().map((t) => t.accessToken)];
		const text = JSON.stringify(out);
		for (const secret of secrets()) expect(text).not.toContain(secret);
		sandbox.addFault({ mode: 'errcode', errcode: 40037, count: 1, path: SEND_PATH });
		const error = await rejection(run({ items: users(1) }));
		const errorText = JSON.stringify({ m: error.message, d: error.description, e: error });
		expect(errorText).toContain('40037');
		for (const secret of secrets()) expect(errorText).not.toContain(secret);
	});
});

describe('Send Subscription Message: the template list, cached per process', () => {
	const requests = (path: string) => sandbox.counters().requests[path] ?? 0;
	const alice = [{ openid: SANDBOX_OPENIDS.alice }];
	/** The template after the console change below: keywords 1, 2, 3 and 6 (收货人, a name). */
	const NEW_VALUES = { thing1: '机械键盘', character_string2: 'TS20240501123456', time3: '2024-05-01 10:00', name6: '张三' };
	const mapped = (value: Record<string, string>) => ({ templateData: { mappingMode: 'defineBelow', value } });
	/** Moves the process clock past the refresh floor (a refresh right after a read reuses that read). */
	const laterThanTheRefreshFloor = () => {
		const realNow = Date.now;
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() + MIN_REFRESH_INTERVAL_MS);
	};
	afterEach(() => jest.restoreAllMocks());

	it('reads the list once for many executions of one message each: one WeChat call per message', async () => {
		for (let n = 0; n < 5; n++) await run({ items: alice });
		expect(requests(TEMPLATE_PATH)).toBe(1);
		expect(requests(SEND_PATH)).toBe(5);
	});

	it('with Cache Template List off, reads it on every execution', async () => {
		for (let n = 0; n < 3; n++) await run({ items: alice, parameters: { options: { cacheTemplates: false } } });
		expect(requests(TEMPLATE_PATH)).toBe(3);
	});

	it("a template changed in the console: an item mapped to its new keywords is refused by the cached list, checked again against a fresh one, and sent once", async () => {
		await run({ items: alice });
		sandbox.changeTemplateKeywords(ORDER_TEMPLATE_ID, [1, 2, 3, 6]);
		laterThanTheRefreshFloor();
		const [item] = await run({ items: alice, parameters: mapped(NEW_VALUES) });
		expect(item.json).toMatchObject({ success: true });
		expect(requests(TEMPLATE_PATH)).toBe(2);
		expect(requests(SEND_PATH)).toBe(2);
		expect(sandbox.messages()[1].data).toEqual(Object.fromEntries(Object.entries(NEW_VALUES).map(([key, value]) => [key, { value }])));
	});

	it('an item mapped to the old keywords passes the cached list, WeChat answers 47003, and the fresh list refuses it clearly: sent never', async () => {
		await run({ items: alice });
		sandbox.changeTemplateKeywords(ORDER_TEMPLATE_ID, [1, 2, 3, 6]);
		laterThanTheRefreshFloor();
		const [item] = await run({ items: alice, continueOnFail: true });
		expect(item.json).toMatchObject({ success: false, reason: 'invalid_data', errcode: null });
		expect(String(item.json.error)).toMatch(/name6|thing4/);
		expect(sandbox.requests({ path: SEND_PATH }).map((r) => r.errcode)).toEqual([0, 47003]);
		expect(requests(TEMPLATE_PATH)).toBe(2);
	});

	it('a template deleted in the console: WeChat answers 40037, the fresh list has no such template, the item says so', async () => {
		await run({ items: alice });
		const token = (await (await fetch(`${sandbox.url}/cgi-bin/stable_token`, { method: 'POST', body: JSON.stringify({ grant_type: 'client_credential', appid: sandbox.appId, secret: sandbox.appSecret }) })).json()) as { access_token: string };
		await fetch(`${sandbox.url}/wxaapi/newtmpl/deltemplate?access_token=${token.access_token}`, { method: 'POST', body: JSON.stringify({ priTmplId: ORDER_TEMPLATE_ID }) });
		laterThanTheRefreshFloor();
		const [item] = await run({ items: alice, continueOnFail: true });
		expect(item.json).toMatchObject({ success: false, reason: 'invalid_data' });
		expect(String(item.json.error)).toContain(`no template with ID "${ORDER_TEMPLATE_ID}"`);
		expect(sandbox.requests({ path: SEND_PATH }).map((r) => r.errcode)).toEqual([0, 40037]);
	});

	it('a daily quota refusal of the list (45009) fails the items with its errcode, meaning and fix: nothing is lost silently', async () => {
		sandbox.addFault({ mode: 'errcode', errcode: 45009, count: 1, path: TEMPLATE_PATH });
		const out = await run({ items: [...alice, { openid: SANDBOX_OPENIDS.bob }], continueOnFail: true });
		for (const item of out) {
			expect(item.json).toMatchObject({ success: false, errcode: 45009 });
			expect(String(item.json.meaning)).toMatch(/daily/i);
			expect(String(item.json.fix).length).toBeGreaterThan(20);
		}
		expect(requests(SEND_PATH)).toBe(0);
	});
});
