import type { Resource } from '../../../shared/resources';
import * as getOrder from './getOrder.operation';
import * as getTradeManagement from './getTradeManagement.operation';
import * as uploadShippingInfo from './uploadShippingInfo.operation';

export const orderShipping: Resource = {
	name: 'Order Shipping',
	value: 'orderShipping',
	description: 'Shipping info of WeChat Pay orders (小程序发货信息管理), which settlement waits for',
	defaultOperation: uploadShippingInfo,
	operations: [uploadShippingInfo, getOrder, getTradeManagement],
};
