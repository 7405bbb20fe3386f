/** What a URL Link and a URL Scheme share: the page they open, its query, the version, and when they expire. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { LINK_MAX_EXPIRY_DAYS, type LinkExpiry, type MiniProgramLinkInput } from '../../../protocol/links';

export const envVersionProperty: INodeProperties = {
	displayName: 'Mini Program Version',
	name: 'envVersion',
	type: 'options',
	default: 'release',
	description: 'Which version opens (for a link opened outside WeChat)',
	options: [
		{ name: 'Release', value: 'release' },
		{ name: 'Trial', value: 'trial' },
		{ name: 'Develop', value: 'develop' },
	],
};

export const pageLinkProperties: INodeProperties[] = [
	{
		displayName: 'Page',
		name: 'path',
		type: 'string',
		default: '',
		placeholder: 'e.g. pages/subscribe/index',
		description: 'A page of the released mini program, without a query. Empty: the home page.',
	},
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		default: '',
		placeholder: 'e.g. order=1001&from=sms',
		description: 'What the page receives in its onLoad options: at most 1024 characters of letters, digits and !#$&\'()*+,/:;=?@-._~%',
	},
	envVersionProperty,
	{
		displayName: 'Expires',
		name: 'expireType',
		type: 'options',
		default: 'interval',
		description: 'WeChat keeps a link for at most 30 days',
		options: [
			{ name: 'After a Number of Days', value: 'interval' },
			{ name: 'At a Time', value: 'time' },
		],
	},
	{
		displayName: 'Days Valid',
		name: 'expireIntervalDays',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: LINK_MAX_EXPIRY_DAYS },
		default: LINK_MAX_EXPIRY_DAYS,
		displayOptions: { show: { expireType: ['interval'] } },
	},
	{
		displayName: 'Expire At',
		name: 'expireTime',
		type: 'dateTime',
		default: '',
		description: 'More than a minute and at most 30 days from now',
		displayOptions: { show: { expireType: ['time'] } },
	},
];

function expiryOf(ctx: IExecuteFunctions, itemIndex: number): LinkExpiry {
	if (ctx.getNodeParameter('expireType', itemIndex, 'interval') === 'time') {
		const at = String(ctx.getNodeParameter('expireTime', itemIndex, '') ?? '');
		const ms = Date.parse(at);
		// NaN reaches the protocol layer's check, which names the field and the fix.
		return { expireType: 'time', expireTime: Number.isNaN(ms) ? Number.NaN : Math.floor(ms / 1000) };
	}
	return { expireType: 'interval', expireIntervalDays: Number(ctx.getNodeParameter('expireIntervalDays', itemIndex, LINK_MAX_EXPIRY_DAYS)) };
}

export function readPageLink(ctx: IExecuteFunctions, itemIndex: number): MiniProgramLinkInput {
	return {
		path: String(ctx.getNodeParameter('path', itemIndex, '') ?? ''),
		query: String(ctx.getNodeParameter('query', itemIndex, '') ?? ''),
		envVersion: String(ctx.getNodeParameter('envVersion', itemIndex, 'release')),
		expiry: expiryOf(ctx, itemIndex),
	};
}

/** When a link prepared now with `input`'s expiry stops working, as an ISO time. */
export function expiresAt(expiry: LinkExpiry | undefined, now = Date.now()): string | null {
	if (expiry === undefined) return null;
	return new Date(expiry.expireType === 'time' ? expiry.expireTime * 1000 : now + expiry.expireIntervalDays * 86_400_000).toISOString();
}
