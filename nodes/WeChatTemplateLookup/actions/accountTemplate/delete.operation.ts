import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readTemplateId, templateIdLocator } from '../../../shared/methods';
import type { WeChatClient } from '../../../protocol/client';
import { deleteAccountTemplate } from '../../../protocol/templateApi';
import { toItems } from '../../../shared/display';
import type { OperationOption } from '../../../shared/operations';

export const OPERATION_NAME = 'Delete Account Template';

/** Adding or deleting changes the account: hidden from and refused to an AI agent unless the builder allows it. */
export const changesAccount = true;

export const option: OperationOption = {
	name: 'Delete Account Template',
	value: 'delete',
	action: 'Delete an account template',
	description: 'Changes the account: removes a template; sends using its ID fail afterwards',
};

export const properties: INodeProperties[] = [
	{
		displayName:
			'This changes the account: the template is removed from the mini program, and sends with its ID fail from then on',
		name: 'changesAccountNotice',
		type: 'notice',
		default: '',
	},
	templateIdLocator({ description: 'The account template to delete' }),
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const templateId = readTemplateId(this, itemIndex);
	await deleteAccountTemplate(client, templateId, OPERATION_NAME);
	return toItems([{ templateId, deleted: true }]);
}
