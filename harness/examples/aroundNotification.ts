/**
 * The examples around a notification (issue 22): a paid order shipped (shipping info uploaded to WeChat Pay's
 * order management, then the subscription message) and a customer-service reply written by an AI agent,
 * checked by WeChat's content security before it goes out, or handed to a person.
 */
import { SANDBOX_OPENIDS, SANDBOX_TEMPLATE_IDS } from '../../sandbox/seed';
import { SANDBOX_ORDER_IDS } from '../../sandbox/shipping';
import { actionNode, keywordMapping, link, subscriptionSendParameters, stickyNote, templateLocator, webhookNode, type CredentialRef } from '../workflowBuilders';

export interface AroundNotificationContext {
	credential: CredentialRef;
	workflowIds: { paidOrderShipped: string };
	webhookIds: { paidOrderShipped: string };
}

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

export function aroundNotificationExamples(ctx: AroundNotificationContext) {
	return { paidOrderShipped: paidOrderShipped(ctx) };
}
