/**
 * The Send node inside n8n-core's real ExecuteContext (expressions, resource locators and resource
 * mappers resolved by n8n, n8n's own HTTP helper) against the sandbox.
 */
import { WeChatMiniProgram } from '../../nodes/WeChatMiniProgram/WeChatMiniProgram.node';
import { SANDBOX_OPENIDS, SANDBOX_TEMPLATE_IDS, sandboxOpenId } from '../../sandbox/seed';
import { runInN8nCore } from '../../harness/n8nCoreContext';
import { renderCodeImage } from '../../sandbox/wxaCode';
import { useSandbox } from '../helpers/sandbox';

const sandbox = useSandbox();
const credentials = () => sandbox.credentials();

const orderValues = {
	thing1: '={{ $json.product }}',
	character_string2: '={{ $json.orderNo }}',
	time3: '2024-05-01 10:00',
	thing4: '顺丰速运',
	character_string5: 'SF1234567890',
};

function sendParameters(extra: Record<string, unknown> = {}) {
	return {
		resource: 'subscriptionMessage',
		operation: 'send',
		touser: '={{ $json.openid }}',
		templateId: { __rl: true, mode: 'list', value: SANDBOX_TEMPLATE_IDS.orderShipped },
		dataMode: 'mapped',
		templateData: { mappingMode: 'defineBelow', value: orderValues, matchingColumns: [], schema: [] },
		page: '=pages/order/detail?id={{ $json.orderNo }}',
		miniprogramState: 'formal',
		lang: 'zh_CN',
		options: {},
		...extra,
	};
}

describe('Send Subscription Message inside n8n-core against the sandbox', () => {
	it('resolves expressions per item and sends exactly the expected message', async () => {
		const [out] = await runInN8nCore({
			nodeType: new WeChatMiniProgram(),
			parameters: sendParameters(),
			credentials: credentials(),
			items: [{ openid: SANDBOX_OPENIDS.alice, product: '机械键盘', orderNo: 'A20240501' }],
		});
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({ success: true, touser: SANDBOX_OPENIDS.alice, templateId: SANDBOX_TEMPLATE_IDS.orderShipped });
		expect(String(out[0].json.msgid)).toMatch(/^\d{19}$/);
		const [message] = sandbox.messages();
		expect(message).toMatchObject({
			openid: SANDBOX_OPENIDS.alice,
			templateId: SANDBOX_TEMPLATE_IDS.orderShipped,
			miniprogramState: 'formal',
			lang: 'zh_CN',
			page: 'pages/order/detail?id=A20240501',
			data: {
				thing1: { value: '机械键盘' },
				character_string2: { value: 'A20240501' },
				time3: { value: '2024-05-01 10:00' },
				thing4: { value: '顺丰速运' },
				character_string5: { value: 'SF1234567890' },
			},
		});
		expect(String(message.msgid)).toBe(out[0].json.msgid);
	});

	it('sends 200 items with one token call, reporting not-subscribed users per item', async () => {
		const items = Array.from({ length: 200 }, (_, i) => ({
			openid: i % 10 === 0 ? `oNOSUB${String(i).padStart(22, '0')}` : sandboxOpenId(i),
			product: `商品${i}`,
			orderNo: `NO${i}`,
		}));
		const [out] = await runInN8nCore({ nodeType: new WeChatMiniProgram(), parameters: sendParameters(), credentials: credentials(), items });
		expect(out).toHaveLength(200);
		expect(out.filter((i) => i.json.success === true)).toHaveLength(180);
		expect(out.filter((i) => i.json.reason === 'not_subscribed')).toHaveLength(20);
		expect(out.map((i) => i.json.touser)).toEqual(items.map((i) => i.openid));
		const counters = sandbox.counters();
		expect(counters.tokenCalls.stableToken).toBe(1);
		expect(sandbox.messages()).toHaveLength(180);
	});

	it('fails an invalid keyword before sending, through continue-on-fail', async () => {
		const [out] = await runInN8nCore({
			nodeType: new WeChatMiniProgram(),
			parameters: sendParameters(),
			credentials: credentials(),
			continueOnFail: true,
			items: [
				{ openid: SANDBOX_OPENIDS.alice, product: '一个名字非常非常非常非常非常长的商品超过二十个字', orderNo: 'A1' },
				{ openid: SANDBOX_OPENIDS.bob, product: '鼠标', orderNo: 'A2' },
			],
		});
		expect(out[0].json).toMatchObject({ success: false, reason: 'invalid_data' });
		expect(String(out[0].json.error)).toContain('商品名称 (thing1)');
		expect(out[1].json.success).toBe(true);
		expect(sandbox.messages().map((m) => m.openid)).toEqual([SANDBOX_OPENIDS.bob]);
	});

	it('survives tokens invalidated halfway through a batch with one extra token call and no duplicate', async () => {
		sandbox.setLatency(5);
		const items = Array.from({ length: 60 }, (_, i) => ({ openid: sandboxOpenId(i), product: '键盘', orderNo: `N${i}` }));
		const run = runInN8nCore({ nodeType: new WeChatMiniProgram(), parameters: sendParameters(), credentials: credentials(), items });
		setTimeout(() => sandbox.invalidateTokens(), 25);
		const [out] = await run;
		expect(out.every((i) => i.json.success === true)).toBe(true);
		expect(sandbox.counters().tokenCalls.stableToken).toBe(2);
		const touser = sandbox.messages().map((m) => m.openid);
		expect(new Set(touser).size).toBe(60);
		expect(touser).toHaveLength(60);
	});

	describe('with Continue On Fail on: checked and sent item by item, overlapped', () => {
		/** Stands in for n8n 2.x's isolate cost per expression: synchronous CPU, as n8n's own is. */
		const busyFor = (ms: number) => {
			const end = Date.now() + ms;
			while (Date.now() < end) {
				// spinning on purpose
			}
		};
		const LONG = '一个名字非常非常非常非常非常长的商品超过二十个字';

		it('sends while later items are still prepared, keeps input order, one send per OpenID, bad items in place', async () => {
			sandbox.setLatency(3);
			const items = Array.from({ length: 60 }, (_, i) => ({
				openid: sandboxOpenId(i % 6),
				product: i === 10 || i === 59 ? LONG : `商品${i}`,
				orderNo: `NO${i}`,
			}));
			let sendsWhenLastPrepared = -1;
			const [out] = await runInN8nCore({
				nodeType: new WeChatMiniProgram(),
				parameters: sendParameters({ options: { concurrency: 4 } }),
				credentials: credentials(),
				continueOnFail: true,
				items,
				onParameterRead: (name, itemIndex) => {
					if (name !== 'touser') return;
					busyFor(2);
					if (itemIndex === items.length - 1) sendsWhenLastPrepared = sandbox.requests({ path: '/cgi-bin/message/subscribe/send' }).length;
				},
			});
			expect(sendsWhenLastPrepared).toBeGreaterThan(0);
			expect(out.map((i) => i.pairedItem)).toEqual(items.map((_, item) => ({ item })));
			expect(out.map((i) => i.json.success)).toEqual(items.map((_, i) => i !== 10 && i !== 59));
			expect(out[59].json).toMatchObject({ success: false, reason: 'invalid_data' });
			expect(sandbox.counters().errcodes['43108'] ?? 0).toBe(0);
			expect(sandbox.messages()).toHaveLength(58);
			// Per OpenID, messages reached WeChat in input order.
			const user0 = sandbox.messages({ openid: sandboxOpenId(0) }).map((m) => m.data.character_string2.value);
			expect(user0).toEqual(items.filter((item, i) => item.openid === sandboxOpenId(0) && i !== 10 && i !== 59).map((item) => item.orderNo));
		});

		it('reads parameters holding an expression per item and fixed ones once', async () => {
			const reads = new Map<string, number>();
			const items = Array.from({ length: 8 }, (_, i) => ({ openid: sandboxOpenId(i), product: '键盘', orderNo: `N${i}` }));
			await runInN8nCore({
				nodeType: new WeChatMiniProgram(),
				parameters: sendParameters(),
				credentials: credentials(),
				continueOnFail: true,
				items,
				onParameterRead: (name) => reads.set(name, (reads.get(name) ?? 0) + 1),
			});
			// touser, page and templateData hold expressions; the rest are fixed in sendParameters().
			expect(Object.fromEntries(reads)).toMatchObject({ touser: 8, page: 8, templateData: 8, templateId: 1, miniprogramState: 1, lang: 1, options: 1, dataMode: 1 });
			expect(sandbox.messages()).toHaveLength(8);
		});
	});

	it('with Continue On Fail off, sends nothing when the last item is bad', async () => {
		const items = Array.from({ length: 10 }, (_, i) => ({ openid: sandboxOpenId(i), product: i === 9 ? '一个名字非常非常非常非常非常长的商品超过二十个字' : '键盘', orderNo: `N${i}` }));
		await expect(runInN8nCore({ nodeType: new WeChatMiniProgram(), parameters: sendParameters(), credentials: credentials(), items })).rejects.toThrow(/Item 9/);
		expect(sandbox.requests({ path: '/cgi-bin/message/subscribe/send' })).toHaveLength(0);
	});
});

describe('Customer Service Message → Send inside n8n-core against the sandbox', () => {
	it("uploads an image from a binary property through n8n's own HTTP helper, byte for byte, and replies with it", async () => {
		const image = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);
		sandbox.userWrote(SANDBOX_OPENIDS.bob);
		const [out] = await runInN8nCore({
			nodeType: new WeChatMiniProgram(),
			parameters: { resource: 'customerServiceMessage', operation: 'send', touser: '={{ $json.openid }}', msgtype: 'image', imageSource: 'binary', binaryPropertyName: 'data', options: {} },
			credentials: credentials(),
			items: [{ openid: SANDBOX_OPENIDS.bob }],
			binary: [{ data: { data: image.toString('base64'), mimeType: 'image/png', fileName: 'reply.png' } }],
		});
		expect(out[0].json).toMatchObject({ success: true, touser: SANDBOX_OPENIDS.bob, msgtype: 'image' });
		const stored = sandbox.media(String(out[0].json.mediaId));
		expect(Buffer.from(String(stored.base64), 'base64').equals(image)).toBe(true);
		expect(sandbox.customerMessages(SANDBOX_OPENIDS.bob)).toHaveLength(1);
	});
});

describe('Mini Program Code inside n8n-core against the sandbox', () => {
	it("gets the image's exact bytes through n8n's HTTP helper and stores them as n8n binary data", async () => {
		const [out] = await runInN8nCore({
			nodeType: new WeChatMiniProgram(),
			parameters: { resource: 'miniProgramCode', operation: 'getUnlimitedCode', scene: '={{ "order=" + $json.orderNo }}', page: 'pages/order/detail', envVersion: 'release', transparent: true, binaryPropertyName: 'data', options: {} },
			credentials: credentials(),
			items: [{ orderNo: '1001' }],
		});
		const binary = out[0].binary?.data;
		expect(binary).toMatchObject({ mimeType: 'image/png', fileName: 'wxacode-order_1001.png', fileExtension: 'png' });
		const expected = renderCodeImage({ scene: 'order=1001', page: 'pages/order/detail', width: 430, autoColor: false, lineColor: { r: 0, g: 0, b: 0 }, hyaline: true });
		expect(Buffer.from(String(binary?.data), 'base64').equals(expected)).toBe(true);
	});
});
