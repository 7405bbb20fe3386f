/**
 * The operations a notification flow reaches for (issue 22), in the fake n8n context over real HTTP to the
 * sandbox: Mini Program Link, Mini Program Code, Order Shipping and Content Security. What WeChat receives,
 * what the items carry, and that every documented limit is refused before WeChat is called (the sandbox's
 * request log shows no call).
 */
import { NodeApiError, NodeOperationError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import { WeChatMiniProgram } from '../../nodes/WeChatMiniProgram/WeChatMiniProgram.node';
import { SANDBOX_OPENIDS } from '../../sandbox/seed';
import { SANDBOX_MERCHANT_ID, SANDBOX_ORDER_IDS } from '../../sandbox/shipping';
import { renderCodeImage } from '../../sandbox/wxaCode';
import { fakeExecuteContext, fakeLoadOptionsContext } from '../helpers/fakeN8nContext';
import { useSandbox } from '../helpers/sandbox';
import { rejectionOf } from '../helpers/thrown';
import { searchDeliveryCompanies } from '../../nodes/shared/methods/searchDeliveryCompanies';

const START = Date.UTC(2024, 4, 1, 2, 0, 0);
const sandbox = useSandbox({ now: () => START });
const { alice, bob } = SANDBOX_OPENIDS;

/** Runs the node over `items`; a parameter named in an item's `params` wins over the shared ones. */
async function run(parameters: Record<string, unknown>, items: IDataObject[] = [{}], continueOnFail = false): Promise<INodeExecutionData[]> {
	const ctx = fakeExecuteContext({
		items,
		parameters: (name, itemIndex) => {
			const own = items[itemIndex]?.params as Record<string, unknown> | undefined;
			return own && name in own ? own[name] : parameters[name];
		},
		credentials: sandbox.credentials(),
		continueOnFail,
	});
	const [output] = await new WeChatMiniProgram().execute.call(ctx);
	return output;
}

const calls = (path: string) => sandbox.requests({ path }).length;

describe('Mini Program Link', () => {
	const link = (operation: string, parameters: Record<string, unknown> = {}) =>
		run({ resource: 'miniProgramLink', operation, path: 'pages/subscribe/index', query: 'from=sms&uid=42', envVersion: 'trial', expireType: 'interval', expireIntervalDays: 7, ...parameters });

	it('creates a URL Link that opens the page with its query, environment and expiry', async () => {
		const [item] = await link('createUrlLink');
		expect(item.json).toMatchObject({ path: 'pages/subscribe/index', query: 'from=sms&uid=42', envVersion: 'trial', expiresAt: expect.any(String) });
		const [stored] = sandbox.links({ link: String(item.json.urlLink) });
		expect(stored).toMatchObject({ kind: 'url_link', path: 'pages/subscribe/index', query: 'from=sms&uid=42', envVersion: 'trial' });
		expect(stored.expiresAt).toBe(START / 1000 + 7 * 86_400);
		// The node's own estimate, from n8n's clock (the sandbox's clock is fixed in this suite).
		expect(Math.abs(new Date(String(item.json.expiresAt)).getTime() - (Date.now() + 7 * 86_400_000))).toBeLessThan(60_000);
	});

	it('creates a URL Scheme (weixin://dl/business/…) and a short link', async () => {
		const [scheme] = await link('createUrlScheme', { envVersion: 'release' });
		expect(String(scheme.json.openlink)).toMatch(/^weixin:\/\/dl\/business\/\?t=/);
		expect(sandbox.links({ kind: 'scheme' })).toHaveLength(1);
		const [short] = await run({ resource: 'miniProgramLink', operation: 'createShortLink', pageUrl: 'pages/order/detail?id=1001', pageTitle: '订单详情', permanent: false });
		expect(String(short.json.link)).toMatch(/^#小程序:\/\//);
		expect(sandbox.links({ kind: 'short_link' })[0]).toMatchObject({ path: 'pages/order/detail', query: 'id=1001', permanent: false, title: '订单详情' });
	});

	it('refuses a query over 1024 characters or with a character WeChat refuses before calling WeChat', async () => {
		for (const query of ['a=' + 'x'.repeat(1023), 'name=张三']) {
			const error = await rejectionOf(NodeOperationError, link('createUrlLink', { query }));
			expect(error.message).toMatch(/Query/);
			expect(error.description).toMatch(/nothing was sent to WeChat/);
		}
		expect(calls('/wxa/generate_urllink')).toBe(0);
	});
});

describe('Mini Program Code', () => {
	const code = (parameters: Record<string, unknown> = {}) =>
		run({ resource: 'miniProgramCode', operation: 'getUnlimitedCode', scene: 'order=1001', page: 'pages/order/detail', envVersion: 'release', transparent: true, binaryPropertyName: 'data', options: {}, ...parameters });

	it('answers a PNG as binary data, byte for byte what WeChat sent, with a file name', async () => {
		const [item] = await code({ options: { width: 300, fileName: 'poster-code' } });
		const binary = item.binary?.data;
		expect(binary).toMatchObject({ mimeType: 'image/png', fileName: 'poster-code.png' });
		const bytes = Buffer.from(String(binary?.data), 'base64');
		expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
		expect(bytes.equals(renderCodeImage({ scene: 'order=1001', page: 'pages/order/detail', width: 300, autoColor: false, lineColor: { r: 0, g: 0, b: 0 }, hyaline: true }))).toBe(true);
		expect(item.json).toEqual({ scene: 'order=1001', page: 'pages/order/detail', envVersion: 'release', mimeType: 'image/png', fileName: 'poster-code.png', fileSize: bytes.length });
	});

	it('answers a JPEG when the background is not transparent', async () => {
		const [item] = await code({ transparent: false, binaryPropertyName: 'code' });
		expect(item.binary?.code).toMatchObject({ mimeType: 'image/jpeg', fileName: 'wxacode-order_1001.jpg' });
	});

	it("makes WeChat's JSON error answer an error naming the errcode, never an image", async () => {
		const error = await rejectionOf(NodeApiError, code({ page: 'pages/not/there', options: { checkPath: true } }));
		expect(error.message).toMatch(/41030/);
	});

	it('refuses a scene over 32 characters or with a character outside its set before calling WeChat', async () => {
		for (const scene of ['x'.repeat(33), '订单=1', 'a b']) {
			expect((await rejectionOf(NodeOperationError, code({ scene }))).message).toMatch(/Scene/);
		}
		expect(calls('/wxa/getwxacodeunlimit')).toBe(0);
	});
});

describe('Order Shipping', () => {
	const upload = (parameters: Record<string, unknown> = {}, items: IDataObject[] = [{}], continueOnFail = false) =>
		run(
			{
				resource: 'orderShipping',
				operation: 'uploadShippingInfo',
				orderBy: 'transactionId',
				transactionId: SANDBOX_ORDER_IDS.phone,
				payerOpenid: alice,
				logisticsType: 1,
				parcels: 'one',
				expressCompany: { __rl: true, mode: 'list', value: 'YTO' },
				trackingNo: 'YT1234567890',
				itemDesc: 'iPhone 15 Pro 256G',
				receiverContact: '',
				options: { uploadTime: '2024-05-01T10:00:00+08:00' },
				...parameters,
			},
			items,
			continueOnFail,
		);

	it('uploads the shipping info; Get Order then shows the order shipped with the parcel', async () => {
		const [item] = await upload();
		expect(item.json).toMatchObject({ success: true, transactionId: SANDBOX_ORDER_IDS.phone, payerOpenid: alice, logisticsType: 1, deliveryMode: 1 });
		const [order] = await run({ resource: 'orderShipping', operation: 'getOrder', orderBy: 'merchantTradeNo', merchantId: SANDBOX_MERCHANT_ID, merchantTradeNo: 'SBX1001' });
		expect(order.json).toMatchObject({ transactionId: SANDBOX_ORDER_IDS.phone, orderState: 2, orderStateName: 'shipped', openid: alice });
		expect((order.json.shipping as IDataObject).shippingList).toEqual([expect.objectContaining({ trackingNo: 'YT1234567890', expressCompany: 'YTO', goodsDesc: 'iPhone 15 Pro 256G' })]);
	});

	it('checks every item before the first upload: a bad item stops the node and nothing is uploaded', async () => {
		const items = [{}, { params: { transactionId: SANDBOX_ORDER_IDS.furniture, payerOpenid: 'oCarol', itemDesc: '椅'.repeat(121) } }];
		const error = await rejectionOf(NodeOperationError, upload({}, items));
		expect(error.message).toMatch(/120/);
		expect(calls('/wxa/sec/order/upload_shipping_info')).toBe(0);
	});

	it('refuses SF Express without a masked receiver phone, and an upload time that is not RFC 3339, before calling WeChat', async () => {
		const sf = await upload({ expressCompany: { __rl: true, mode: 'id', value: 'SF' }, receiverContact: '13812345678' }, [{}], true);
		expect(sf[0].json.error).toMatch(/masked|189\*\*\*\*1234/i);
		const time = await upload({ options: { uploadTime: '2024-05-01 10:00:00' } }, [{}], true);
		expect(time[0].json.error).toMatch(/RFC 3339/);
		expect(calls('/wxa/sec/order/upload_shipping_info')).toBe(0);
	});

	it('gives a refused upload as an item with its errcode when Continue On Fail is on (a received order: 10060004)', async () => {
		const [item] = await upload({ transactionId: SANDBOX_ORDER_IDS.received }, [{}], true);
		expect(item.json).toMatchObject({ success: false, transactionId: SANDBOX_ORDER_IDS.received });
		expect(String(item.json.error)).toMatch(/10060004/);
	});

	it('says whether the account is trade-managed', async () => {
		const [item] = await run({ resource: 'orderShipping', operation: 'getTradeManagement' });
		expect(item.json).toEqual({ appId: sandbox.credentials().appId, isTradeManaged: true });
	});

	it('lists the carriers live, searchable by name or delivery ID', async () => {
		const ctx = fakeLoadOptionsContext({ credentials: sandbox.credentials() });
		const all = await searchDeliveryCompanies.call(ctx);
		expect(all.results.length).toBeGreaterThanOrEqual(10);
		expect((await searchDeliveryCompanies.call(ctx, 'sf')).results).toEqual([{ name: '顺丰速运 (SF)', value: 'SF' }]);
		expect((await searchDeliveryCompanies.call(ctx, '圆通')).results).toEqual([expect.objectContaining({ value: 'YTO' })]);
	});
});

describe('Content Security → Check Text', () => {
	const check = (content: string, openid: string = alice, continueOnFail = false) =>
		run({ resource: 'contentSecurity', operation: 'checkText', content, openid, scene: 2, options: {} }, [{}], continueOnFail);

	it('passes an ordinary text and gives a risky one its suggest and label, both as answers', async () => {
		const [ok] = await check('您的订单已发货,请注意查收');
		expect(ok.json).toMatchObject({ passed: true, suggest: 'pass', label: 100, openid: alice, scene: 2 });
		const [risky] = await check('加微信领红包,点这里', bob);
		expect(risky.json).toMatchObject({ passed: false, suggest: 'risky', label: 10001 });
		const [review] = await check('SANDBOX_REVIEW 这段需要人工看看');
		expect(review.json).toMatchObject({ passed: false, suggest: 'review' });
	});

	it("makes a user who has not opened the mini program lately WeChat's 61010 with its meaning", async () => {
		const [item] = await check('你好', 'oINACTIVEsandboxUser00000000', true);
		expect(String(item.json.error)).toMatch(/61010/);
	});

	it('refuses a text over 2500 characters before calling WeChat', async () => {
		expect((await rejectionOf(NodeOperationError, check('字'.repeat(2501)))).message).toMatch(/2500/);
		expect(calls('/wxa/msg_sec_check')).toBe(0);
	});
});
