import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { listSearch, loadOptions } from '../shared/methods';
import { CREDENTIAL_NAME } from '../shared/credentialName';
import { runOperation } from '../shared/operations';
import { operationTable, resourceProperties, subtitleFor } from '../shared/resources';
import { RESOURCES } from './actions/resources';

const OPERATIONS = operationTable(RESOURCES);

export class WeChatTemplateLookup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Mini Program Template Lookup',
		name: 'weChatTemplateLookup',
		icon: { light: 'file:wechat.svg', dark: 'file:wechat.dark.svg' },
		group: ['transform'],
		// Version 2 picks the public template and its keywords from lists (version 1 saved them as text, and
		// still reads them so), and in the AI-tool variant starts with Let the Agent Change the Account off.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: subtitleFor(RESOURCES),
		description:
			'Look up WeChat Mini Program subscription message templates: account templates with their keywords and rules, categories, the public library; add or delete account templates',
		defaults: { name: 'WeChat Mini Program Template Lookup' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_NAME, required: true }],
		properties: resourceProperties(RESOURCES, 'accountTemplate'),
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation.call(this, OPERATIONS);
	}
}
