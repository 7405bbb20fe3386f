/**
 * Secrets, credentials and workflows shared by the reliability e2e tests (faults, hostile input, secrets
 * audit). Every secret here is fake but distinctive, so that an audit searching n8n's logs and outputs for it
 * cannot hit anything else by chance.
 */
import { createHash } from 'node:crypto';

import { PACKAGE_NAME, type N8nHandle } from '../../../../harness';
import { SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_TEMPLATE_IDS } from '../../../../sandbox/seed';

/** Message Push Token of the test credential (3–32 characters, as the console allows). */
export const PUSH_TOKEN = 'e2ePushTok9QvLm2XrT7sWb4';
/** EncodingAESKey of the test credential (43 base64 characters). */
export const ENCODING_AES_KEY = 'Kf3xQ9vLm2XrT7sWb4Yh8Nc1Pd6Ge0Ja5Ui3Oz7Rk2L';
/** A mini program whose App Secret was reset in the console after the credential was saved. */
export const ROTATED_APP_ID = 'wx5e7a1c3b9d2f4e60';
export const ROTATED_OLD_SECRET = 'c0ffee5ecre7be4e0b8a9d1f2c3e4a5b';
export const ROTATED_NEW_SECRET = 'f1e2d3c4b5a69788c0ffee5ecre7a1b2';
/** Another App ID, for pushes encrypted for someone else. */
export const OTHER_APP_ID = 'wx0123456789abcdef';

export const MAIN_CREDENTIAL = { id: 'relSandboxCred01', name: 'WeChat (reliability sandbox)' };
export const ROTATED_CREDENTIAL = { id: 'relRotatedCred01', name: 'WeChat (rotated App Secret)' };

export const SEND_NODE = 'Send Batch';
export const SPLIT_NODE = 'One Item Per Message';
export const TRIGGER_NODE = 'Mini Program Push';

/** The values an audit must never find, by name (access tokens come from the sandbox at audit time). */
export function staticSecrets(): Record<string, string> {
	return {
		'App Secret': SANDBOX_APP_SECRET,
		'App Secret (rotated, old)': ROTATED_OLD_SECRET,
		'App Secret (rotated, new)': ROTATED_NEW_SECRET,
		EncodingAESKey: ENCODING_AES_KEY,
		Token: PUSH_TOKEN,
	};
}

/** A credential for `n8n import:credentials` pointing at the sandbox. */
export function sandboxCredential(
	credential: { id: string; name: string },
	sandboxUrl: string,
	fields: { appId?: string; appSecret?: string } = {},
): object {
	return {
		id: credential.id,
		name: credential.name,
		type: 'weChatMiniProgramApi',
		data: {
			appId: fields.appId ?? SANDBOX_APP_ID,
			appSecret: fields.appSecret ?? SANDBOX_APP_SECRET,
			token: PUSH_TOKEN,
			encodingAESKey: ENCODING_AES_KEY,
			baseUrl: 'custom',
			customBaseUrl: sandboxUrl,
		},
	};
}

export interface SendOptionsSpec {
	concurrency?: number;
	timeout?: number;
	retryOnRateLimit?: boolean;
}

export interface SendBatchWorkflowSpec {
	id: string;
	/** Webhook-node path: the batch is POSTed to /webhook/<path> as {items: [{openid, data}]}. */
	path: string;
	continueOnFail: boolean;
	options?: SendOptionsSpec;
	credential?: { id: string; name: string };
	templateId?: string;
}

/** A fixed webhookId derived from the workflow id (n8n wants one per webhook node). */
function webhookIdFor(id: string, salt: string): string {
	const hex = createHash('sha1').update(`${salt}:${id}`).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Webhook (answers at once) → Split Out (one item per message) → Send Subscription Message. */
export function sendBatchWorkflow(spec: SendBatchWorkflowSpec): object {
	const credential = spec.credential ?? MAIN_CREDENTIAL;
	const send: Record<string, unknown> = {
		id: `${spec.id}-send`,
		name: SEND_NODE,
		type: `${PACKAGE_NAME}.weChatMiniProgram`,
		typeVersion: 1,
		position: [520, 0],
		credentials: { weChatMiniProgramApi: credential },
		parameters: {
			resource: 'subscriptionMessage',
			operation: 'send',
			touser: '={{ $json.openid }}',
			templateId: { __rl: true, mode: 'id', value: spec.templateId ?? SANDBOX_TEMPLATE_IDS.orderShipped },
			dataMode: 'json',
			dataJson: '={{ JSON.stringify($json.data) }}',
			page: 'pages/order/detail?id=1',
			miniprogramState: 'formal',
			lang: 'zh_CN',
			options: { ...spec.options },
		},
	};
	if (spec.continueOnFail) send.onError = 'continueRegularOutput';
	return {
		id: spec.id,
		name: `Reliability: ${spec.id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${spec.id}-webhook`,
				name: 'Batch In',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: webhookIdFor(spec.id, 'batch'),
				parameters: { httpMethod: 'POST', path: spec.path, responseMode: 'onReceived', options: {} },
			},
			{
				id: `${spec.id}-split`,
				name: SPLIT_NODE,
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [260, 0],
				parameters: { fieldToSplitOut: 'body.items', options: {} },
			},
			send,
		],
		connections: {
			'Batch In': { main: [[{ node: SPLIT_NODE, type: 'main', index: 0 }]] },
			[SPLIT_NODE]: { main: [[{ node: SEND_NODE, type: 'main', index: 0 }]] },
		},
	};
}

export type PushMode = 'plaintext' | 'compatible' | 'safe';
export type DataFormat = 'auto' | 'xml' | 'json';

export interface TriggerWorkflowSpec {
	id: string;
	mode: PushMode;
	dataFormat: DataFormat;
	/** The "Reject Stale Timestamps" option; absent = off. */
	replayWindowSeconds?: number;
}

export function triggerWebhookId(spec: { id: string }): string {
	return webhookIdFor(spec.id, 'trigger');
}

/** The trigger's production URL: `/webhook/<webhookId>/webhook`. */
export function triggerUrl(handle: N8nHandle, spec: { id: string }): string {
	return handle.webhookUrl(`${triggerWebhookId(spec)}/webhook`);
}

/** WeChat Mini Program Trigger (every event) → No Operation. */
export function triggerWorkflow(spec: TriggerWorkflowSpec): object {
	const options: Record<string, unknown> = {};
	if (spec.replayWindowSeconds !== undefined) options.replayWindowSeconds = spec.replayWindowSeconds;
	return {
		id: spec.id,
		name: `Reliability trigger: ${spec.id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${spec.id}-trigger`,
				name: TRIGGER_NODE,
				type: `${PACKAGE_NAME}.weChatMiniProgramTrigger`,
				typeVersion: 1,
				position: [0, 0],
				webhookId: triggerWebhookId(spec),
				credentials: { weChatMiniProgramApi: MAIN_CREDENTIAL },
				parameters: { encryptionMode: spec.mode, dataFormat: spec.dataFormat, options },
			},
			{
				id: `${spec.id}-noop`,
				name: 'Received',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [260, 0],
				parameters: {},
			},
		],
		connections: { [TRIGGER_NODE]: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
	};
}

/** Environment for every reliability n8n: keep all executions (no pruning during a long run). */
export const RELIABILITY_N8N_ENV: Record<string, string> = {
	EXECUTIONS_DATA_PRUNE: 'false',
};
