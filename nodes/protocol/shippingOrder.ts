/**
 * Reading the shipping side of a WeChat Pay order: get_order (the order, its state and the shipping
 * uploaded) and is_trade_managed (whether the mini program is under shipping management at all). Both
 * are reads, retried like reads. docs/wechat-protocol.md §16.
 */
import type { WeChatClient } from './client';
import { InvalidInputError, WeChatApiError, type ErrcodeTable } from './errors';

/** order_state, by number. */
export const ORDER_STATES = {
	1: 'awaiting_shipment', // 待发货
	2: 'shipped', // 已发货
	3: 'receipt_confirmed', // 确认收货
	4: 'completed', // 交易完成
	5: 'refunded', // 已退款
	6: 'funds_pending_settlement', // 资金待结算
} as const;
export type OrderStateName = (typeof ORDER_STATES)[keyof typeof ORDER_STATES];

export function orderStateName(state: number): OrderStateName | 'unknown' {
	return (ORDER_STATES as Record<number, OrderStateName>)[state] ?? 'unknown';
}

/**
 * Which order to read. Note get_order's field names: merchant_id and merchant_trade_no, where
 * upload_shipping_info says mchid and out_trade_no for the same values.
 */
export type OrderLookup =
	| { by: 'transactionId'; transactionId: string }
	| { by: 'merchantTradeNo'; merchantId: string; merchantTradeNo: string; subMerchantId?: string };

export interface ShippedParcel {
	trackingNo: string | null;
	expressCompany: string | null;
	goodsDesc: string | null;
	/** Unix seconds. */
	uploadTime: number | null;
	consignorContact: string | null;
	receiverContact: string | null;
}

export interface OrderShipping {
	deliveryMode: number | null;
	logisticsType: number | null;
	finishShipping: boolean;
	goodsDesc: string | null;
	/** 0 not finished, 1 finished, 2 finished after a re-ship. */
	finishShippingCount: number | null;
	shippingList: ShippedParcel[];
}

export interface ShippingOrder {
	transactionId: string;
	merchantId: string | null;
	subMerchantId: string | null;
	merchantTradeNo: string | null;
	/** Every item description joined by ";", cut after 120 characters by WeChat. */
	description: string | null;
	/** In fen (1/100 yuan). */
	paidAmount: number | null;
	openid: string | null;
	/** Unix seconds. */
	tradeCreateTime: number | null;
	payTime: number | null;
	orderState: number | null;
	orderStateName: OrderStateName | 'unknown';
	inComplaint: boolean;
	shipping: OrderShipping | null;
}

export interface DeliveryCompany {
	/** What upload_shipping_info takes as express_company, e.g. SF. */
	deliveryId: string;
	/** e.g. 顺丰速运. */
	deliveryName: string;
}

/** is_trade_managed's errcodes that mean something else than elsewhere. */
export const TRADE_MANAGED_ERRCODES: ErrcodeTable = {
	40097: { meaning: 'appid missing', fix: 'This is a bug in the node; please report it.', handling: 'final' },
	// Refused before anything happened; the call is a read anyway.
	44990: { meaning: 'too many calls per second', fix: 'Lower Concurrency; the node already retried with back-off.', handling: 'transient-refused' },
};

const FIX = 'Correct the field in the node (or the input item) and run again.';

function object(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** An id as text: WeChat sends ids as strings, but a long bare number reaches us as a string too (json64.ts). */
function idText(value: unknown): string | null {
	if (typeof value === 'string' && value !== '') return value;
	return typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
}

function numberOrNull(value: unknown): number | null {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

function textOrNull(value: unknown): string | null {
	return typeof value === 'string' ? value : null;
}

function parseParcel(value: unknown): ShippedParcel {
	const parcel = object(value) ?? {};
	const contact = object(parcel.contact) ?? {};
	return {
		trackingNo: textOrNull(parcel.tracking_no),
		expressCompany: textOrNull(parcel.express_company),
		goodsDesc: textOrNull(parcel.goods_desc),
		uploadTime: numberOrNull(parcel.upload_time),
		consignorContact: textOrNull(contact.consignor_contact) || null,
		receiverContact: textOrNull(contact.receiver_contact) || null,
	};
}

function parseShipping(value: unknown): OrderShipping | null {
	const shipping = object(value);
	if (!shipping) return null;
	return {
		deliveryMode: numberOrNull(shipping.delivery_mode),
		logisticsType: numberOrNull(shipping.logistics_type),
		finishShipping: shipping.finish_shipping === true,
		goodsDesc: textOrNull(shipping.goods_desc),
		finishShippingCount: numberOrNull(shipping.finish_shipping_count),
		shippingList: Array.isArray(shipping.shipping_list) ? shipping.shipping_list.map(parseParcel) : [],
	};
}

/** get_order's `order`, with names that say what they hold; undefined when it is not an order. */
export function parseShippingOrder(value: unknown): ShippingOrder | undefined {
	const order = object(value);
	const transactionId = idText(order?.transaction_id);
	if (!order || transactionId === null) return undefined;
	const orderState = numberOrNull(order.order_state);
	return {
		transactionId,
		merchantId: idText(order.merchant_id),
		subMerchantId: idText(order.sub_merchant_id),
		merchantTradeNo: idText(order.merchant_trade_no),
		description: textOrNull(order.description),
		paidAmount: numberOrNull(order.paid_amount),
		openid: textOrNull(order.openid),
		tradeCreateTime: numberOrNull(order.trade_create_time),
		payTime: numberOrNull(order.pay_time),
		orderState,
		orderStateName: orderState === null ? 'unknown' : orderStateName(orderState),
		inComplaint: order.in_complaint === true,
		shipping: parseShipping(order.shipping),
	};
}

/** get_order's body for a lookup; throws InvalidInputError naming the empty field. */
export function orderLookupBody(lookup: OrderLookup): Record<string, string> {
	const problems: string[] = [];
	let body: Record<string, string> = {};
	if (lookup?.by === 'transactionId') {
		const transactionId = (lookup.transactionId ?? '').trim();
		if (!transactionId) problems.push('Transaction ID is empty: give the WeChat Pay transaction_id of the order.');
		body = { transaction_id: transactionId };
	} else if (lookup?.by === 'merchantTradeNo') {
		const merchantId = (lookup.merchantId ?? '').trim();
		const merchantTradeNo = (lookup.merchantTradeNo ?? '').trim();
		if (!merchantId) problems.push('Merchant ID (merchant_id) is empty: give the WeChat Pay merchant ID with the order number.');
		if (!merchantTradeNo) problems.push("Merchant Order Number (merchant_trade_no) is empty: give the merchant's order number.");
		body = { merchant_id: merchantId, merchant_trade_no: merchantTradeNo };
		const sub = (lookup.subMerchantId ?? '').trim();
		if (sub) body.sub_merchant_id = sub;
	} else {
		problems.push('Order must be identified by transaction ID or by merchant ID and merchant order number.');
	}
	if (problems.length > 0) throw new InvalidInputError(problems[0], FIX, problems);
	return body;
}

/** Reads one order with its state and shipping. */
export async function getShippingOrder(client: Pick<WeChatClient, 'call'>, lookup: OrderLookup): Promise<ShippingOrder> {
	const operation = 'Get Order';
	const answer = await client.call<{ order?: unknown }>({
		method: 'POST',
		path: '/wxa/sec/order/get_order',
		json: orderLookupBody(lookup),
		retry: 'idempotent',
		operation,
	});
	const order = parseShippingOrder(answer.order);
	if (!order) throw new WeChatApiError({ operation, kind: 'bad-response' });
	return order;
}

/** Whether the mini program's WeChat Pay orders are under shipping management (uploads needed for them to settle). */
export async function isTradeManaged(client: Pick<WeChatClient, 'call'>, appId: string): Promise<boolean> {
	const operation = 'Is Trade Managed';
	const appid = (appId ?? '').trim();
	if (!appid) throw new InvalidInputError('App ID is empty: is_trade_managed asks about one mini program.', 'Use the App ID of the credential.');
	const answer = await client.call<{ is_trade_managed?: unknown }>({
		method: 'POST',
		path: '/wxa/sec/order/is_trade_managed',
		json: { appid },
		retry: 'idempotent',
		operation,
		errcodes: TRADE_MANAGED_ERRCODES,
	});
	if (typeof answer.is_trade_managed !== 'boolean') throw new WeChatApiError({ operation, kind: 'bad-response' });
	return answer.is_trade_managed;
}

/**
 * The carriers WeChat knows (about 1,400, international ones included), whose delivery_id is what an
 * express upload takes as express_company. Not under /wxa/sec/order/: it is the express API's
 * /cgi-bin/express/delivery/open_msg/get_delivery_list, posted with `{}`. It changes rarely: cache it.
 */
export async function listDeliveryCompanies(client: Pick<WeChatClient, 'call'>): Promise<DeliveryCompany[]> {
	const operation = 'Get Delivery Companies';
	const answer = await client.call<{ delivery_list?: unknown }>({
		method: 'POST',
		path: '/cgi-bin/express/delivery/open_msg/get_delivery_list',
		json: {},
		retry: 'idempotent',
		operation,
	});
	if (!Array.isArray(answer.delivery_list)) throw new WeChatApiError({ operation, kind: 'bad-response' });
	return answer.delivery_list.flatMap((entry): DeliveryCompany[] => {
		const company = object(entry);
		const deliveryId = idText(company?.delivery_id);
		return deliveryId === null ? [] : [{ deliveryId, deliveryName: textOrNull(company?.delivery_name) ?? deliveryId }];
	});
}
