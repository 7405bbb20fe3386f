/**
 * The shipping information APIs as WeChat answers them (docs/wechat-protocol.md §16), over the orders of
 * shipping.ts: POST /wxa/sec/order/upload_shipping_info, /wxa/sec/order/get_order,
 * /wxa/sec/order/is_trade_managed and the express API's /cgi-bin/express/delivery/open_msg/get_delivery_list.
 * Where WeChat documents no errcode, the sandbox answers 10060014 (parameter error) with an errmsg naming
 * the field: an SF parcel without contact, a contact not masked, an express_company not in the carrier
 * list, an empty payer.openid or shipping_list, an upload_time not later than the previous upload.
 */
import { authenticate, errorAnswer, isAnswer, okAnswer, type ApiAnswer, type ApiRequest } from './api';
import { objectField, readJsonFields, stringField, type JsonFields } from './jsonRequest';
import { SANDBOX_DELIVERY_COMPANIES, type OrderKey, type SandboxOrder, type ShippedParcel } from './shipping';
import type { SandboxState } from './state';

const MAX_PARCELS = 15;
const ITEM_DESC_MAX = 120;
const FIELD_MAX_BYTES = 128;
const GOODS_DESC_SHOWN = 120;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
/** Digits, * and -, at least one *, at least 4 digits after the last *. */
const MASKED = /^[0-9*-]*\*[0-9-]*$/;
const CARRIERS = new Set(SANDBOX_DELIVERY_COMPANIES.map((c) => c.delivery_id));
const SHIPPABLE_STATES = new Set([1, 2]);

type Refusal = { errcode: number; errmsg?: string };

const refuse = (errcode: number, errmsg?: string): Refusal => ({ errcode, errmsg });

function masked(value: string): boolean {
	return MASKED.test(value) && value.slice(value.lastIndexOf('*') + 1).replace(/-/g, '').length >= 4;
}

interface Upload {
	key: OrderKey;
	logisticsType: number;
	deliveryMode: number;
	isAllDelivered: boolean | null;
	parcels: ShippedParcel[];
	uploadTimeMs: number;
	openid: string;
}

function readOrderKey(value: unknown): OrderKey | Refusal {
	const key = objectField(value) ?? {};
	if (key.order_number_type === 2) {
		const transactionId = stringField(key, 'transaction_id');
		return transactionId ? { transactionId } : refuse(268485195);
	}
	if (key.order_number_type === 1) {
		const merchantId = stringField(key, 'mchid');
		const merchantTradeNo = stringField(key, 'out_trade_no');
		if (!merchantId) return refuse(268485196);
		if (!merchantTradeNo) return refuse(268485197);
		return { merchantId, merchantTradeNo };
	}
	return refuse(268485194);
}

function readParcel(value: unknown, express: boolean, uploadTime: number): ShippedParcel | Refusal {
	const item = objectField(value) ?? {};
	const desc = stringField(item, 'item_desc');
	if (desc.trim() === '') return refuse(10060008);
	if ([...desc].length > ITEM_DESC_MAX) return refuse(10060009);
	const trackingNo = stringField(item, 'tracking_no');
	const company = stringField(item, 'express_company');
	if (express && !trackingNo) return refuse(268485226);
	if (express && !company) return refuse(268485227);
	if (Buffer.byteLength(trackingNo) > FIELD_MAX_BYTES) return refuse(10060026);
	if (Buffer.byteLength(company) > FIELD_MAX_BYTES) return refuse(10060025);
	if (company && !CARRIERS.has(company)) return refuse(10060014, 'invalid express_company, use a delivery_id of get_delivery_list');
	const parcel: ShippedParcel = { goods_desc: desc, upload_time: uploadTime };
	if (trackingNo) parcel.tracking_no = trackingNo;
	if (company) parcel.express_company = company;
	const contact = objectField(item.contact);
	const consignor = contact ? stringField(contact, 'consignor_contact') : '';
	const receiver = contact ? stringField(contact, 'receiver_contact') : '';
	if (company === 'SF' && !consignor && !receiver) return refuse(10060014, 'contact is required for SF');
	for (const phone of [consignor, receiver]) {
		if (phone && !masked(phone)) return refuse(10060014, 'contact must be masked, last 4 digits visible');
	}
	if (consignor || receiver) {
		parcel.contact = {};
		if (consignor) parcel.contact.consignor_contact = consignor;
		if (receiver) parcel.contact.receiver_contact = receiver;
	}
	return parcel;
}

function readUpload(body: JsonFields): Upload | Refusal {
	const key = readOrderKey(body.order_key);
	if ('errcode' in key) return key;
	const logisticsType = body.logistics_type;
	if (typeof logisticsType !== 'number' || ![1, 2, 3, 4].includes(logisticsType)) return refuse(10060005);
	const deliveryMode = body.delivery_mode;
	if (deliveryMode !== 1 && deliveryMode !== 2) return refuse(268485224);
	const express = logisticsType === 1;
	let isAllDelivered: boolean | null = null;
	if (deliveryMode === 2) {
		if (!express) return refuse(10060006);
		if (typeof body.is_all_delivered !== 'boolean') return refuse(10060007);
		isAllDelivered = body.is_all_delivered;
	}
	const list = Array.isArray(body.shipping_list) ? body.shipping_list : [];
	if (deliveryMode === 1 && list.length !== 1) return refuse(268485228);
	if (list.length === 0) return refuse(10060014, 'shipping_list is empty');
	if (list.length > MAX_PARCELS) return refuse(10060024);
	const uploadTime = stringField(body, 'upload_time');
	const uploadTimeMs = RFC3339.test(uploadTime) ? Date.parse(uploadTime) : NaN;
	if (!Number.isFinite(uploadTimeMs)) return refuse(268485216);
	const parcels: ShippedParcel[] = [];
	for (const item of list) {
		const parcel = readParcel(item, express, Math.floor(uploadTimeMs / 1000));
		if ('errcode' in parcel) return parcel;
		parcels.push(parcel);
	}
	const openid = stringField(objectField(body.payer) ?? {}, 'openid');
	if (!openid) return refuse(10060014, 'payer.openid is empty');
	return { key, logisticsType, deliveryMode, isAllDelivered, parcels, uploadTimeMs, openid };
}

/** Everything an upload says, without its time: two uploads saying the same change nothing. */
function sameContent(order: SandboxOrder, upload: Upload): boolean {
	const shipping = order.shipping;
	if (!shipping) return false;
	const withoutTime = (parcels: ShippedParcel[]) => JSON.stringify(parcels.map(({ upload_time: _time, ...rest }) => rest));
	return (
		shipping.deliveryMode === upload.deliveryMode &&
		shipping.logisticsType === upload.logisticsType &&
		shipping.isAllDelivered === upload.isAllDelivered &&
		withoutTime(shipping.parcels) === withoutTime(upload.parcels)
	);
}

/** Applies an upload to the order under WeChat's rules (shipping.ts), or the errcode refusing it. */
function applyUpload(order: SandboxOrder, upload: Upload): Refusal | undefined {
	if (order.openid !== upload.openid) return refuse(10060031);
	if (!SHIPPABLE_STATES.has(order.orderState)) return refuse(10060004);
	const previous = order.shipping;
	if (previous && upload.uploadTimeMs <= previous.lastUploadTime) return refuse(10060014, 'upload_time must be later than the previous upload');
	if (sameContent(order, upload)) return refuse(10060023);
	const finished = upload.deliveryMode === 1 || upload.isAllDelivered === true;
	let updatesUsed = previous?.updatesUsed ?? 0;
	let reshipsUsed = previous?.reshipsUsed ?? 0;
	let finishCount: 0 | 1 | 2 = finished ? 1 : 0;
	if (previous) {
		const reship = previous.finished || previous.deliveryMode !== upload.deliveryMode || previous.logisticsType !== upload.logisticsType;
		if (reship) {
			if (reshipsUsed >= 1) return refuse(10060003);
			reshipsUsed += 1;
			if (finished) finishCount = 2;
		} else {
			if (updatesUsed >= 1) return refuse(10060003);
			updatesUsed += 1;
		}
	}
	order.shipping = {
		deliveryMode: upload.deliveryMode,
		logisticsType: upload.logisticsType,
		isAllDelivered: upload.isAllDelivered,
		finished,
		finishCount,
		parcels: upload.parcels,
		updatesUsed,
		reshipsUsed,
		lastUploadTime: upload.uploadTimeMs,
	};
	if (finished) order.orderState = 2;
	return undefined;
}

function refusalAnswer(state: SandboxState, refusal: Refusal): ApiAnswer {
	return errorAnswer(state, refusal.errcode, refusal.errmsg);
}

/** POST /wxa/sec/order/upload_shipping_info. */
export function uploadShippingInfo(state: SandboxState, request: ApiRequest): ApiAnswer {
	const auth = authenticate(state, request);
	if (isAnswer(auth)) return auth;
	const body = readJsonFields(request);
	if (typeof body === 'number') return errorAnswer(state, body);
	const upload = readUpload(body);
	if ('errcode' in upload) return refusalAnswer(state, upload);
	const order = state.orders.find(auth.appId, upload.key);
	if (!order) return errorAnswer(state, 10060001);
	const refusal = applyUpload(order, upload);
	return refusal ? refusalAnswer(state, refusal) : okAnswer();
}

function goodsDesc(parcels: ShippedParcel[]): string {
	const joined = parcels.map((p) => p.goods_desc).join(';');
	return [...joined].length > GOODS_DESC_SHOWN ? `${[...joined].slice(0, GOODS_DESC_SHOWN).join('')}...` : joined;
}

/** get_order's `order` as WeChat writes it. */
export function describeOrder(order: SandboxOrder): Record<string, unknown> {
	const shipping = order.shipping;
	return {
		transaction_id: order.transactionId,
		merchant_id: order.merchantId,
		sub_merchant_id: order.subMerchantId,
		merchant_trade_no: order.merchantTradeNo,
		description: order.description,
		paid_amount: order.paidAmount,
		openid: order.openid,
		trade_create_time: order.tradeCreateTime,
		pay_time: order.payTime,
		order_state: order.orderState,
		in_complaint: order.inComplaint,
		shipping: shipping
			? {
					delivery_mode: shipping.deliveryMode,
					logistics_type: shipping.logisticsType,
					finish_shipping: shipping.finished,
					goods_desc: goodsDesc(shipping.parcels),
					finish_shipping_count: shipping.finishCount,
					shipping_list: shipping.parcels.map((p) => ({
						tracking_no: p.tracking_no ?? '',
						express_company: p.express_company ?? '',
						goods_desc: p.goods_desc,
						upload_time: p.upload_time,
						contact: { consignor_contact: p.contact?.consignor_contact ?? '', receiver_contact: p.contact?.receiver_contact ?? '' },
					})),
				}
			: undefined,
	};
}

/** POST /wxa/sec/order/get_order: by transaction_id, or merchant_id + merchant_trade_no. */
export function getOrder(state: SandboxState, request: ApiRequest): ApiAnswer {
	const auth = authenticate(state, request);
	if (isAnswer(auth)) return auth;
	const body = readJsonFields(request);
	if (typeof body === 'number') return errorAnswer(state, body);
	const transactionId = stringField(body, 'transaction_id');
	const merchantId = stringField(body, 'merchant_id');
	const merchantTradeNo = stringField(body, 'merchant_trade_no');
	let key: OrderKey;
	if (transactionId) key = { transactionId };
	else if (merchantId && merchantTradeNo) key = { merchantId, merchantTradeNo };
	else return errorAnswer(state, 10060014, 'transaction_id or merchant_id and merchant_trade_no required');
	const order = state.orders.find(auth.appId, key);
	return order ? okAnswer({ order: describeOrder(order) }) : errorAnswer(state, 10060001);
}

/** POST /wxa/sec/order/is_trade_managed: {appid} of the caller's own mini program; the sandbox's are all managed. */
export function isTradeManaged(state: SandboxState, request: ApiRequest): ApiAnswer {
	const auth = authenticate(state, request);
	if (isAnswer(auth)) return auth;
	const body = readJsonFields(request);
	if (typeof body === 'number') return errorAnswer(state, body);
	const appid = stringField(body, 'appid');
	if (!appid) return errorAnswer(state, 40097);
	if (appid !== auth.appId) return errorAnswer(state, 40013);
	return okAnswer({ is_trade_managed: true });
}

/** POST /cgi-bin/express/delivery/open_msg/get_delivery_list with {}. */
export function getDeliveryList(state: SandboxState, request: ApiRequest): ApiAnswer {
	const auth = authenticate(state, request);
	if (isAnswer(auth)) return auth;
	return okAnswer({ delivery_list: SANDBOX_DELIVERY_COMPANIES, count: SANDBOX_DELIVERY_COMPANIES.length });
}
