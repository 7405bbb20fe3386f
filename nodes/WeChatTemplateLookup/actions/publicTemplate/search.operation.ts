import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../../../protocol/client';
import { searchPublicTemplates } from '../../../protocol/templateApi';
import { toItems } from '../../../shared/display';
import type { OperationOption } from '../../../shared/operations';

export const OPERATION_NAME = 'Search Public Templates';

export const option: OperationOption = {
	name: 'Search Public Templates',
	value: 'search',
	action: 'Search public templates',
	description: "Search WeChat's public template library (titles with their tid) within the mini program's categories",
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Category Names or IDs',
		name: 'categoryIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getCategories' },
		required: true,
		default: [],
		description:
			'Service categories of this mini program to search in; an expression gives an array or a list such as "612,307". Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Keyword',
		name: 'keyword',
		type: 'string',
		default: '',
		placeholder: 'e.g. 发货 (shipping)',
		description:
			'Only titles containing this text (case-insensitive). WeChat has no keyword search, so the node pages through the categories and filters titles itself.',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** Category ids from the multi-options list or an expression: an array, `612,307` or a single id. */
export function parseCategoryIds(value: unknown): string[] {
	const parts = Array.isArray(value) ? value : String(value ?? '').split(/[\s,，]+/);
	return parts.map((part) => String(part).trim()).filter((part) => part !== '');
}

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const categoryIds = parseCategoryIds(this.getNodeParameter('categoryIds', itemIndex, []));
	if (categoryIds.length === 0) {
		throw new NodeOperationError(this.getNode(), `${OPERATION_NAME}: choose at least one category`, {
			itemIndex,
			description: 'WeChat searches public templates only within categories: pick them from the list (Template Lookup → Category → Get Many shows them).',
		});
	}
	const badId = categoryIds.find((id) => !/^\d+$/.test(id));
	if (badId !== undefined) {
		throw new NodeOperationError(this.getNode(), `${OPERATION_NAME}: category ID "${badId}" is not a number`, {
			itemIndex,
			description: 'Use the numeric IDs that Template Lookup → Category → Get Many returns.',
		});
	}
	const keyword = String(this.getNodeParameter('keyword', itemIndex, '') ?? '');
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? 0 : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const titles = await searchPublicTemplates(client, { categoryIds, keyword, returnAll, limit }, OPERATION_NAME);
	return toItems(titles);
}
