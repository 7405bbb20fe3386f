import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['category'] } },
		default: 'getAll',
		options: [
			{
				name: 'List Categories',
				value: 'getAll',
				action: 'List template categories',
				description:
					"List the mini program's service categories (id, name); public templates are searched within them",
			},
		],
	},
	...getAll.description,
];
