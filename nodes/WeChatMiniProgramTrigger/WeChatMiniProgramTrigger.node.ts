import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { properties } from './description';
import { CREDENTIAL_NAME } from '../n8n/credentialName';
import { handlePushWebhook } from './webhook';

export class WeChatMiniProgramTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Mini Program Trigger',
		name: 'weChatMiniProgramTrigger',
		icon: { light: 'file:weChatMiniProgramTrigger.svg', dark: 'file:weChatMiniProgramTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["encryptionMode"] + " mode" }}',
		description:
			'Starts a workflow on WeChat Mini Program message pushes: subscription popups and changes, delivery results, customer-service messages',
		defaults: { name: 'WeChat Mini Program Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_NAME, required: true }],
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties,
	};

	// WeChat has no API to register a push URL: it is entered in the console, so there is
	// nothing to create, check or delete here.
	webhookMethods = {
		default: {
			async checkExists(): Promise<boolean> {
				return true;
			},
			async create(): Promise<boolean> {
				return true;
			},
			async delete(): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handlePushWebhook(this);
	}
}
