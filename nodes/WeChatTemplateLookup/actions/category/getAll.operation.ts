import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../../../WeChat/client';
import { listCategories } from '../../../WeChat/templates';
import { toItems } from '../../../n8n/display';

export const OPERATION_NAME = 'Get Many Categories';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, _itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	return toItems(await listCategories(client, OPERATION_NAME));
}
