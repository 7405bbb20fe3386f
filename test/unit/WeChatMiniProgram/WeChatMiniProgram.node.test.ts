/**
 * The WeChat Mini Program node as n8n and an AI agent see it: saved workflows keep opening on Subscription
 * Message → Send, and the customer-service and quota operations have action texts an agent can choose by.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { WeChatMiniProgram } from '../../../nodes/WeChatMiniProgram/WeChatMiniProgram.node';
import { RESOURCES } from '../../../nodes/WeChatMiniProgram/actions/resources';
import { operationTable } from '../../../nodes/shared/resources';

const OPERATIONS = operationTable(RESOURCES);

const { description } = new WeChatMiniProgram();

function operationProperty(resource: string): INodeProperties | undefined {
	return description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource));
}

function propertiesFor(resource: string, operation: string): string[] {
	return description.properties
		.filter((p) => p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes(operation))
		.map((p) => p.name);
}

describe('WeChat Mini Program description', () => {
	it('still opens a saved workflow on Subscription Message → Send with its parameters', () => {
		const resource = description.properties.find((p) => p.name === 'resource');
		expect(resource?.default).toBe('subscriptionMessage');
		expect(operationProperty('subscriptionMessage')?.default).toBe('send');
		expect(propertiesFor('subscriptionMessage', 'send')).toEqual(['touser', 'templateId', 'dataMode', 'templateData', 'dataJson', 'page', 'miniprogramState', 'lang', 'options']);
		expect(description.usableAsTool).toBe(true);
	});

	it('offers reply, typing and quota operations with actions an AI agent can pick', () => {
		const options = (resource: string) => (operationProperty(resource)?.options ?? []) as INodePropertyOptions[];
		expect(options('customerServiceMessage').map((o) => [o.value, o.action])).toEqual([
			['send', 'Reply to a user in customer service chat'],
			['typing', 'Show typing to a user'],
			['answerPush', 'Answer a customer service message push'],
		]);
		expect(options('account').map((o) => [o.value, o.action])).toEqual([['getApiQuota', 'Get the API quota of the account']]);
		for (const option of [...options('customerServiceMessage'), ...options('account')]) expect(String(option.description).length).toBeGreaterThan(40);
		expect(String(options('customerServiceMessage')[0].description)).toContain('48 hours');
	});

	it('offers these operations, each with a module that runs it', () => {
		const resources = ((description.properties.find((p) => p.name === 'resource')?.options ?? []) as INodePropertyOptions[]).map((o) => String(o.value));
		const offered = resources.flatMap((resource) =>
			((operationProperty(resource)?.options ?? []) as INodePropertyOptions[]).map((o) => `${resource}.${String(o.value)}`),
		);
		expect(offered.sort()).toEqual([
			'account.getApiQuota',
			'contentSecurity.checkText',
			'customerServiceMessage.answerPush',
			'customerServiceMessage.send',
			'customerServiceMessage.typing',
			'miniProgramCode.getUnlimitedCode',
			'miniProgramLink.createShortLink',
			'miniProgramLink.createUrlLink',
			'miniProgramLink.createUrlScheme',
			'orderShipping.getOrder',
			'orderShipping.getTradeManagement',
			'orderShipping.uploadShippingInfo',
			'subscriptionLedger.compact',
			'subscriptionLedger.computeBalance',
			'subscriptionLedger.prepareRows',
			'subscriptionMessage.send',
		]);
		for (const entry of offered) {
			const [resource, operation] = entry.split('.');
			const module = OPERATIONS[resource]?.[operation];
			expect(module !== undefined && ('execute' in module || 'executeBatch' in module)).toBe(true);
		}
	});

	it('gives the reply its fields per message type', () => {
		expect(propertiesFor('customerServiceMessage', 'send')).toEqual([
			'touser',
			'msgtype',
			'content',
			'imageSource',
			'binaryPropertyName',
			'mediaId',
			'title',
			'description',
			'url',
			'thumbUrl',
			'pagepath',
			'thumbSource',
			'thumbBinaryPropertyName',
			'thumbMediaId',
			'options',
		]);
		expect(propertiesFor('customerServiceMessage', 'typing')).toEqual(['touser', 'command']);
		expect(propertiesFor('account', 'getApiQuota')).toEqual(['cgiPath']);
	});
});
