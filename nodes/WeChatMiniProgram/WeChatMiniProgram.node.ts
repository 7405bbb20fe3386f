import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { listSearch, resourceMapping } from '../shared/methods';
import { CREDENTIAL_NAME } from '../shared/credentialName';
import { runOperation } from '../shared/operations';
import { operationTable, resourceProperties, subtitleFor } from '../shared/resources';
import { RESOURCES } from './actions/resources';

const OPERATIONS = operationTable(RESOURCES);

export class WeChatMiniProgram implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Mini Program',
		name: 'weChatMiniProgram',
		icon: { light: 'file:wechat.svg', dark: 'file:wechat.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: subtitleFor(RESOURCES),
		description: 'Send WeChat Mini Program subscription messages (订阅消息), reply to users in customer-service chat (客服消息) and read API quotas',
		defaults: { name: 'WeChat Mini Program' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_NAME, required: true }],
		properties: resourceProperties(RESOURCES, 'subscriptionMessage'),
	};

	methods = { listSearch, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation.call(this, OPERATIONS);
	}
}
