import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { listSearch, loadOptions } from '../n8n/methods';
import * as accountTemplate from './actions/accountTemplate/AccountTemplate.resource';
import * as category from './actions/category/Category.resource';
import * as publicTemplate from './actions/publicTemplate/PublicTemplate.resource';
import { OPERATIONS } from './actions/operations';
import { CREDENTIAL_NAME } from '../n8n/credentialName';
import { runOperation } from '../n8n/operations';

export class WeChatTemplateLookup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Template Lookup',
		name: 'weChatTemplateLookup',
		icon: { light: 'file:wechat.svg', dark: 'file:wechat.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ({ accountTemplate: { getAll: "Get many account templates", get: "Get account template", add: "Add template to account", delete: "Delete account template" }, category: { getAll: "Get many categories" }, publicTemplate: { search: "Search public templates", getKeywords: "Get public template keywords" } })[$parameter["resource"]][$parameter["operation"]] }}',
		description:
			'Look up WeChat Mini Program subscription message templates: account templates with their keywords and rules, categories, the public library; add or delete account templates',
		defaults: { name: 'WeChat Template Lookup' },
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
				default: 'accountTemplate',
				options: [
					{
						name: 'Account Template',
						value: 'accountTemplate',
						description: 'Templates added to this mini program (the ones it can send)',
					},
					{ name: 'Category', value: 'category', description: "The mini program's service categories" },
					{
						name: 'Public Template',
						value: 'publicTemplate',
						description: "WeChat's public template library, to add templates from",
					},
				],
			},
			...accountTemplate.description,
			...category.description,
			...publicTemplate.description,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation.call(this, OPERATIONS);
	}
}
