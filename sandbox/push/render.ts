/** Renders a push event as WeChat writes it, in XML or JSON. */
import type { JsonListShape, PushEventSpec } from './types';

/** The XML element that holds the `<List>` items of each subscription event. */
export const LIST_WRAPPERS: Readonly<Record<string, string>> = {
	subscribe_msg_popup_event: 'SubscribeMsgPopupEvent',
	subscribe_msg_change_event: 'SubscribeMsgChangeEvent',
	subscribe_msg_sent_event: 'SubscribeMsgSentEvent',
};

/** Fields WeChat writes without CDATA in XML even when the spec holds them as digit strings (64-bit ids). */
const BARE_XML_FIELDS = new Set(['CreateTime', 'MsgId', 'MsgID', 'PopupScene', 'ErrorCode']);
/** Fields WeChat writes unquoted in JSON even though they do not fit a JS number (64-bit MsgId). */
const UNQUOTED_JSON_FIELDS = new Set(['MsgId']);
const INTEGER_TEXT = /^-?\d+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listItems(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [value];
}

function cdata(text: string): string {
	return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

function xmlElement(key: string, value: unknown): string {
	if (value === undefined || value === null) return '';
	if (Array.isArray(value)) return value.map((item) => xmlElement(key, item)).join('');
	if (isRecord(value)) return `<${key}>${xmlFields(value)}</${key}>`;
	if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
		return `<${key}>${String(value)}</${key}>`;
	}
	const text = String(value);
	return `<${key}>${BARE_XML_FIELDS.has(key) && INTEGER_TEXT.test(text) ? text : cdata(text)}</${key}>`;
}

function xmlFields(fields: Record<string, unknown>): string {
	return Object.entries(fields)
		.map(([key, value]) => xmlElement(key, value))
		.join('');
}

/** `<xml>…</xml>`: strings in CDATA, numbers bare, subscription items as repeated `<List>` inside their wrapper. */
export function renderXml(event: PushEventSpec): string {
	const parts = Object.entries(event).map(([key, value]) => {
		if (key !== 'List' || value === undefined) return xmlElement(key, value);
		const items = listItems(value)
			.map((item) => xmlElement('List', item))
			.join('');
		const wrapper = LIST_WRAPPERS[String(event.Event)];
		return wrapper ? `<${wrapper}>${items}</${wrapper}>` : items;
	});
	return `<xml>${parts.join('')}</xml>`;
}

function jsonValue(key: string, value: unknown, scalarsAsStrings: boolean): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return `[${value.map((item) => jsonValue(key, item, scalarsAsStrings)).join(',')}]`;
	if (isRecord(value)) return jsonObject(value, scalarsAsStrings);
	if (typeof value === 'number' || typeof value === 'bigint') {
		return scalarsAsStrings ? JSON.stringify(String(value)) : String(value);
	}
	if (typeof value === 'boolean') return String(value);
	const text = String(value);
	if (!scalarsAsStrings && UNQUOTED_JSON_FIELDS.has(key) && INTEGER_TEXT.test(text)) return text;
	return JSON.stringify(text);
}

function jsonObject(fields: Record<string, unknown>, scalarsAsStrings: boolean): string {
	const members = Object.entries(fields)
		.filter(([, value]) => value !== undefined)
		.map(([key, value]) => `${JSON.stringify(key)}:${jsonValue(key, value, scalarsAsStrings)}`);
	return `{${members.join(',')}}`;
}

/**
 * JSON as WeChat writes it. Subscription events (those with `List`) carry every scalar as a string, as in the
 * official examples (`"CreateTime":"1620973045"`, `"PopupScene":"0"`, `"ErrorCode":"0"`, `"MsgID":"…"`);
 * other pushes keep numbers bare and write the 64-bit `MsgId` unquoted.
 */
export function renderJson(event: PushEventSpec, listShape: JsonListShape = 'auto'): string {
	const scalarsAsStrings = event.List !== undefined;
	const members: string[] = [];
	for (const [key, value] of Object.entries(event)) {
		if (value === undefined) continue;
		if (key !== 'List') {
			members.push(`${JSON.stringify(key)}:${jsonValue(key, value, scalarsAsStrings)}`);
			continue;
		}
		const items = listItems(value);
		if (listShape === 'object' && items.length !== 1) throw new RangeError("jsonListShape 'object' needs exactly one item");
		const asObject = listShape === 'object' || (listShape === 'auto' && items.length === 1);
		const name = listShape === 'wrapper' ? (LIST_WRAPPERS[String(event.Event)] ?? 'List') : 'List';
		members.push(`${JSON.stringify(name)}:${jsonValue(name, asObject ? items[0] : items, true)}`);
	}
	return `{${members.join(',')}}`;
}
