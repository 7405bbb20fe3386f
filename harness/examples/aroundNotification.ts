/**
 * The examples around a notification (issue 22): a paid order shipped (shipping info uploaded to WeChat Pay's
 * order management, then the subscription message) and a customer-service reply written by an AI agent,
 * checked by WeChat's content security before it goes out, or handed to a person.
 */
import { SANDBOX_OPENIDS, SANDBOX_TEMPLATE_IDS } from '../../sandbox/seed';
import { SANDBOX_ORDER_IDS } from '../../sandbox/shipping';
import { actionNode, keywordMapping, link, node, subscriptionSendParameters, stickyNote, templateLocator, triggerNode, webhookNode, type CredentialRef, type SavedCredential } from '../workflowBuilders';

export interface AroundNotificationContext {
	credential: CredentialRef;
	workflowIds: { paidOrderShipped: string; safeAiReply: string };
	webhookIds: { paidOrderShipped: string; safeAiReply: string };
	triggerTypeVersion: number;
}

/** The OpenAI credential example 15's chat model uses (the demo and the e2e point it at the sandbox). */
export const OPENAI_CREDENTIAL = { id: 'sandboxOpenAi01', name: 'OpenAI (sandbox)' };

/** For `n8n import:credentials`: n8n's OpenAI credential with its Base URL on the sandbox's chat API. */
export function sandboxOpenAiCredential(sandboxUrl: string): SavedCredential {
	return { ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-sandbox-demo', url: `${sandboxUrl}/v1` } };
}

export const SAFE_AI_TRIGGER = 'User Writes';

export const PAID_ORDER_WEBHOOK_PATH = 'paid-order-shipped';

/** A paid order of the sandbox (alice's phone, awaiting shipment) as a shop system would post it. */
export const SAMPLE_PAID_ORDER = {
	transactionId: SANDBOX_ORDER_IDS.phone,
	openid: SANDBOX_OPENIDS.alice,
	product: 'iPhone 15 Pro 256G',
	orderNo: 'SBX1001',
	shippedAt: '2024-05-01 15:01',
	carrier: '圆通速递',
	carrierId: 'YTO',
	trackingNo: 'YT1234567890',
};

const ORDER = "$('Order Shipped').item.json.body";

/**
 * Example 13: the shop posts a shipped order; its shipping info goes to WeChat first (settlement of a
 * trade-managed account waits for it), then the user gets the subscription message whose page opens the
 * order's logistics in the mini program.
 */
function paidOrderShipped(ctx: AroundNotificationContext) {
	return {
		id: ctx.workflowIds.paidOrderShipped,
		name: 'WeChat: paid order shipped → shipping info → subscription message',
		active: false,
		nodes: [
			webhookNode('ad000000-0000-4000-8000-000000000001', 'Order Shipped', [0, 0], ctx.webhookIds.paidOrderShipped, {
				httpMethod: 'POST',
				path: PAID_ORDER_WEBHOOK_PATH,
				responseMode: 'lastNode',
				options: {},
			}),
			actionNode('ad000000-0000-4000-8000-000000000002', 'Upload Shipping Info', [240, 0], ctx.credential, {
				resource: 'orderShipping',
				operation: 'uploadShippingInfo',
				orderBy: 'transactionId',
				transactionId: '={{ $json.body.transactionId }}',
				payerOpenid: '={{ $json.body.openid }}',
				logisticsType: 1,
				parcels: 'one',
				expressCompany: { __rl: true, mode: 'id', value: '={{ $json.body.carrierId }}' },
				trackingNo: '={{ $json.body.trackingNo }}',
				itemDesc: '={{ $json.body.product }}',
				receiverContact: '={{ $json.body.receiverContact ?? "" }}',
				options: {},
			}),
			actionNode(
				'ad000000-0000-4000-8000-000000000003',
				'Tell The Buyer',
				[480, 0],
				ctx.credential,
				subscriptionSendParameters({
					touser: `={{ ${ORDER}.openid }}`,
					templateId: templateLocator(SANDBOX_TEMPLATE_IDS.orderShipped, '订单发货通知'),
					keywords: {
						dataMode: 'mapped',
						templateData: keywordMapping(
							{
								thing1: `={{ ${ORDER}.product }}`,
								character_string2: `={{ ${ORDER}.orderNo }}`,
								time3: `={{ ${ORDER}.shippedAt }}`,
								thing4: `={{ ${ORDER}.carrier }}`,
								character_string5: `={{ ${ORDER}.trackingNo }}`,
							},
							{ thing1: '商品名称', character_string2: '订单编号', time3: '发货时间', thing4: '快递公司', character_string5: '快递单号' },
						),
					},
					page: `=pages/logistics/index?orderNo={{ ${ORDER}.orderNo }}`,
				}),
			),
			stickyNote(
				'ad000000-0000-4000-8000-000000000004',
				'Shipping Info First',
				[0, 180],
				[640, 260],
				"## Settlement waits for the shipping info\nSince 2023 a mini program that takes WeChat Pay for goods must upload how each order shipped (发货信息管理); the money settles after that and the buyer's receipt. **Upload Shipping Info** checks the item before calling WeChat (description ≤ 120 characters, a masked phone such as `189****1234` in `receiverContact` for SF Express, the carrier's delivery ID from the list). An order takes one update and one re-ship: an upload whose answer was lost is `outcome_unknown`, so look with **Order Shipping → Get Order** before uploading again.\n\nThe message's page opens the order's logistics in the mini program.",
			),
		],
		connections: {
			'Order Shipped': { main: [[link('Upload Shipping Info')]] },
			'Upload Shipping Info': { main: [[link('Tell The Buyer')]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

const USER = "$('User Writes').item.json";

function ifNode(id: string, name: string, position: [number, number], leftValue: string, operator: Record<string, unknown>, rightValue: string | boolean = '') {
	return node('n8n-nodes-base.if', 2, id, name, position, {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'loose' },
			conditions: [{ id: `${id}-c`, leftValue, rightValue, operator }],
			combinator: 'and',
		},
		options: {},
	});
}

/**
 * Example 15: a user's message answered by an AI agent, the reply checked by WeChat's content security before
 * it goes out; a user asking for a person, a reply that does not pass, or a reply WeChat refuses to send is
 * handed to human service. The trigger leaves the push's answer to the workflow (Later in the Workflow), and
 * Answer Push gives it on every path: a stopped execution would leave WeChat's request unanswered, WeChat
 * would push the message again and the agent would run again. So every node on the way continues on fail
 * with its regular output (our failure items carry more than n8n's error output takes, so they stay on the
 * main one): an agent that fails leaves no text, Check The Reply turns that, or its own failure, into an item
 * without `passed`, and Reply Passed hands it to a person; Reply Sent does the same for a refused reply.
 */
function safeAiReply(ctx: AroundNotificationContext) {
	return {
		id: ctx.workflowIds.safeAiReply,
		name: 'WeChat: safe AI reply or hand-off',
		active: false,
		nodes: [
			triggerNode('af000000-0000-4000-8000-000000000001', SAFE_AI_TRIGGER, [0, 0], ctx.triggerTypeVersion, ctx.webhookIds.safeAiReply, ctx.credential, {
				events: ['customer_service_message'],
				encryptionMode: 'safe',
				dataFormat: 'auto',
				customerServiceAnswer: 'later',
				options: {},
			}),
			ifNode('af000000-0000-4000-8000-000000000002', 'Asks For A Person', [220, 0], '={{ $json.content ?? "" }}', { type: 'string', operation: 'contains' }, '人工'),
			node('@n8n/n8n-nodes-langchain.agent', 3, 'af000000-0000-4000-8000-000000000003', 'Write A Reply', [460, 100], {
				promptType: 'define',
				text: '={{ $json.content || "（用户发来了一张图片或小程序卡片）" }}',
				hasOutputParser: false,
				options: { systemMessage: '你是微信小程序商城的客服。请用一两句简短、礼貌的中文回复用户的消息，不要编造订单信息。' },
			}, { onError: 'continueRegularOutput' }),
			node('@n8n/n8n-nodes-langchain.lmChatOpenAi', 1.2, 'af000000-0000-4000-8000-000000000004', 'OpenAI Chat Model', [460, 300], { model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' }, options: {} }, { credentials: { openAiApi: OPENAI_CREDENTIAL } }),
			actionNode('af000000-0000-4000-8000-000000000005', 'Check The Reply', [720, 100], ctx.credential, {
				resource: 'contentSecurity',
				operation: 'checkText',
				content: '={{ $json.output }}',
				openid: `={{ ${USER}.openid }}`,
				scene: 2,
				options: {},
			}, { onError: 'continueRegularOutput' }),
			ifNode('af000000-0000-4000-8000-000000000006', 'Reply Passed', [940, 100], '={{ $json.passed }}', { type: 'boolean', operation: 'true', singleValue: true }),
			actionNode('af000000-0000-4000-8000-000000000007', 'Send The Reply', [1180, 0], ctx.credential, {
				resource: 'customerServiceMessage',
				operation: 'send',
				touser: `={{ ${USER}.openid }}`,
				msgtype: 'text',
				content: "={{ $('Write A Reply').item.json.output }}",
				options: {},
			}, { onError: 'continueRegularOutput' }),
			ifNode('af000000-0000-4000-8000-000000000011', 'Reply Sent', [1420, 0], '={{ $json.success }}', { type: 'boolean', operation: 'true', singleValue: true }),
			actionNode('af000000-0000-4000-8000-000000000008', 'Answer Success', [1660, 0], ctx.credential, { resource: 'customerServiceMessage', operation: 'answerPush', answer: 'success' }),
			actionNode('af000000-0000-4000-8000-000000000009', 'Hand Off To A Person', [1660, 240], ctx.credential, { resource: 'customerServiceMessage', operation: 'answerPush', answer: 'handOff' }),
			stickyNote(
				'af000000-0000-4000-8000-000000000010',
				'Five Seconds',
				[0, 260],
				[420, 420],
				"## WeChat waits 5 seconds\nThe trigger's **Customer Service Messages** is *Later in the Workflow*: n8n holds WeChat's request until **Answer Push** answers it, with success or a hand-off to WeChat's web customer-service tool (客服工具). Past 5 seconds WeChat pushes the message again, so use a fast model.\n\n**Check The Reply** asks WeChat's content security about the agent's text first: only a reply that passes is sent. **Write A Reply**, **Check The Reply** and **Send The Reply** continue on fail: a model that fails, a check WeChat refuses, or a reply WeChat refuses (45015, the 48-hour window closed, or any other errcode) is handed to a person, so WeChat still gets its one answer and does not push the message again (which would run the agent again). The demo points the OpenAI credential at the sandbox's offline chat model; put your own key and Base URL there.",
			),
		],
		connections: {
			[SAFE_AI_TRIGGER]: { main: [[link('Asks For A Person')]] },
			'Asks For A Person': { main: [[link('Hand Off To A Person')], [link('Write A Reply')]] },
			'OpenAI Chat Model': { ai_languageModel: [[{ node: 'Write A Reply', type: 'ai_languageModel', index: 0 }]] },
			'Write A Reply': { main: [[link('Check The Reply')]] },
			'Check The Reply': { main: [[link('Reply Passed')]] },
			'Reply Passed': { main: [[link('Send The Reply')], [link('Hand Off To A Person')]] },
			'Send The Reply': { main: [[link('Reply Sent')]] },
			'Reply Sent': { main: [[link('Answer Success')], [link('Hand Off To A Person')]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

export function aroundNotificationExamples(ctx: AroundNotificationContext) {
	return { paidOrderShipped: paidOrderShipped(ctx), safeAiReply: safeAiReply(ctx) };
}
