import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readTemplateId, templateIdLocator } from '../../../n8n/methods';
import type { WeChatClient } from '../../../WeChat/client';
import { requireAccountTemplate } from '../../../WeChat/templates';
import { showOnlyFor, toItems } from '../../../n8n/display';

export const OPERATION_NAME = 'Get Account Template';

const properties: INodeProperties[] = [templateIdLocator({ description: 'The account template to get' })];

export const description = showOnlyFor({ show: { resource: ['accountTemplate'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const templateId = readTemplateId(this, itemIndex);
	const template = await requireAccountTemplate(client, templateId, OPERATION_NAME);
	return toItems([template]);
}
