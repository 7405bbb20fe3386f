/**
 * The rows of the lifecycle tables (docs/subscription-lifecycle.md), made from the items our nodes output:
 * the trigger's popup, settings-change and delivery-result items, and the Send node's results. Each row has
 * exactly the table's columns, so n8n's Data Table node inserts a whole batch with Map Automatically and no
 * expression per column (in n8n 2.40.7 an expression costs about 0.45 ms per item: eight mapped columns took
 * 3.6 ms a row, the same rows mapped automatically 0.09 ms).
 */
import { InvalidInputError } from './errors';

export type LedgerTable = 'subscriptionEvents' | 'messages' | 'deliveryResults';

/** A row of wechat_subscription_events: one user action, or what a send did to the user's quota. */
export interface SubscriptionEventRow {
	openid: string;
	templateId: string;
	source: 'popup' | 'settings' | 'send' | 'correction';
	quotaDelta: number;
	/** WeChat's CreateTime of a switch on (or off), in seconds; 0 when the row switches nothing. */
	onAt: number;
	offAt: number;
	createTime: number;
	dedupeKey: string;
}

/** A row of wechat_messages: one send, as the Send node answered it. */
export interface MessageRow {
	/** WeChat's msgid, exact (a 64-bit number as text); null when nothing was sent. */
	msgid: string | null;
	openid: string;
	templateId: string;
	/** sent, not_subscribed (43101), or refused (any other answer). */
	outcome: 'sent' | 'not_subscribed' | 'refused';
	errcode: number | null;
}

/** A row of wechat_delivery_results: what WeChat reported for one message it delivered or failed to. */
export interface DeliveryResultRow {
	msgid: string;
	openid: string;
	templateId: string;
	status: 'delivered' | 'failed';
	errorCode: number | null;
	errorStatus: string | null;
	createTime: number | null;
}

export type LedgerTableRow = SubscriptionEventRow | MessageRow | DeliveryResultRow;

export interface RowContext {
	/** The time a send result is booked at, in seconds. */
	nowSeconds: number;
	/** Tells one run's 43101 corrections from another's (n8n's execution id). */
	runId: string;
}

type Item = Record<string, unknown>;

const TABLE_NAMES: Record<LedgerTable, string> = {
	subscriptionEvents: 'wechat_subscription_events',
	messages: 'wechat_messages',
	deliveryResults: 'wechat_delivery_results',
};

/** The rows one input item gives for a table: none when the item says nothing the table keeps. */
export function ledgerTableRows(table: LedgerTable, item: Item, context: RowContext): LedgerTableRow[] {
	if (typeof item.event === 'string') return rowsFromPush(table, item);
	if (typeof item.success === 'boolean') return rowsFromSendResult(table, item, context);
	throw new InvalidInputError(
		`The item is neither an event of the WeChat Mini Program Trigger nor a result of Send Subscription Message`,
		`Connect the trigger (popup, settings change or delivery events) or a Send Subscription Message node to this node. Fields of the item: ${Object.keys(item).slice(0, 12).join(', ')}`,
	);
}

function rowsFromPush(table: LedgerTable, item: Item): LedgerTableRow[] {
	const event = item.event;
	if (table === 'messages') {
		throw new InvalidInputError(
			`Rows of ${TABLE_NAMES.messages} come from Send Subscription Message results, not from the trigger's ${String(event)} items`,
			'Connect the Send Subscription Message node to this node, or choose the table the trigger items belong to',
		);
	}
	const isSubscription = event === 'subscribe_msg_popup_event' || event === 'subscribe_msg_change_event';
	if (table === 'subscriptionEvents' && !isSubscription) return [];
	if (table === 'deliveryResults' && event !== 'subscribe_msg_sent_event') return [];
	return templateEntries(item).map(({ entry, dedupeKey }) => (table === 'subscriptionEvents' ? subscriptionEventRow(item, entry, dedupeKey) : deliveryResultRow(item, entry)));
}

/** The template entries of a trigger item: the item itself (Split List on) or its `templates` list. */
function templateEntries(item: Item): Array<{ entry: Item; dedupeKey: string }> {
	const dedupeKey = requiredText(item, 'dedupeKey', 'trigger item');
	if (!Array.isArray(item.templates)) return [{ entry: item, dedupeKey }];
	// The keys Split List would have given each entry.
	return item.templates.filter((entry): entry is Item => typeof entry === 'object' && entry !== null).map((entry, index) => ({ entry, dedupeKey: `${dedupeKey}#${index}` }));
}

function subscriptionEventRow(item: Item, entry: Item, dedupeKey: string): SubscriptionEventRow {
	const createTime = numberOr(item.createTime, 0);
	return {
		openid: requiredText(item, 'openid', 'trigger item'),
		templateId: requiredText(entry, 'templateId', 'trigger item'),
		source: item.event === 'subscribe_msg_popup_event' ? 'popup' : 'settings',
		quotaDelta: numberOr(entry.quotaDelta, 0),
		onAt: entry.switchedOn === true ? createTime : 0,
		offAt: entry.switchedOff === true ? createTime : 0,
		createTime,
		dedupeKey,
	};
}

function deliveryResultRow(item: Item, entry: Item): DeliveryResultRow {
	return {
		msgid: requiredText(entry, 'msgId', 'delivery result'),
		openid: requiredText(item, 'openid', 'delivery result'),
		templateId: requiredText(entry, 'templateId', 'delivery result'),
		status: entry.delivered === true ? 'delivered' : 'failed',
		errorCode: typeof entry.errorCode === 'number' ? entry.errorCode : null,
		errorStatus: typeof entry.errorStatus === 'string' ? entry.errorStatus : null,
		createTime: typeof item.createTime === 'number' ? item.createTime : null,
	};
}

function rowsFromSendResult(table: LedgerTable, item: Item, context: RowContext): LedgerTableRow[] {
	if (table === 'deliveryResults') {
		throw new InvalidInputError(
			`Rows of ${TABLE_NAMES.deliveryResults} come from the trigger's delivery results (subscribe_msg_sent_event), not from Send Subscription Message`,
			'Connect a WeChat Mini Program Trigger with the delivery-result event to this node, or choose Messages for send results',
		);
	}
	// An item refused before sending (bad data under Continue On Fail) names no recipient: nothing was sent.
	if (typeof item.touser !== 'string' || item.touser === '') return [];
	const openid = item.touser;
	const templateId = requiredText(item, 'templateId', 'Send result');
	const notSubscribed = item.success !== true && item.reason === 'not_subscribed';
	if (table === 'messages') {
		const outcome = item.success === true ? 'sent' : notSubscribed ? 'not_subscribed' : 'refused';
		const msgid = item.success === true ? requiredText(item, 'msgid', 'Send result') : null;
		return [{ msgid, openid, templateId, outcome, errcode: typeof item.errcode === 'number' ? item.errcode : null }];
	}
	const longTerm = item.longTerm === true;
	if (item.success === true) {
		return [
			{
				openid,
				templateId,
				source: 'send',
				quotaDelta: numberOr(item.quotaDelta, longTerm ? 0 : -1),
				onAt: 0,
				offAt: 0,
				createTime: context.nowSeconds,
				dedupeKey: `send|${requiredText(item, 'msgid', 'Send result')}`,
			},
		];
	}
	if (!notSubscribed) return [];
	// WeChat answered 43101: none left (a one-time template), or switched off (either kind).
	return [
		{
			openid,
			templateId,
			source: 'correction',
			quotaDelta: 0,
			onAt: 0,
			offAt: longTerm ? context.nowSeconds : 0,
			createTime: context.nowSeconds,
			dedupeKey: `43101|${context.runId}|${openid}|${templateId}`,
		},
	];
}

function requiredText(item: Item, field: string, what: string): string {
	const value = item[field];
	if (typeof value === 'string' && value !== '') return value;
	throw new InvalidInputError(`A ${what} has no ${field}`, `Connect the node's output as it comes (the field ${field} is part of every ${what}), without renaming or dropping fields`);
}

function numberOr(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
