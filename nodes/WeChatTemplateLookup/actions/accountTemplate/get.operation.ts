import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readTemplateId, templateIdLocator } from '../../../shared/methods';
import type { WeChatClient } from '../../../protocol/client';
import { requireAccountTemplate } from '../../../protocol/templateApi';
import { toItems } from '../../../shared/display';
import type { OperationOption } from '../../../shared/operations';

export const OPERATION_NAME = 'Get Account Template';

export const option: OperationOption = {
	name: 'Get Account Template',
	value: 'get',
	action: 'Get an account template',
	description: 'Get one account template with its keywords (key, label, type, rule, example)',
};

export const properties: INodeProperties[] = [templateIdLocator({ description: 'The account template to get' })];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const templateId = readTemplateId(this, itemIndex);
	const template = await requireAccountTemplate(client, templateId, OPERATION_NAME);
	return toItems([template]);
}
