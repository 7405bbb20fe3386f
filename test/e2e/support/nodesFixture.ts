/**
 * What the nodes e2e test imports into n8n: the sandbox credential the examples name, the example
 * workflows as generated, one trigger-only workflow per push encryption mode, and two manual probes of the
 * customer-service operations (five replies to one user; the API quota).
 */
import {
	actionNode,
	chain,
	manualTrigger,
	codeNode,
	sandboxCredential,
	sandboxCredentialData,
	subscriptionSendParameters,
	keywordMapping,
	templateLocator,
	triggerNode,
	workflow,
	type NodeParameters,
	type Position,
	type SandboxCredentialFields,
	type SavedCredential,
} from '../../../harness';
import { CREDENTIAL, EXAMPLES, WEBHOOK_IDS, WORKFLOW_IDS } from '../../../harness/examples';
import type { PushConfig, PushMode } from '../../../sandbox/push';
import { SANDBOX_OPENIDS, SANDBOX_TEMPLATE_IDS } from '../../../sandbox/seed';
import type { Sandbox } from '../../../sandbox/server';

/** The 消息推送 settings of the sandbox mini program (Token 3–32 letters and digits; WeChat's own sample EncodingAESKey). */
export const PUSH_TOKEN = 'sandboxPushToken2024';
export const PUSH_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const PUSH_FIELDS = { token: PUSH_TOKEN, encodingAESKey: PUSH_AES_KEY };

/** The credential fields as a user fills them in for the sandbox, push settings included. */
export function credentialData(sandbox: Sandbox, overrides: SandboxCredentialFields = {}): Record<string, string> {
	return sandboxCredentialData(sandbox.url, { ...PUSH_FIELDS, ...overrides });
}

/** For `n8n import:credentials`: the id and name the example workflows reference. */
export function exampleCredential(sandbox: Sandbox): SavedCredential {
	return sandboxCredential(CREDENTIAL, sandbox.url, PUSH_FIELDS);
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
 * The trigger's version per fixture: compatible mode runs on version 2, the other two on version 1
 * (workflows saved before version 2 existed), so the suite proves both in n8n. None saves Events: a saved
 * version 1 or 2 node without them still starts on all six (version 3, the editor's, starts on fewer).
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
		workflow: workflow(
			workflowId,
			`E2E: push trigger, ${mode} mode`,
			[triggerNode(`e2e-trigger-${mode}`, 'WeChat Push', [0, 0], TRIGGER_TYPE_VERSIONS[mode], webhookId, CREDENTIAL, { encryptionMode: mode, dataFormat: 'auto', options: {} })],
			{},
		),
	};
}

export const TRIGGER_WORKFLOWS: TriggerWorkflow[] = (['safe', 'compatible', 'plaintext'] as const).map(triggerWorkflow);

/** A version 3 trigger as the editor adds it, Events left at their default (so not saved): safe mode. */
export const DEFAULT_EVENTS_V3_TRIGGER = { workflowId: 'e2ePushV3Default', webhookId: '7c1e0f3a-52d4-4a8e-9b61-0000000000a4', node: 'WeChat Push' };
export const DEFAULT_EVENTS_V3_WORKFLOW: object = workflow(
	DEFAULT_EVENTS_V3_TRIGGER.workflowId,
	'E2E: push trigger version 3, default events',
	[triggerNode('e2e-trigger-v3-default', DEFAULT_EVENTS_V3_TRIGGER.node, [0, 0], 3, DEFAULT_EVENTS_V3_TRIGGER.webhookId, CREDENTIAL, { encryptionMode: 'safe', dataFormat: 'auto', options: {} })],
	{},
);

export const EXAMPLE_WORKFLOWS: object[] = Object.values(EXAMPLES);

/** Workflows activated once n8n runs: the example webhooks and triggers, and the three push triggers (3 and 4 are run by hand). */
export const ACTIVE_WORKFLOW_IDS: string[] = [
	WORKFLOW_IDS.orderShipped,
	WORKFLOW_IDS.subscriptionEvents,
	WORKFLOW_IDS.customerService,
	...TRIGGER_WORKFLOWS.map((trigger) => trigger.workflowId),
	DEFAULT_EVENTS_V3_TRIGGER.workflowId,
];

export const EXAMPLE2_TRIGGER_WEBHOOK_ID: string = WEBHOOK_IDS.subscriptionEvents;
export const EXAMPLE5_TRIGGER_WEBHOOK_ID: string = WEBHOOK_IDS.customerService;

export function pushConfig(sandbox: Sandbox, mode: PushMode, format: PushConfig['format']): PushConfig {
	return { token: PUSH_TOKEN, encodingAESKey: PUSH_AES_KEY, appId: sandbox.appId, mode, format };
}

/** The user the customer-service probe replies to (SANDBOX_OPENIDS.bob: no other test writes as bob). */
export const REPLY_PROBE_OPENID = 'otFpruAK8D-E6EfStSYonYSBZ8_4';
export const REPLY_PROBE_COUNT = 5;

const REPLY_PROBE_CODE = `return Array.from({ length: ${REPLY_PROBE_COUNT} }, (_, i) => ({ json: { openid: ${JSON.stringify(REPLY_PROBE_OPENID)}, n: i + 1 } }));`;

function weChatNode(id: string, name: string, position: Position, parameters: NodeParameters) {
	return actionNode(id, name, position, CREDENTIAL, parameters);
}

/** Five more text replies to the probe user, one item each, as a workflow reacting to one message would send them. */
export const REPLY_PROBE_WORKFLOW = workflow(
	'e2eReplyProbe001',
	'E2E: five customer-service replies to one user',
	[
		manualTrigger('e2e-reply-probe-start', 'When Clicking Execute'),
		codeNode('e2e-reply-probe-users', 'Five Replies', [240, 0], REPLY_PROBE_CODE),
		weChatNode('e2e-reply-probe-send', 'Reply', [480, 0], {
			resource: 'customerServiceMessage',
			operation: 'send',
			touser: '={{ $json.openid }}',
			msgtype: 'text',
			content: '=Reply {{ $json.n }}',
			options: {},
		}),
	],
	chain('When Clicking Execute', 'Five Replies', 'Reply'),
);

export const QUOTA_PATHS = { replies: '/cgi-bin/message/custom/send', subscriptionSends: '/cgi-bin/message/subscribe/send' } as const;

/** Account → Get API Quota for the reply API, then for the default path (subscription sends). */
export const QUOTA_PROBE_WORKFLOW = workflow(
	'e2eQuotaProbe001',
	'E2E: API quota of replies and subscription sends',
	[
		manualTrigger('e2e-quota-probe-start', 'When Clicking Execute'),
		weChatNode('e2e-quota-probe-replies', 'Reply Quota', [240, 0], { resource: 'account', operation: 'getApiQuota', cgiPath: QUOTA_PATHS.replies }),
		// cgiPath left out: the saved default is the subscription send path.
		weChatNode('e2e-quota-probe-sends', 'Send Quota', [480, 0], { resource: 'account', operation: 'getApiQuota' }),
	],
	chain('When Clicking Execute', 'Reply Quota', 'Send Quota'),
);

/** The order-shipped template's keywords as seeded, and after the console change the template-cache test makes. */
export const SEEDED_ORDER_VALUES = { thing1: '机械键盘', character_string2: 'TS20240501123456', time3: '2024-05-01 15:01', thing4: '顺丰速运', character_string5: 'SF1234567890123' };
export const CHANGED_ORDER_KIDS = [1, 2, 3, 6];
export const CHANGED_ORDER_VALUES = { thing1: '机械键盘', character_string2: 'TS20240501123456', time3: '2024-05-01 15:01', name6: '张三' };

/**
 * One order-shipped message to alice, run as the editor runs it, with the keywords mapped as given and
 * Continue On Fail on (a refused item is output, the execution succeeds): the template-cache probes.
 */
export function templateProbeWorkflow(id: string, values: Record<string, string>) {
	const send = actionNode(
		`${id}-send`,
		'Send Order Notice',
		[240, 0],
		CREDENTIAL,
		subscriptionSendParameters({
			touser: SANDBOX_OPENIDS.alice,
			templateId: templateLocator(SANDBOX_TEMPLATE_IDS.orderShipped),
			keywords: { dataMode: 'mapped', templateData: keywordMapping(values) },
			page: '',
		}),
		{ onError: 'continueRegularOutput' },
	);
	return workflow(id, `E2E: template cache probe ${id}`, [manualTrigger(`${id}-start`, 'When Clicking Execute'), send], chain('When Clicking Execute', 'Send Order Notice'));
}

export const OLD_KEYWORDS_PROBE = templateProbeWorkflow('e2eTemplateOld01', SEEDED_ORDER_VALUES);
export const NEW_KEYWORDS_PROBE = templateProbeWorkflow('e2eTemplateNew01', CHANGED_ORDER_VALUES);
