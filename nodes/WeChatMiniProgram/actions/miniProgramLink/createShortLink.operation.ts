/** Mini Program Link → Create Short Link (/wxa/genwxashortlink): a #小程序:// link to paste into a WeChat chat. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../../../protocol/client';
import { generateShortLink, prepareShortLink } from '../../../protocol/links';
import type { OperationOption } from '../../../shared/operations';

export const option: OperationOption = {
	name: 'Create Short Link',
	value: 'createShortLink',
	action: 'Create a short link to the mini program',
	description: 'A #小程序:// link that opens a page when tapped inside WeChat (a chat, a Moments post); valid 30 days, or permanent',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Page',
		name: 'pageUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. pages/order/detail?order=1001',
		description: 'A page of the released mini program, with an optional query (at most 1024 characters)',
	},
	{
		displayName: 'Title',
		name: 'pageTitle',
		type: 'string',
		default: '',
		description: 'Shown with the link; WeChat cuts it after 20 characters',
	},
	{
		displayName: 'Permanent',
		name: 'permanent',
		type: 'boolean',
		default: false,
		description: 'Whether the link never expires. WeChat allows 100,000 permanent short links per mini program, ever; others last 30 days.',
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const input = {
		pageUrl: String(this.getNodeParameter('pageUrl', itemIndex, '') ?? ''),
		pageTitle: String(this.getNodeParameter('pageTitle', itemIndex, '') ?? ''),
		permanent: this.getNodeParameter('permanent', itemIndex, false) === true,
	};
	const { link } = await generateShortLink(client, prepareShortLink(input));
	return [{ json: { link, pageUrl: input.pageUrl, pageTitle: input.pageTitle, permanent: input.permanent } }];
}
