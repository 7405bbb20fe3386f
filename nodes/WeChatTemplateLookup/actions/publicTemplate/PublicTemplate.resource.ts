import type { INodeProperties } from 'n8n-workflow';

import * as getKeywords from './getKeywords.operation';
import * as search from './search.operation';

export { getKeywords, search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['publicTemplate'] } },
		default: 'search',
		options: [
			{
				name: 'Search Public Templates',
				value: 'search',
				action: 'Search public templates',
				description:
					"Search WeChat's public template library (titles with their tid) within the mini program's categories",
			},
			{
				name: 'Get Public Template Keywords',
				value: 'getKeywords',
				action: 'Get the keywords of a public template',
				description: 'List the keywords (kid, name, example, type and value rule) a public template offers',
			},
		],
	},
	...search.description,
	...getKeywords.description,
];
