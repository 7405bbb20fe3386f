import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../../../WeChat/client';
import { listPublicTemplateKeywords } from '../../../WeChat/templates';
import { showOnlyFor, toItems } from '../../../n8n/display';
import { publicTemplateIdProperty } from '../publicTemplateIdProperty';

export const OPERATION_NAME = 'Get Public Template Keywords';

const properties: INodeProperties[] = [
	publicTemplateIdProperty,
];

export const description = showOnlyFor({ show: { resource: ['publicTemplate'], operation: ['getKeywords'] } }, properties);

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
