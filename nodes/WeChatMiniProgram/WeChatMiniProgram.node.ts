import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { listSearch, resourceMapping } from '../n8n/methods';
import { CREDENTIAL_NAME } from '../n8n/credentialName';
import { runOperation } from '../n8n/operations';
import * as sendSubscriptionMessage from './actions/subscriptionMessage/send.operation';
import { OPERATIONS } from './actions/operations';

export class WeChatMiniProgram implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Mini Program',
		name: 'weChatMiniProgram',
		icon: { light: 'file:wechat.svg', dark: 'file:wechat.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Send WeChat Mini Program subscription messages (订阅消息)',
		defaults: { name: 'WeChat Mini Program' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_NAME, required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'subscriptionMessage',
				options: [{ name: 'Subscription Message', value: 'subscriptionMessage' }],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'send',
				displayOptions: { show: { resource: ['subscriptionMessage'] } },
				options: [
					{
						name: 'Send',
						value: 'send',
						action: 'Send a subscription message',
						description: 'Send a subscription message to a user who accepted the template',
					},
				],
			},
			...sendSubscriptionMessage.description,
		],
	};

	methods = { listSearch, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation.call(this, OPERATIONS);
	}
}
