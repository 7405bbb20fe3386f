import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../../../protocol/client';
import { type AccountTemplate } from '../../../protocol/templateParsing';
import { listAccountTemplates } from '../../../protocol/templateApi';
import { toItems } from '../../../shared/display';
import type { OperationOption } from '../../../shared/operations';

export const OPERATION_NAME = 'Get Many Account Templates';

export const option: OperationOption = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many account templates',
	description: "Get the subscription message templates of this mini program's account, with each keyword's key, label, type and value rule",
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Title Contains',
				name: 'titleContains',
				type: 'string',
				default: '',
				placeholder: 'e.g. 发货 (shipping)',
				description: 'Only templates whose title contains this text (case-insensitive)',
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				default: 'any',
				options: [
					{ name: 'Any', value: 'any' },
					{ name: 'One-Time', value: 'one-time', description: 'One send per acceptance (一次性订阅, type 2)' },
					{ name: 'Long-Term', value: 'long-term', description: 'Long-term subscription (长期订阅, type 3)' },
				],
			},
		],
	},
];

export function filterTemplates(templates: AccountTemplate[], filters: { titleContains?: string; type?: string }): AccountTemplate[] {
	const needle = (filters.titleContains ?? '').trim().toLowerCase();
	const type = filters.type ?? 'any';
	return templates.filter(
		(t) => (!needle || t.title.toLowerCase().includes(needle)) && (type === 'any' || t.type === type),
	);
}

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { titleContains?: string; type?: string };
	const templates = await listAccountTemplates(client, OPERATION_NAME);
	return toItems(filterTemplates(templates, filters));
}
