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
import * as getApiQuota from './actions/account/getApiQuota.operation';
import * as sendCustomerServiceMessage from './actions/customerServiceMessage/send.operation';
import * as typing from './actions/customerServiceMessage/typing.operation';
import * as sendSubscriptionMessage from './actions/subscriptionMessage/send.operation';
import { OPERATIONS } from './actions/operations';
import * as subscriptionLedger from './actions/subscriptionLedger/SubscriptionLedger.resource';

export class WeChatMiniProgram implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Mini Program',
		name: 'weChatMiniProgram',
		icon: { light: 'file:wechat.svg', dark: 'file:wechat.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Send WeChat Mini Program subscription messages (订阅消息), reply to users in customer-service chat (客服消息) and read API quotas',
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
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Customer Service Message', value: 'customerServiceMessage' },
					{ name: 'Subscription Message', value: 'subscriptionMessage' },
					{ name: 'Subscription Ledger', value: 'subscriptionLedger', description: 'Who can be sent which template, counted from the pushes and send results kept in data tables' },
				],
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
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'send',
				displayOptions: { show: { resource: ['customerServiceMessage'] } },
				options: [
					{
						name: 'Send',
						value: 'send',
						action: 'Reply to a user in customer service chat',
						description:
							'Reply in the chat of a user who wrote to the mini program in the last 48 hours (text, image, link or mini program card); at most 5 replies per user message',
					},
					{
						name: 'Typing',
						value: 'typing',
						action: 'Show typing to a user',
						description: 'Show or cancel "typing…" in the chat of a user who wrote, while a reply is prepared',
					},
				],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'getApiQuota',
				displayOptions: { show: { resource: ['account'] } },
				options: [
					{
						name: 'Get API Quota',
						value: 'getApiQuota',
						action: 'Get the API quota of the account',
						description: 'Get how many calls of a WeChat API (e.g. subscription message send) the mini program has used and has left today, and its per-minute limit',
					},
				],
			},
			...sendSubscriptionMessage.description,
			...sendCustomerServiceMessage.description,
			...typing.description,
			...getApiQuota.description,
			...subscriptionLedger.description,
		],
	};

	methods = { listSearch, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation.call(this, OPERATIONS);
	}
}
