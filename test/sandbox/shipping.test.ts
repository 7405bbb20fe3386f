/**
 * The sandbox's shipping information management (docs/wechat-protocol.md §16) over real HTTP: uploads
 * moving the seeded orders' state, one update and one re-ship per order (10060003 after), get_order
 * showing what was uploaded, is_trade_managed, the carrier list, the errcodes of every documented limit,
 * and the protocol layer's upload whose lost answer is an unknown outcome to be checked with Get Order.
 */
import { WeChatClient } from '../../nodes/protocol/client';
import { WeChatApiError } from '../../nodes/protocol/errors';
import { getShippingOrder, isTradeManaged, listDeliveryCompanies } from '../../nodes/protocol/shippingOrder';
import { prepareShippingUpload, uploadShippingInfo } from '../../nodes/protocol/shippingUpload';
import { SANDBOX_OPENIDS } from '../../sandbox/seed';
import { SANDBOX_MERCHANT_ID, SANDBOX_ORDER_IDS } from '../../sandbox/shipping';
import { fetchSend, useSandbox } from '../helpers/sandbox';
import { rejectionOf } from '../helpers/thrown';
import { postJson, stableToken } from './helpers';

const sandbox = useSandbox();
const { alice, bob, carol } = SANDBOX_OPENIDS;
const YTO = { tracking_no: 'YT1234567890', express_company: 'YTO', item_desc: 'iPhone 15 Pro 256G' };

async function api(path: string, body: unknown): Promise<Record<string, unknown>> {
	return postJson(sandbox.url, `${path}?access_token=${await stableToken(sandbox)}`, body);
}

let minute = 0;
/** upload_time one minute later each call, so every upload is later than the previous one. */
const nextTime = () => `2024-05-01T15:${String(++minute).padStart(2, '0')}:00.000+08:00`;
beforeEach(() => {
	minute = 0;
});

function upload(overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
	return api('/wxa/sec/order/upload_shipping_info', {
		order_key: { order_number_type: 2, transaction_id: SANDBOX_ORDER_IDS.phone },
		logistics_type: 1,
		delivery_mode: 1,
		shipping_list: [YTO],
		upload_time: nextTime(),
		payer: { openid: alice },
		...overrides,
	});
}
const errcodeOf = async (overrides: Record<string, unknown>) => Number((await upload(overrides)).errcode);
const order = async (transactionId: string) => (await api('/wxa/sec/order/get_order', { transaction_id: transactionId })).order as Record<string, unknown>;

describe('an order shipped, updated and re-shipped', () => {
	it('a unified express upload ships the order: order_state 2, finish_shipping_count 1, the parcel in get_order', async () => {
		expect((await order(SANDBOX_ORDER_IDS.phone)).order_state).toBe(1);
		expect(await upload()).toEqual({ errcode: 0, errmsg: 'ok' });
		const shipped = await order(SANDBOX_ORDER_IDS.phone);
		expect(shipped).toMatchObject({ order_state: 2, openid: alice, merchant_trade_no: 'SBX1001', paid_amount: 799900 });
		expect(shipped.shipping).toEqual({
			delivery_mode: 1,
			logistics_type: 1,
			finish_shipping: true,
			goods_desc: 'iPhone 15 Pro 256G',
			finish_shipping_count: 1,
			shipping_list: [
				{
					tracking_no: 'YT1234567890',
					express_company: 'YTO',
					goods_desc: 'iPhone 15 Pro 256G',
					upload_time: Date.parse('2024-05-01T15:01:00.000+08:00') / 1000,
					contact: { consignor_contact: '', receiver_contact: '' },
				},
			],
		});
	});

	it('one re-ship of a finished order (finish_shipping_count 2), then 10060003', async () => {
		expect((await upload()).errcode).toBe(0);
		expect((await upload({ shipping_list: [{ ...YTO, tracking_no: 'YT2' }] })).errcode).toBe(0);
		expect(((await order(SANDBOX_ORDER_IDS.phone)).shipping as Record<string, unknown>).finish_shipping_count).toBe(2);
		expect(await errcodeOf({ shipping_list: [{ ...YTO, tracking_no: 'YT3' }] })).toBe(10060003);
		expect(sandbox.orders(SANDBOX_ORDER_IDS.phone)[0].shipping).toMatchObject({ updatesUsed: 0, reshipsUsed: 1 });
	});

	it('split delivery: partial (state stays 1), one update finishing it, one re-ship, then 10060003', async () => {
		const furniture = (parcels: number, allDelivered: boolean) => ({
			order_key: { order_number_type: 1, mchid: SANDBOX_MERCHANT_ID, out_trade_no: 'SBX1003' },
			delivery_mode: 2,
			is_all_delivered: allDelivered,
			shipping_list: Array.from({ length: parcels }, (_, i) => ({ ...YTO, tracking_no: `YT-D${i}`, item_desc: `包裹${i + 1}` })),
			payer: { openid: carol },
		});
		expect((await upload(furniture(1, false))).errcode).toBe(0);
		expect(await order(SANDBOX_ORDER_IDS.furniture)).toMatchObject({ order_state: 1, shipping: { finish_shipping: false, finish_shipping_count: 0 } });
		expect((await upload(furniture(2, true))).errcode).toBe(0); // the update
		expect(await order(SANDBOX_ORDER_IDS.furniture)).toMatchObject({ order_state: 2, shipping: { finish_shipping: true, finish_shipping_count: 1, goods_desc: '包裹1;包裹2' } });
		expect((await upload(furniture(3, true))).errcode).toBe(0); // the re-ship
		expect(await errcodeOf(furniture(3, false))).toBe(10060003);
	});

	it('a second update of an unfinished order is refused too (10060003)', async () => {
		const partial = (n: number) => ({
			order_key: { order_number_type: 2, transaction_id: SANDBOX_ORDER_IDS.furniture },
			delivery_mode: 2,
			is_all_delivered: false,
			shipping_list: Array.from({ length: n }, (_, i) => ({ ...YTO, tracking_no: `P${i}` })),
			payer: { openid: carol },
		});
		expect(await errcodeOf(partial(1))).toBe(0);
		expect(await errcodeOf(partial(2))).toBe(0);
		expect(await errcodeOf(partial(3))).toBe(10060003);
	});

	it('changing the logistics type is a re-ship; the same content again changes nothing (10060023); an earlier time is refused (10060014)', async () => {
		expect(await errcodeOf({})).toBe(0);
		expect(await errcodeOf({})).toBe(10060023);
		expect(await errcodeOf({ upload_time: '2024-05-01T15:00:00.000+08:00' })).toBe(10060014);
		expect(await errcodeOf({ logistics_type: 2, shipping_list: [{ item_desc: '同城配送' }] })).toBe(0);
		expect(sandbox.orders(SANDBOX_ORDER_IDS.phone)[0].shipping).toMatchObject({ reshipsUsed: 1, logisticsType: 2 });
	});

	it('virtual goods need no tracking; SF needs a masked contact', async () => {
		const membership = { order_key: { order_number_type: 2, transaction_id: SANDBOX_ORDER_IDS.membership }, payer: { openid: bob } };
		expect(await errcodeOf({ ...membership, logistics_type: 3, shipping_list: [{ item_desc: '月卡会员' }] })).toBe(0);
		const sf = { tracking_no: 'SF1', express_company: 'SF', item_desc: 'x' };
		expect(await errcodeOf({ shipping_list: [sf] })).toBe(10060014);
		expect(await errcodeOf({ shipping_list: [{ ...sf, contact: { receiver_contact: '18912341234' } }] })).toBe(10060014);
		expect(await errcodeOf({ shipping_list: [{ ...sf, contact: { receiver_contact: '189****1234' } }] })).toBe(0);
		expect(((await order(SANDBOX_ORDER_IDS.phone)).shipping as { shipping_list: Array<Record<string, unknown>> }).shipping_list[0].contact).toEqual({
			consignor_contact: '',
			receiver_contact: '189****1234',
		});
	});
});

describe('refusals', () => {
	it('the order: 10060001 unknown, 10060031 another payer, 10060004 received or refunded', async () => {
		expect(await errcodeOf({ order_key: { order_number_type: 2, transaction_id: '4200000000000000000000000000' } })).toBe(10060001);
		expect(await errcodeOf({ order_key: { order_number_type: 1, mchid: SANDBOX_MERCHANT_ID, out_trade_no: 'NOPE' } })).toBe(10060001);
		expect(await errcodeOf({ payer: { openid: bob } })).toBe(10060031);
		expect(await errcodeOf({ order_key: { order_number_type: 2, transaction_id: SANDBOX_ORDER_IDS.received } })).toBe(10060004);
		expect(await errcodeOf({ order_key: { order_number_type: 2, transaction_id: SANDBOX_ORDER_IDS.refunded }, payer: { openid: bob } })).toBe(10060004);
	});

	it('the order key: 268485194 type, 268485195 transaction_id, 268485196 mchid, 268485197 out_trade_no', async () => {
		expect(await errcodeOf({ order_key: { order_number_type: 3 } })).toBe(268485194);
		expect(await errcodeOf({ order_key: { order_number_type: 2 } })).toBe(268485195);
		expect(await errcodeOf({ order_key: { order_number_type: 1, out_trade_no: 'SBX1001' } })).toBe(268485196);
		expect(await errcodeOf({ order_key: { order_number_type: 1, mchid: SANDBOX_MERCHANT_ID } })).toBe(268485197);
	});

	it('types and modes: 10060005, 268485224, 10060006, 10060007, 268485228', async () => {
		expect(await errcodeOf({ logistics_type: 5 })).toBe(10060005);
		expect(await errcodeOf({ delivery_mode: 'UNIFIED_DELIVERY' })).toBe(268485224);
		expect(await errcodeOf({ delivery_mode: 2, is_all_delivered: true, logistics_type: 2 })).toBe(10060006);
		expect(await errcodeOf({ delivery_mode: 2 })).toBe(10060007);
		expect(await errcodeOf({ shipping_list: [YTO, YTO] })).toBe(268485228);
	});

	it('the list: 15 parcels pass, 16 are 10060024', async () => {
		const split = (n: number) => ({ delivery_mode: 2, is_all_delivered: true, shipping_list: Array.from({ length: n }, (_, i) => ({ ...YTO, tracking_no: `T${i}` })) });
		expect(await errcodeOf(split(16))).toBe(10060024);
		expect(await errcodeOf(split(15))).toBe(0);
	});

	it('the parcels: 10060008/10060009 item_desc (120 characters pass), 268485226/268485227 express fields, 10060026/10060025 over 128 bytes', async () => {
		const item = (fields: Record<string, unknown>) => ({ shipping_list: [{ ...YTO, ...fields }] });
		expect(await errcodeOf(item({ item_desc: '' }))).toBe(10060008);
		expect(await errcodeOf(item({ item_desc: '书'.repeat(121) }))).toBe(10060009);
		expect(await errcodeOf(item({ tracking_no: '' }))).toBe(268485226);
		expect(await errcodeOf(item({ express_company: '' }))).toBe(268485227);
		expect(await errcodeOf(item({ tracking_no: 'T'.repeat(129) }))).toBe(10060026);
		expect(await errcodeOf(item({ express_company: 'X'.repeat(129) }))).toBe(10060025);
		expect(await errcodeOf(item({ express_company: 'NOSUCH' }))).toBe(10060014);
		expect(await errcodeOf(item({ item_desc: '书'.repeat(120), tracking_no: 'T'.repeat(128) }))).toBe(0);
	});

	it('upload_time must be RFC 3339 (268485216)', async () => {
		expect(await errcodeOf({ upload_time: '2024-05-01 15:01:00' })).toBe(268485216);
	});
});

describe('get_order, is_trade_managed, get_delivery_list', () => {
	it('get_order by merchant_id and merchant_trade_no; 10060001 for an unknown order', async () => {
		expect((await api('/wxa/sec/order/get_order', { merchant_id: SANDBOX_MERCHANT_ID, merchant_trade_no: 'SBX1002' })).order).toMatchObject({
			transaction_id: SANDBOX_ORDER_IDS.membership,
			openid: bob,
			order_state: 1,
		});
		expect((await api('/wxa/sec/order/get_order', { transaction_id: '1' })).errcode).toBe(10060001);
		expect((await api('/wxa/sec/order/get_order', {})).errcode).toBe(10060014);
	});

	it('is_trade_managed: true for the caller\'s own appid; 40097 without, 40013 another', async () => {
		expect(await api('/wxa/sec/order/is_trade_managed', { appid: sandbox.appId })).toEqual({ errcode: 0, errmsg: 'ok', is_trade_managed: true });
		expect((await api('/wxa/sec/order/is_trade_managed', {})).errcode).toBe(40097);
		expect((await api('/wxa/sec/order/is_trade_managed', { appid: 'wx0000000000000000' })).errcode).toBe(40013);
	});

	it('the carrier list holds SF and YTO with their names', async () => {
		const answer = await api('/cgi-bin/express/delivery/open_msg/get_delivery_list', {});
		expect(answer.delivery_list).toEqual(expect.arrayContaining([{ delivery_id: 'SF', delivery_name: '顺丰速运' }, { delivery_id: 'YTO', delivery_name: '圆通速递' }]));
		expect(answer.count).toBe((answer.delivery_list as unknown[]).length);
	});
});

describe('the protocol layer against the sandbox', () => {
	const client = () => new WeChatClient({ credentials: sandbox.weChatCredentials(), send: fetchSend, sleep: async () => undefined });

	it('uploads, reads the order back, asks is_trade_managed and lists the carriers', async () => {
		const body = prepareShippingUpload({
			orderKey: { by: 'merchantTradeNo', mchid: SANDBOX_MERCHANT_ID, outTradeNo: 'SBX1001' },
			logisticsType: 1,
			deliveryMode: 1,
			shippingList: [{ trackingNo: 'SF1234567890', expressCompany: 'SF', itemDesc: 'iPhone 15 Pro 256G', contact: { receiverContact: '189****1234' } }],
			payerOpenid: alice,
		});
		await uploadShippingInfo(client(), body);
		const order = await getShippingOrder(client(), { by: 'merchantTradeNo', merchantId: SANDBOX_MERCHANT_ID, merchantTradeNo: 'SBX1001' });
		expect(order).toMatchObject({ orderState: 2, orderStateName: 'shipped', shipping: { finishShipping: true, shippingList: [{ expressCompany: 'SF', receiverContact: '189****1234' }] } });
		expect(await isTradeManaged(client(), sandbox.appId)).toBe(true);
		expect((await listDeliveryCompanies(client())).map((c) => c.deliveryId)).toEqual(expect.arrayContaining(['SF', 'YTO']));
	});

	it('an upload whose answer is lost is an unknown outcome, not retried; Get Order then shows it went through', async () => {
		sandbox.addFault({ mode: 'reset', count: 1, path: '/wxa/sec/order/upload_shipping_info', afterProcessing: true });
		const body = prepareShippingUpload({
			orderKey: { by: 'transactionId', transactionId: SANDBOX_ORDER_IDS.phone },
			logisticsType: 1,
			deliveryMode: 1,
			shippingList: [{ trackingNo: 'YT1', expressCompany: 'YTO', itemDesc: 'iPhone' }],
			payerOpenid: alice,
		});
		const error = await rejectionOf(WeChatApiError, uploadShippingInfo(client(), body));
		expect(error.outcomeUnknown).toBe(true);
		expect(error.fix).toContain('query the order (Get Order) before uploading again');
		expect(sandbox.requests({ path: '/wxa/sec/order/upload_shipping_info' })).toHaveLength(1);
		expect((await getShippingOrder(client(), { by: 'transactionId', transactionId: SANDBOX_ORDER_IDS.phone })).orderStateName).toBe('shipped');
	});
});
