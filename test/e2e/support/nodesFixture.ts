/**
 * What the nodes e2e test imports into n8n: the sandbox credential the examples name, the four example
 * workflows as generated, and one trigger-only workflow per push encryption mode.
 */
import { CREDENTIAL, EXAMPLES, PACKAGE, WEBHOOK_IDS, WORKFLOW_IDS } from '../../../scripts/build-examples';
import type { PushConfig, PushMode } from '../../../sandbox/push';
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

/** Workflows activated once n8n runs: the two example webhooks and the three push triggers (3 and 4 are run by hand). */
export const ACTIVE_WORKFLOW_IDS: string[] = [
	WORKFLOW_IDS.orderShipped,
	WORKFLOW_IDS.subscriptionEvents,
	...TRIGGER_WORKFLOWS.map((trigger) => trigger.workflowId),
];

/** Production URL of a trigger node (not a Webhook node): `/webhook/<webhookId>/<path>`, path `webhook`. */
export function triggerUrl(baseUrl: string, webhookId: string): string {
	return `${baseUrl}/webhook/${webhookId}/webhook`;
}

export const EXAMPLE2_TRIGGER_WEBHOOK_ID: string = WEBHOOK_IDS.subscriptionEvents;

export function pushConfig(sandbox: Sandbox, mode: PushMode, format: PushConfig['format']): PushConfig {
	return { token: PUSH_TOKEN, encodingAESKey: PUSH_AES_KEY, appId: sandbox.appId, mode, format };
}
