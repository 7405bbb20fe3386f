import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { properties } from './description';
import { CREDENTIAL_NAME } from '../shared/credentialName';
import { postResponseMode } from './responseMode';
import { handlePushWebhook } from './webhook';

export class WeChatMiniProgramTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Mini Program Trigger',
		name: 'weChatMiniProgramTrigger',
		icon: { light: 'file:weChatMiniProgramTrigger.svg', dark: 'file:weChatMiniProgramTrigger.dark.svg' },
		group: ['trigger'],
		// Version 2 has the same parameters and output as 1. It exists because n8n evaluates the Webhook
		// node's v1 expression {{$parameter["options"]["binaryData"]}} on every request for any webhook
		// start node of typeVersion 1 (parseRequestBody), which costs an expression isolate per push.
		// Saved workflows keep version 1 and keep working.
		// Version 3 changes only the Events default (description.ts, defaultEvents): new nodes no longer start
		// an execution for every delivery result; 1 and 2 keep all six, so saved nodes that omit Events run as before.
		version: [1, 2, 3],
		defaultVersion: 3,
		subtitle: '={{ $parameter["encryptionMode"] + " mode" }}',
		description:
			'Starts a workflow on WeChat Mini Program message pushes: subscription popups and changes, delivery results, customer-service messages',
		defaults: { name: 'WeChat Mini Program Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_NAME, required: true }],
		// n8n evaluates a webhook description value written as an expression on every request: static values,
		// but the POST's responseMode, which n8n 2.x resolves without its engine (responseMode.ts).
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			{ name: 'default', httpMethod: 'POST', path: 'webhook', ...postResponseMode },
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
