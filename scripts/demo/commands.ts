/**
 * The copy-paste lines the demo prints (and the self-check runs as they are).
 */
import type { N8nOwner } from '../../harness';
import type { PushControlRequest } from '../../sandbox/control';
import type { PopupCrowdInput, PopupScriptInput } from '../../sandbox/popups';
import type { PushConfig } from '../../sandbox/push/types';
import { SANDBOX_TEMPLATE_IDS } from '../../sandbox/seed';

/** POSIX-shell quoting: bare when harmless, else single quotes with ' written as '\''. */
export function shellQuote(value: string): string {
	if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
	return `'${value.replace(/'/g, `'\\''`)}'`;
}

function curlPostJson(url: string, body: unknown, extra: string[] = []): string {
	return ['curl', '-sS', ...extra, '-X', 'POST', url, '-H', 'content-type: application/json', '-d', JSON.stringify(body)].map(shellQuote).join(' ');
}

/** Fires Example 1: the webhook answers with the Send node's result (`responseMode: lastNode`). */
export function orderCurlLine(webhookUrl: string, order: object): string {
	return curlPostJson(webhookUrl, order);
}

/** The push event the demo sends: WeChat's official popup example (one accept, one reject). */
export const DEMO_PUSH_EVENT = 'popup';

/** Asks the sandbox's push simulator to sign, encrypt and POST a push to the trigger, as WeChat would. */
export function pushRequest(triggerUrl: string, config: PushConfig): PushControlRequest {
	return { webhookUrl: triggerUrl, config, event: DEMO_PUSH_EVENT };
}

export function pushCurlLine(sandboxUrl: string, request: PushControlRequest): string {
	return curlPostJson(`${sandboxUrl}/__sandbox/push`, request);
}

/** How many sandbox users the demo's popup line makes accept. */
export const DEMO_POPUP_USERS = 50;

/**
 * The demo's crowd: users sandboxOpenId(1) … (50) each accept, in one popup, the two templates example 3
 * reminds with: 预约状态提醒 (one-time: one send each) and 停车缴费提醒 (long-term: sends while on).
 */
export const DEMO_POPUP_CROWD: PopupCrowdInput = {
	count: DEMO_POPUP_USERS,
	accept: [SANDBOX_TEMPLATE_IDS.appointmentStatus, SANDBOX_TEMPLATE_IDS.parkingFee],
};

/** Asks the sandbox's push simulator to play the crowd's popups to the ledger's trigger (example 6). */
export function popupsRequest(ledgerTriggerUrl: string, config: PushConfig): PopupScriptInput {
	return { webhookUrl: ledgerTriggerUrl, config, users: DEMO_POPUP_CROWD };
}

export function popupsCurlLine(sandboxUrl: string, request: PopupScriptInput): string {
	return curlPostJson(`${sandboxUrl}/__sandbox/popups`, request);
}

/**
 * Runs a workflow now from the named trigger, as the editor's "Execute workflow" does: log in as the owner
 * (POST /rest/login; the cookie goes from the first curl to the second through a pipe, no file), then
 * POST /rest/workflows/:id/run. Answers `{"data":{"executionId":"…"}}`.
 */
export function runWorkflowCurlLine(editorUrl: string, owner: N8nOwner, workflowId: string, triggerName: string): string {
	const login = curlPostJson(`${editorUrl}/rest/login`, { emailOrLdapLoginId: owner.email, password: owner.password }, ['-c', '-', '-o', '/dev/null']);
	const run = curlPostJson(`${editorUrl}/rest/workflows/${workflowId}/run`, { triggerToStartFrom: { name: triggerName } }, ['-b', '-']);
	return `${login} | ${run}`;
}
