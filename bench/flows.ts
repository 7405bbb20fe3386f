/**
 * The workflows the benchmark imports into n8n: ours (Webhook → Split Out → Send Subscription Message, by
 * mapping and Continue On Fail),
 * the flow users build instead from n8n's own nodes (Webhook → HTTP Request token → Edit Fields →
 * Split Out → HTTP Request send), our trigger, and a plain Webhook node to compare it with.
 * Every webhook answers when the workflow has finished (`lastNode`), so the driver's clock sees the
 * whole execution; the trigger and its Webhook counterpart answer on receipt, as WeChat needs.
 */
import { PACKAGE_NAME } from '../harness';
import { SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_TEMPLATE_IDS } from '../sandbox/seed';
import { PUSH_EVENT_CATEGORIES } from '../nodes/WeChat/push/events';

export const CREDENTIAL_TYPE = 'weChatMiniProgramApi';
export const HTTP_REQUEST_VERSION = 4.2;
/** n8n's Webhook node at version 2: with static parameters n8n runs its webhook phase without an isolate. */
export const WEBHOOK_VERSION = 2;

/** The template every benchmark message uses: 订单发货通知 (thing1, character_string2, time3, thing4, character_string5). */
export const BENCH_TEMPLATE_ID = SANDBOX_TEMPLATE_IDS.orderShipped;
const FIXED_VALUES = { thing1: '机械键盘', time3: '2024-05-01 10:00', thing4: '顺丰速运', character_string5: 'SF1234567890' };

export interface BenchCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, string>;
}

export interface BenchWorkflow {
	id: string;
	name: string;
	/** The URL path after /webhook/. */
	webhookPath: string;
	definition: object;
	/**
	 * What each recipient of the posted batch looks like: `{openid, orderNo}`, or already shaped like the
	 * template (`{openid, thing1, character_string2, …}`) for a Send node that maps input fields automatically.
	 */
	input: 'recipients' | 'keywordItems';
}

/** How our Send node fills the template's keywords. */
export type SendMapping = 'expressions' | 'autoMap' | 'json';

export const MAPPING_LABELS: Record<SendMapping, string> = {
	expressions: 'expressions',
	autoMap: 'auto-mapped',
	json: 'JSON mode',
};

/** A recipient as an item that already carries the template's keyword values (the auto-mapped flow's input). */
export function keywordItem(recipient: { openid: string; orderNo: string }): Record<string, string> {
	return { openid: recipient.openid, ...FIXED_VALUES, character_string2: recipient.orderNo };
}

export function sandboxCredential(id: string, baseUrl: string, push?: { token: string; encodingAESKey: string }): BenchCredential {
	return {
		id,
		name: `Bench ${id}`,
		type: CREDENTIAL_TYPE,
		data: {
			appId: SANDBOX_APP_ID,
			appSecret: SANDBOX_APP_SECRET,
			baseUrl: 'custom',
			customBaseUrl: baseUrl,
			...(push ?? {}),
		},
	};
}

/** A stable v4-shaped UUID from a small number, so imported webhook ids never change between runs. */
function uuid(n: number): string {
	return `b3c4d5e6-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function webhookNode(name: string, path: string, webhookNumber: number, responseMode: 'lastNode' | 'onReceived') {
	return {
		id: uuid(webhookNumber + 1000),
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: WEBHOOK_VERSION,
		position: [0, 0],
		webhookId: uuid(webhookNumber),
		parameters:
			responseMode === 'lastNode'
				? { httpMethod: 'POST', path, responseMode, responseData: 'noData', options: {} }
				: { httpMethod: 'POST', path, responseMode, options: {} },
	};
}

function chain(...names: string[]): Record<string, object> {
	const connections: Record<string, object> = {};
	for (let i = 0; i + 1 < names.length; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

function workflow(id: string, name: string, nodes: object[], connections: Record<string, object>) {
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** The name of our Send node and of the baseline's sending HTTP Request node in every flow. */
export const SEND_NODE = 'Send';
export const TOKEN_NODE = 'Get Token';

/**
 * The Send node's keyword parameters per mapping. Expressions: the order number by expression in the
 * resource mapper. Auto-mapped: the resource mapper's "Map Automatically", the item's own fields named
 * like the keywords. JSON: Template Data Mode JSON with the order number by expression in the text
 * (as the baseline writes its body). The OpenID is an expression in every mapping: the node reads it
 * from its Recipient OpenID parameter only.
 */
function keywordParameters(mapping: SendMapping): Record<string, unknown> {
	const mapper = (mappingMode: string, value: Record<string, string> | null) => ({
		mappingMode,
		value,
		matchingColumns: [],
		schema: [],
		attemptToConvertTypes: false,
		convertFieldsToString: true,
	});
	if (mapping === 'autoMap') return { dataMode: 'mapped', templateData: mapper('autoMapInputData', null) };
	if (mapping === 'json') {
		const data = Object.fromEntries(
			Object.entries({ ...FIXED_VALUES, character_string2: '{{ $json.orderNo }}' }).map(([key, value]) => [key, { value }]),
		);
		return { dataMode: 'json', dataJson: `=${JSON.stringify(data, null, 2)}` };
	}
	return { dataMode: 'mapped', templateData: mapper('defineBelow', { ...FIXED_VALUES, character_string2: '={{ $json.orderNo }}' }) };
}

export interface OursSendOptions {
	id: string;
	path: string;
	webhookNumber: number;
	credentialId: string;
	concurrency: number;
	/** The node's Settings → On Error: "Continue" (regular output) when on; n8n's default, stop, when off. */
	continueOnFail?: boolean;
	mapping?: SendMapping;
}

export function oursSendLabel(concurrency: number, mapping: SendMapping, continueOnFail: boolean): string {
	return `ours, concurrency ${concurrency}, ${MAPPING_LABELS[mapping]}, Continue On Fail ${continueOnFail ? 'on' : 'off'}`;
}

/** Split Out of the webhook body's `recipients`, one item each: how every send flow here gets its items. */
function splitRecipientsNode(webhookNumber: number) {
	return {
		id: uuid(webhookNumber + 2000),
		name: 'Split Out',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [220, 0],
		parameters: { fieldToSplitOut: 'body.recipients', include: 'noOtherFields', options: {} },
	};
}

/** Webhook `{recipients: [...]}` → Split Out → our Send node at a fixed concurrency. */
export function oursSendFlow(opts: OursSendOptions): BenchWorkflow {
	const mapping = opts.mapping ?? 'expressions';
	const continueOnFail = opts.continueOnFail ?? false;
	const label = `Bench: ${oursSendLabel(opts.concurrency, mapping, continueOnFail)}`;
	const nodes = [
		webhookNode('Webhook', opts.path, opts.webhookNumber, 'lastNode'),
		splitRecipientsNode(opts.webhookNumber),
		{
			id: uuid(opts.webhookNumber + 3000),
			name: SEND_NODE,
			type: `${PACKAGE_NAME}.weChatMiniProgram`,
			typeVersion: 1,
			position: [440, 0],
			...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
			credentials: { [CREDENTIAL_TYPE]: { id: opts.credentialId, name: `Bench ${opts.credentialId}` } },
			parameters: {
				resource: 'subscriptionMessage',
				operation: 'send',
				touser: '={{ $json.openid }}',
				templateId: { __rl: true, mode: 'id', value: BENCH_TEMPLATE_ID },
				...keywordParameters(mapping),
				page: '',
				miniprogramState: 'formal',
				lang: 'zh_CN',
				options: { concurrency: opts.concurrency },
			},
		},
	];
	return {
		id: opts.id,
		name: label,
		webhookPath: opts.path,
		definition: workflow(opts.id, label, nodes, chain('Webhook', 'Split Out', SEND_NODE)),
		input: mapping === 'autoMap' ? 'keywordItems' : 'recipients',
	};
}

/**
 * Webhook `{recipients: [...]}` → Split Out, nothing sent: what n8n itself holds for a batch of items, so the
 * memory section can tell n8n's share of a send flow's RSS growth from the Send node's.
 */
export function splitOnlyFlow(opts: { id: string; path: string; webhookNumber: number }): BenchWorkflow {
	const label = 'Bench: n8n alone, Webhook → Split Out';
	const nodes = [
		webhookNode('Webhook', opts.path, opts.webhookNumber, 'lastNode'),
		splitRecipientsNode(opts.webhookNumber),
	];
	return { id: opts.id, name: label, webhookPath: opts.path, definition: workflow(opts.id, label, nodes, chain('Webhook', 'Split Out')), input: 'recipients' };
}

/**
 * What users build with n8n's own nodes: a plain token on every execution, the token copied onto every
 * item, one HTTP Request per item with the token in the URL. `batching` is HTTP Request → Options → Batching.
 */
export function baselineSendFlow(opts: {
	id: string;
	path: string;
	webhookNumber: number;
	baseUrl: string;
	batching?: { batchSize: number; batchInterval: number };
}): BenchWorkflow {
	const label = opts.batching
		? `Bench: baseline, batching ${opts.batching.batchSize} per ${opts.batching.batchInterval} ms`
		: 'Bench: baseline, defaults';
	const body = `={
  "touser": "{{ $json.recipient.openid }}",
  "template_id": "${BENCH_TEMPLATE_ID}",
  "miniprogram_state": "formal",
  "lang": "zh_CN",
  "data": {
    "thing1": { "value": "${FIXED_VALUES.thing1}" },
    "character_string2": { "value": "{{ $json.recipient.orderNo }}" },
    "time3": { "value": "${FIXED_VALUES.time3}" },
    "thing4": { "value": "${FIXED_VALUES.thing4}" },
    "character_string5": { "value": "${FIXED_VALUES.character_string5}" }
  }
}`;
	const nodes = [
		webhookNode('Webhook', opts.path, opts.webhookNumber, 'lastNode'),
		{
			id: uuid(opts.webhookNumber + 2000),
			name: TOKEN_NODE,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: HTTP_REQUEST_VERSION,
			position: [220, 0],
			parameters: {
				method: 'GET',
				url: `${opts.baseUrl}/cgi-bin/token`,
				sendQuery: true,
				queryParameters: {
					parameters: [
						{ name: 'grant_type', value: 'client_credential' },
						{ name: 'appid', value: SANDBOX_APP_ID },
						{ name: 'secret', value: SANDBOX_APP_SECRET },
					],
				},
				options: {},
			},
		},
		{
			id: uuid(opts.webhookNumber + 3000),
			name: 'Edit Fields',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [440, 0],
			parameters: {
				mode: 'manual',
				assignments: {
					assignments: [
						{ id: 'bench-token', name: 'token', type: 'string', value: '={{ $json.access_token }}' },
						{ id: 'bench-recipients', name: 'recipients', type: 'array', value: "={{ $('Webhook').item.json.body.recipients }}" },
					],
				},
				options: {},
			},
		},
		{
			id: uuid(opts.webhookNumber + 4000),
			name: 'Split Out',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [660, 0],
			parameters: {
				fieldToSplitOut: 'recipients',
				include: 'selectedOtherFields',
				fieldsToInclude: 'token',
				options: { destinationFieldName: 'recipient' },
			},
		},
		{
			id: uuid(opts.webhookNumber + 5000),
			name: SEND_NODE,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: HTTP_REQUEST_VERSION,
			position: [880, 0],
			parameters: {
				method: 'POST',
				url: `=${opts.baseUrl}/cgi-bin/message/subscribe/send?access_token={{ $json.token }}`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: body,
				options: opts.batching ? { batching: { batch: { ...opts.batching } } } : {},
			},
		},
	];
	return {
		id: opts.id,
		name: label,
		webhookPath: opts.path,
		definition: workflow(opts.id, label, nodes, chain('Webhook', TOKEN_NODE, 'Edit Fields', 'Split Out', SEND_NODE)),
		input: 'recipients',
	};
}

/** Our trigger alone: safe mode, XML, every event category. Its URL is /webhook/<webhookId>/webhook. */
export function oursTriggerFlow(opts: { id: string; webhookNumber: number; credentialId: string; typeVersion?: number }): BenchWorkflow {
	const typeVersion = opts.typeVersion ?? 1;
	const label = `Bench: our trigger v${typeVersion} (safe mode, XML)`;
	const nodes = [
		{
			id: uuid(opts.webhookNumber + 1000),
			name: 'Mini Program Events',
			type: `${PACKAGE_NAME}.weChatMiniProgramTrigger`,
			typeVersion,
			position: [0, 0],
			webhookId: uuid(opts.webhookNumber),
			credentials: { [CREDENTIAL_TYPE]: { id: opts.credentialId, name: `Bench ${opts.credentialId}` } },
			parameters: {
				events: [...PUSH_EVENT_CATEGORIES],
				encryptionMode: 'safe',
				dataFormat: 'xml',
				options: {},
			},
		},
	];
	return {
		id: opts.id,
		name: label,
		webhookPath: `${uuid(opts.webhookNumber)}/webhook`,
		definition: workflow(opts.id, label, nodes, {}),
		input: 'recipients',
	};
}

/** n8n's Webhook node alone, answering on receipt, for plain JSON of the same size. */
export function plainWebhookFlow(opts: { id: string; path: string; webhookNumber: number }): BenchWorkflow {
	return {
		id: opts.id,
		name: 'Bench: plain Webhook node (JSON)',
		webhookPath: opts.path,
		definition: workflow(opts.id, 'Bench: plain Webhook node (JSON)', [webhookNode('Webhook', opts.path, opts.webhookNumber, 'onReceived')], {}),
		input: 'recipients',
	};
}
