/**
 * The text printed once everything is up: where to click, how to log in, and one line per example to fire it.
 */
import type { N8nOwner } from '../../harness';

export interface BannerInput {
	n8nVersion: string;
	editorUrl: string;
	owner: N8nOwner;
	sandboxUrl: string;
	readyAfterMs: number;
	order: { name: string; workflowUrl: string; webhookUrl: string; curl: string };
	events: { name: string; workflowUrl: string; triggerUrl: string; curl: string };
	daily: { name: string; workflowUrl: string; timeZone: string; runNow: string };
	catalogue: { name: string; workflowUrl: string };
	customerService: { name: string; workflowUrl: string };
	ledger: { name: string; workflowUrl: string; triggerUrl: string; users: number; popups: string };
	deliveries: { name: string; workflowUrl: string; failEvery: number; reportTrigger: string };
	alert: { name: string; workflowUrl: string; robotMessagesUrl: string };
	/** Each data table's name and its page in the editor. */
	tables: Array<{ name: string; url: string }>;
}

export function renderBanner(b: BannerInput): string {
	const rule = '─'.repeat(72);
	return [
		rule,
		`n8n ${b.n8nVersion} with n8n-nodes-wechat-miniprogram is ready (${Math.round(b.readyAfterMs / 1000)} s)`,
		rule,
		`  Editor      ${b.editorUrl}`,
		`  Login       ${b.owner.email}  /  ${b.owner.password}`,
		`  Executions  ${b.editorUrl}/home/executions`,
		`  Sandbox     ${b.sandboxUrl}  (the local WeChat; sent messages: ${b.sandboxUrl}/__sandbox/messages)`,
		'',
		`1 · ${b.order.name}  (active)  ${b.order.workflowUrl}`,
		`  Webhook  ${b.order.webhookUrl}`,
		`  Fire it  ${b.order.curl}`,
		'',
		`2 · ${b.events.name}  (active)  ${b.events.workflowUrl}`,
		`  Trigger  ${b.events.triggerUrl}  (production URL, what WeChat's message push calls)`,
		`  Push it  ${b.events.curl}`,
		'',
		`4 · ${b.catalogue.name}  (manual: "Execute workflow")  ${b.catalogue.workflowUrl}`,
		`5 · ${b.customerService.name}  (inactive, to read and adapt)  ${b.customerService.workflowUrl}`,
		'',
		'Subscription lifecycle on n8n Data Tables: accept → ledger → reminder → delivery result',
		`6 · ${b.ledger.name}  (active)  ${b.ledger.workflowUrl}`,
		`  Trigger  ${b.ledger.triggerUrl}`,
		`  ${b.ledger.users} users accept  ${b.ledger.popups}`,
		`3 · ${b.daily.name}  (active: runs daily at 09:00 ${b.daily.timeZone})  ${b.daily.workflowUrl}`,
		`  Run it now  ${b.daily.runNow}`,
		`7 · ${b.deliveries.name}  (active; the sandbox pushes each message's delivery result, every ${b.deliveries.failEvery}th a failure)  ${b.deliveries.workflowUrl}`,
		`  Report  "Execute workflow" from "${b.deliveries.reportTrigger}"`,
		...b.tables.map((table) => `  Table  ${table.name}  ${table.url}`),
		`8 · ${b.alert.name}  (active: the error workflow of 3, 6 and 7)  ${b.alert.workflowUrl}`,
		`  Alerts  posted to the sandbox's WeCom group robot: ${b.alert.robotMessagesUrl}`,
		'',
		'Everything runs on loopback; n8n’s data is a temporary folder removed on exit.',
		'Ctrl-C stops n8n and the sandbox.',
		rule,
	].join('\n');
}
