/** Order Shipping → Get Order (/wxa/sec/order/get_order): a WeChat Pay order's state and the shipping info WeChat holds. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../../../protocol/client';
import { getShippingOrder } from '../../../protocol/shippingOrder';
import type { OperationOption } from '../../../shared/operations';
import { orderByProperties, readOrderRef } from './orderKeyProperties';

export const option: OperationOption = {
	name: 'Get Order',
	value: 'getOrder',
	action: 'Get the shipping state of a WeChat Pay order',
	description: 'The order as WeChat sees it: paid, shipped, received or settled, and the shipping info uploaded for it (check here before uploading again)',
};

export const properties: INodeProperties[] = orderByProperties;

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const ref = readOrderRef((name, index, fallback) => this.getNodeParameter(name, index, fallback), itemIndex);
	const order = await getShippingOrder(client, ref);
	return [{ json: { ...order, shipping: order.shipping === null ? null : { ...order.shipping, shippingList: order.shipping.shippingList.map((p) => ({ ...p })) } } }];
}
