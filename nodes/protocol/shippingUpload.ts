/**
 * Shipping information upload (小程序发货信息管理, upload_shipping_info): tells WeChat how the goods of a
 * WeChat Pay order went out, so the user sees it and the funds settle. Facts and errcodes:
 * docs/wechat-protocol.md §16.
 *
 * An upload changes the order, and WeChat allows only one update and one re-ship per payment order (a
 * third upload answers 10060003). So it has retry policy 'not-accepted-only': an answer lost after the
 * request left is an outcome_unknown failure whose fix says to query the order (Get Order) first; never
 * a blind retry that could use up the order's one update or re-ship.
 */
import type { WeChatClient } from './client';
import { InvalidInputError } from './errors';
import { formatUploadTime, isRfc3339DateTime } from './shippingTime';

/** How the goods travel (logistics_type). */
export const LOGISTICS_TYPES = { express: 1, sameCity: 2, virtual: 3, pickUp: 4 } as const;
export type LogisticsType = (typeof LOGISTICS_TYPES)[keyof typeof LOGISTICS_TYPES];

/** One parcel (UNIFIED_DELIVERY) or several (SPLIT_DELIVERY, express only); sent as the number. */
export const DELIVERY_MODES = { unified: 1, split: 2 } as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[keyof typeof DELIVERY_MODES];

/**
 * Parcels per upload. The current page says 1 to 15 (10060024 "不可大于 15"); older pages and SDK comments say
 * 10. 15 is used: WeChat refuses more with 10060024 anyway, and an account still limited to 10 would say so.
 */
export const SHIPPING_LIST_MAX_ITEMS = 15;
/** item_desc: at most 120 characters (字), counted as characters, not bytes. */
export const ITEM_DESC_MAX_CHARACTERS = 120;
/** tracking_no and express_company: 1 to 128 bytes. */
export const TRACKING_FIELD_MAX_BYTES = 128;
/** payer.openid: 1 to 128 bytes. */
export const PAYER_OPENID_MAX_BYTES = 128;
/** consignor_contact / receiver_contact: at most 1024 characters. */
export const CONTACT_MAX_CHARACTERS = 1024;
/** The delivery_id of SF Express (顺丰), for which WeChat requires a masked contact number. */
export const SF_EXPRESS_ID = 'SF';

/** The payment order: by WeChat Pay's transaction_id (order_number_type 2) or by merchant id and the merchant's order number (1). */
export type ShippingOrderKey =
	| { by: 'transactionId'; transactionId: string }
	| { by: 'merchantTradeNo'; mchid: string; outTradeNo: string };

export interface ShippingContact {
	/** The sender's phone, masked with the last 4 digits shown, e.g. 189****1234. */
	consignorContact?: string;
	/** The receiver's phone, masked the same way. */
	receiverContact?: string;
}

export interface ShippingItem {
	/** Waybill number; required for express. */
	trackingNo?: string;
	/** The carrier's delivery_id from Get Delivery Companies (e.g. SF, YTO), not its name; required for express. */
	expressCompany?: string;
	/** What the parcel holds, at most 120 characters; required. */
	itemDesc: string;
	/** Required when expressCompany is SF. */
	contact?: ShippingContact;
}

export interface ShippingUploadInput {
	orderKey: ShippingOrderKey;
	logisticsType: number;
	deliveryMode: number;
	/** Required in split delivery: whether every parcel has now shipped (the user is told only then). */
	isAllDelivered?: boolean;
	shippingList: ShippingItem[];
	/** RFC 3339 with offset; default now in Beijing time (formatUploadTime). An update must be later than the previous upload. */
	uploadTime?: string;
	/** The OpenID of the user who paid. */
	payerOpenid: string;
}

function jsonOrUndefined(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/**
 * Parcels written as JSON (a string or an array, field names camelCase as in the node's example) as items.
 * Only the shape is checked here; prepareShippingUpload checks the values.
 */
export function parseParcelsJson(raw: unknown): ShippingItem[] {
	const value = typeof raw === 'string' ? jsonOrUndefined(raw) : raw;
	if (value === undefined) {
		throw new InvalidInputError('Parcels (JSON) is not valid JSON', 'Write an array like [{"trackingNo": "SF1", "expressCompany": "SF", "itemDesc": "机械键盘"}].');
	}
	if (!Array.isArray(value)) throw new InvalidInputError('Parcels (JSON) is not an array', 'Write an array of parcels, one object each.');
	return value.map((parcel: Record<string, unknown>) => ({
		trackingNo: parcel?.trackingNo === undefined ? undefined : String(parcel.trackingNo),
		expressCompany: parcel?.expressCompany === undefined ? undefined : String(parcel.expressCompany),
		itemDesc: parcel?.itemDesc === undefined ? '' : String(parcel.itemDesc),
		contact: {
			receiverContact: parcel?.receiverContact === undefined ? undefined : String(parcel.receiverContact),
			consignorContact: parcel?.consignorContact === undefined ? undefined : String(parcel.consignorContact),
		},
	}));
}

/** The JSON body of /wxa/sec/order/upload_shipping_info. */
export interface UploadShippingInfoBody {
	order_key: { order_number_type: 1 | 2; transaction_id?: string; mchid?: string; out_trade_no?: string };
	logistics_type: number;
	delivery_mode: number;
	is_all_delivered?: boolean;
	shipping_list: Array<{
		tracking_no?: string;
		express_company?: string;
		item_desc: string;
		contact?: { consignor_contact?: string; receiver_contact?: string };
	}>;
	upload_time: string;
	payer: { openid: string };
}

/** What an upload whose answer was lost must do before trying again. */
export const SHIPPING_OUTCOME_UNKNOWN_FIX =
	'query the order (Get Order) before uploading again: WeChat allows one update and one re-ship per order, and a blind retry could use one up (errcode 10060003 afterwards).';

const OUT_TRADE_NO = /^[0-9A-Za-z_\-*]+$/;
/** Only digits, * and -; at least one *; after the last *, at least 4 digits (the last 4 digits stay visible): 189****1234, 0**2-******23-10. */
const MASKED_PHONE = /^[0-9*-]*\*[0-9-]*$/;

const FIX = 'Correct the field in the node (or the input item) and run again; nothing was uploaded for this order.';

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');
const characterCount = (text: string): number => [...text].length;

/** Whether a contact number is masked as WeChat requires: digits, * and - only, the last 4 digits visible. */
export function isMaskedContact(value: string): boolean {
	if (!MASKED_PHONE.test(value)) return false;
	const visibleTail = value.slice(value.lastIndexOf('*') + 1);
	return visibleTail.replace(/-/g, '').length >= 4;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

function orderKeyBody(key: ShippingOrderKey, problems: string[]): UploadShippingInfoBody['order_key'] {
	if (key?.by === 'transactionId') {
		const transactionId = text(key.transactionId);
		if (!transactionId) problems.push('Transaction ID is empty: give the WeChat Pay transaction_id of the order (errcode 268485195 otherwise).');
		return { order_number_type: 2, transaction_id: transactionId };
	}
	if (key?.by === 'merchantTradeNo') {
		const mchid = text(key.mchid);
		const outTradeNo = text(key.outTradeNo);
		if (!mchid) problems.push('Merchant ID (mchid) is empty: give the WeChat Pay merchant ID with the order number (errcode 268485196 otherwise).');
		if (!outTradeNo) problems.push("Merchant Order Number (out_trade_no) is empty: give the merchant's order number (errcode 268485197 otherwise).");
		else if (!OUT_TRADE_NO.test(outTradeNo)) {
			problems.push(`Merchant Order Number "${outTradeNo}" may contain only digits, letters, _, - and *.`);
		}
		return { order_number_type: 1, mchid, out_trade_no: outTradeNo };
	}
	problems.push('Order Key must identify the order by transaction ID or by merchant ID and merchant order number.');
	return { order_number_type: 2 };
}

function contactBody(contact: ShippingContact | undefined, label: string, required: boolean, problems: string[]) {
	const consignor = text(contact?.consignorContact);
	const receiver = text(contact?.receiverContact);
	if (!consignor && !receiver) {
		if (required) {
			problems.push(
				`${label}: SF Express (SF) needs a contact: give the sender's or the receiver's phone, masked with the last 4 digits shown, e.g. 189****1234.`,
			);
		}
		return undefined;
	}
	const body: { consignor_contact?: string; receiver_contact?: string } = {};
	for (const [name, value, field] of [
		['Sender Contact', consignor, 'consignor_contact'],
		['Receiver Contact', receiver, 'receiver_contact'],
	] as const) {
		if (!value) continue;
		if (characterCount(value) > CONTACT_MAX_CHARACTERS) problems.push(`${label}: ${name} has more than ${CONTACT_MAX_CHARACTERS} characters.`);
		else if (!isMaskedContact(value)) {
			problems.push(
				`${label}: ${name} "${value}" is not masked as WeChat requires: digits, * and - only, at least one *, the last 4 digits visible (e.g. 189****1234, 021-****1234).`,
			);
		}
		body[field] = value;
	}
	return body;
}

function itemBody(item: ShippingItem, index: number, express: boolean, problems: string[]): UploadShippingInfoBody['shipping_list'][number] {
	const label = `Shipping List item ${index + 1}`;
	const itemDesc = typeof item?.itemDesc === 'string' ? item.itemDesc : '';
	if (itemDesc.trim() === '') problems.push(`${label}: Item Description is empty: describe the goods of the parcel (errcode 10060008 otherwise).`);
	else if (characterCount(itemDesc) > ITEM_DESC_MAX_CHARACTERS) {
		problems.push(`${label}: Item Description has ${characterCount(itemDesc)} characters; WeChat allows at most ${ITEM_DESC_MAX_CHARACTERS} (errcode 10060009 otherwise).`);
	}
	const body: UploadShippingInfoBody['shipping_list'][number] = { item_desc: itemDesc };
	const trackingNo = text(item?.trackingNo);
	const expressCompany = text(item?.expressCompany);
	if (express && !trackingNo) problems.push(`${label}: Tracking No is empty: an express delivery needs the waybill number (errcode 268485226 otherwise).`);
	if (express && !expressCompany) {
		problems.push(`${label}: Express Company is empty: give the carrier's delivery_id, e.g. SF or YTO (errcode 268485227 otherwise).`);
	}
	if (trackingNo) {
		if (byteLength(trackingNo) > TRACKING_FIELD_MAX_BYTES) {
			problems.push(`${label}: Tracking No has ${byteLength(trackingNo)} bytes; WeChat allows at most ${TRACKING_FIELD_MAX_BYTES} (errcode 10060026 otherwise).`);
		}
		body.tracking_no = trackingNo;
	}
	if (expressCompany) {
		if (byteLength(expressCompany) > TRACKING_FIELD_MAX_BYTES) {
			problems.push(`${label}: Express Company has ${byteLength(expressCompany)} bytes; give the carrier's delivery_id (e.g. SF), at most ${TRACKING_FIELD_MAX_BYTES} bytes.`);
		}
		body.express_company = expressCompany;
	}
	const contact = contactBody(item?.contact, label, expressCompany.toUpperCase() === SF_EXPRESS_ID, problems);
	if (contact) body.contact = contact;
	return body;
}

/**
 * Checks a shipping upload and builds its body; throws InvalidInputError listing every problem, before
 * anything is sent (an upload WeChat refuses costs nothing, but one it accepts with the wrong data uses
 * up the order's one update). `now` fills a missing upload time.
 */
export function prepareShippingUpload(input: ShippingUploadInput, now: Date = new Date()): UploadShippingInfoBody {
	const problems: string[] = [];
	const orderKey = orderKeyBody(input.orderKey, problems);
	const logisticsType = input.logisticsType;
	if (!(Object.values(LOGISTICS_TYPES) as number[]).includes(logisticsType)) {
		problems.push(`Logistics Type is ${String(logisticsType)}; use 1 express, 2 same-city delivery, 3 virtual goods or 4 user pick-up (errcode 10060005 otherwise).`);
	}
	const deliveryMode = input.deliveryMode;
	const express = logisticsType === LOGISTICS_TYPES.express;
	const list = Array.isArray(input.shippingList) ? input.shippingList : [];
	const body: Omit<UploadShippingInfoBody, 'upload_time' | 'payer'> = {
		order_key: orderKey,
		logistics_type: logisticsType,
		delivery_mode: deliveryMode,
		shipping_list: list.map((item, index) => itemBody(item, index, express, problems)),
	};
	if (deliveryMode === DELIVERY_MODES.unified) {
		if (list.length !== 1) problems.push(`Shipping List has ${list.length} parcels; unified delivery takes exactly 1 (errcode 268485228 otherwise): use split delivery for several.`);
	} else if (deliveryMode === DELIVERY_MODES.split) {
		if (!express) problems.push('Split delivery is allowed only for express (Logistics Type 1) (errcode 10060006 otherwise).');
		if (typeof input.isAllDelivered !== 'boolean') problems.push('Is All Delivered is missing: split delivery must say whether every parcel has shipped (errcode 10060007 otherwise).');
		else body.is_all_delivered = input.isAllDelivered;
		if (list.length < 1 || list.length > SHIPPING_LIST_MAX_ITEMS) {
			problems.push(`Shipping List has ${list.length} parcels; WeChat takes 1 to ${SHIPPING_LIST_MAX_ITEMS} (errcode 10060024 otherwise).`);
		}
	} else {
		problems.push(`Delivery Mode is ${String(deliveryMode)}; use 1 unified delivery (one parcel) or 2 split delivery (errcode 268485224 otherwise).`);
	}
	const uploadTime = input.uploadTime === undefined || input.uploadTime.trim() === '' ? formatUploadTime(now) : input.uploadTime.trim();
	if (!isRfc3339DateTime(uploadTime)) {
		problems.push(`Upload Time "${uploadTime}" is not an RFC 3339 time with offset, e.g. 2024-05-01T15:01:00.000+08:00 (errcode 268485216 otherwise).`);
	}
	const openid = text(input.payerOpenid);
	if (!openid) problems.push("Payer OpenID is empty: give the OpenID of the user who paid (Get Order shows it).");
	else if (byteLength(openid) > PAYER_OPENID_MAX_BYTES || /\s/.test(openid)) problems.push(`Payer OpenID "${openid}" is not an OpenID.`);
	if (problems.length > 0) throw new InvalidInputError(problems[0], FIX, problems);
	return { ...body, upload_time: uploadTime, payer: { openid } };
}

/** Uploads the shipping information of one order. A lost answer is never retried (see SHIPPING_OUTCOME_UNKNOWN_FIX). */
export async function uploadShippingInfo(client: Pick<WeChatClient, 'call'>, body: UploadShippingInfoBody): Promise<void> {
	await client.call({
		method: 'POST',
		path: '/wxa/sec/order/upload_shipping_info',
		json: body,
		retry: 'not-accepted-only',
		operation: 'Upload Shipping Info',
		outcomeUnknownFix: SHIPPING_OUTCOME_UNKNOWN_FIX,
	});
}
