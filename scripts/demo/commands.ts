/**
 * The copy-paste lines the demo prints (and the self-check runs as they are).
 */
import type { PushControlRequest } from '../../sandbox/control';
import type { PushConfig } from '../../sandbox/push/types';

/** POSIX-shell quoting: bare when harmless, else single quotes with ' written as '\''. */
export function shellQuote(value: string): string {
	if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
	return `'${value.replace(/'/g, `'\\''`)}'`;
}

function curlPostJson(url: string, body: unknown): string {
	return ['curl', '-sS', '-X', 'POST', url, '-H', 'content-type: application/json', '-d', JSON.stringify(body)].map(shellQuote).join(' ');
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
