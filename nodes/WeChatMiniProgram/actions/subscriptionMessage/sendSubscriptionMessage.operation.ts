/**
 * Subscription Message → Send: one subscribeMessage.send per input item, run by checkThenSend (checked
 * before sending, one at a time per OpenID, outputs in input order). Each item is checked against its
 * template from the account's list (cached per process); a check that refuses it, or WeChat refusing a
 * send as a template mismatch, reads the list again once, so a template changed in the console is used
 * at once and an item is never sent twice.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type ResourceMapperValue } from 'n8n-workflow';

import { AccountTemplates, sameTemplate, type FoundTemplate } from '../../../protocol/accountTemplates';
import type { WeChatClient } from '../../../protocol/client';
import { ERRCODE, InvalidInputError, templateNotFoundError, WeChatApiError } from '../../../protocol/errors';
import { settle, settleSync } from '../../../protocol/settle';
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
} from '../../../protocol/subscribeMessage';
import { sharedTemplateCache } from '../../../protocol/templateCache';
import type { AccountTemplate } from '../../../protocol/templateParsing';
import { checkThenSend, type CheckedMessage } from '../../../shared/checkThenSend';
import { weChatClientFor } from '../../../shared/client';
import { readTemplateId } from '../../../shared/methods';
import type { OperationOption } from '../../../shared/operations';
import { batchParameterReader, type ParameterReader } from '../../../shared/parameters';

export { properties } from './sendSubscriptionMessage.properties';

export const option: OperationOption = {
	name: 'Send',
	value: 'send',
	action: 'Send a subscription message',
	description: 'Send a subscription message to a user who accepted the template',
};

interface SendOptions {
	cacheTemplates?: boolean;
	concurrency?: number;
	failOnNotSubscribed?: boolean;
	retryOnRateLimit?: boolean;
	timeout?: number;
	truncateLongValues?: boolean;
}

interface ReadyMessage extends CheckedMessage {
	body: SubscribeMessageBody;
	truncated: TruncatedValue[];
	/** The template is long-term (type 3): a send uses none of the user's accepts. */
	longTerm: boolean;
	/** The template it was checked against, and the list that came from: what a refresh must be newer than. */
	checkedAgainst: FoundTemplate;
	/** The item's input, to check it again against a refreshed template. */
	json: IDataObject;
}

/** What every item of one execution shares. */
interface Batch {
	ctx: IExecuteFunctions;
	client: WeChatClient;
	read: ParameterReader;
	options: SendOptions;
	templates: AccountTemplates;
}

/** The batch variant of the operation contract (shared/operations.ts): it needs every item at once. */
export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	if (items.length === 0) return [];
	const read = batchParameterReader(this);
	const options = read('options', 0, {}) as SendOptions;
	const client = await weChatClientFor(this, { timeoutMs: options.timeout, maxTransientRetries: options.retryOnRateLimit === false ? 0 : undefined });
	const templates = new AccountTemplates(client, 'Load Template', { cache: options.cacheTemplates === false ? null : sharedTemplateCache });
	const batch: Batch = { ctx: this, client, read, options, templates };
	return await checkThenSend(this, {
		concurrency: options.concurrency,
		noun: { plural: 'items', singular: 'message' },
		check: async (itemIndex) => await prepareItem(batch, itemIndex, items[itemIndex].json),
		send: async (message) => {
			const sent = await sendCheckingTemplate(batch, message);
			return successItem(sent.message, sent.msgid);
		},
		isEveryday: (error) => error instanceof WeChatApiError && error.errcode === ERRCODE.notSubscribed && options.failOnNotSubscribed !== true,
		sendFailureFields: (message) => ({ msgid: null, touser: message.body.touser, templateId: message.body.template_id, longTerm: message.longTerm, quotaDelta: null }),
		checkFailureFields: () => ({ msgid: null }),
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
	return {
		itemIndex,
		key: prepared.body.touser,
		body: prepared.body,
		truncated: prepared.truncated,
		longTerm: template.typeCode === LONG_TERM_TYPE,
		checkedAgainst: found,
		json,
	};
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

