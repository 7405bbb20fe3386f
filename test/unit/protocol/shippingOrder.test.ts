import { InvalidInputError, WeChatApiError } from '../../../nodes/protocol/errors';
import {
	getShippingOrder,
	isTradeManaged,
	listDeliveryCompanies,
	orderLookupBody,
	orderStateName,
	TRADE_MANAGED_ERRCODES,
} from '../../../nodes/protocol/shippingOrder';
import { recordingClient } from '../../helpers/recordingClient';
import { rejectionOf, thrownBy } from '../../helpers/thrown';

/** get_order's answer as WeChat documents it, for an order shipped by SF in one parcel. */
const ORDER_ANSWER = {
	errcode: 0,
	errmsg: 'ok',
	order: {
		transaction_id: '4200002024050100000000000001',
		merchant_id: '1230000109',
		sub_merchant_id: '',
		merchant_trade_no: 'SBX1001',
		description: 'iPhone 15 Pro 256G',
		paid_amount: 799900,
		openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M',
		trade_create_time: 1714528740,
		pay_time: 1714528800,
		order_state: 2,
		in_complaint: false,
		shipping: {
			delivery_mode: 1,
			logistics_type: 1,
			finish_shipping: true,
			goods_desc: 'iPhone 15 Pro 256G',
			finish_shipping_count: 1,
			shipping_list: [
				{
					tracking_no: 'SF1234567890',
					express_company: 'SF',
					goods_desc: 'iPhone 15 Pro 256G',
					upload_time: 1714546860,
					contact: { consignor_contact: '', receiver_contact: '189****1234' },
				},
			],
		},
	},
};

describe('orderLookupBody: get_order names the merchant fields differently from the upload', () => {
	it('transaction_id, or merchant_id + merchant_trade_no (+ sub_merchant_id)', () => {
		expect(orderLookupBody({ by: 'transactionId', transactionId: ' 42 ' })).toEqual({ transaction_id: '42' });
		expect(orderLookupBody({ by: 'merchantTradeNo', merchantId: '1230000109', merchantTradeNo: 'SBX1001', subMerchantId: '9' })).toEqual({
			merchant_id: '1230000109',
			merchant_trade_no: 'SBX1001',
			sub_merchant_id: '9',
		});
	});

	it('refuses empty ids, naming the field', () => {
		expect(thrownBy(InvalidInputError, () => orderLookupBody({ by: 'transactionId', transactionId: '' })).message).toContain('Transaction ID is empty');
		expect(thrownBy(InvalidInputError, () => orderLookupBody({ by: 'merchantTradeNo', merchantId: '', merchantTradeNo: '' })).problems).toHaveLength(2);
	});
});

describe('getShippingOrder', () => {
	it('POSTs to /wxa/sec/order/get_order as a read and names every field', async () => {
		const { calls, client } = recordingClient(ORDER_ANSWER);
		const order = await getShippingOrder(client, { by: 'transactionId', transactionId: '4200002024050100000000000001' });
		expect(calls[0]).toMatchObject({ method: 'POST', path: '/wxa/sec/order/get_order', retry: 'idempotent', json: { transaction_id: '4200002024050100000000000001' } });
		expect(order).toEqual({
			transactionId: '4200002024050100000000000001',
			merchantId: '1230000109',
			subMerchantId: null,
			merchantTradeNo: 'SBX1001',
			description: 'iPhone 15 Pro 256G',
			paidAmount: 799900,
			openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M',
			tradeCreateTime: 1714528740,
			payTime: 1714528800,
			orderState: 2,
			orderStateName: 'shipped',
			inComplaint: false,
			shipping: {
				deliveryMode: 1,
				logisticsType: 1,
				finishShipping: true,
				goodsDesc: 'iPhone 15 Pro 256G',
				finishShippingCount: 1,
				shippingList: [
					{
						trackingNo: 'SF1234567890',
						expressCompany: 'SF',
						goodsDesc: 'iPhone 15 Pro 256G',
						uploadTime: 1714546860,
						consignorContact: null,
						receiverContact: '189****1234',
					},
				],
			},
		});
	});

	it('an order not yet shipped has shipping null; an answer without an order is a bad response', async () => {
		const { shipping: _shipping, ...unshipped } = ORDER_ANSWER.order;
		expect((await getShippingOrder(recordingClient({ order: { ...unshipped, order_state: 1 } }).client, { by: 'transactionId', transactionId: '1' })).shipping).toBeNull();
		expect((await rejectionOf(WeChatApiError, getShippingOrder(recordingClient({}).client, { by: 'transactionId', transactionId: '1' }))).kind).toBe('bad-response');
	});

	it('names the order states 1 to 6', () => {
		expect([1, 2, 3, 4, 5, 6, 7].map(orderStateName)).toEqual([
			'awaiting_shipment',
			'shipped',
			'receipt_confirmed',
			'completed',
			'refunded',
			'funds_pending_settlement',
			'unknown',
		]);
	});
});

describe('isTradeManaged', () => {
	it('POSTs {appid} and reads is_trade_managed', async () => {
		const { calls, client } = recordingClient({ errcode: 0, is_trade_managed: true });
		expect(await isTradeManaged(client, 'wxfdae81166329a09f')).toBe(true);
		expect(calls[0]).toMatchObject({ path: '/wxa/sec/order/is_trade_managed', json: { appid: 'wxfdae81166329a09f' }, errcodes: TRADE_MANAGED_ERRCODES });
	});

	it('refuses an empty App ID; a missing flag is a bad response', async () => {
		await rejectionOf(InvalidInputError, isTradeManaged(recordingClient({}).client, ' '));
		expect((await rejectionOf(WeChatApiError, isTradeManaged(recordingClient({}).client, 'wx1'))).kind).toBe('bad-response');
	});
});

describe('listDeliveryCompanies', () => {
	it('POSTs {} to the express API\'s get_delivery_list (not under /wxa/sec/order/)', async () => {
		const { calls, client } = recordingClient({
			errcode: 0,
			delivery_list: [
				{ delivery_id: 'SF', delivery_name: '顺丰速运' },
				{ delivery_id: 'YTO', delivery_name: '圆通速递' },
				{ delivery_name: 'no id' },
			],
			count: 3,
		});
		expect(await listDeliveryCompanies(client)).toEqual([
			{ deliveryId: 'SF', deliveryName: '顺丰速运' },
			{ deliveryId: 'YTO', deliveryName: '圆通速递' },
		]);
		expect(calls[0]).toMatchObject({ method: 'POST', path: '/cgi-bin/express/delivery/open_msg/get_delivery_list', json: {}, retry: 'idempotent' });
	});
});
