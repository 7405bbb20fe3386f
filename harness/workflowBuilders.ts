/**
 * Workflows and nodes as n8n saves them (the JSON `n8n import:workflow` reads and the editor exports):
 * the examples, the e2e fixtures, the queue suite and the bench all build theirs here, so a node's shape
 * is written once. A node's keys come in the editor's order (id, name, type, typeVersion, position, then
 * webhookId / credentials / settings, then parameters), which keeps the committed examples as they were.
 */
import { SANDBOX_APP_ID, SANDBOX_APP_SECRET } from '../sandbox/seed';
import { PACKAGE_NAME } from './communityPackage';

export type Position = [number, number];
export type NodeParameters = Record<string, unknown>;
/** Keys between position and parameters: webhookId, credentials, onError, executeOnce, alwaysOutputData … */
export type NodeExtras = Record<string, unknown>;

export interface SavedNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: Position;
	parameters: NodeParameters;
	[extra: string]: unknown;
}

/** Any node. */
export function node(type: string, typeVersion: number, id: string, name: string, position: Position, parameters: NodeParameters, extras: NodeExtras = {}): SavedNode {
	return { id, name, type, typeVersion, position, ...extras, parameters };
}

/** One end of a connection: input `index` of `node`. */
export const link = (node: string, index = 0) => ({ node, type: 'main', index });

/** Connections running each named node into the next, through their first output and input. */
export function chain(...names: string[]): Record<string, { main: Array<Array<ReturnType<typeof link>>> }> {
	const connections: Record<string, { main: Array<Array<ReturnType<typeof link>>> }> = {};
	for (let i = 0; i + 1 < names.length; i++) connections[names[i]] = { main: [[link(names[i + 1])]] };
	return connections;
}

export interface SavedWorkflow {
	id: string;
	name: string;
	active: boolean;
	nodes: SavedNode[];
	connections: object;
	settings: Record<string, unknown>;
}

/** A workflow, inactive as imported, with n8n's current execution order (v1). */
export function workflow(id: string, name: string, nodes: SavedNode[], connections: object, settings: Record<string, unknown> = { executionOrder: 'v1' }): SavedWorkflow {
	return { id, name, active: false, nodes, connections, settings };
}

// n8n's own nodes, at the versions the editor of 1.123.81 and 2.40.7 both create.

export function manualTrigger(id: string, name: string, position: Position = [0, 0]): SavedNode {
	return node('n8n-nodes-base.manualTrigger', 1, id, name, position, {});
}

/** Every day at `hour` (the instance's timezone). */
export function dailyTrigger(id: string, name: string, position: Position, hour: number): SavedNode {
	return node('n8n-nodes-base.scheduleTrigger', 1.2, id, name, position, { rule: { interval: [{ field: 'days', triggerAtHour: hour }] } });
}

/** n8n's Webhook node at version 2: with static parameters n8n runs its webhook phase without an expression isolate. */
export const WEBHOOK_NODE_VERSION = 2;

export function webhookNode(id: string, name: string, position: Position, webhookId: string, parameters: NodeParameters): SavedNode {
	return node('n8n-nodes-base.webhook', WEBHOOK_NODE_VERSION, id, name, position, parameters, { webhookId });
}

export function splitOutNode(id: string, name: string, position: Position, parameters: NodeParameters): SavedNode {
	return node('n8n-nodes-base.splitOut', 1, id, name, position, parameters);
}

/** A Code node running JavaScript once for all items. */
export function codeNode(id: string, name: string, position: Position, jsCode: string): SavedNode {
	return node('n8n-nodes-base.code', 2, id, name, position, { jsCode });
}

export function noOpNode(id: string, name: string, position: Position): SavedNode {
	return node('n8n-nodes-base.noOp', 1, id, name, position, {});
}

export interface Assignment {
	id: string;
	name: string;
	type: string;
	value: unknown;
}

/** Edit Fields (Set) in manual mode. */
export function setNode(id: string, name: string, position: Position, assignments: Assignment[], extras: NodeExtras = {}): SavedNode {
	return node('n8n-nodes-base.set', 3.4, id, name, position, { mode: 'manual', assignments: { assignments }, options: {} }, extras);
}

export function stickyNote(id: string, name: string, position: Position, size: [number, number], content: string): SavedNode {
	return node('n8n-nodes-base.stickyNote', 1, id, name, position, { width: size[0], height: size[1], content });
}

// Our nodes.

export const CREDENTIAL_TYPE = 'weChatMiniProgramApi';

export interface CredentialRef {
	id: string;
	name: string;
}

/** The node's `credentials`: the WeChat Mini Program API credential by id and name. */
export function weChatCredentials(credential: CredentialRef): Record<string, CredentialRef> {
	return { [CREDENTIAL_TYPE]: credential };
}

/** WeChat Mini Program (the action node). `extras` come after the credentials (onError, executeOnce …). */
export function actionNode(id: string, name: string, position: Position, credential: CredentialRef, parameters: NodeParameters, extras: NodeExtras = {}): SavedNode {
	return node(`${PACKAGE_NAME}.weChatMiniProgram`, 1, id, name, position, parameters, { credentials: weChatCredentials(credential), ...extras });
}

/** WeChat Mini Program Template Lookup at the version the editor gives a new node (2: pickers for the public template). */
export function templateLookupNode(id: string, name: string, position: Position, credential: CredentialRef, parameters: NodeParameters, typeVersion = 2): SavedNode {
	return node(`${PACKAGE_NAME}.weChatTemplateLookup`, typeVersion, id, name, position, parameters, { credentials: weChatCredentials(credential) });
}

/** WeChat Mini Program Trigger. Its production URL is `/webhook/<webhookId>/webhook`. */
export function triggerNode(id: string, name: string, position: Position, typeVersion: number, webhookId: string, credential: CredentialRef, parameters: NodeParameters): SavedNode {
	return node(`${PACKAGE_NAME}.weChatMiniProgramTrigger`, typeVersion, id, name, position, parameters, { webhookId, credentials: weChatCredentials(credential) });
}

/** The Template field: picked from the list (with the title the editor caches) or given by ID. */
export function templateLocator(value: string, cachedResultName?: string): Record<string, unknown> {
	return cachedResultName === undefined ? { __rl: true, mode: 'id', value } : { __rl: true, mode: 'list', value, cachedResultName };
}

/**
 * The resource-mapper value the editor saves for "Map Each Keyword": `labels` gives each keyword the
 * display name the editor shows ("商品名称 (thing1)"); without them the key is the name.
 */
export function keywordMapping(values: Record<string, string>, labels?: Record<string, string>): Record<string, unknown> {
	return {
		mappingMode: 'defineBelow',
		value: values,
		matchingColumns: [],
		schema: Object.keys(values).map((key) => ({
			id: key,
			displayName: labels === undefined ? key : `${labels[key]} (${key})`,
			required: true,
			defaultMatch: false,
			display: true,
			type: 'string',
			canBeUsedToMatch: false,
		})),
		attemptToConvertTypes: false,
		convertFieldsToString: true,
	};
}

export interface SubscriptionSend {
	touser: string;
	templateId: Record<string, unknown>;
	/** The keyword parameters: `{dataMode: 'mapped', templateData}` or `{dataMode: 'json', dataJson}`. */
	keywords: NodeParameters;
	page: string;
	options?: NodeParameters;
}

/** Send Subscription Message's parameters, in the order the editor saves them. */
export function subscriptionSendParameters(send: SubscriptionSend): NodeParameters {
	return {
		resource: 'subscriptionMessage',
		operation: 'send',
		touser: send.touser,
		templateId: send.templateId,
		...send.keywords,
		page: send.page,
		miniprogramState: 'formal',
		lang: 'zh_CN',
		options: send.options ?? {},
	};
}

export interface SandboxCredentialFields {
	appId?: string;
	appSecret?: string;
	/** Message Push Token and EncodingAESKey: only a credential a trigger uses needs them. */
	token?: string;
	encodingAESKey?: string;
}

/** The credential's fields as a user fills them in for the sandbox (API base URL "Custom"); App ID and Secret default to the sandbox's. */
export function sandboxCredentialData(sandboxUrl: string, fields: SandboxCredentialFields = {}): Record<string, string> {
	const push: Record<string, string> = fields.token === undefined ? {} : { token: fields.token, encodingAESKey: fields.encodingAESKey ?? '' };
	return { appId: fields.appId ?? SANDBOX_APP_ID, appSecret: fields.appSecret ?? SANDBOX_APP_SECRET, ...push, baseUrl: 'custom', customBaseUrl: sandboxUrl };
}

export interface SavedCredential extends CredentialRef {
	type: string;
	data: Record<string, string>;
}

/** A WeChat Mini Program API credential for `n8n import:credentials`, pointing at the sandbox. */
export function sandboxCredential(credential: CredentialRef, sandboxUrl: string, fields: SandboxCredentialFields = {}): SavedCredential {
	return { id: credential.id, name: credential.name, type: CREDENTIAL_TYPE, data: sandboxCredentialData(sandboxUrl, fields) };
}

/** The production URL of a WeChat Mini Program Trigger (not a Webhook node): `/webhook/<webhookId>/webhook`. */
export function triggerUrl(baseUrl: string, webhookId: string): string {
	return `${baseUrl}/webhook/${webhookId}/webhook`;
}
