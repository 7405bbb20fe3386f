/**
 * Turns the fields of one push message into output items with stable, documented names.
 *
 * Every item: `event` (WeChat's Event, or the MsgType of a customer-service message), `msgType`,
 * `openid` (FromUserName), `appOriginalId` (ToUserName, gh_…), `createTime` (unix seconds, a
 * number), `receivedAt` (ISO time we received it) and `dedupeKey` (equal across WeChat's
 * retries of one push, distinct between the items of one push and between pushes that say different
 * things, see pushDedupeKey). Then per event:
 * - subscribe_msg_popup_event: templateId, status (`accept` for every accept… value, `reject`, or
 *   WeChat's value as sent), statusRaw, popupScene (number), then what the action does to the
 *   user's subscription (docs/wechat-protocol.md §3), for a ledger to add up: quotaDelta (1 for a
 *   popup accept: one more send of a one-time template; 0 otherwise), switchedOn (an accept),
 *   switchedOff (a reject)
 * - subscribe_msg_change_event: templateId, status, statusRaw, quotaDelta (always 0: an accept in
 *   settings adds no send), switchedOn, switchedOff
 * - subscribe_msg_sent_event: templateId, msgId (string), errorCode (number), errorStatus,
 *   delivered (errorCode 0)
 *   With Split List off, these per-template fields sit in a `templates` array on one item.
 * - text: msgId, content · image: msgId, picUrl, mediaId · miniprogrampage: msgId, title, appId,
 *   pagePath, thumbUrl, thumbMediaId · user_enter_tempsession: sessionFrom
 * - anything else: `fields`, the message as WeChat sent it.
 * A documented field WeChat left out is null.
 */
import { createHash } from 'node:crypto';

import type { PushMessage } from './envelope';

/** One output item's JSON: plain JSON values (strings, numbers, booleans, null, arrays, objects). */
export type EventItem = Record<string, unknown>;

/** The trigger's event filter values, in WeChat's own words where WeChat has one. */
export type PushEventCategory =
	| 'subscribe_msg_popup_event'
	| 'subscribe_msg_change_event'
	| 'subscribe_msg_sent_event'
	| 'customer_service_message'
	| 'user_enter_tempsession'
	| 'other';

export const PUSH_EVENT_CATEGORIES: readonly PushEventCategory[] = [
	'subscribe_msg_popup_event',
	'subscribe_msg_change_event',
	'subscribe_msg_sent_event',
	'customer_service_message',
	'user_enter_tempsession',
	'other',
];

const CUSTOMER_SERVICE_MSG_TYPES = new Set(['text', 'image', 'miniprogrampage']);

const LIST_WRAPPERS = ['SubscribeMsgPopupEvent', 'SubscribeMsgChangeEvent', 'SubscribeMsgSentEvent'];

export interface NormaliseOptions {
	/** One item per template entry (true) or one item with a `templates` array (false). */
	splitList: boolean;
	/** Popup and change events: keep only accepted templates; no item when none is left. */
	onlyAccepted: boolean;
	/** Add `raw`: the message fields as parsed (decrypted when encrypted). */
	includeRaw: boolean;
	receivedAt: Date;
}

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The field `name`, matched exactly or else ignoring case (MsgId / MsgID / msgid). */
function field(fields: Fields, name: string): unknown {
	if (Object.prototype.hasOwnProperty.call(fields, name)) {
		return fields[name];
	}
	const lower = name.toLowerCase();
	const key = Object.keys(fields).find((candidate) => candidate.toLowerCase() === lower);
	return key === undefined ? undefined : fields[key];
}

/** A scalar as text; the first of repeated values; null when absent or not a scalar. */
function textOf(value: unknown): string | null {
	const scalar = Array.isArray(value) ? value[0] : value;
	if (typeof scalar === 'string') return scalar;
	if (typeof scalar === 'number' || typeof scalar === 'boolean') return String(scalar);
	return null;
}

/** A push field as text, its name matched ignoring case, as every reader of a push needs it. */
export function textField(message: PushMessage, name: string): string | null {
	return textOf(field(message, name));
}

/** An integer given as a number or as a string of digits; null otherwise. */
function integerOf(value: unknown): number | null {
	const text = textOf(value);
	if (text === null || !/^-?[0-9]{1,15}$/.test(text.trim())) {
		return null;
	}
	return Number(text.trim());
}

export function categorise(message: PushMessage): PushEventCategory {
	const msgType = (textOf(field(message, 'MsgType')) ?? '').toLowerCase();
	const event = (textOf(field(message, 'Event')) ?? '').toLowerCase();
	if (CUSTOMER_SERVICE_MSG_TYPES.has(msgType)) {
		return 'customer_service_message';
	}
	switch (event) {
		case 'subscribe_msg_popup_event':
		case 'subscribe_msg_change_event':
		case 'subscribe_msg_sent_event':
		case 'user_enter_tempsession':
			return event;
		default:
			return 'other';
	}
}

function asEntries(value: unknown): Fields[] {
	const values = Array.isArray(value) ? value : [value];
	return values.filter(isFields);
}

/**
 * The template entries of a subscription event, wherever WeChat put them: `List` at the top
 * (JSON), `List` repeated inside a `SubscribeMsg…Event` wrapper (XML), or the older JSON shape
 * where the wrapper itself is the array of entries. Object or array alike.
 */
export function subscriptionEntries(message: PushMessage): Fields[] {
	const topList = field(message, 'List');
	if (topList !== undefined) {
		return asEntries(topList);
	}
	for (const wrapperName of LIST_WRAPPERS) {
		const wrapper = field(message, wrapperName);
		if (wrapper === undefined) continue;
		const entries: Fields[] = [];
		for (const part of Array.isArray(wrapper) ? wrapper : [wrapper]) {
			if (!isFields(part)) continue;
			const list = field(part, 'List');
			entries.push(...(list === undefined ? [part] : asEntries(list)));
		}
		return entries;
	}
	return [];
}

/** `accept` for every accept… value, `reject`, or the value as sent (ban, filter, …). */
export function statusCategory(statusRaw: string | null): string | null {
	if (statusRaw === null) return null;
	if (statusRaw.toLowerCase().startsWith('accept')) return 'accept';
	if (statusRaw.toLowerCase() === 'reject') return 'reject';
	return statusRaw;
}

function subscriptionStatus(entry: Fields): { templateId: string | null; status: string | null; statusRaw: string | null } {
	const statusRaw = textOf(field(entry, 'SubscribeStatusString'));
	return {
		templateId: textOf(field(entry, 'TemplateId')),
		status: statusCategory(statusRaw),
		statusRaw,
	};
}

/**
 * What one template entry of a popup or settings change does to the user's subscription, as
 * docs/wechat-protocol.md §3 states it: a popup accept adds one send and switches the template on; an
 * accept in settings switches it on and adds none; a reject switches it off (unused sends are kept);
 * other statuses (ban, filter) change nothing. Whether the template is one-time or long-term is not in the
 * push: for a long-term template the added send is simply never needed.
 */
export function subscriptionEffect(
	category: 'subscribe_msg_popup_event' | 'subscribe_msg_change_event',
	status: string | null,
): { quotaDelta: number; switchedOn: boolean; switchedOff: boolean } {
	const accepted = status === 'accept';
	return {
		quotaDelta: accepted && category === 'subscribe_msg_popup_event' ? 1 : 0,
		switchedOn: accepted,
		switchedOff: status === 'reject',
	};
}

function templateFields(category: PushEventCategory, entry: Fields): EventItem {
	if (category === 'subscribe_msg_popup_event' || category === 'subscribe_msg_change_event') {
		const subscription = subscriptionStatus(entry);
		const popupScene = category === 'subscribe_msg_popup_event' ? { popupScene: integerOf(field(entry, 'PopupScene')) } : {};
		return { ...subscription, ...popupScene, ...subscriptionEffect(category, subscription.status) };
	}
	const errorCode = integerOf(field(entry, 'ErrorCode'));
	return {
		templateId: textOf(field(entry, 'TemplateId')),
		msgId: textOf(field(entry, 'MsgID')),
		errorCode,
		errorStatus: textOf(field(entry, 'ErrorStatus')),
		delivered: errorCode === 0,
	};
}

function customerServiceFields(message: PushMessage, msgType: string): EventItem {
	const get = (name: string) => textField(message, name);
	switch (msgType) {
		case 'text':
			return { msgId: get('MsgId'), content: get('Content') };
		case 'image':
			return { msgId: get('MsgId'), picUrl: get('PicUrl'), mediaId: get('MediaId') };
		default:
			return {
				msgId: get('MsgId'),
				title: get('Title'),
				appId: get('AppId'),
				pagePath: get('PagePath'),
				thumbUrl: get('ThumbUrl'),
				thumbMediaId: get('ThumbMediaId'),
			};
	}
}

function commonFields(message: PushMessage, receivedAt: Date): EventItem {
	const msgType = textOf(field(message, 'MsgType'));
	const event = msgType?.toLowerCase() === 'event' ? textOf(field(message, 'Event')) : msgType;
	return {
		event,
		msgType,
		openid: textOf(field(message, 'FromUserName')),
		appOriginalId: textOf(field(message, 'ToUserName')),
		createTime: integerOf(field(message, 'CreateTime')),
		receivedAt: receivedAt.toISOString(),
	};
}

/**
 * MsgId when the push has one (customer-service messages); else FromUserName|CreateTime|Event|digest,
 * where digest is the first 16 hex digits of a SHA-256 over the message's fields (decrypted, keys sorted).
 * WeChat retries a push with the same message, so a retry gets the same key; two different actions of one
 * user in the same second (another template, another status, another event) get different keys. Two pushes
 * whose every field is equal cannot be told from a retry, and share a key.
 */
export function pushDedupeKey(message: PushMessage): string {
	const msgId = textOf(field(message, 'MsgId'));
	if (msgId !== null) {
		return msgId;
	}
	const from = textOf(field(message, 'FromUserName')) ?? '';
	const createTime = textOf(field(message, 'CreateTime')) ?? '';
	const event = textOf(field(message, 'Event')) ?? textOf(field(message, 'MsgType')) ?? '';
	return `${from}|${createTime}|${event}|${contentDigest(message)}`;
}

/** A stable digest of a parsed message: JSON with object keys sorted at every level. */
export function contentDigest(message: PushMessage): string {
	return createHash('sha256').update(canonicalJson(message)).digest('hex').slice(0, 16);
}

function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (isFields(value)) {
		const keys = Object.keys(value).sort();
		return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

function isSubscription(category: PushEventCategory): boolean {
	return (
		category === 'subscribe_msg_popup_event' ||
		category === 'subscribe_msg_change_event' ||
		category === 'subscribe_msg_sent_event'
	);
}

/** Output items for one push; empty when Only Accepted leaves nothing. */
export function normalisePush(message: PushMessage, options: NormaliseOptions): EventItem[] {
	const category = categorise(message);
	const common = commonFields(message, options.receivedAt);
	const dedupeKey = pushDedupeKey(message);
	const raw: EventItem = options.includeRaw ? { raw: message as EventItem } : {};

	if (isSubscription(category)) {
		const acceptFilter = options.onlyAccepted && category !== 'subscribe_msg_sent_event';
		const entries = subscriptionEntries(message)
			.map((entry, index) => ({ index, fields: templateFields(category, entry) }))
			.filter((entry) => !acceptFilter || entry.fields.status === 'accept');
		if (acceptFilter && entries.length === 0) {
			return [];
		}
		if (options.splitList && entries.length > 0) {
			return entries.map((entry) => ({
				...common,
				...entry.fields,
				dedupeKey: `${dedupeKey}#${entry.index}`,
				...raw,
			}));
		}
		return [{ ...common, templates: entries.map((entry) => entry.fields), dedupeKey, ...raw }];
	}

	let specific: EventItem;
	if (category === 'customer_service_message') {
		specific = customerServiceFields(message, (common.msgType as string).toLowerCase());
	} else if (category === 'user_enter_tempsession') {
		specific = { sessionFrom: textOf(field(message, 'SessionFrom')) };
	} else {
		specific = { fields: message as EventItem };
	}
	return [{ ...common, ...specific, dedupeKey, ...raw }];
}
