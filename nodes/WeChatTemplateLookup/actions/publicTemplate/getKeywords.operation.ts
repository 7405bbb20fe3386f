import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../../../protocol/client';
import { listPublicTemplateKeywords } from '../../../protocol/templateApi';
import { toItems } from '../../../shared/display';
import type { OperationOption } from '../../../shared/operations';
import { publicTemplateIdProperties, readPublicTemplateId } from '../publicTemplateIdProperty';

export const OPERATION_NAME = 'Get Public Template Keywords';

export const option: OperationOption = {
	name: 'Get Public Template Keywords',
	value: 'getKeywords',
	action: 'Get the keywords of a public template',
	description: 'List the keywords (kid, name, example, type and value rule) a public template offers',
};

export const properties: INodeProperties[] = [...publicTemplateIdProperties];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const tid = readPublicTemplateId(this, itemIndex, OPERATION_NAME);
	const keywords = await listPublicTemplateKeywords(client, tid, OPERATION_NAME);
	return toItems(keywords.map((keyword) => ({ tid: Number(tid), ...keyword })));
}
