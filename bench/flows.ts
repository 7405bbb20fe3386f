/**
 * The workflows the benchmark imports into n8n: ours (Webhook → Split Out → Send Subscription Message, by
 * mapping and Continue On Fail),
 * the flow users build instead from n8n's own nodes (Webhook → HTTP Request token → Edit Fields →
 * Split Out → HTTP Request send), our trigger, and a plain Webhook node to compare it with.
 * Every webhook answers when the workflow has finished (`lastNode`), so the driver's clock sees the
 * whole execution; the trigger and its Webhook counterpart answer on receipt, as WeChat needs.
 */
import {
	actionNode,
	chain,
	node,
	type Position,
	sandboxCredential,
	type SandboxCredentialFields,
	type SavedCredential,
	type SavedNode,
	setNode,
	splitOutNode,
	subscriptionSendParameters,
	templateLocator,
	triggerNode,
	webhookNode as savedWebhookNode,
	workflow,
} from '../harness';
import { SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_TEMPLATE_IDS } from '../sandbox/seed';
import { PUSH_EVENT_CATEGORIES } from '../nodes/protocol/push/events';

export const HTTP_REQUEST_VERSION = 4.2;

/** The template every benchmark message uses: 订单发货通知 (thing1, character_string2, time3, thing4, character_string5). */
export const BENCH_TEMPLATE_ID = SANDBOX_TEMPLATE_IDS.orderShipped;
const FIXED_VALUES = { thing1: '机械键盘', time3: '2024-05-01 10:00', thing4: '顺丰速运', character_string5: 'SF1234567890' };


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

/** The bench's credentials are named after their id. */
export function benchCredential(id: string, sandboxUrl: string, push: SandboxCredentialFields = {}): SavedCredential {
	return sandboxCredential({ id, name: `Bench ${id}` }, sandboxUrl, push);
}

/** A stable v4-shaped UUID from a small number, so imported webhook ids never change between runs. */
function uuid(n: number): string {
	return `b3c4d5e6-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function webhookNode(name: string, path: string, webhookNumber: number, responseMode: 'lastNode' | 'onReceived') {
	return savedWebhookNode(
		uuid(webhookNumber + 1000),
		name,
		[0, 0],
		uuid(webhookNumber),
		responseMode === 'lastNode' ? { httpMethod: 'POST', path, responseMode, responseData: 'noData', options: {} } : { httpMethod: 'POST', path, responseMode, options: {} },
	);
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
	return splitOutNode(uuid(webhookNumber + 2000), 'Split Out', [220, 0], { fieldToSplitOut: 'body.recipients', include: 'noOtherFields', options: {} });
}

/** Webhook `{recipients: [...]}` → Split Out → our Send node at a fixed concurrency. */
export function oursSendFlow(opts: OursSendOptions): BenchWorkflow {
	const mapping = opts.mapping ?? 'expressions';
	const continueOnFail = opts.continueOnFail ?? false;
	const label = `Bench: ${oursSendLabel(opts.concurrency, mapping, continueOnFail)}`;
	const nodes = [
		webhookNode('Webhook', opts.path, opts.webhookNumber, 'lastNode'),
		splitRecipientsNode(opts.webhookNumber),
		actionNode(
			uuid(opts.webhookNumber + 3000),
			SEND_NODE,
			[440, 0],
			{ id: opts.credentialId, name: `Bench ${opts.credentialId}` },
			subscriptionSendParameters({
				touser: '={{ $json.openid }}',
				templateId: templateLocator(BENCH_TEMPLATE_ID),
				keywords: keywordParameters(mapping),
				page: '',
				options: { concurrency: opts.concurrency },
			}),
			continueOnFail ? { onError: 'continueRegularOutput' } : {},
		),
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

/** The baseline's first step: HTTP Request for a plain access token (GET /cgi-bin/token), named TOKEN_NODE. */
export function tokenRequestNode(id: string, position: Position, baseUrl: string): SavedNode {
	return node('n8n-nodes-base.httpRequest', HTTP_REQUEST_VERSION, id, TOKEN_NODE, position, {
		method: 'GET',
		url: `${baseUrl}/cgi-bin/token`,
		sendQuery: true,
		queryParameters: {
			parameters: [
				{ name: 'grant_type', value: 'client_credential' },
				{ name: 'appid', value: SANDBOX_APP_ID },
				{ name: 'secret', value: SANDBOX_APP_SECRET },
			],
		},
		options: {},
	});
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
		tokenRequestNode(uuid(opts.webhookNumber + 2000), [220, 0], opts.baseUrl),
		setNode(uuid(opts.webhookNumber + 3000), 'Edit Fields', [440, 0], [
			{ id: 'bench-token', name: 'token', type: 'string', value: '={{ $json.access_token }}' },
			{ id: 'bench-recipients', name: 'recipients', type: 'array', value: "={{ $('Webhook').item.json.body.recipients }}" },
		]),
		splitOutNode(uuid(opts.webhookNumber + 4000), 'Split Out', [660, 0], {
			fieldToSplitOut: 'recipients',
			include: 'selectedOtherFields',
			fieldsToInclude: 'token',
			options: { destinationFieldName: 'recipient' },
		}),
		node('n8n-nodes-base.httpRequest', HTTP_REQUEST_VERSION, uuid(opts.webhookNumber + 5000), SEND_NODE, [880, 0], {
			method: 'POST',
			url: `=${opts.baseUrl}/cgi-bin/message/subscribe/send?access_token={{ $json.token }}`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: body,
			options: opts.batching ? { batching: { batch: { ...opts.batching } } } : {},
		}),
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
		triggerNode(uuid(opts.webhookNumber + 1000), 'Mini Program Events', [0, 0], typeVersion, uuid(opts.webhookNumber), { id: opts.credentialId, name: `Bench ${opts.credentialId}` }, {
			events: [...PUSH_EVENT_CATEGORIES],
			encryptionMode: 'safe',
			dataFormat: 'xml',
			options: {},
		}),
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
