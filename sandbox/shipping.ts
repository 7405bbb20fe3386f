/**
 * The sandbox's WeChat Pay orders under shipping management (docs/wechat-protocol.md §16): seeded on
 * reset, each with its state and the shipping uploaded so far, plus WeChat's rule that an order takes
 * one update and one re-ship of its shipping information.
 *
 * - First upload: the parcels are stored; unified delivery, or split delivery with is_all_delivered,
 *   finishes shipping (order_state 1 → 2, finish_shipping_count 1).
 * - Update: another upload while shipping is unfinished (split, not all delivered), same mode and type.
 *   One per order.
 * - Re-ship: an upload once shipping is finished, or one changing delivery_mode or logistics_type. One
 *   per order; finishing shipping this way sets finish_shipping_count 2.
 * - A second update or re-ship answers 10060003; an upload identical to what the order holds 10060023.
 */
import { SANDBOX_APP_ID, SANDBOX_OPENIDS } from './seed';

export interface ShippedParcel {
	tracking_no?: string;
	express_company?: string;
	goods_desc: string;
	/** Unix seconds. */
	upload_time: number;
	contact?: { consignor_contact?: string; receiver_contact?: string };
}

export interface OrderShipping {
	deliveryMode: number;
	logisticsType: number;
	isAllDelivered: boolean | null;
	finished: boolean;
	/** 0 unfinished, 1 finished, 2 finished by a re-ship. */
	finishCount: 0 | 1 | 2;
	parcels: ShippedParcel[];
	updatesUsed: number;
	reshipsUsed: number;
	/** The last upload_time, unix ms (a later upload must be later). */
	lastUploadTime: number;
}

export interface SandboxOrder {
	appId: string;
	transactionId: string;
	merchantId: string;
	subMerchantId: string;
	merchantTradeNo: string;
	description: string;
	/** Fen. */
	paidAmount: number;
	openid: string;
	/** Unix seconds. */
	tradeCreateTime: number;
	payTime: number;
	/** 1 awaiting shipment, 2 shipped, 3 receipt confirmed, 4 completed, 5 refunded, 6 funds pending settlement. */
	orderState: number;
	inComplaint: boolean;
	shipping: OrderShipping | null;
}

/** The merchant ID of every seeded order. */
export const SANDBOX_MERCHANT_ID = '1230000109';

/** The seeded orders' transaction ids, by what they are good for. */
export const SANDBOX_ORDER_IDS = {
	/** alice's phone, awaiting shipment: express uploads (SBX1001). */
	phone: '4200002024050100000000000001',
	/** bob's membership card, awaiting shipment: virtual goods (SBX1002). */
	membership: '4200002024050100000000000002',
	/** carol's order, awaiting shipment: split delivery (SBX1003). */
	furniture: '4200002024050100000000000003',
	/** alice's order whose receipt she has confirmed: not shippable, 10060004 (SBX1004). */
	received: '4200002024050100000000000004',
	/** bob's refunded order: not shippable, 10060004 (SBX1005). */
	refunded: '4200002024050100000000000005',
} as const;

/** 2024-05-01 10:00 Beijing time. */
const PAID_AT = 1714528800;

function seedOrder(transactionId: string, tradeNo: string, openid: string, description: string, paidAmount: number, orderState: number): SandboxOrder {
	return {
		appId: SANDBOX_APP_ID,
		transactionId,
		merchantId: SANDBOX_MERCHANT_ID,
		subMerchantId: '',
		merchantTradeNo: tradeNo,
		description,
		paidAmount,
		openid,
		tradeCreateTime: PAID_AT - 60,
		payTime: PAID_AT,
		orderState,
		inComplaint: false,
		shipping: null,
	};
}

export function seedOrders(): SandboxOrder[] {
	return [
		seedOrder(SANDBOX_ORDER_IDS.phone, 'SBX1001', SANDBOX_OPENIDS.alice, 'iPhone 15 Pro 256G', 799900, 1),
		seedOrder(SANDBOX_ORDER_IDS.membership, 'SBX1002', SANDBOX_OPENIDS.bob, '月卡会员', 3000, 1),
		seedOrder(SANDBOX_ORDER_IDS.furniture, 'SBX1003', SANDBOX_OPENIDS.carol, '实木书桌;人体工学椅', 259900, 1),
		seedOrder(SANDBOX_ORDER_IDS.received, 'SBX1004', SANDBOX_OPENIDS.alice, 'AirPods Pro', 189900, 3),
		seedOrder(SANDBOX_ORDER_IDS.refunded, 'SBX1005', SANDBOX_OPENIDS.bob, '蓝牙音箱', 29900, 5),
	];
}

/** The carriers of get_delivery_list: a handful of WeChat's list (which has about 1,400). */
export const SANDBOX_DELIVERY_COMPANIES: ReadonlyArray<{ delivery_id: string; delivery_name: string }> = [
	{ delivery_id: 'SF', delivery_name: '顺丰速运' },
	{ delivery_id: 'YTO', delivery_name: '圆通速递' },
	{ delivery_id: 'ZTO', delivery_name: '中通快递' },
	{ delivery_id: 'STO', delivery_name: '申通快递' },
	{ delivery_id: 'YD', delivery_name: '韵达速递' },
	{ delivery_id: 'JTSD', delivery_name: '极兔速递' },
	{ delivery_id: 'EMS', delivery_name: '中国邮政速递物流' },
	{ delivery_id: 'JD', delivery_name: '京东物流' },
	{ delivery_id: 'DBL', delivery_name: '德邦快递' },
	{ delivery_id: 'DHL', delivery_name: 'DHL' },
];

export type OrderKey = { transactionId: string } | { merchantId: string; merchantTradeNo: string };

export class ShippingOrders {
	private orders: SandboxOrder[] = [];

	constructor() {
		this.clear();
	}

	/** Back to the seeded orders, none shipped. */
	clear(): void {
		this.orders = seedOrders();
	}

	find(appId: string, key: OrderKey): SandboxOrder | undefined {
		return this.orders.find(
			(o) =>
				o.appId === appId &&
				('transactionId' in key ? o.transactionId === key.transactionId : o.merchantId === key.merchantId && o.merchantTradeNo === key.merchantTradeNo),
		);
	}

	list(transactionId?: string): SandboxOrder[] {
		return this.orders.filter((o) => transactionId === undefined || o.transactionId === transactionId).map((o) => structuredClone(o));
	}
}
