import type { INodeProperties } from 'n8n-workflow';

import * as compact from './compact.operation';
import * as computeBalance from './computeBalance.operation';
import * as prepareRows from './prepareRows.operation';

export { compact, computeBalance, prepareRows };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['subscriptionLedger'] } },
		default: 'computeBalance',
		options: [
			{
				name: 'Compact',
				value: 'compact',
				action: 'Compact the subscription ledger',
				description:
					'Add up the ledger events older than a few minutes into one saved balance per user and template, to insert into wechat_subscriptions (then delete what it folded)',
			},
			{
				name: 'Compute Balance',
				value: 'computeBalance',
				action: 'Compute who can be sent a template',
				description:
					'From the rows of wechat_subscriptions and wechat_subscription_events: how many sends each user has left per template, and whether a send would reach them',
			},
			{
				name: 'Prepare Rows',
				value: 'prepareRows',
				action: 'Prepare rows for a ledger table',
				description: "Turn the trigger's events or the Send node's results into rows of a lifecycle table, ready to insert with Map Automatically",
			},
		],
	},
	...computeBalance.description,
	...compact.description,
	...prepareRows.description,
];
