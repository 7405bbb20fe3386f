import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { templateIdLocator } from '../../../WeChat/methods';
import type { WeChatClient } from '../../../WeChat/client';
import { findAccountTemplate } from '../../../WeChat/templates';
import { showOnlyFor, toItems } from '../utils';

export const OPERATION_NAME = 'Get Account Template';

const properties: INodeProperties[] = [templateIdLocator({ description: 'The account template to get' })];

export const description = showOnlyFor({ show: { resource: ['accountTemplate'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const templateId = String(this.getNodeParameter('templateId', itemIndex, '', { extractValue: true }) ?? '').trim();
	if (!templateId) {
		throw new NodeOperationError(this.getNode(), `${OPERATION_NAME}: no template chosen`, {
			itemIndex,
			description: 'Pick a template from the list or give its ID (priTmplId).',
		});
	}
	const template = await findAccountTemplate(client, templateId, OPERATION_NAME);
	if (!template) {
		throw new NodeOperationError(this.getNode(), `${OPERATION_NAME} failed: this mini program has no template with ID "${templateId}"`, {
			itemIndex,
			description:
				'Fix: pick the template from the list, or copy its ID from Template Lookup → Account Template → Get Many. IDs from another mini program, a deleted template or the public library (tid) do not work.',
		});
	}
	return toItems([template]);
}
