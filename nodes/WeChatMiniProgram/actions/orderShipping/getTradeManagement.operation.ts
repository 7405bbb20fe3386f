/** Order Shipping → Get Trade Management (/wxa/sec/order/is_trade_managed): whether this account must upload shipping info. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../../../protocol/client';
import { isTradeManaged } from '../../../protocol/shippingOrder';
import { readCredentialsFrom } from '../../../shared/client';
import type { OperationOption } from '../../../shared/operations';

export const option: OperationOption = {
	name: 'Get Trade Management',
	value: 'getTradeManagement',
	action: 'Check whether the account must upload shipping info',
	description: "Whether WeChat manages this mini program's trades (交易管控): then settlement of a paid order waits for its shipping info",
};

export const properties: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const { appId } = await readCredentialsFrom(this, itemIndex);
	return [{ json: { appId, isTradeManaged: await isTradeManaged(client, appId) } }];
}
