import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../../../protocol/client';
import { listPublicTemplateKeywords } from '../../../protocol/templateApi';
import { toItems } from '../../../shared/display';
import type { OperationOption } from '../../../shared/operations';
import { publicTemplateIdProperty } from '../publicTemplateIdProperty';

export const OPERATION_NAME = 'Get Public Template Keywords';

export const option: OperationOption = {
	name: 'Get Public Template Keywords',
	value: 'getKeywords',
	action: 'Get the keywords of a public template',
	description: 'List the keywords (kid, name, example, type and value rule) a public template offers',
};

export const properties: INodeProperties[] = [
	publicTemplateIdProperty,
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const tid = String(this.getNodeParameter('tid', itemIndex, '') ?? '').trim();
	if (!/^\d+$/.test(tid)) {
		throw new NodeOperationError(this.getNode(), `${OPERATION_NAME}: public template ID "${tid}" is not a number`, {
			itemIndex,
			description: 'Take the tid from Search Public Templates.',
		});
	}
	const keywords = await listPublicTemplateKeywords(client, tid, OPERATION_NAME);
	return toItems(keywords.map((keyword) => ({ tid: Number(tid), ...keyword })));
}
