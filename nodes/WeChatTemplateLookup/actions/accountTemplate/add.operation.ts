import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../../../protocol/client';
import { addTemplateToAccount, assertAddTemplateInput } from '../../../protocol/templateApi';
import { toItems } from '../../../shared/display';
import type { OperationOption } from '../../../shared/operations';
import { locatorValue } from '../../../shared/parameters';
import { PICKERS_FROM_VERSION, PUBLIC_TEMPLATE_ID_PARAMETER, publicTemplateIdProperties } from '../publicTemplateIdProperty';

export const OPERATION_NAME = 'Add Template to Account';

/** Adding or deleting changes the account: hidden from and refused to an AI agent unless the builder allows it. */
export const changesAccount = true;

export const option: OperationOption = {
	name: 'Add Template to Account',
	value: 'add',
	action: 'Add a public template to the account',
	description: 'Changes the account: adds a public template with chosen keywords and returns its new template ID',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'This changes the account: the template is added to the mini program (WeChat limits how many it may hold)',
		name: 'changesAccountNotice',
		type: 'notice',
		default: '',
	},
	...publicTemplateIdProperties,
	{
		displayName: 'Keyword IDs',
		name: 'keywordIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1,3,2',
		description:
			'2 to 5 keyword IDs (kid) of that public template, comma-separated, in the order the message shows them (from Get Public Template Keywords). An expression may also give an array.',
		displayOptions: { show: { '@version': [{ _cnd: { lt: PICKERS_FROM_VERSION } }] } },
	},
	{
		displayName: 'Keyword Names or IDs',
		name: 'keywordIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getPublicTemplateKeywords', loadOptionsDependsOn: [`${PUBLIC_TEMPLATE_ID_PARAMETER}.value`] },
		required: true,
		default: [],
		description:
			'2 to 5 keywords of the chosen public template, in the order the message shows them (the order you pick them); an expression gives an array or a list such as "1,3,2". Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { '@version': [{ _cnd: { gte: PICKERS_FROM_VERSION } }] } },
	},
	{
		displayName: 'Scene Description',
		name: 'sceneDesc',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 下单后通知发货 (notify shipping after the order)',
		description:
			"Where this template is used (sceneDesc), at most 15 characters. WeChat's page calls it optional, but reports say an empty one is refused.",
	},
];

/** `1,3,2`, `1 3 2`, `[1,3,2]` or an array from an expression → [1, 3, 2]; NaN marks a bad entry. */
export function parseKeywordIds(value: unknown): number[] {
	const parts = Array.isArray(value) ? value : String(value ?? '').replace(/^\s*\[|\]\s*$/g, '').split(/[\s,，、]+/);
	return parts
		.map((part) => String(part).trim())
		.filter((part) => part !== '')
		.map((part) => (/^\d+$/.test(part) ? Number(part) : Number.NaN));
}

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const tid = locatorValue(this.getNodeParameter(PUBLIC_TEMPLATE_ID_PARAMETER, itemIndex, ''));
	const kidList = parseKeywordIds(this.getNodeParameter('keywordIds', itemIndex, ''));
	const sceneDesc = String(this.getNodeParameter('sceneDesc', itemIndex, '') ?? '').trim();
	const input = { tid, kidList, sceneDesc };
	assertAddTemplateInput(input);
	const templateId = await addTemplateToAccount(client, input, OPERATION_NAME);
	return toItems([{ templateId, tid: Number(tid), kidList, sceneDesc }]);
}
