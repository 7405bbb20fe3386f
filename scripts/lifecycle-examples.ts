/**
 * The subscription-lifecycle example workflows (docs/subscription-lifecycle.md): the ledger fed by the
 * trigger, the daily reminder that sends only where the ledger says a send is left, and delivery tracking
 * with its report. They are wired with n8n's own Data Table node (`n8n-nodes-base.dataTable`, typeVersion 1,
 * on n8n 1.x and 2.x); `DATA_TABLES` says which tables they need, with their columns.
 *
 * Tables are referenced by name (`mode: 'name'`), which n8n 2.x resolves when the node runs, so the
 * committed files work on 2.x once the tables exist. n8n 1.x knows only list/id references:
 * `bindDataTables` swaps each reference for the table's id (the demo and the e2e suite call it with the ids
 * n8n gave the created tables).
 */
import { SANDBOX_TEMPLATE_IDS } from '../sandbox/seed';

export type DataTableColumnType = 'string' | 'number' | 'boolean' | 'date';

export interface DataTableSpec {
	name: string;
	columns: Array<{ name: string; type: DataTableColumnType }>;
}

/** n8n adds `id`, `createdAt` and `updatedAt` to every table itself (those names cannot be columns). */
export const DATA_TABLES = {
	/** Append-only: one row per user action or send result; the ledger is their sum, each dedupeKey once. */
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
	/** One row per (user, template): the balance the reminder computed from the events, and wrote back after sending. */
	subscriptions: {
		name: 'wechat_subscriptions',
		columns: [
			{ name: 'openid', type: 'string' },
			{ name: 'templateId', type: 'string' },
			{ name: 'remaining', type: 'number' },
			{ name: 'switchedOn', type: 'boolean' },
			{ name: 'longTerm', type: 'boolean' },
		],
	},
	/** One row per message sent (msgid, exact) or refused with 43101 (no msgid). */
	deliveries: {
		name: 'wechat_deliveries',
		columns: [
			{ name: 'msgid', type: 'string' },
			{ name: 'openid', type: 'string' },
			{ name: 'templateId', type: 'string' },
			{ name: 'businessKey', type: 'string' },
			{ name: 'sentAt', type: 'string' },
			{ name: 'status', type: 'string' },
			{ name: 'errorCode', type: 'number' },
			{ name: 'errorStatus', type: 'string' },
			{ name: 'deliveredAt', type: 'string' },
		],
	},
} as const satisfies Record<string, DataTableSpec>;

const DATA_TABLE = 'n8n-nodes-base.dataTable';
/** Example 3's schedule trigger: "Execute workflow" (and the demo's run-it-now line) starts from it. */
export const REMINDER_TRIGGER = 'Every Morning';
/** Example 7's manual trigger in front of the report. */
export const REPORT_TRIGGER = 'Open The Report';

interface LifecycleContext {
	package: string;
	credentials: Record<string, { id: string; name: string }>;
	workflowIds: { subscriptionLedger: string; dailyReminder: string; deliveryTracking: string };
	webhookIds: { subscriptionLedger: string; deliveryTracking: string };
	/** The trigger's version the other examples use (its defaultVersion, see build-examples.ts). */
	triggerTypeVersion: number;
}

function tableRef(table: DataTableSpec) {
	return { __rl: true, mode: 'name', value: table.name };
}

function columnSchema(table: DataTableSpec, names: string[]) {
	return table.columns
		.filter((column) => names.includes(column.name))
		.map((column) => ({
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

function columns(table: DataTableSpec, values: Record<string, string>) {
	return {
		mappingMode: 'defineBelow',
		value: values,
		matchingColumns: [],
		schema: columnSchema(table, Object.keys(values)),
		attemptToConvertTypes: false,
		convertFieldsToString: false,
	};
}

function conditions(list: Array<[string, string, string?]>) {
	return {
		conditions: list.map(([keyName, keyValue, condition]) => (condition === undefined ? { keyName, keyValue } : { keyName, condition, keyValue })),
	};
}

type Position = [number, number];

function dataTableNode(id: string, name: string, position: Position, table: DataTableSpec, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
	return { id, name, type: DATA_TABLE, typeVersion: 1, position, ...extra, parameters: { resource: 'row', dataTableId: tableRef(table), ...parameters } };
}

function assignment(id: string, name: string, type: string, value: string) {
	return { id, name, type, value };
}

function setNode(id: string, name: string, position: Position, assignments: ReturnType<typeof assignment>[], extra: Record<string, unknown> = {}) {
	return {
		id,
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position,
		...extra,
		parameters: { mode: 'manual', assignments: { assignments }, options: {} },
	};
}

function filterCondition(id: string, leftValue: string, operator: Record<string, unknown>, rightValue: unknown = '') {
	return { id, leftValue, rightValue, operator };
}

function conditionsBlock(list: ReturnType<typeof filterCondition>[]) {
	return {
		options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
		conditions: list,
		combinator: 'and',
	};
}

/** A Filter or If node (same parameters in both) that keeps the items meeting one condition. */
function oneConditionNode(id: string, name: string, type: 'n8n-nodes-base.filter' | 'n8n-nodes-base.if', position: Position, condition: ReturnType<typeof filterCondition>) {
	return {
		id,
		name,
		type,
		typeVersion: 2.2,
		position,
		parameters: { conditions: conditionsBlock([condition]), options: {} },
	};
}

const link = (node: string) => ({ node, type: 'main', index: 0 });

/** Our push trigger, at the start of a workflow, for the given events (safe mode, XML or JSON as WeChat sends). */
function pushTriggerNode(ctx: LifecycleContext, id: string, name: string, webhookId: string, events: string[]) {
	return {
		id,
		name,
		type: `${ctx.package}.weChatMiniProgramTrigger`,
		typeVersion: ctx.triggerTypeVersion,
		position: [0, 0],
		webhookId,
		credentials: ctx.credentials,
		parameters: { events, encryptionMode: 'safe', dataFormat: 'auto', options: {} },
	};
}

/** The ledger: every popup answer and settings change becomes event rows (each user action once). */
function subscriptionLedger(ctx: LifecycleContext) {
	const events = DATA_TABLES.subscriptionEvents;
	return {
		id: ctx.workflowIds.subscriptionLedger,
		name: 'WeChat: subscription ledger',
		active: false,
		nodes: [
			pushTriggerNode(ctx, 'a6000000-0000-4000-8000-000000000001', 'Popup And Settings Events', ctx.webhookIds.subscriptionLedger, [
				'subscribe_msg_popup_event',
				'subscribe_msg_change_event',
			]),
			dataTableNode('a6000000-0000-4000-8000-000000000002', 'Not Recorded Yet', [260, 0], events, {
				operation: 'rowNotExists',
				filters: conditions([['dedupeKey', '={{ $json.dedupeKey }}']]),
			}),
			dataTableNode('a6000000-0000-4000-8000-000000000003', 'Record The Action', [520, 0], events, {
				operation: 'insert',
				columns: columns(events, {
					openid: '={{ $json.openid }}',
					templateId: '={{ $json.templateId }}',
					source: '={{ $json.event === "subscribe_msg_popup_event" ? "popup" : "settings" }}',
					quotaDelta: '={{ $json.quotaDelta }}',
					onAt: '={{ $json.switchedOn ? $json.createTime : 0 }}',
					offAt: '={{ $json.switchedOff ? $json.createTime : 0 }}',
					createTime: '={{ $json.createTime }}',
					dedupeKey: '={{ $json.dedupeKey }}',
				}),
				options: {},
			}),
			{
				id: 'a6000000-0000-4000-8000-000000000004',
				name: 'How The Ledger Works',
				type: 'n8n-nodes-base.stickyNote',
				typeVersion: 1,
				position: [160, 200],
				parameters: {
					width: 520,
					height: 220,
					content:
						'## Append-only: no update is ever lost\nEach user action is one row (`quotaDelta` +1 for a popup accept, `onAt` / `offAt` when it switches the template on or off). Nothing is read and written back, so two accepts at the same moment are two rows.\n\nA push WeChat delivers twice has one `dedupeKey`: **Not Recorded Yet** skips the repeat, and the reminder counts each key once anyway (two repeats arriving at the same instant can both pass the check).',
				},
			},
		],
		connections: {
			'Popup And Settings Events': { main: [[link('Not Recorded Yet')]] },
			'Not Recorded Yet': { main: [[link('Record The Action')]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

const APPOINTMENT_TEMPLATE = SANDBOX_TEMPLATE_IDS.appointmentStatus;
const PARKING_TEMPLATE = SANDBOX_TEMPLATE_IDS.parkingFee;

/** The recipient the ledger chose for a Send item (n8n's item pairing reaches back through Switch and Send). */
const RECIPIENT = "$('Can Be Sent').item.json";

function reminderSend(ctx: LifecycleContext, id: string, name: string, position: Position, templateId: string, title: string, values: Record<string, string>, labels: Record<string, string>) {
	return {
		id,
		name,
		type: `${ctx.package}.weChatMiniProgram`,
		typeVersion: 1,
		position,
		credentials: ctx.credentials,
		onError: 'continueRegularOutput',
		parameters: {
			resource: 'subscriptionMessage',
			operation: 'send',
			touser: '={{ $json.openid }}',
			templateId: { __rl: true, mode: 'list', value: templateId, cachedResultName: title },
			dataMode: 'mapped',
			templateData: {
				mappingMode: 'defineBelow',
				value: values,
				matchingColumns: [],
				schema: Object.keys(values).map((key) => ({
					id: key,
					displayName: `${labels[key]} (${key})`,
					required: true,
					defaultMatch: false,
					display: true,
					type: 'string',
					canBeUsedToMatch: false,
				})),
				attemptToConvertTypes: false,
				convertFieldsToString: true,
			},
			page: 'pages/index/index',
			miniprogramState: 'formal',
			lang: 'zh_CN',
			options: { concurrency: 16 },
		},
	};
}

function switchRule(id: string, templateId: string, outputKey: string) {
	return {
		conditions: conditionsBlock([filterCondition(id, '={{ $json.templateId }}', { type: 'string', operation: 'equals' }, templateId)]),
		renameOutput: true,
		outputKey,
	};
}

/**
 * The daily reminder: the ledger's balance per (user, template) from the event rows (each dedupeKey once,
 * accepts minus sends, on when the last switch was on), saved to wechat_subscriptions; sends only where a
 * send is left (or a long-term template is on); each result written back as an event row and to the
 * balance; each message recorded in wechat_deliveries for delivery tracking.
 */
function dailyReminder(ctx: LifecycleContext) {
	const events = DATA_TABLES.subscriptionEvents;
	const ledger = DATA_TABLES.subscriptions;
	const deliveries = DATA_TABLES.deliveries;
	const nowSeconds = '={{ Math.floor($now.toSeconds()) }}';
	const pairFilter = conditions([
		['openid', '={{ $json.touser }}', 'eq'],
		['templateId', '={{ $json.templateId }}', 'eq'],
	]);
	return {
		id: ctx.workflowIds.dailyReminder,
		name: 'WeChat: daily reminder',
		active: false,
		nodes: [
			{
				id: 'a3000000-0000-4000-8000-000000000001',
				name: REMINDER_TRIGGER,
				type: 'n8n-nodes-base.scheduleTrigger',
				typeVersion: 1.2,
				position: [0, 0],
				parameters: { rule: { interval: [{ field: 'days', triggerAtHour: 9 }] } },
			},
			{
				id: 'a3000000-0000-4000-8000-000000000002',
				name: 'Account Templates',
				type: `${ctx.package}.weChatTemplateLookup`,
				typeVersion: 1,
				position: [220, 0],
				credentials: ctx.credentials,
				parameters: { resource: 'accountTemplate', operation: 'getAll', filters: {} },
			},
			dataTableNode('a3000000-0000-4000-8000-000000000003', 'Ledger Events', [440, 0], events, { operation: 'get', returnAll: true, filters: {} }, { executeOnce: true }),
			// The ledger as the last run left it, to write back only the rows whose balance changed: each
			// Data Table upsert took about 25 ms of n8n's time, so rewriting every unchanged row took 25 s of a
			// 68 s run at 1 000 users. Always outputs an item, so the comparison runs on an empty table too.
			dataTableNode('a3000000-0000-4000-8000-000000000021', 'Ledger As Saved', [660, -220], ledger, { operation: 'get', returnAll: true, filters: {} }, { executeOnce: true, alwaysOutputData: true }),
			{
				id: 'a3000000-0000-4000-8000-000000000004',
				name: 'Count Each Action Once',
				type: 'n8n-nodes-base.removeDuplicates',
				typeVersion: 2,
				position: [660, 0],
				parameters: { operation: 'removeDuplicateInputItems', compare: 'selectedFields', fieldsToCompare: 'dedupeKey', options: {} },
			},
			{
				id: 'a3000000-0000-4000-8000-000000000005',
				name: 'Balance Per User And Template',
				type: 'n8n-nodes-base.summarize',
				typeVersion: 1.1,
				position: [880, 0],
				parameters: {
					fieldsToSummarize: {
						values: [
							{ aggregation: 'sum', field: 'quotaDelta' },
							{ aggregation: 'max', field: 'onAt' },
							{ aggregation: 'max', field: 'offAt' },
						],
					},
					fieldsToSplitBy: 'openid, templateId',
					options: {},
				},
			},
			setNode('a3000000-0000-4000-8000-000000000006', 'Ledger Row', [1100, 0], [
				assignment('l1', 'openid', 'string', '={{ $json.openid }}'),
				assignment('l2', 'templateId', 'string', '={{ $json.templateId }}'),
				assignment(
					'l3',
					'remaining',
					'number',
					"={{ $('Account Templates').all().some((t) => t.json.templateId === $json.templateId && t.json.typeCode === 3) ? null : $json.sum_quotaDelta }}",
				),
				assignment('l4', 'switchedOn', 'boolean', '={{ $json.max_onAt > $json.max_offAt }}'),
				assignment('l5', 'longTerm', 'boolean', "={{ $('Account Templates').all().some((t) => t.json.templateId === $json.templateId && t.json.typeCode === 3) }}"),
			]),
			{
				id: 'a3000000-0000-4000-8000-000000000022',
				name: 'Only What Changed',
				type: 'n8n-nodes-base.compareDatasets',
				typeVersion: 2.3,
				position: [1320, -220],
				parameters: {
					mergeByFields: {
						values: [
							{ field1: 'openid', field2: 'openid' },
							{ field1: 'templateId', field2: 'templateId' },
						],
					},
					resolve: 'preferInput1',
					options: { skipFields: 'id, createdAt, updatedAt' },
				},
			},
			dataTableNode('a3000000-0000-4000-8000-000000000007', 'Save Ledger', [1540, -220], ledger, {
				operation: 'upsert',
				matchType: 'allConditions',
				filters: conditions([
					['openid', '={{ $json.openid }}', 'eq'],
					['templateId', '={{ $json.templateId }}', 'eq'],
				]),
				columns: columns(ledger, {
					openid: '={{ $json.openid }}',
					templateId: '={{ $json.templateId }}',
					remaining: '={{ $json.remaining }}',
					switchedOn: '={{ $json.switchedOn }}',
					longTerm: '={{ $json.longTerm }}',
				}),
				options: {},
			}),
			oneConditionNode(
				'a3000000-0000-4000-8000-000000000008',
				'Can Be Sent',
				'n8n-nodes-base.filter',
				[1540, 0],
				filterCondition('c1', '={{ $json.switchedOn === true && ($json.longTerm === true || $json.remaining > 0) }}', { type: 'boolean', operation: 'true', singleValue: true }),
			),
			{
				id: 'a3000000-0000-4000-8000-000000000009',
				name: 'Which Reminder',
				type: 'n8n-nodes-base.switch',
				typeVersion: 3.2,
				position: [1760, 0],
				parameters: { rules: { values: [switchRule('s1', APPOINTMENT_TEMPLATE, 'Appointment'), switchRule('s2', PARKING_TEMPLATE, 'Parking')] }, options: {} },
			},
			reminderSend(
				ctx,
				'a3000000-0000-4000-8000-000000000010',
				'Send Appointment Reminder',
				[1980, -120],
				APPOINTMENT_TEMPLATE,
				'预约状态提醒',
				{ thing1: '口腔检查', enum_string2: '预约成功', name3: '李四', time4: '2024-05-03 09:30', phrase5: '请准时到' },
				{ thing1: '预约项目', enum_string2: '预约状态', name3: '预约人', time4: '预约时间', phrase5: '温馨提示' },
			),
			reminderSend(
				ctx,
				'a3000000-0000-4000-8000-000000000011',
				'Send Parking Reminder',
				[1980, 120],
				PARKING_TEMPLATE,
				'停车缴费提醒',
				{ car_number1: '粤A12345', time2: '08:00', amount3: '¥5.00', thing4: '科技园地下停车场' },
				{ car_number1: '车牌号', time2: '入场时间', amount3: '停车费用', thing4: '停车场' },
			),
			oneConditionNode(
				'a3000000-0000-4000-8000-000000000012',
				'Sent?',
				'n8n-nodes-base.if',
				[2200, 0],
				filterCondition('i1', '={{ $json.success === true }}', { type: 'boolean', operation: 'true', singleValue: true }),
			),
			dataTableNode('a3000000-0000-4000-8000-000000000013', 'Ledger: One Send Used', [2460, -300], events, {
				operation: 'insert',
				columns: columns(events, {
					openid: '={{ $json.touser }}',
					templateId: '={{ $json.templateId }}',
					source: 'send',
					quotaDelta: '={{ $json.quotaDelta }}',
					onAt: '={{ 0 }}',
					offAt: '={{ 0 }}',
					createTime: nowSeconds,
					dedupeKey: '={{ "send|" + $json.msgid }}',
				}),
				options: {},
			}),
			dataTableNode('a3000000-0000-4000-8000-000000000014', 'Balance After Send', [2460, -150], ledger, {
				operation: 'update',
				matchType: 'allConditions',
				filters: pairFilter,
				columns: columns(ledger, { remaining: `={{ $json.longTerm ? null : ${RECIPIENT}.remaining - 1 }}` }),
				options: {},
			}),
			dataTableNode('a3000000-0000-4000-8000-000000000015', 'Track The Message', [2460, 0], deliveries, {
				operation: 'upsert',
				filters: conditions([['msgid', '={{ $json.msgid }}', 'eq']]),
				columns: columns(deliveries, {
					msgid: '={{ $json.msgid }}',
					openid: '={{ $json.touser }}',
					templateId: '={{ $json.templateId }}',
					businessKey: '={{ "daily-reminder|" + $today.toISODate() + "|" + $json.touser }}',
					sentAt: '={{ $now.toISO() }}',
				}),
				options: {},
			}),
			dataTableNode('a3000000-0000-4000-8000-000000000016', 'Status Sent Unless Delivered', [2700, 0], deliveries, {
				operation: 'update',
				matchType: 'allConditions',
				filters: conditions([
					['msgid', '={{ $json.msgid }}', 'eq'],
					['status', '', 'isEmpty'],
				]),
				columns: columns(deliveries, { status: 'sent' }),
				options: {},
			}),
			oneConditionNode(
				'a3000000-0000-4000-8000-000000000017',
				'Not Subscribed',
				'n8n-nodes-base.filter',
				[2460, 200],
				filterCondition('n1', '={{ $json.reason }}', { type: 'string', operation: 'equals' }, 'not_subscribed'),
			),
			dataTableNode('a3000000-0000-4000-8000-000000000018', 'Ledger: WeChat Says None Left', [2700, 200], events, {
				operation: 'insert',
				columns: columns(events, {
					openid: '={{ $json.touser }}',
					templateId: '={{ $json.templateId }}',
					source: 'correction',
					quotaDelta: `={{ $json.longTerm ? 0 : -${RECIPIENT}.remaining }}`,
					onAt: '={{ 0 }}',
					offAt: `={{ $json.longTerm ? Math.floor($now.toSeconds()) : 0 }}`,
					createTime: nowSeconds,
					dedupeKey: '={{ "43101|" + $execution.id + "|" + $json.touser + "|" + $json.templateId }}',
				}),
				options: {},
			}),
			dataTableNode('a3000000-0000-4000-8000-000000000019', 'Balance After 43101', [2700, 350], ledger, {
				operation: 'update',
				matchType: 'allConditions',
				filters: pairFilter,
				columns: columns(ledger, { remaining: '={{ $json.longTerm ? null : 0 }}', switchedOn: '={{ !$json.longTerm }}' }),
				options: {},
			}),
			dataTableNode('a3000000-0000-4000-8000-000000000020', 'Record Not Subscribed', [2700, 500], deliveries, {
				operation: 'insert',
				columns: columns(deliveries, {
					openid: '={{ $json.touser }}',
					templateId: '={{ $json.templateId }}',
					businessKey: '={{ "daily-reminder|" + $today.toISODate() + "|" + $json.touser }}',
					sentAt: '={{ $now.toISO() }}',
					status: 'not_subscribed',
					errorCode: '={{ $json.errcode }}',
				}),
				options: {},
			}),
		],
		connections: {
			[REMINDER_TRIGGER]: { main: [[link('Account Templates')]] },
			'Account Templates': { main: [[link('Ledger As Saved'), link('Ledger Events')]] },
			'Ledger As Saved': { main: [[{ node: 'Only What Changed', type: 'main', index: 1 }]] },
			'Ledger Events': { main: [[link('Count Each Action Once')]] },
			'Count Each Action Once': { main: [[link('Balance Per User And Template')]] },
			'Balance Per User And Template': { main: [[link('Ledger Row')]] },
			// Depth first, top branch first (execution order v1): the changed rows are saved before any send,
			// so "Balance After Send" updates rows that exist.
			'Ledger Row': { main: [[link('Only What Changed'), link('Can Be Sent')]] },
			// Outputs: in the computed ledger only (new pairs), same, different, in the saved table only.
			'Only What Changed': { main: [[link('Save Ledger')], [], [link('Save Ledger')], []] },
			'Can Be Sent': { main: [[link('Which Reminder')]] },
			'Which Reminder': { main: [[link('Send Appointment Reminder')], [link('Send Parking Reminder')]] },
			'Send Appointment Reminder': { main: [[link('Sent?')]] },
			'Send Parking Reminder': { main: [[link('Sent?')]] },
			'Sent?': {
				main: [
					[link('Ledger: One Send Used'), link('Balance After Send'), link('Track The Message')],
					[link('Not Subscribed')],
				],
			},
			'Track The Message': { main: [[link('Status Sent Unless Delivered')]] },
			'Not Subscribed': { main: [[link('Ledger: WeChat Says None Left'), link('Balance After 43101'), link('Record Not Subscribed')]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** Delivery tracking: each subscribe_msg_sent_event sets its message's row; a manual branch opens the report. */
function deliveryTracking(ctx: LifecycleContext) {
	const deliveries = DATA_TABLES.deliveries;
	const count = (filter: string) => `={{ $input.all().filter((row) => ${filter}).length }}`;
	return {
		id: ctx.workflowIds.deliveryTracking,
		name: 'WeChat: delivery tracking',
		active: false,
		nodes: [
			pushTriggerNode(ctx, 'a7000000-0000-4000-8000-000000000001', 'Delivery Results', ctx.webhookIds.deliveryTracking, ['subscribe_msg_sent_event']),
			dataTableNode('a7000000-0000-4000-8000-000000000002', 'Delivered Or Failed', [260, 0], deliveries, {
				operation: 'upsert',
				filters: conditions([['msgid', '={{ $json.msgId }}', 'eq']]),
				columns: columns(deliveries, {
					msgid: '={{ $json.msgId }}',
					openid: '={{ $json.openid }}',
					templateId: '={{ $json.templateId }}',
					status: '={{ $json.delivered ? "delivered" : "failed" }}',
					errorCode: '={{ $json.errorCode }}',
					errorStatus: '={{ $json.errorStatus }}',
					deliveredAt: '={{ $json.receivedAt }}',
				}),
				options: {},
			}),
			{
				id: 'a7000000-0000-4000-8000-000000000003',
				name: REPORT_TRIGGER,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 260],
				parameters: {},
			},
			dataTableNode('a7000000-0000-4000-8000-000000000004', 'Every Message', [260, 260], deliveries, { operation: 'get', returnAll: true, filters: {} }),
			setNode(
				'a7000000-0000-4000-8000-000000000005',
				'Report',
				[520, 260],
				[
					assignment('r1', 'sent', 'number', count('row.json.msgid')),
					assignment('r2', 'delivered', 'number', count('row.json.status === "delivered"')),
					assignment('r3', 'failed', 'number', count('row.json.status === "failed"')),
					assignment('r4', 'notSubscribed', 'number', count('row.json.status === "not_subscribed"')),
					assignment('r5', 'awaitingResult', 'number', count('row.json.status === "sent"')),
				],
				{ executeOnce: true },
			),
		],
		connections: {
			'Delivery Results': { main: [[link('Delivered Or Failed')]] },
			[REPORT_TRIGGER]: { main: [[link('Every Message')]] },
			'Every Message': { main: [[link('Report')]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

export function lifecycleExamples(ctx: LifecycleContext) {
	return { subscriptionLedger: subscriptionLedger(ctx), dailyReminder: dailyReminder(ctx), deliveryTracking: deliveryTracking(ctx) };
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
