/**
 * Secrets, credentials and workflows shared by the reliability e2e tests (faults, hostile input, secrets
 * audit). Every secret here is fake but distinctive, so that an audit searching n8n's logs and outputs for it
 * cannot hit anything else by chance.
 */
import { createHash } from 'node:crypto';

import {
	actionNode,
	noOpNode,
	sandboxCredential,
	splitOutNode,
	templateLocator,
	triggerNode,
	triggerUrl,
	webhookNode,
	workflow,
	chain,
	subscriptionSendParameters,
	type CredentialRef,
	type N8nHandle,
	type SandboxCredentialFields,
	type SavedCredential,
	type SavedWorkflow,
} from '../../../../harness';
import { SANDBOX_APP_SECRET, SANDBOX_TEMPLATE_IDS } from '../../../../sandbox/seed';

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

/** A credential for `n8n import:credentials` pointing at the sandbox, with this file's push secrets. */
export function reliabilityCredential(credential: CredentialRef, sandboxUrl: string, fields: SandboxCredentialFields = {}): SavedCredential {
	return sandboxCredential(credential, sandboxUrl, { token: PUSH_TOKEN, encodingAESKey: ENCODING_AES_KEY, ...fields });
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
export function sendBatchWorkflow(spec: SendBatchWorkflowSpec): SavedWorkflow {
	const send = actionNode(
		`${spec.id}-send`,
		SEND_NODE,
		[520, 0],
		spec.credential ?? MAIN_CREDENTIAL,
		subscriptionSendParameters({
			touser: '={{ $json.openid }}',
			templateId: templateLocator(spec.templateId ?? SANDBOX_TEMPLATE_IDS.orderShipped),
			keywords: { dataMode: 'json', dataJson: '={{ JSON.stringify($json.data) }}' },
			page: 'pages/order/detail?id=1',
			options: { ...spec.options },
		}),
		spec.continueOnFail ? { onError: 'continueRegularOutput' } : {},
	);
	return workflow(
		spec.id,
		`Reliability: ${spec.id}`,
		[
			webhookNode(`${spec.id}-webhook`, 'Batch In', [0, 0], webhookIdFor(spec.id, 'batch'), { httpMethod: 'POST', path: spec.path, responseMode: 'onReceived', options: {} }),
			splitOutNode(`${spec.id}-split`, SPLIT_NODE, [260, 0], { fieldToSplitOut: 'body.items', options: {} }),
			send,
		],
		chain('Batch In', SPLIT_NODE, SEND_NODE),
	);
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

/** The production URL of a target's trigger. */
export function targetUrl(handle: N8nHandle, spec: { id: string }): string {
	return triggerUrl(handle.baseUrl, triggerWebhookId(spec));
}

/** A target: WeChat Mini Program Trigger (every event) → No Operation. */
export function targetWorkflow(spec: TriggerWorkflowSpec): SavedWorkflow {
	const options: Record<string, unknown> = {};
	if (spec.replayWindowSeconds !== undefined) options.replayWindowSeconds = spec.replayWindowSeconds;
	return workflow(
		spec.id,
		`Reliability trigger: ${spec.id}`,
		[
			triggerNode(`${spec.id}-trigger`, TRIGGER_NODE, [0, 0], 1, triggerWebhookId(spec), MAIN_CREDENTIAL, { encryptionMode: spec.mode, dataFormat: spec.dataFormat, options }),
			noOpNode(`${spec.id}-noop`, 'Received', [260, 0]),
		],
		chain(TRIGGER_NODE, 'Received'),
	);
}

/** Environment for every reliability n8n: keep all executions (no pruning during a long run). */
export const RELIABILITY_N8N_ENV: Record<string, string> = {
	EXECUTIONS_DATA_PRUNE: 'false',
};
