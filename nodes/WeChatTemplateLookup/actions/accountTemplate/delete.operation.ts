import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readTemplateId, templateIdLocator } from '../../../n8n/methods';
import type { WeChatClient } from '../../../WeChat/client';
import { deleteAccountTemplate } from '../../../WeChat/templates';
import { showOnlyFor, toItems } from '../../../n8n/display';

export const OPERATION_NAME = 'Delete Account Template';

const properties: INodeProperties[] = [
	{
		displayName:
			'This changes the account: the template is removed from the mini program, and sends with its ID fail from then on',
		name: 'changesAccountNotice',
		type: 'notice',
		default: '',
	},
	templateIdLocator({ description: 'The account template to delete' }),
];

export const description = showOnlyFor({ show: { resource: ['accountTemplate'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const templateId = readTemplateId(this, itemIndex);
	await deleteAccountTemplate(client, templateId, OPERATION_NAME);
	return toItems([{ templateId, deleted: true }]);
}
