/**
 * What the nodes e2e test imports into n8n: the sandbox credential the examples name, the example
 * workflows as generated, one trigger-only workflow per push encryption mode, and two manual probes of the
 * customer-service operations (five replies to one user; the API quota).
 */
import { CREDENTIAL, EXAMPLES, PACKAGE, WEBHOOK_IDS, WORKFLOW_IDS } from '../../../scripts/build-examples';
import type { PushConfig, PushMode } from '../../../sandbox/push';
import { SANDBOX_OPENIDS, SANDBOX_TEMPLATE_IDS } from '../../../sandbox/seed';
import type { Sandbox } from '../../../sandbox/server';

export const CREDENTIAL_TYPE = 'weChatMiniProgramApi';

/** The 消息推送 settings of the sandbox mini program (Token 3–32 letters and digits; WeChat's own sample EncodingAESKey). */
export const PUSH_TOKEN = 'sandboxPushToken2024';
export const PUSH_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

/** The credential fields as a user fills them in for the sandbox (API base URL "Custom"). */
export function credentialData(sandbox: Sandbox, overrides: Record<string, string> = {}): Record<string, string> {
	return {
		appId: sandbox.appId,
		appSecret: sandbox.appSecret,
		token: PUSH_TOKEN,
		encodingAESKey: PUSH_AES_KEY,
		baseUrl: 'custom',
		customBaseUrl: sandbox.url,
		...overrides,
	};
}

/** For `n8n import:credentials`: the id and name the example workflows reference. */
export function sandboxCredential(sandbox: Sandbox): object {
	return { id: CREDENTIAL.id, name: CREDENTIAL.name, type: CREDENTIAL_TYPE, data: credentialData(sandbox) };
}

export interface TriggerWorkflow {
	mode: PushMode;
	/** The trigger node's typeVersion in the saved workflow. */
	typeVersion: number;
	workflowId: string;
	webhookId: string;
	workflow: object;
}

const TRIGGER_IDS: Record<PushMode, { workflowId: string; webhookId: string }> = {
	safe: { workflowId: 'e2ePushSafeMode1', webhookId: '7c1e0f3a-52d4-4a8e-9b61-0000000000a1' },
	compatible: { workflowId: 'e2ePushCompatMd1', webhookId: '7c1e0f3a-52d4-4a8e-9b61-0000000000a2' },
	plaintext: { workflowId: 'e2ePushPlainMd01', webhookId: '7c1e0f3a-52d4-4a8e-9b61-0000000000a3' },
};

/**
 * The trigger's version per fixture: compatible mode runs on version 2 (what the editor creates), the
 * other two on version 1 (workflows saved before version 2 existed), so the suite proves both in n8n.
 */
export const TRIGGER_TYPE_VERSIONS: Record<PushMode, number> = { safe: 1, compatible: 2, plaintext: 1 };

/** A workflow holding only the trigger: every event category, data format auto, the given mode. */
export function triggerWorkflow(mode: PushMode): TriggerWorkflow {
	const { workflowId, webhookId } = TRIGGER_IDS[mode];
	return {
		mode,
		typeVersion: TRIGGER_TYPE_VERSIONS[mode],
		workflowId,
		webhookId,
		workflow: {
			id: workflowId,
			name: `E2E: push trigger, ${mode} mode`,
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: `e2e-trigger-${mode}`,
					name: 'WeChat Push',
					type: `${PACKAGE}.weChatMiniProgramTrigger`,
					typeVersion: TRIGGER_TYPE_VERSIONS[mode],
					position: [0, 0],
					webhookId,
					credentials: { [CREDENTIAL_TYPE]: CREDENTIAL },
					parameters: { encryptionMode: mode, dataFormat: 'auto', options: {} },
				},
			],
			connections: {},
		},
	};
}

export const TRIGGER_WORKFLOWS: TriggerWorkflow[] = (['safe', 'compatible', 'plaintext'] as const).map(triggerWorkflow);

export const EXAMPLE_WORKFLOWS: object[] = Object.values(EXAMPLES);

/** Workflows activated once n8n runs: the example webhooks and triggers, and the three push triggers (3 and 4 are run by hand). */
export const ACTIVE_WORKFLOW_IDS: string[] = [
	WORKFLOW_IDS.orderShipped,
	WORKFLOW_IDS.subscriptionEvents,
	WORKFLOW_IDS.customerService,
	...TRIGGER_WORKFLOWS.map((trigger) => trigger.workflowId),
];

/** Production URL of a trigger node (not a Webhook node): `/webhook/<webhookId>/<path>`, path `webhook`. */
export function triggerUrl(baseUrl: string, webhookId: string): string {
	return `${baseUrl}/webhook/${webhookId}/webhook`;
}

export const EXAMPLE2_TRIGGER_WEBHOOK_ID: string = WEBHOOK_IDS.subscriptionEvents;
export const EXAMPLE5_TRIGGER_WEBHOOK_ID: string = WEBHOOK_IDS.customerService;

export function pushConfig(sandbox: Sandbox, mode: PushMode, format: PushConfig['format']): PushConfig {
	return { token: PUSH_TOKEN, encodingAESKey: PUSH_AES_KEY, appId: sandbox.appId, mode, format };
}

/** The user the customer-service probe replies to (SANDBOX_OPENIDS.bob: no other test writes as bob). */
export const REPLY_PROBE_OPENID = 'otFpruAK8D-E6EfStSYonYSBZ8_4';
export const REPLY_PROBE_COUNT = 5;

const REPLY_PROBE_CODE = `return Array.from({ length: ${REPLY_PROBE_COUNT} }, (_, i) => ({ json: { openid: ${JSON.stringify(REPLY_PROBE_OPENID)}, n: i + 1 } }));`;

function manualTrigger(id: string) {
	return { id, name: 'When Clicking Execute', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
}

function weChatNode(id: string, name: string, position: [number, number], parameters: Record<string, unknown>) {
	return {
		id,
		name,
		type: `${PACKAGE}.weChatMiniProgram`,
		typeVersion: 1,
		position,
		credentials: { [CREDENTIAL_TYPE]: CREDENTIAL },
		parameters,
	};
}

/** Five more text replies to the probe user, one item each, as a workflow reacting to one message would send them. */
export const REPLY_PROBE_WORKFLOW = {
	id: 'e2eReplyProbe001',
	name: 'E2E: five customer-service replies to one user',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		manualTrigger('e2e-reply-probe-start'),
		{ id: 'e2e-reply-probe-users', name: 'Five Replies', type: 'n8n-nodes-base.code', typeVersion: 2, position: [240, 0], parameters: { jsCode: REPLY_PROBE_CODE } },
		weChatNode('e2e-reply-probe-send', 'Reply', [480, 0], {
			resource: 'customerServiceMessage',
			operation: 'send',
			touser: '={{ $json.openid }}',
			msgtype: 'text',
			content: '=Reply {{ $json.n }}',
			options: {},
		}),
	],
	connections: {
		'When Clicking Execute': { main: [[{ node: 'Five Replies', type: 'main', index: 0 }]] },
		'Five Replies': { main: [[{ node: 'Reply', type: 'main', index: 0 }]] },
	},
};

export const QUOTA_PATHS = { replies: '/cgi-bin/message/custom/send', subscriptionSends: '/cgi-bin/message/subscribe/send' } as const;

/** Account → Get API Quota for the reply API, then for the default path (subscription sends). */
export const QUOTA_PROBE_WORKFLOW = {
	id: 'e2eQuotaProbe001',
	name: 'E2E: API quota of replies and subscription sends',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		manualTrigger('e2e-quota-probe-start'),
		weChatNode('e2e-quota-probe-replies', 'Reply Quota', [240, 0], { resource: 'account', operation: 'getApiQuota', cgiPath: QUOTA_PATHS.replies }),
		// cgiPath left out: the saved default is the subscription send path.
		weChatNode('e2e-quota-probe-sends', 'Send Quota', [480, 0], { resource: 'account', operation: 'getApiQuota' }),
	],
	connections: {
		'When Clicking Execute': { main: [[{ node: 'Reply Quota', type: 'main', index: 0 }]] },
		'Reply Quota': { main: [[{ node: 'Send Quota', type: 'main', index: 0 }]] },
	},
};

/** The order-shipped template's keywords as seeded, and after the console change the template-cache test makes. */
export const SEEDED_ORDER_VALUES = { thing1: '机械键盘', character_string2: 'TS20240501123456', time3: '2024-05-01 15:01', thing4: '顺丰速运', character_string5: 'SF1234567890123' };
export const CHANGED_ORDER_KIDS = [1, 2, 3, 6];
export const CHANGED_ORDER_VALUES = { thing1: '机械键盘', character_string2: 'TS20240501123456', time3: '2024-05-01 15:01', name6: '张三' };

/**
 * One order-shipped message to alice, run as the editor runs it, with the keywords mapped as given and
 * Continue On Fail on (a refused item is output, the execution succeeds): the template-cache probes.
 */
export function templateProbeWorkflow(id: string, values: Record<string, string>) {
	const send = weChatNode(`${id}-send`, 'Send Order Notice', [240, 0], {
		resource: 'subscriptionMessage',
		operation: 'send',
		touser: SANDBOX_OPENIDS.alice,
		templateId: { __rl: true, mode: 'id', value: SANDBOX_TEMPLATE_IDS.orderShipped },
		dataMode: 'mapped',
		templateData: { mappingMode: 'defineBelow', value: values, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: true },
		page: '',
		miniprogramState: 'formal',
		lang: 'zh_CN',
		options: {},
	});
	return {
		id,
		name: `E2E: template cache probe ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [manualTrigger(`${id}-start`), { ...send, onError: 'continueRegularOutput' }],
		connections: { 'When Clicking Execute': { main: [[{ node: 'Send Order Notice', type: 'main', index: 0 }]] } },
	};
}

export const OLD_KEYWORDS_PROBE = templateProbeWorkflow('e2eTemplateOld01', SEEDED_ORDER_VALUES);
export const NEW_KEYWORDS_PROBE = templateProbeWorkflow('e2eTemplateNew01', CHANGED_ORDER_VALUES);
