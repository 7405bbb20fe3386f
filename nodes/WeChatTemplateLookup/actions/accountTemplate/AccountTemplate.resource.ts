import type { INodeProperties } from 'n8n-workflow';

import * as add from './add.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { add, del as delete, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['accountTemplate'] } },
		default: 'getAll',
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many account templates',
				description:
					"Get the subscription message templates of this mini program's account, with each keyword's key, label, type and value rule",
			},
			{
				name: 'Get Account Template',
				value: 'get',
				action: 'Get an account template',
				description: 'Get one account template with its keywords (key, label, type, rule, example)',
			},
			{
				name: 'Add Template to Account',
				value: 'add',
				action: 'Add a public template to the account',
				description: 'Changes the account: adds a public template with chosen keywords and returns its new template ID',
			},
			{
				name: 'Delete Account Template',
				value: 'delete',
				action: 'Delete an account template',
				description: 'Changes the account: removes a template; sends using its ID fail afterwards',
			},
		],
	},
	...getAll.description,
	...get.description,
	...add.description,
	...del.description,
];
