/**
 * Subscription Message → Send: one subscribeMessage.send per input item, sent with bounded
 * concurrency but one at a time per OpenID, outputs in input order.
 * With Continue On Fail off, every item is checked before the first send (a user who fixes bad data
 * and runs again never sends a message twice). With it on, a bad item is its own failure item
 * anyway, so items are checked and sent one by one, overlapped: item k+1 is prepared while item k's
 * send waits for WeChat.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type ResourceMapperValue,
} from 'n8n-workflow';

import { runKeyedBatch, runKeyedPipeline } from '../../../WeChat/batch';
import type { WeChatClient } from '../../../WeChat/client';
import { ERRCODE, InvalidInputError, templateNotFoundError, WeChatApiError } from '../../../WeChat/errors';
import {
	DATA_JSON_EXAMPLE,
	MESSAGE_LANGUAGES,
	prepareSubscribeMessage,
	sendSubscribeMessage,
	valuesFromDataJson,
	type MessageLanguage,
	type MiniprogramState,
	type SubscribeMessageBody,
	type TruncatedValue,
} from '../../../WeChat/subscribeMessage';
import { AccountTemplates, sameTemplate, type FoundTemplate } from '../../../WeChat/accountTemplates';
import { settle, settleSync } from '../../../WeChat/settle';
import { sharedTemplateCache } from '../../../WeChat/templateCache';
import type { AccountTemplate } from '../../../WeChat/templates';
import { weChatClientFor } from '../../../n8n/client';
import { clampConcurrency, concurrencyOption, withSentCount } from '../../../n8n/batchSend';
import { showOnlyFor } from '../../../n8n/display';
import { failureItem, toNodeError, type NodeError } from '../../../n8n/errors';
import { throttledYield } from '../../../n8n/eventLoop';
import { readTemplateId, templateIdLocator, TEMPLATE_ID_PARAMETER } from '../../../n8n/methods';
import { batchParameterReader, type ParameterReader } from '../../../n8n/parameters';
import { recipientOpenIdProperty } from '../recipientOpenIdProperty';

/** With Continue On Fail on: most items prepared ahead of their send, per unit of concurrency (bounds memory). */
export const LOOKAHEAD_PER_SEND = 2;
/** How often preparation pauses so answers of sends in flight are read (see n8n/eventLoop.ts). */
const YIELD_EVERY_MS = 10;
const properties: INodeProperties[] = [
	recipientOpenIdProperty("The user's OpenID for this mini program (from wx.login + code2Session), usually mapped from the incoming item"),
	templateIdLocator({
		description: "The subscription message template of this mini program's account (the user must have accepted it)",
	}),
	{
		displayName: 'Template Data Mode',
		name: 'dataMode',
		type: 'options',
		default: 'mapped',
		options: [
			{
				name: 'Map Each Keyword',
				value: 'mapped',
				description: "One field per keyword of the chosen template, loaded from WeChat",
			},
			{
				name: 'JSON',
				value: 'json',
				description: 'A raw data object, e.g. when the template is chosen by an expression',
			},
		],
	},
	{
		displayName: 'Template Data',
		name: 'templateData',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: [`${TEMPLATE_ID_PARAMETER}.value`],
			resourceMapper: {
				resourceMapperMethod: 'getTemplateKeywordFields',
				mode: 'add',
				fieldWords: { singular: 'keyword', plural: 'keywords' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		displayOptions: { show: { dataMode: ['mapped'] } },
	},
	{
		displayName: 'Template Data (JSON)',
		name: 'dataJson',
		type: 'json',
		default: '{\n  "thing1": { "value": "" }\n}',
		description: 'The data object of subscribeMessage.send: {"thing1": {"value": "…"}} (or the short form {"thing1": "…"})',
		displayOptions: { show: { dataMode: ['json'] } },
	},
	{
		displayName: 'Page',
		name: 'page',
		type: 'string',
		default: '',
		placeholder: 'e.g. pages/order/detail?orderNo=1001',
		description: 'The mini program page opened when the user taps the message, with an optional query. Leave empty for a card that opens nothing.',
	},
	{
		displayName: 'Mini Program State',
		name: 'miniprogramState',
		type: 'options',
		default: 'formal',
		description: 'Which version of the mini program the tap opens',
		options: [
			{ name: 'Formal (Released)', value: 'formal' },
			{ name: 'Trial', value: 'trial' },
			{ name: 'Developer', value: 'developer' },
		],
	},
	{
		displayName: 'Language',
		name: 'lang',
		type: 'options',
		default: 'zh_CN',
		description: 'Language of the message chrome WeChat adds around the template',
		options: [
			{ name: 'Chinese, Simplified (zh_CN)', value: 'zh_CN' },
			{ name: 'Chinese, Traditional, Hong Kong (zh_HK)', value: 'zh_HK' },
			{ name: 'Chinese, Traditional, Taiwan (zh_TW)', value: 'zh_TW' },
			{ name: 'English (en_US)', value: 'en_US' },
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Cache Template List',
				name: 'cacheTemplates',
				type: 'boolean',
				default: true,
				description:
					"Whether to reuse the account's template list for 10 minutes in this n8n process instead of reading it on every execution. A template added or changed in the console is still used at once: when the check or WeChat refuses an item as a template mismatch, the list is read again and the item checked again. Turn off for an account that changes its templates constantly.",
			},
			concurrencyOption(
				'How many messages are sent at the same time. Messages to one user always go one after another (WeChat refuses parallel sends to one OpenID). With Continue On Fail on, items are checked and sent one by one, so sending starts at once; with it off, every item is checked before the first send.',
			),
			{
				displayName: 'Fail on Not Subscribed',
				name: 'failOnNotSubscribed',
				type: 'boolean',
				default: false,
				description: 'Whether a user without a subscription for this template (errcode 43101) fails the item. Off: the item is output with success false and reason not_subscribed.',
			},
			{
				displayName: 'Retry on Rate Limit',
				name: 'retryOnRateLimit',
				type: 'boolean',
				default: true,
				description: 'Whether to retry with back-off when WeChat says it is busy (-1) or the minute quota is reached (45011). These answers mean the message was not sent, so a retry never sends twice.',
			},
			{
				displayName: 'Timeout (Ms)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1000 },
				default: 10000,
				description: 'How long to wait for each WeChat answer. A send that times out is not retried, since it may have gone out.',
			},
			{
				displayName: 'Truncate Long Values',
				name: 'truncateLongValues',
				type: 'boolean',
				default: false,
				description: 'Whether thing keywords over 20 characters are cut to 19 plus "…" instead of failing the item. Cut keywords are listed in the output.',
			},
		],
	},
];

export const description = showOnlyFor({ show: { resource: ['subscriptionMessage'], operation: ['send'] } }, properties);

interface SendOptions {
	cacheTemplates?: boolean;
	concurrency?: number;
	failOnNotSubscribed?: boolean;
	retryOnRateLimit?: boolean;
	timeout?: number;
	truncateLongValues?: boolean;
}

interface ReadyMessage {
	itemIndex: number;
	body: SubscribeMessageBody;
	truncated: TruncatedValue[];
	/** The template is long-term (type 3): a send uses none of the user's accepts. */
	longTerm: boolean;
	/** The template it was checked against, and the list that came from: what a refresh must be newer than. */
	checkedAgainst: FoundTemplate;
	/** The item's input, to check it again against a refreshed template. */
	json: IDataObject;
}

/** The batch variant of the operation contract (n8n/operations.ts): it needs every item at once. */
export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	if (items.length === 0) return [];
	const read = batchParameterReader(this);
	const options = read('options', 0, {}) as SendOptions;
	const client = await createClient(this, options);
	const templates = new AccountTemplates(client, 'Load Template', { cache: options.cacheTemplates === false ? null : sharedTemplateCache });
	const batch: Batch = { ctx: this, client, read, options, templates, total: items.length };
	return this.continueOnFail() ? await checkAndSendOverlapped(batch, items) : await checkAllThenSend(batch, items);
}

/** What every item of one execution shares. */
interface Batch {
	ctx: IExecuteFunctions;
	client: WeChatClient;
	read: ParameterReader;
	options: SendOptions;
	templates: AccountTemplates;
	total: number;
}

/** Continue On Fail off: read and check every item before anything is sent, then send. */
async function checkAllThenSend(batch: Batch, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const ready: ReadyMessage[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			ready.push(await prepareItem(batch, itemIndex, items[itemIndex].json));
		} catch (error) {
			throw toNodeError(batch.ctx, error, itemIndex);
		}
	}
	let stopError: NodeError | undefined;
	const sender = messageSender(batch, (error) => (stopError ??= error));
	const results = await runKeyedBatch(
		ready.map((message) => message.body.touser),
		async (i) => await sender.send(ready[i]),
		{ concurrency: clampConcurrency(batch.options.concurrency), shouldStop: () => stopError !== undefined },
	);
	if (stopError) throw withSentCount(stopError, sender.sent(), batch.total, { plural: 'items', singular: 'message' });
	return results.filter((item): item is INodeExecutionData => item !== undefined);
}

/**
 * Continue On Fail on: each item is prepared and handed to the sender as soon as it is ready, so
 * n8n's CPU work on the next items (parameters, expressions, our checks) overlaps the sends waiting
 * for WeChat. A bad item becomes its own failure item, as it would after checking everything first.
 */
async function checkAndSendOverlapped(batch: Batch, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const refused: Array<INodeExecutionData | undefined> = new Array<INodeExecutionData | undefined>(items.length);
	let stopError: NodeError | undefined;
	const sender = messageSender(batch, (error) => (stopError ??= error));
	const concurrency = clampConcurrency(batch.options.concurrency);
	const results = await runKeyedPipeline(
		items.length,
		async (itemIndex) => {
			try {
				const message = await prepareItem(batch, itemIndex, items[itemIndex].json);
				return { key: message.body.touser, run: async () => await sender.send(message) };
			} catch (error) {
				refused[itemIndex] = invalidItem(batch.ctx, error, itemIndex);
				return undefined;
			}
		},
		{
			concurrency,
			maxWaiting: concurrency * LOOKAHEAD_PER_SEND,
			shouldStop: () => stopError !== undefined,
			yieldToEventLoop: throttledYield(YIELD_EVERY_MS),
		},
	);
	// Kept for safety: with Continue On Fail on, messageSender turns every send failure into an item, so nothing stops.
	if (stopError) throw withSentCount(stopError, sender.sent(), batch.total, { plural: 'items', singular: 'message' });
	return results.map((item, itemIndex) => item ?? refused[itemIndex]).filter((item): item is INodeExecutionData => item !== undefined);
}

/** An item refused before sending, under Continue On Fail. */
function invalidItem(ctx: IExecuteFunctions, error: unknown, itemIndex: number): INodeExecutionData {
	// A WeChat failure here (the template lookup, or its token) keeps its errcode and fix on the item.
	return failureItem(ctx, error, itemIndex, { otherReason: 'invalid_data', fields: { msgid: null } });
}

/** Sends one checked message; counts what was sent; hands a stopping error to `stop` instead of throwing. */
function messageSender(batch: Batch, stop: (error: NodeError) => void) {
	let sent = 0;
	const { ctx, options } = batch;
	return {
		sent: () => sent,
		async send(message: ReadyMessage): Promise<INodeExecutionData | undefined> {
			try {
				const result = await sendCheckingTemplate(batch, message);
				sent++;
				return successItem(result.message, result.msgid);
			} catch (error) {
				if (ctx.continueOnFail() || isEverydayNotSubscribed(error, options)) {
					return failureItem(ctx, error, message.itemIndex, {
						fields: { msgid: null, touser: message.body.touser, templateId: message.body.template_id, longTerm: message.longTerm, quotaDelta: null },
					});
				}
				stop(toNodeError(ctx, error, message.itemIndex));
				return undefined;
			}
		},
	};
}

async function createClient(ctx: IExecuteFunctions, options: SendOptions): Promise<WeChatClient> {
	return await weChatClientFor(ctx, {
		timeoutMs: options.timeout,
		maxTransientRetries: options.retryOnRateLimit === false ? 0 : undefined,
	});
}

/**
 * Reads and checks one item against its template. A check that refuses it against a cached list is made
 * once more against a fresh one (the template may have changed in the console since the list was read).
 */
async function prepareItem(batch: Batch, itemIndex: number, json: IDataObject): Promise<ReadyMessage> {
	const templateId = readTemplateId(batch.ctx, itemIndex, batch.read);
	const found = await batch.templates.find(templateId);
	const first = settleSync(() => prepareAgainst(batch, itemIndex, json, found));
	if (first.ok) return first.value;
	if (!(first.error instanceof InvalidInputError)) throw first.error;
	const fresh = await batch.templates.refreshed(templateId, found.list);
	if (fresh === undefined) throw templateNotFoundError(templateId);
	if (sameTemplate(fresh.template, found.template)) throw first.error;
	return prepareAgainst(batch, itemIndex, json, fresh);
}

function prepareAgainst(batch: Batch, itemIndex: number, json: IDataObject, found: FoundTemplate): ReadyMessage {
	const { read } = batch;
	const { template } = found;
	const prepared = prepareSubscribeMessage(
		{
			touser: String(read('touser', itemIndex, '') ?? ''),
			templateId: template.templateId,
			values: readValues(batch, itemIndex, json, template),
			page: String(read('page', itemIndex, '') ?? ''),
			miniprogramState: read('miniprogramState', itemIndex, 'formal') as MiniprogramState,
			lang: readLanguage(batch, itemIndex),
		},
		template,
		{ truncateLongValues: batch.options.truncateLongValues === true },
	);
	return { itemIndex, body: prepared.body, truncated: prepared.truncated, longTerm: template.typeCode === LONG_TERM_TYPE, checkedAgainst: found, json };
}

/**
 * WeChat refused a send as a template or data mismatch (40037, 47003): nothing was sent. If the account's
 * list has changed since the item was checked, the item is checked against the new template and sent once
 * more; if it has not, the refusal stands.
 */
async function sendCheckingTemplate(batch: Batch, message: ReadyMessage): Promise<{ msgid: string; message: ReadyMessage }> {
	const first = await settle(sendSubscribeMessage(batch.client, message.body));
	if (first.ok) return { msgid: first.value, message };
	const refusal = first.error;
	if (!(refusal instanceof WeChatApiError) || !TEMPLATE_MISMATCH.has(refusal.errcode ?? 0)) throw refusal;
	const templateId = message.body.template_id;
	const fresh = await batch.templates.refreshed(templateId, message.checkedAgainst.list);
	if (fresh === undefined) throw templateNotFoundError(templateId);
	if (sameTemplate(fresh.template, message.checkedAgainst.template)) throw refusal;
	const again = prepareAgainst(batch, message.itemIndex, message.json, fresh);
	return { msgid: await sendSubscribeMessage(batch.client, again.body), message: again };
}

/** Refusals that mean "this template, or its data, is not what WeChat has now": worth one fresh list. */
const TEMPLATE_MISMATCH = new Set<number>([ERRCODE.templateIdInvalid, ERRCODE.dataInvalid]);

function readValues(batch: Batch, itemIndex: number, json: IDataObject, template: AccountTemplate): Record<string, unknown> {
	const { ctx, read } = batch;
	if (read('dataMode', itemIndex, 'mapped') === 'json') {
		const raw = read('dataJson', itemIndex, '{}');
		const parsed = typeof raw === 'string' ? parseJsonParameter(ctx, raw, itemIndex) : raw;
		return valuesFromDataJson(parsed);
	}
	const mapper = read('templateData', itemIndex, { mappingMode: 'defineBelow', value: null }) as ResourceMapperValue;
	if (mapper.mappingMode === 'autoMapInputData') {
		// Input fields named like the template's keywords (thing1, time2, …) are its values.
		const values: Record<string, unknown> = {};
		for (const keyword of template.keywords) if (keyword.key in json) values[keyword.key] = json[keyword.key];
		return values;
	}
	// A copy: a fixed mapper value is shared by every item (see n8n/parameters.ts).
	return { ...(mapper.value ?? {}) };
}

function parseJsonParameter(ctx: IExecuteFunctions, text: string, itemIndex: number): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw new NodeOperationError(ctx.getNode(), 'Template Data (JSON) is not valid JSON', {
			itemIndex,
			description: `Write an object like ${DATA_JSON_EXAMPLE}.`,
		});
	}
}

function readLanguage(batch: Batch, itemIndex: number): MessageLanguage {
	const lang = batch.read('lang', itemIndex, 'zh_CN') as MessageLanguage;
	if (!MESSAGE_LANGUAGES.includes(lang)) {
		throw new NodeOperationError(batch.ctx.getNode(), `Language "${String(lang)}" is not one of ${MESSAGE_LANGUAGES.join(', ')}`, { itemIndex });
	}
	return lang;
}


function isEverydayNotSubscribed(error: unknown, options: SendOptions): boolean {
	return error instanceof WeChatApiError && error.errcode === ERRCODE.notSubscribed && options.failOnNotSubscribed !== true;
}

/** WeChat's template type for long-term subscriptions (长期订阅). */
const LONG_TERM_TYPE = 3;

/**
 * `longTerm` and `quotaDelta` are for a subscription ledger (docs/wechat-protocol.md §3): an accepted send of
 * a one-time template uses one of the user's accepts (-1), one of a long-term template uses none (0).
 */
function successItem(message: ReadyMessage, msgid: string): INodeExecutionData {
	const json: IDataObject = {
		success: true,
		msgid,
		touser: message.body.touser,
		templateId: message.body.template_id,
		errcode: 0,
		errmsg: 'ok',
		longTerm: message.longTerm,
		quotaDelta: message.longTerm ? 0 : -1,
	};
	if (message.truncated.length > 0) json.truncated = message.truncated.map((t) => ({ ...t }));
	return { json, pairedItem: { item: message.itemIndex } };
}

