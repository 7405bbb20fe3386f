/**
 * Subscription Message → Send: one subscribeMessage.send per input item, validated first,
 * sent with bounded concurrency but one at a time per OpenID, outputs in input order.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type ResourceMapperValue,
} from 'n8n-workflow';

import { runKeyedBatch } from '../../../WeChat/batch';
import type { WeChatClient } from '../../../WeChat/client';
import { ERRCODE, WeChatApiError } from '../../../WeChat/errors';
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
import { requireAccountTemplate, type AccountTemplate } from '../../../WeChat/templates';
import { weChatClientFor } from '../../../n8n/client';
import { showOnlyFor } from '../../../n8n/display';
import { failureItem, toNodeError, type NodeError } from '../../../n8n/errors';
import { readTemplateId, templateIdLocator, TEMPLATE_ID_PARAMETER } from '../../../n8n/methods';

export const DEFAULT_CONCURRENCY = 5;
export const MAX_CONCURRENCY = 50;
const properties: INodeProperties[] = [
	{
		displayName: 'Recipient OpenID',
		name: 'touser',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.openid }}',
		description: "The user's OpenID for this mini program (from wx.login + code2Session), usually mapped from the incoming item",
	},
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
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
				default: DEFAULT_CONCURRENCY,
				description: 'How many messages are sent at the same time. Messages to one user always go one after another (WeChat refuses parallel sends to one OpenID).',
			},
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
}

/** The batch variant of the operation contract (n8n/operations.ts): it needs every item at once. */
export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	if (items.length === 0) return [];
	const options = this.getNodeParameter('options', 0, {}) as SendOptions;
	const client = await createClient(this, options);
	const templates = templateFinder(client);

	// Phase 1: read and check every item before anything is sent.
	const outputs: Array<INodeExecutionData | undefined> = new Array<INodeExecutionData | undefined>(items.length);
	const ready: ReadyMessage[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			ready.push(await prepareItem(this, itemIndex, items[itemIndex].json, templates, options));
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this, error, itemIndex);
			// A WeChat failure here (the template lookup, or its token) keeps its errcode and fix on the item.
			outputs[itemIndex] = failureItem(this, error, itemIndex, { otherReason: 'invalid_data', fields: { msgid: null } });
		}
	}

	// Phase 2: send, one at a time per OpenID.
	let stopError: NodeError | undefined;
	let sent = 0;
	const results = await runKeyedBatch(
		ready.map((message) => message.body.touser),
		async (i) => {
			const message = ready[i];
			try {
				const msgid = await sendSubscribeMessage(client, message.body);
				sent++;
				return successItem(message, msgid);
			} catch (error) {
				if (this.continueOnFail() || isEverydayNotSubscribed(error, options)) {
					return failureItem(this, error, message.itemIndex, { fields: { msgid: null, touser: message.body.touser, templateId: message.body.template_id } });
				}
				stopError ??= toNodeError(this, error, message.itemIndex);
				return undefined;
			}
		},
		{ concurrency: clampConcurrency(options.concurrency), shouldStop: () => stopError !== undefined },
	);
	if (stopError) throw withSentCount(stopError, sent, items.length);
	results.forEach((item, i) => {
		if (item) outputs[ready[i].itemIndex] = item;
	});
	return outputs.filter((item): item is INodeExecutionData => item !== undefined);
}

async function createClient(ctx: IExecuteFunctions, options: SendOptions): Promise<WeChatClient> {
	return await weChatClientFor(ctx, {
		timeoutMs: options.timeout,
		maxTransientRetries: options.retryOnRateLimit === false ? 0 : undefined,
	});
}

/** Looks each template up once per execution (one gettemplate call for the whole batch). */
function templateFinder(client: WeChatClient): (templateId: string) => Promise<AccountTemplate> {
	const found = new Map<string, Promise<AccountTemplate>>();
	return async (templateId) => {
		let pending = found.get(templateId);
		if (!pending) {
			pending = requireAccountTemplate(client, templateId, 'Load Template');
			found.set(templateId, pending);
		}
		return await pending;
	};
}

async function prepareItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	json: IDataObject,
	findTemplate: (templateId: string) => Promise<AccountTemplate>,
	options: SendOptions,
): Promise<ReadyMessage> {
	const templateId = readTemplateId(ctx, itemIndex);
	const template = await findTemplate(templateId);
	const prepared = prepareSubscribeMessage(
		{
			touser: String(ctx.getNodeParameter('touser', itemIndex, '') ?? ''),
			templateId,
			values: readValues(ctx, itemIndex, json, template),
			page: String(ctx.getNodeParameter('page', itemIndex, '') ?? ''),
			miniprogramState: ctx.getNodeParameter('miniprogramState', itemIndex, 'formal') as MiniprogramState,
			lang: readLanguage(ctx, itemIndex),
		},
		template,
		{ truncateLongValues: options.truncateLongValues === true },
	);
	return { itemIndex, body: prepared.body, truncated: prepared.truncated };
}

function readValues(
	ctx: IExecuteFunctions,
	itemIndex: number,
	json: IDataObject,
	template: AccountTemplate,
): Record<string, unknown> {
	if (ctx.getNodeParameter('dataMode', itemIndex, 'mapped') === 'json') {
		const raw = ctx.getNodeParameter('dataJson', itemIndex, '{}');
		const parsed = typeof raw === 'string' ? parseJsonParameter(ctx, raw, itemIndex) : raw;
		return valuesFromDataJson(parsed);
	}
	const mapper = ctx.getNodeParameter('templateData', itemIndex, { mappingMode: 'defineBelow', value: null }) as ResourceMapperValue;
	if (mapper.mappingMode === 'autoMapInputData') {
		// Input fields named like the template's keywords (thing1, time2, …) are its values.
		const values: Record<string, unknown> = {};
		for (const keyword of template.keywords) if (keyword.key in json) values[keyword.key] = json[keyword.key];
		return values;
	}
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

function readLanguage(ctx: IExecuteFunctions, itemIndex: number): MessageLanguage {
	const lang = ctx.getNodeParameter('lang', itemIndex, 'zh_CN') as MessageLanguage;
	if (!MESSAGE_LANGUAGES.includes(lang)) {
		throw new NodeOperationError(ctx.getNode(), `Language "${String(lang)}" is not one of ${MESSAGE_LANGUAGES.join(', ')}`, { itemIndex });
	}
	return lang;
}

function clampConcurrency(value: number | undefined): number {
	const n = Math.floor(Number(value ?? DEFAULT_CONCURRENCY));
	return Number.isFinite(n) ? Math.min(MAX_CONCURRENCY, Math.max(1, n)) : DEFAULT_CONCURRENCY;
}

function isEverydayNotSubscribed(error: unknown, options: SendOptions): boolean {
	return error instanceof WeChatApiError && error.errcode === ERRCODE.notSubscribed && options.failOnNotSubscribed !== true;
}

function successItem(message: ReadyMessage, msgid: string): INodeExecutionData {
	const json: IDataObject = {
		success: true,
		msgid,
		touser: message.body.touser,
		templateId: message.body.template_id,
		errcode: 0,
		errmsg: 'ok',
	};
	if (message.truncated.length > 0) json.truncated = message.truncated.map((t) => ({ ...t }));
	return { json, pairedItem: { item: message.itemIndex } };
}

function withSentCount<E extends NodeError>(error: E, sent: number, total: number): E {
	const note = `${sent} of ${total} items were sent before the node stopped; turn on "Continue On Fail" (Settings → On Error → Continue) to get one output item per message instead.`;
	error.description = error.description ? `${error.description}\n${note}` : note;
	error.message = `${error.message} (${sent} of ${total} items were sent before this failure)`;
	return error;
}
