/** The parameters of Subscription Message → Send, as the editor shows them. */
import type { INodeProperties } from 'n8n-workflow';

import { concurrencyOption } from '../../../shared/batchSend';
import { templateIdLocator, TEMPLATE_ID_PARAMETER } from '../../../shared/methods';
import { recipientOpenIdProperty } from '../recipientOpenIdProperty';

export const properties: INodeProperties[] = [
	recipientOpenIdProperty("The user's OpenID for this mini program (from wx.login + code2Session), usually mapped from the incoming item"),
	templateIdLocator({
		description: "The subscription message template of this mini program's account (the user must have accepted it)",
	}),
	{
		displayName: 'Template Data Mode',
		name: 'dataMode',
		type: 'options',
		default: 'mapped',
		options: [
			{
				name: 'Map Each Keyword',
				value: 'mapped',
				description: "One field per keyword of the chosen template, loaded from WeChat",
			},
			{
				name: 'JSON',
				value: 'json',
				description: 'A raw data object, e.g. when the template is chosen by an expression',
			},
		],
	},
	{
		displayName: 'Template Data',
		name: 'templateData',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: [`${TEMPLATE_ID_PARAMETER}.value`],
			resourceMapper: {
				resourceMapperMethod: 'getTemplateKeywordFields',
				mode: 'add',
				fieldWords: { singular: 'keyword', plural: 'keywords' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		displayOptions: { show: { dataMode: ['mapped'] } },
	},
	{
		displayName: 'Template Data (JSON)',
		name: 'dataJson',
		type: 'json',
		default: '{\n  "thing1": { "value": "" }\n}',
		description: 'The data object of subscribeMessage.send: {"thing1": {"value": "…"}} (or the short form {"thing1": "…"})',
		displayOptions: { show: { dataMode: ['json'] } },
	},
	{
		displayName: 'Page',
		name: 'page',
		type: 'string',
		default: '',
		placeholder: 'e.g. pages/order/detail?orderNo=1001',
		description: 'The mini program page opened when the user taps the message, with an optional query. Leave empty for a card that opens nothing.',
	},
	{
		displayName: 'Mini Program State',
		name: 'miniprogramState',
		type: 'options',
		default: 'formal',
		description: 'Which version of the mini program the tap opens',
		options: [
			{ name: 'Formal (Released)', value: 'formal' },
			{ name: 'Trial', value: 'trial' },
			{ name: 'Developer', value: 'developer' },
		],
	},
	{
		displayName: 'Language',
		name: 'lang',
		type: 'options',
		default: 'zh_CN',
		description: 'Language of the message chrome WeChat adds around the template',
		options: [
			{ name: 'Chinese, Simplified (zh_CN)', value: 'zh_CN' },
			{ name: 'Chinese, Traditional, Hong Kong (zh_HK)', value: 'zh_HK' },
			{ name: 'Chinese, Traditional, Taiwan (zh_TW)', value: 'zh_TW' },
			{ name: 'English (en_US)', value: 'en_US' },
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Cache Template List',
				name: 'cacheTemplates',
				type: 'boolean',
				default: true,
				description:
					"Whether to reuse the account's template list for 10 minutes in this n8n process instead of reading it on every execution. A template added or changed in the console is still used at once: when the check or WeChat refuses an item as a template mismatch, the list is read again and the item checked again. Turn off for an account that changes its templates constantly.",
			},
			concurrencyOption(
				'How many messages are sent at the same time. Messages to one user always go one after another (WeChat refuses parallel sends to one OpenID). With Continue On Fail on, items are checked and sent one by one, so sending starts at once; with it off, every item is checked before the first send.',
			),
			{
				displayName: 'Fail When Not Subscribed',
				name: 'failOnNotSubscribed',
				type: 'boolean',
				default: false,
				description: 'Whether a user without a subscription for this template (errcode 43101) fails the item. Off: the item is output with success false and reason not_subscribed.',
			},
			{
				displayName: 'Retry on Rate Limit',
				name: 'retryOnRateLimit',
				type: 'boolean',
				default: true,
				description: 'Whether to retry with back-off when WeChat says it is busy (-1) or the minute quota is reached (45011). These answers mean the message was not sent, so a retry never sends twice.',
			},
			{
				displayName: 'Timeout',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1000 },
				default: 10000,
				description: 'How many milliseconds to wait for each WeChat answer (at least 1000). A send that times out is not retried, since it may have gone out.',
			},
			{
				displayName: 'Truncate Long Values',
				name: 'truncateLongValues',
				type: 'boolean',
				default: false,
				description: 'Whether thing keywords over 20 characters are cut to 19 plus "…" instead of failing the item. Cut keywords are listed in the output.',
			},
		],
	},
];
