import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../../../protocol/client';
import { listCategories } from '../../../protocol/templateApi';
import { toItems } from '../../../shared/display';
import type { OperationOption } from '../../../shared/operations';

export const OPERATION_NAME = 'Get Many Categories';

export const option: OperationOption = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many categories',
	description: "Get the mini program's service categories (ID and name); public templates are searched within them",
};

export const properties: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, _itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	return toItems(await listCategories(client, OPERATION_NAME));
}
