/**
 * The subscription-lifecycle example workflows (docs/subscription-lifecycle.md): the ledger fed by the
 * trigger, the daily reminder that sends only where the ledger says a send is left and keeps the ledger
 * small, delivery tracking with its report, and the alert that tells someone when one of them fails.
 * They are wired with n8n's own Data Table node (`n8n-nodes-base.dataTable`, typeVersion 1, on n8n 1.x and
 * 2.x) and our Subscription Ledger operations; `DATA_TABLES` says which tables they need, with their columns.
 *
 * Every write is one bulk insert of rows already shaped as the table's columns (Map Automatically, Optimize
 * Bulk): n8n inserts all of a node's items in one statement when the table is fixed, while an upsert or
 * update is one query per item, and each mapped column an expression per item (docs/subscription-lifecycle.md
 * has the figures). Deletes take one query each (a filter, Execute Once).
 *
 * Tables are referenced by name (`mode: 'name'`), which n8n 2.x resolves when the node runs, so the
 * committed files work on 2.x once the tables exist. n8n 1.x knows only list/id references:
 * `bindDataTables` swaps each reference for the table's id (the demo and the e2e suite call it with the ids
 * n8n gave the created tables).
 */
import { actionNode, dailyTrigger, link, manualTrigger, node, setNode, stickyNote, type Assignment, type NodeExtras, type NodeParameters, type Position } from '../workflowBuilders';
import { ledgerNode, prepareRows, pushTrigger, reminderSend, reportingSettings, type LedgerExampleContext } from './ledgerNodes';

export type DataTableColumnType = 'string' | 'number' | 'boolean' | 'date';

export interface DataTableSpec {
	name: string;
	columns: Array<{ name: string; type: DataTableColumnType }>;
}

/** n8n adds `id`, `createdAt` and `updatedAt` to every table itself (those names cannot be columns). */
export const DATA_TABLES = {
	/** Append-only: one row per user action or send result since the last compaction; each dedupeKey counts once. */
	subscriptionEvents: {
		name: 'wechat_subscription_events',
		columns: [
			{ name: 'openid', type: 'string' },
			{ name: 'templateId', type: 'string' },
			{ name: 'source', type: 'string' },
			{ name: 'quotaDelta', type: 'number' },
			{ name: 'onAt', type: 'number' },
			{ name: 'offAt', type: 'number' },
			{ name: 'createTime', type: 'number' },
			{ name: 'dedupeKey', type: 'string' },
		],
	},
	/** The saved balances: one row per (user, template) with something to send, as of `foldedThrough`. */
	subscriptions: {
		name: 'wechat_subscriptions',
		columns: [
			{ name: 'openid', type: 'string' },
			{ name: 'templateId', type: 'string' },
			{ name: 'remaining', type: 'number' },
			{ name: 'switchedOn', type: 'boolean' },
			{ name: 'longTerm', type: 'boolean' },
			{ name: 'onAt', type: 'number' },
			{ name: 'offAt', type: 'number' },
			{ name: 'foldedThrough', type: 'number' },
		],
	},
	/** One row per send the reminder made: its msgid (exact) and outcome. */
	messages: {
		name: 'wechat_messages',
		columns: [
			{ name: 'msgid', type: 'string' },
			{ name: 'openid', type: 'string' },
			{ name: 'templateId', type: 'string' },
			{ name: 'outcome', type: 'string' },
			{ name: 'errcode', type: 'number' },
		],
	},
	/** One row per delivery result WeChat pushed (subscribe_msg_sent_event). */
	deliveryResults: {
		name: 'wechat_delivery_results',
		columns: [
			{ name: 'msgid', type: 'string' },
			{ name: 'openid', type: 'string' },
			{ name: 'templateId', type: 'string' },
			{ name: 'status', type: 'string' },
			{ name: 'errorCode', type: 'number' },
			{ name: 'errorStatus', type: 'string' },
			{ name: 'createTime', type: 'number' },
		],
	},
} as const satisfies Record<string, DataTableSpec>;

const DATA_TABLE = 'n8n-nodes-base.dataTable';
/** Example 3's schedule trigger: "Execute workflow" (and the demo's run-it-now line) starts from it. */
export const REMINDER_TRIGGER = 'Every Morning';
/** Example 7's manual trigger in front of the report. */
export const REPORT_TRIGGER = 'Open The Report';
/** Example 8's node that posts the alert (its URL is the WeCom group robot's webhook). */
export const ALERT_NODE = 'Alert The Team';
/** WeCom (企业微信) group robot webhook, as the group's robot settings show it; the key is the robot's. */
export const ALERT_ROBOT_URL = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=YOUR_ROBOT_KEY';

interface LifecycleContext extends LedgerExampleContext {
	workflowIds: { subscriptionLedger: string; dailyReminder: string; deliveryTracking: string; alertOnFailure: string; noSendLeft: string };
	webhookIds: { subscriptionLedger: string; deliveryTracking: string };
}

function tableRef(table: DataTableSpec) {
	return { __rl: true, mode: 'name', value: table.name };
}

function columnSchema(table: DataTableSpec) {
	return table.columns.map((column) => ({
		id: column.name,
		displayName: column.name,
		required: false,
		defaultMatch: false,
		display: true,
		type: column.type === 'date' ? 'dateTime' : column.type,
		readOnly: false,
		removed: false,
	}));
}

/** Insert with Map Automatically: the items are already the table's rows (Prepare Rows, Compact). */
function autoMappedColumns(table: DataTableSpec) {
	return { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: columnSchema(table), attemptToConvertTypes: false, convertFieldsToString: false };
}

function conditions(list: Array<[string, string, string?]>) {
	return {
		conditions: list.map(([keyName, keyValue, condition]) => (condition === undefined ? { keyName, keyValue } : { keyName, condition, keyValue })),
	};
}

function dataTableNode(id: string, name: string, position: Position, table: DataTableSpec, parameters: NodeParameters, extras: NodeExtras = {}) {
	return node(DATA_TABLE, 1, id, name, position, { resource: 'row', dataTableId: tableRef(table), ...parameters }, extras);
}

/** One statement for all the node's items, returning only their count. */
function bulkInsert(id: string, name: string, position: Position, table: DataTableSpec) {
	return dataTableNode(id, name, position, table, { operation: 'insert', columns: autoMappedColumns(table), options: { optimizeBulk: true } });
}

/** All rows of a table in one query (an empty table gives one empty item, so the flow goes on). */
function readAll(id: string, name: string, position: Position, table: DataTableSpec) {
	return dataTableNode(id, name, position, table, { operation: 'get', returnAll: true, filters: {} }, { executeOnce: true, alwaysOutputData: true });
}

/** One delete query whose conditions all hold (Execute Once: the filter is the same for every item). */
function deleteWhere(id: string, name: string, position: Position, table: DataTableSpec, where: Array<[string, string, string]>, extras: NodeExtras = {}) {
	return dataTableNode(id, name, position, table, { operation: 'deleteRows', matchType: 'allConditions', filters: conditions(where), options: {} }, { executeOnce: true, ...extras });
}

/** Drops an item whose key the table already holds (a push WeChat delivered again). */
function notRecordedYet(id: string, position: Position, table: DataTableSpec, column: string) {
	return dataTableNode(id, 'Not Recorded Yet', position, table, { operation: 'rowNotExists', filters: conditions([[column, `={{ $json.${column} }}`]]) });
}

function assignment(id: string, name: string, type: string, value: string): Assignment {
	return { id, name, type, value };
}

/** The ledger: every popup answer and settings change becomes event rows (each user action once). */
function subscriptionLedger(ctx: LifecycleContext) {
	const events = DATA_TABLES.subscriptionEvents;
	return {
		id: ctx.workflowIds.subscriptionLedger,
		name: 'WeChat: subscription ledger',
		active: false,
		nodes: [
			pushTrigger(ctx, 'a6000000-0000-4000-8000-000000000001', 'Popup And Settings Events', ctx.webhookIds.subscriptionLedger, [
				'subscribe_msg_popup_event',
				'subscribe_msg_change_event',
			]),
			prepareRows(ctx, 'a6000000-0000-4000-8000-000000000005', 'Ledger Rows', [240, 0], 'subscriptionEvents'),
			notRecordedYet('a6000000-0000-4000-8000-000000000002', [480, 0], events, 'dedupeKey'),
			bulkInsert('a6000000-0000-4000-8000-000000000003', 'Record The Action', [720, 0], events),
			stickyNote(
				'a6000000-0000-4000-8000-000000000004',
				'How The Ledger Works',
				[160, 200],
				[560, 240],
				'## Append-only: no update is ever lost\nEach user action is one row (`quotaDelta` +1 for a popup accept, `onAt` / `offAt` when it switches the template on or off). Nothing is read and written back, so two accepts at the same moment are two rows.\n\nA push WeChat delivers twice has one `dedupeKey`: **Not Recorded Yet** skips the repeat, and the reminder counts each key once anyway (two repeats arriving at the same instant can both pass the check). The reminder folds old rows into `wechat_subscriptions`, so this table holds only the last day.',
			),
		],
		connections: {
			'Popup And Settings Events': { main: [[link('Ledger Rows')]] },
			'Ledger Rows': { main: [[link('Not Recorded Yet')]] },
			'Not Recorded Yet': { main: [[link('Record The Action')]] },
		},
		settings: reportingSettings(ctx),
	};
}

/**
 * Compute Balance for the template its Send node uses (read from that node, so picking another template
 * in the Send node is all it takes): the users a send of it can reach.
 */
function whoCanBeSent(ctx: LifecycleContext, id: string, name: string, position: Position, sendNode: string) {
	return ledgerNode(ctx, id, name, position, {
		operation: 'computeBalance',
		templateId: { __rl: true, mode: 'id', value: `={{ $('${sendNode}').params.templateId.value }}` },
		onlySendable: true,
	});
}

/**
 * The daily reminder: the ledger's balance (the saved balances plus the events since), one Compute Balance
 * per template choosing the users its Send node can reach, each send booked (one insert of ledger rows, one
 * of message rows per Send node); then the ledger compacted: the events older than ten minutes folded into
 * a new generation of saved balances, and the rows it replaces deleted.
 */
function dailyReminder(ctx: LifecycleContext) {
	const events = DATA_TABLES.subscriptionEvents;
	const saved = DATA_TABLES.subscriptions;
	const { appointment, parking } = ctx.reminders;
	const foldedThrough = "={{ $('Compact History').first().json.foldedThrough }}";
	return {
		id: ctx.workflowIds.dailyReminder,
		name: 'WeChat: daily reminder',
		active: false,
		nodes: [
			dailyTrigger('a3000000-0000-4000-8000-000000000001', REMINDER_TRIGGER, [0, 100], 9),
			readAll('a3000000-0000-4000-8000-000000000002', 'Saved Balances', [220, 0], saved),
			readAll('a3000000-0000-4000-8000-000000000003', 'Ledger Events', [220, 200], events),
			node('n8n-nodes-base.merge', 3.2, 'a3000000-0000-4000-8000-000000000004', 'Ledger Rows', [440, 100], {}),
			whoCanBeSent(ctx, 'a3000000-0000-4000-8000-000000000005', 'Who Gets The Appointment Reminder', [680, -100], 'Send Appointment Reminder'),
			reminderSend(ctx, 'a3000000-0000-4000-8000-000000000006', 'Send Appointment Reminder', [920, -100], appointment),
			whoCanBeSent(ctx, 'a3000000-0000-4000-8000-000000000007', 'Who Gets The Parking Reminder', [680, 100], 'Send Parking Reminder'),
			reminderSend(ctx, 'a3000000-0000-4000-8000-000000000008', 'Send Parking Reminder', [920, 100], parking),
			prepareRows(ctx, 'a3000000-0000-4000-8000-000000000009', 'Ledger Rows For The Sends', [1160, -100], 'subscriptionEvents'),
			bulkInsert('a3000000-0000-4000-8000-000000000010', 'Book In The Ledger', [1400, -100], events),
			prepareRows(ctx, 'a3000000-0000-4000-8000-000000000011', 'Message Rows', [1160, 100], 'messages'),
			bulkInsert('a3000000-0000-4000-8000-000000000012', 'Record The Messages', [1400, 100], DATA_TABLES.messages),
			ledgerNode(ctx, 'a3000000-0000-4000-8000-000000000013', 'Compact History', [680, 340], { operation: 'compact', foldAfterMinutes: 10 }),
			bulkInsert('a3000000-0000-4000-8000-000000000014', 'Save Balances', [920, 340], saved),
			deleteWhere('a3000000-0000-4000-8000-000000000015', 'Drop Older Balances', [1160, 340], saved, [['foldedThrough', foldedThrough, 'lt']], { alwaysOutputData: true }),
			deleteWhere('a3000000-0000-4000-8000-000000000016', 'Drop Folded Events', [1400, 340], events, [['id', foldedThrough, 'lte']]),
			stickyNote(
				'a3000000-0000-4000-8000-000000000017',
				'Your Own Templates',
				[620, -420],
				[620, 260],
				"## One Compute Balance per Send node\n**Who Gets …** picks the users who can receive the template its **Send** node uses (it reads the template from that node). To remind of your own templates, pick them in the Send nodes; for a third template copy a pair and point the copy's template expression at its own Send node. A template with no pair is simply not sent.\n\n**Compact History** folds the ledger's events older than 10 minutes into `wechat_subscriptions` and the two deletes after it drop what it replaced, so each run reads one row per user with a send left plus one day of events.",
			),
		],
		connections: {
			[REMINDER_TRIGGER]: { main: [[link('Saved Balances'), link('Ledger Events')]] },
			'Saved Balances': { main: [[link('Ledger Rows', 0)]] },
			'Ledger Events': { main: [[link('Ledger Rows', 1)]] },
			// Depth first, top branch first (execution order v1): each template's sends and their booking,
			// then the compaction.
			'Ledger Rows': { main: [[link('Who Gets The Appointment Reminder'), link('Who Gets The Parking Reminder'), link('Compact History')]] },
			'Who Gets The Appointment Reminder': { main: [[link('Send Appointment Reminder')]] },
			'Who Gets The Parking Reminder': { main: [[link('Send Parking Reminder')]] },
			'Send Appointment Reminder': { main: [[link('Ledger Rows For The Sends'), link('Message Rows')]] },
			'Send Parking Reminder': { main: [[link('Ledger Rows For The Sends'), link('Message Rows')]] },
			'Ledger Rows For The Sends': { main: [[link('Book In The Ledger')]] },
			'Message Rows': { main: [[link('Record The Messages')]] },
			'Compact History': { main: [[link('Save Balances')]] },
			'Save Balances': { main: [[link('Drop Older Balances')]] },
			'Drop Older Balances': { main: [[link('Drop Folded Events')]] },
		},
		settings: reportingSettings(ctx),
	};
}

/** Delivery tracking: each subscribe_msg_sent_event is one row; a manual branch opens the report; a nightly one forgets old rows. */
function deliveryTracking(ctx: LifecycleContext) {
	const results = DATA_TABLES.deliveryResults;
	const messages = DATA_TABLES.messages;
	// The report counts the messages in wechat_messages (the reminder's), each by its latest known state.
	const sentIds = "new Set($('Sent Messages').all().filter((row) => row.json.outcome === 'sent').map((row) => row.json.msgid))";
	const resultsOf = (status?: string) =>
		`(() => { const sent = ${sentIds}; return new Set($input.all().filter((row) => sent.has(row.json.msgid)${status === undefined ? '' : ` && row.json.status === '${status}'`}).map((row) => row.json.msgid)).size; })()`;
	const outcomes = (outcome: string) => `$('Sent Messages').all().filter((row) => row.json.outcome === '${outcome}').length`;
	const expression = (inner: string) => `={{ ${inner} }}`;
	const monthAgo = '={{ $now.minus({ days: 30 }).toISO() }}';
	return {
		id: ctx.workflowIds.deliveryTracking,
		name: 'WeChat: delivery tracking',
		active: false,
		nodes: [
			pushTrigger(ctx, 'a7000000-0000-4000-8000-000000000001', 'Delivery Results', ctx.webhookIds.deliveryTracking, ['subscribe_msg_sent_event']),
			prepareRows(ctx, 'a7000000-0000-4000-8000-000000000006', 'Result Rows', [240, 0], 'deliveryResults'),
			notRecordedYet('a7000000-0000-4000-8000-000000000007', [480, 0], results, 'msgid'),
			bulkInsert('a7000000-0000-4000-8000-000000000002', 'Record The Result', [720, 0], results),
			manualTrigger('a7000000-0000-4000-8000-000000000003', REPORT_TRIGGER, [0, 260]),
			readAll('a7000000-0000-4000-8000-000000000004', 'Sent Messages', [240, 260], messages),
			readAll('a7000000-0000-4000-8000-000000000008', 'Their Results', [480, 260], results),
			setNode(
				'a7000000-0000-4000-8000-000000000005',
				'Report',
				[720, 260],
				[
					assignment('r1', 'sent', 'number', expression(outcomes('sent'))),
					assignment('r2', 'delivered', 'number', expression(resultsOf('delivered'))),
					assignment('r3', 'failed', 'number', expression(resultsOf('failed'))),
					assignment('r4', 'notSubscribed', 'number', expression(outcomes('not_subscribed'))),
					assignment('r5', 'refused', 'number', expression(outcomes('refused'))),
					assignment('r6', 'awaitingResult', 'number', expression(`${outcomes('sent')} - ${resultsOf()}`)),
				],
				{ executeOnce: true },
			),
			dailyTrigger('a7000000-0000-4000-8000-000000000009', 'Every Night', [0, 520], 3),
			deleteWhere('a7000000-0000-4000-8000-000000000010', 'Forget Messages After 30 Days', [240, 520], messages, [['createdAt', monthAgo, 'lt']], { alwaysOutputData: true }),
			deleteWhere('a7000000-0000-4000-8000-000000000011', 'Forget Results After 30 Days', [480, 520], results, [['createdAt', monthAgo, 'lt']]),
		],
		connections: {
			'Delivery Results': { main: [[link('Result Rows')]] },
			'Result Rows': { main: [[link('Not Recorded Yet')]] },
			'Not Recorded Yet': { main: [[link('Record The Result')]] },
			[REPORT_TRIGGER]: { main: [[link('Sent Messages')]] },
			'Sent Messages': { main: [[link('Their Results')]] },
			'Their Results': { main: [[link('Report')]] },
			'Every Night': { main: [[link('Forget Messages After 30 Days')]] },
			'Forget Messages After 30 Days': { main: [[link('Forget Results After 30 Days')]] },
		},
		settings: reportingSettings(ctx),
	};
}

/**
 * Example 8, the error workflow of examples 3, 6 and 7: a failed execution (a push that could not be booked,
 * say at n8n's data-table size limit) posts its workflow, error and link to a WeCom (企业微信) group robot.
 * n8n keeps the failed execution with its input: fix the cause, then retry it from the executions list.
 */
function alertOnFailure(ctx: LifecycleContext) {
	// The Error Trigger's item: { execution: { id, url, error: { message }, lastNodeExecuted }, workflow: { id, name } }.
	const text =
		'"n8n: " + $json.workflow.name + " failed (execution " + $json.execution.id + ", node " + $json.execution.lastNodeExecuted + "): " + $json.execution.error.message + "\\nOpen it, fix the cause, then Retry: " + $json.execution.url';
	return {
		id: ctx.workflowIds.alertOnFailure,
		name: 'WeChat: alert on failure',
		active: false,
		nodes: [
			node('n8n-nodes-base.errorTrigger', 1, 'a8000000-0000-4000-8000-000000000001', 'When A Workflow Fails', [0, 0], {}),
			node('n8n-nodes-base.httpRequest', 4.2, 'a8000000-0000-4000-8000-000000000002', ALERT_NODE, [260, 0], {
				method: 'POST',
				url: ALERT_ROBOT_URL,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: `={{ JSON.stringify({ msgtype: 'text', text: { content: ${text} } }) }}`,
				options: {},
			}),
			stickyNote(
				'a8000000-0000-4000-8000-000000000003',
				'Where The Alert Goes',
				[0, 200],
				[560, 240],
				"## Someone hears of every failure\nExamples 3, 6 and 7 name this workflow as their **Error Workflow** (workflow settings). Put your WeCom group robot's webhook URL in **Alert The Team**, or swap it for Send Email, Slack, … . On n8n 2.x **publish** this workflow: an error workflow runs only when published (1.x runs it as saved).\n\nThe failed execution keeps its input: after fixing the cause, open it and **Retry**.",
			),
		],
		connections: { 'When A Workflow Fails': { main: [[link(ALERT_NODE)]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** Example 14's manual trigger. */
export const NO_SEND_LEFT_TRIGGER = 'Find Who Has No Send Left';
/** The page a no-send-left link opens: where the mini program asks for the subscription again. */
export const SUBSCRIBE_PAGE = 'pages/subscribe/index';

/**
 * Example 14: the users the ledger says a reminder cannot reach (no send left of the one-time template, or
 * switched off) each get a URL Link that opens the mini program where it asks for the subscription again,
 * ready for a channel of the user's choice (e-mail, SMS, a web page).
 */
function noSendLeft(ctx: LifecycleContext) {
	const { appointment } = ctx.reminders;
	return {
		id: ctx.workflowIds.noSendLeft,
		name: 'WeChat: no send left → link to subscribe again',
		active: false,
		nodes: [
			manualTrigger('ae000000-0000-4000-8000-000000000001', NO_SEND_LEFT_TRIGGER, [0, 100]),
			readAll('ae000000-0000-4000-8000-000000000002', 'Saved Balances', [220, 0], DATA_TABLES.subscriptions),
			readAll('ae000000-0000-4000-8000-000000000003', 'Ledger Events', [220, 200], DATA_TABLES.subscriptionEvents),
			node('n8n-nodes-base.merge', 3.2, 'ae000000-0000-4000-8000-000000000004', 'Ledger Rows', [440, 100], {}),
			ledgerNode(ctx, 'ae000000-0000-4000-8000-000000000005', 'Balance Of The Reminder', [660, 100], {
				operation: 'computeBalance',
				templateId: { __rl: true, mode: 'list', value: appointment.templateId, cachedResultName: appointment.title },
				onlySendable: false,
			}),
			node('n8n-nodes-base.filter', 2.2, 'ae000000-0000-4000-8000-000000000006', 'No Send Left', [880, 100], {
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
					conditions: [{ id: 'n1', leftValue: '={{ $json.sendable }}', rightValue: '', operator: { type: 'boolean', operation: 'false', singleValue: true } }],
					combinator: 'and',
				},
				options: {},
			}),
			actionNode('ae000000-0000-4000-8000-000000000007', 'Link To Subscribe Again', [1100, 100], ctx.credential, {
				resource: 'miniProgramLink',
				operation: 'createUrlLink',
				path: SUBSCRIBE_PAGE,
				query: '={{ "template=" + $json.templateId + "&from=no_send_left" }}',
				envVersion: 'release',
				expireType: 'interval',
				expireIntervalDays: 30,
			}),
			setNode('ae000000-0000-4000-8000-000000000008', 'Message For Another Channel', [1320, 100], [
				assignment('m1', 'openid', 'string', "={{ $('No Send Left').item.json.openid }}"),
				assignment('m2', 'templateId', 'string', "={{ $('No Send Left').item.json.templateId }}"),
				assignment('m3', 'urlLink', 'string', '={{ $json.urlLink }}'),
				assignment('m4', 'expiresAt', 'string', '={{ $json.expiresAt }}'),
				assignment('m5', 'text', 'string', '=您的预约提醒次数已用完，点击链接打开小程序重新订阅：{{ $json.urlLink }}'),
			]),
			stickyNote(
				'ae000000-0000-4000-8000-000000000009',
				'Your Channel',
				[1060, -260],
				[520, 320],
				"## Reach them where WeChat cannot\nRun this after the daily reminder (a Schedule Trigger an hour later, say): the ledger then knows the users whose last send the reminder just used, and those who switched the template off since its last compaction. Each gets a URL Link that opens the mini program from a browser, e-mail or SMS at the page asking for the subscription again. Look up the user's e-mail or phone by `openid` in your own user table, then add **Send Email** or your SMS provider's node after **Message For Another Channel**.\n\nA link lives at most 30 days; a poster needs the mini program code instead (**Mini Program Code → Get Unlimited Code**).",
			),
		],
		connections: {
			[NO_SEND_LEFT_TRIGGER]: { main: [[link('Saved Balances'), link('Ledger Events')]] },
			'Saved Balances': { main: [[link('Ledger Rows')]] },
			'Ledger Events': { main: [[link('Ledger Rows', 1)]] },
			'Ledger Rows': { main: [[link('Balance Of The Reminder')]] },
			'Balance Of The Reminder': { main: [[link('No Send Left')]] },
			'No Send Left': { main: [[link('Link To Subscribe Again')]] },
			'Link To Subscribe Again': { main: [[link('Message For Another Channel')]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

export function lifecycleExamples(ctx: LifecycleContext) {
	return {
		subscriptionLedger: subscriptionLedger(ctx),
		dailyReminder: dailyReminder(ctx),
		deliveryTracking: deliveryTracking(ctx),
		alertOnFailure: alertOnFailure(ctx),
		noSendLeft: noSendLeft(ctx),
	};
}

/**
 * A copy of `workflow` whose Data Table nodes name their table by id (for n8n 1.x, which cannot look a
 * table up by name; harmless on 2.x): `ids` maps table names to the ids n8n gave them.
 */
export function bindDataTables<T>(workflow: T, ids: Record<string, string>): T {
	const copy = JSON.parse(JSON.stringify(workflow)) as T & { nodes: Array<{ type: string; parameters: { dataTableId?: { mode: string; value: string } } }> };
	for (const node of copy.nodes) {
		const ref = node.parameters.dataTableId;
		if (node.type !== DATA_TABLE || ref === undefined || ref.mode !== 'name') continue;
		const id = ids[ref.value];
		if (id === undefined) throw new Error(`no id for data table ${ref.value}`);
		node.parameters.dataTableId = { __rl: true, mode: 'list', value: id, cachedResultName: ref.value } as unknown as { mode: string; value: string };
	}
	return copy;
}

/** A copy of the alert workflow posting to `url` instead of the placeholder robot (the demo's and the e2e's sandbox). */
export function bindAlertUrl<T>(workflow: T, url: string): T {
	const copy = JSON.parse(JSON.stringify(workflow)) as T & { nodes: Array<{ name: string; parameters: { url?: string } }> };
	const alert = copy.nodes.find((node) => node.name === ALERT_NODE);
	if (alert === undefined) throw new Error(`the workflow has no node "${ALERT_NODE}"`);
	alert.parameters.url = url;
	return copy;
}
