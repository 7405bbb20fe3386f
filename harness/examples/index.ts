/**
 * The importable example workflows (examples/*.json), as objects: scripts/build-examples.ts writes them,
 * the e2e suites, the bench and the demo import them. They are generated so the keyword schema of each
 * Send node comes from the same template parser the node uses, and the sandbox's template IDs come from
 * its seed (the JSON files are committed; a unit test checks they are current).
 */
import { SANDBOX_OPENIDS, SANDBOX_TEMPLATE_IDS } from '../../sandbox/seed';
import { PACKAGE_NAME } from '../communityPackage';
import {
	actionNode,
	keywordMapping,
	link,
	manualTrigger,
	node,
	setNode,
	stickyNote,
	subscriptionSendParameters,
	templateLocator,
	templateLookupNode,
	triggerNode,
	webhookNode,
	workflow,
	type Position,
} from '../workflowBuilders';
import { aroundNotificationExamples } from './aroundNotification';
import { lifecycleExamples } from './lifecycle';
import { postgresExamples } from './postgres';

export { OPENAI_CREDENTIAL, PAID_ORDER_WEBHOOK_PATH, SAFE_AI_TRIGGER, SAMPLE_PAID_ORDER, sandboxOpenAiCredential } from './aroundNotification';
export { APPLY_LEDGER_ROWS, POSTGRES_CREDENTIAL, POSTGRES_REMINDER_TRIGGER, POSTGRES_REPORT_TRIGGER, POSTGRES_SCHEMA, POSTGRES_SETUP_TRIGGER } from './postgres';

export { ALERT_NODE, bindAlertUrl, bindDataTables, DATA_TABLES, NO_SEND_LEFT_TRIGGER, REMINDER_TRIGGER, REPORT_TRIGGER, SUBSCRIBE_PAGE, type DataTableSpec } from './lifecycle';

export const PACKAGE = PACKAGE_NAME;
export const CREDENTIAL = { id: 'wechatSandboxCred', name: 'WeChat Mini Program (sandbox)' };
export const WORKFLOW_IDS = {
	orderShipped: 'wxExampleOrder01',
	subscriptionEvents: 'wxExampleEvents1',
	dailyReminder: 'wxExampleDaily01',
	templateCatalogue: 'wxExampleCatalog',
	customerService: 'wxExampleService',
	subscriptionLedger: 'wxExampleLedger1',
	deliveryTracking: 'wxExampleDeliver',
	alertOnFailure: 'wxExampleAlert01',
	postgresSetup: 'wxExamplePgSetup',
	postgresSubscriptionLedger: 'wxExamplePgLedgr',
	postgresDailyReminder: 'wxExamplePgDaily',
	postgresDeliveryTracking: 'wxExamplePgDeliv',
	paidOrderShipped: 'wxExampleShipped',
	noSendLeft: 'wxExampleNoSend1',
	safeAiReply: 'wxExampleSafeAi1',
} as const;
export const WEBHOOK_IDS = {
	orderShipped: '5f0c8a7e-1d2b-4c3a-9e8f-000000000001',
	subscriptionEvents: '5f0c8a7e-1d2b-4c3a-9e8f-000000000002',
	customerService: '5f0c8a7e-1d2b-4c3a-9e8f-000000000005',
	subscriptionLedger: '5f0c8a7e-1d2b-4c3a-9e8f-000000000006',
	deliveryTracking: '5f0c8a7e-1d2b-4c3a-9e8f-000000000007',
	postgresSubscriptionLedger: '5f0c8a7e-1d2b-4c3a-9e8f-000000000010',
	postgresDeliveryTracking: '5f0c8a7e-1d2b-4c3a-9e8f-000000000012',
	paidOrderShipped: '5f0c8a7e-1d2b-4c3a-9e8f-000000000013',
	safeAiReply: '5f0c8a7e-1d2b-4c3a-9e8f-000000000015',
} as const;
export const ORDER_WEBHOOK_PATH = 'order-shipped';

/**
 * The trigger's version a node added in the editor gets (its defaultVersion), so an imported example
 * looks like one the user built. Saved workflows on version 1 are proven by the e2e push-trigger fixtures.
 */
export const TRIGGER_TYPE_VERSION = 3;

/** The workflow settings of the examples that report nowhere when they fail. */
const settings = { executionOrder: 'v1' };

const orderShipped = workflow(
		WORKFLOW_IDS.orderShipped,
		'WeChat: order shipped → subscription message',
		[
			webhookNode('a1000000-0000-4000-8000-000000000001', 'Order Shipped', [0, 0], WEBHOOK_IDS.orderShipped, {
				httpMethod: 'POST',
				path: ORDER_WEBHOOK_PATH,
				responseMode: 'lastNode',
				options: {},
			}),
			actionNode(
				'a1000000-0000-4000-8000-000000000002',
				'Send Shipping Notice',
				[260, 0],
				CREDENTIAL,
				subscriptionSendParameters({
					touser: '={{ $json.body.openid }}',
					templateId: templateLocator(SANDBOX_TEMPLATE_IDS.orderShipped, '订单发货通知'),
					keywords: {
						dataMode: 'mapped',
						templateData: keywordMapping(
							{
								thing1: '={{ $json.body.product }}',
								character_string2: '={{ $json.body.orderNo }}',
								time3: '={{ $json.body.shippedAt }}',
								thing4: '={{ $json.body.carrier }}',
								character_string5: '={{ $json.body.trackingNo }}',
							},
							{ thing1: '商品名称', character_string2: '订单编号', time3: '发货时间', thing4: '快递公司', character_string5: '快递单号' },
						),
					},
					page: '=pages/order/detail?id={{ $json.body.orderNo }}',
				}),
			),
		],
		{ 'Order Shipped': { main: [[link('Send Shipping Notice')]] } },
		settings,
	);

const subscriptionEvents = workflow(
	WORKFLOW_IDS.subscriptionEvents,
	'WeChat: subscription events → log',
	[
		triggerNode('a2000000-0000-4000-8000-000000000001', 'Mini Program Events', [0, 0], TRIGGER_TYPE_VERSION, WEBHOOK_IDS.subscriptionEvents, CREDENTIAL, {
			events: ['subscribe_msg_popup_event', 'subscribe_msg_change_event', 'subscribe_msg_sent_event'],
			encryptionMode: 'safe',
			dataFormat: 'auto',
			options: {},
		}),
		setNode('a2000000-0000-4000-8000-000000000002', 'Who Accepted Which Template', [260, 0], [
			{ id: 'f1', name: 'openid', type: 'string', value: '={{ $json.openid }}' },
			{ id: 'f2', name: 'templateId', type: 'string', value: '={{ $json.templateId }}' },
			{ id: 'f3', name: 'event', type: 'string', value: '={{ $json.event }}' },
			{ id: 'f4', name: 'status', type: 'string', value: '={{ $json.status ?? ($json.delivered ? "delivered" : "failed") }}' },
			{ id: 'f5', name: 'subscribed', type: 'boolean', value: '={{ $json.status === "accept" }}' },
			{ id: 'f6', name: 'msgId', type: 'string', value: '={{ $json.msgId ?? "" }}' },
			{ id: 'f7', name: 'at', type: 'string', value: '={{ $json.receivedAt }}' },
			{ id: 'f8', name: 'dedupeKey', type: 'string', value: '={{ $json.dedupeKey }}' },
		]),
	],
	{ 'Mini Program Events': { main: [[link('Who Accepted Which Template')]] } },
	settings,
);

const templateCatalogue = workflow(
	WORKFLOW_IDS.templateCatalogue,
	'WeChat: template catalogue',
	[
		manualTrigger('a4000000-0000-4000-8000-000000000001', 'When Clicking Execute'),
		templateLookupNode('a4000000-0000-4000-8000-000000000002', 'List Account Templates', [240, 0], CREDENTIAL, { resource: 'accountTemplate', operation: 'getAll', filters: {} }),
	],
	{ 'When Clicking Execute': { main: [[link('List Account Templates')]] } },
	settings,
);

/** A 1×1 PNG standing in for the picture you would reply with (a chart, a QR code, a photo from a URL). */
export const REPLY_IMAGE_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
/** Every reply goes to the user who wrote, read back from the trigger through n8n's item pairing. */
const TO_THE_USER_WHO_WROTE = '={{ $("Customer Messages").item.json.openid }}';

function keywordRule(id: string, contains: string, outputKey: string) {
	return {
		conditions: {
			options: { caseSensitive: false, leftValue: '', typeValidation: 'loose', version: 2 },
			conditions: [{ id, leftValue: '={{ $json.content ?? "" }}', rightValue: contains, operator: { type: 'string', operation: 'contains' } }],
			combinator: 'and',
		},
		renameOutput: true,
		outputKey,
	};
}

function customerServiceReply(id: string, name: string, position: Position, parameters: Record<string, unknown>) {
	return actionNode(id, name, position, CREDENTIAL, { resource: 'customerServiceMessage', operation: 'send', touser: TO_THE_USER_WHO_WROTE, ...parameters, options: {} });
}

const customerService = workflow(
	WORKFLOW_IDS.customerService,
	'WeChat: customer-service replies',
	[
		triggerNode('a5000000-0000-4000-8000-000000000001', 'Customer Messages', [0, 0], TRIGGER_TYPE_VERSION, WEBHOOK_IDS.customerService, CREDENTIAL, {
			events: ['customer_service_message'],
			encryptionMode: 'safe',
			dataFormat: 'auto',
			options: {},
		}),
		node('n8n-nodes-base.switch', 3.2, 'a5000000-0000-4000-8000-000000000002', 'What Did The User Ask', [240, 0], {
			rules: { values: [keywordRule('r1', '发货', 'Shipping'), keywordRule('r2', '图片', 'Image')] },
			options: { fallbackOutput: 'extra', renameFallbackOutput: 'Anything Else' },
		}),
		customerServiceReply('a5000000-0000-4000-8000-000000000003', 'Shipping Reply', [520, -200], {
			msgtype: 'text',
			content:
				'您的订单已发货，点击查看：<a href="https://example.com/orders" data-miniprogram-appid="wxfdae81166329a09f" data-miniprogram-path="pages/order/list">我的订单</a>',
		}),
		setNode('a5000000-0000-4000-8000-000000000004', 'Reply Image', [520, 0], [{ id: 'i1', name: 'image', type: 'string', value: REPLY_IMAGE_PNG_BASE64 }]),
		node('n8n-nodes-base.convertToFile', 1.1, 'a5000000-0000-4000-8000-000000000005', 'Image To Binary', [760, 0], {
			operation: 'toBinary',
			sourceProperty: 'image',
			options: { fileName: 'reply.png', mimeType: 'image/png' },
		}),
		customerServiceReply('a5000000-0000-4000-8000-000000000006', 'Image Reply', [1000, 0], {
			msgtype: 'image',
			imageSource: 'binary',
			binaryPropertyName: 'data',
		}),
		customerServiceReply('a5000000-0000-4000-8000-000000000007', 'Hand Off To A Person', [520, 200], {
			msgtype: 'text',
			content: '收到，客服同事会尽快回复您。',
		}),
		stickyNote(
			'a5000000-0000-4000-8000-000000000008',
			'Where An AI Agent Goes',
			[460, 340],
			[520, 220],
			'## An AI Agent instead of fixed replies\nReplace **Hand Off To A Person** with an **AI Agent** node and connect **WeChat Mini Program** to it as a tool: its *Reply to a user in customer service chat* operation lets the agent answer the user itself (give it `{{ $json.openid }}` from the trigger; let it fill only the text).\n\nWeChat allows replies within 48 hours of the user\'s last message, at most 5 per message: past them the reply comes out with `success: false` and `reason` `window_closed` or `reply_limit`.',
		),
	],
	{
		'Customer Messages': { main: [[link('What Did The User Ask')]] },
		'What Did The User Ask': { main: [[link('Shipping Reply')], [link('Reply Image')], [link('Hand Off To A Person')]] },
		'Reply Image': { main: [[link('Image To Binary')]] },
		'Image To Binary': { main: [[link('Image Reply')]] },
	},
	settings,
);

/** The two templates examples 3 and 11 remind of (a one-time one and a long-term one), with their keyword values. */
const REMINDERS = {
	appointment: {
		templateId: SANDBOX_TEMPLATE_IDS.appointmentStatus,
		title: '预约状态提醒',
		values: { thing1: '口腔检查', enum_string2: '预约成功', name3: '李四', time4: '2024-05-03 09:30', phrase5: '请准时到' },
		labels: { thing1: '预约项目', enum_string2: '预约状态', name3: '预约人', time4: '预约时间', phrase5: '温馨提示' },
	},
	parking: {
		templateId: SANDBOX_TEMPLATE_IDS.parkingFee,
		title: '停车缴费提醒',
		values: { car_number1: '粤A12345', time2: '08:00', amount3: '¥5.00', thing4: '科技园地下停车场' },
		labels: { car_number1: '车牌号', time2: '入场时间', amount3: '停车费用', thing4: '停车场' },
	},
};

const lifecycle = lifecycleExamples({ credential: CREDENTIAL, workflowIds: WORKFLOW_IDS, webhookIds: WEBHOOK_IDS, triggerTypeVersion: TRIGGER_TYPE_VERSION, reminders: REMINDERS });
const postgres = postgresExamples({
	credential: CREDENTIAL,
	workflowIds: {
		setup: WORKFLOW_IDS.postgresSetup,
		subscriptionLedger: WORKFLOW_IDS.postgresSubscriptionLedger,
		dailyReminder: WORKFLOW_IDS.postgresDailyReminder,
		deliveryTracking: WORKFLOW_IDS.postgresDeliveryTracking,
		alertOnFailure: WORKFLOW_IDS.alertOnFailure,
	},
	webhookIds: { subscriptionLedger: WEBHOOK_IDS.postgresSubscriptionLedger, deliveryTracking: WEBHOOK_IDS.postgresDeliveryTracking },
	triggerTypeVersion: TRIGGER_TYPE_VERSION,
	reminders: REMINDERS,
});

const aroundNotification = aroundNotificationExamples({
	credential: CREDENTIAL,
	workflowIds: { paidOrderShipped: WORKFLOW_IDS.paidOrderShipped, safeAiReply: WORKFLOW_IDS.safeAiReply },
	webhookIds: { paidOrderShipped: WEBHOOK_IDS.paidOrderShipped, safeAiReply: WEBHOOK_IDS.safeAiReply },
	triggerTypeVersion: TRIGGER_TYPE_VERSION,
});

export const EXAMPLES = {
	orderShipped,
	subscriptionEvents,
	dailyReminder: lifecycle.dailyReminder,
	templateCatalogue,
	customerService,
	subscriptionLedger: lifecycle.subscriptionLedger,
	deliveryTracking: lifecycle.deliveryTracking,
	alertOnFailure: lifecycle.alertOnFailure,
	...postgres,
	paidOrderShipped: aroundNotification.paidOrderShipped,
	noSendLeft: lifecycle.noSendLeft,
	safeAiReply: aroundNotification.safeAiReply,
};

export const EXAMPLE_FILES: Record<keyof typeof EXAMPLES, string> = {
	orderShipped: '1-order-shipped.json',
	subscriptionEvents: '2-subscription-events.json',
	dailyReminder: '3-daily-reminder.json',
	templateCatalogue: '4-template-catalogue.json',
	customerService: '5-customer-service.json',
	subscriptionLedger: '6-subscription-ledger.json',
	deliveryTracking: '7-delivery-tracking.json',
	alertOnFailure: '8-alert-on-failure.json',
	postgresSetup: '9-postgres-tables.json',
	postgresSubscriptionLedger: '10-postgres-subscription-ledger.json',
	postgresDailyReminder: '11-postgres-daily-reminder.json',
	postgresDeliveryTracking: '12-postgres-delivery-tracking.json',
	paidOrderShipped: '13-paid-order-shipped.json',
	noSendLeft: '14-no-send-left.json',
	safeAiReply: '15-safe-ai-reply.json',
};

/** A sample order for example 1 (the demo's curl line and the e2e test use it). */
export const SAMPLE_ORDER = {
	openid: SANDBOX_OPENIDS.alice,
	product: '机械键盘',
	orderNo: 'TS20240501123456',
	shippedAt: '2024-05-01 15:01',
	carrier: '顺丰速运',
	trackingNo: 'SF1234567890123',
};
