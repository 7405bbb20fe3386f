/** Mini Program Link → Create URL Link (/wxa/generate_urllink): an https link that opens a page from SMS, e-mail or a web page. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../../../protocol/client';
import { generateUrlLink, prepareUrlLink } from '../../../protocol/links';
import type { OperationOption } from '../../../shared/operations';
import { expiresAt, pageLinkProperties, readPageLink } from './linkProperties';

export const option: OperationOption = {
	name: 'Create URL Link',
	value: 'createUrlLink',
	action: 'Create a URL link that opens the mini program',
	description: 'An https://wxaurl.cn link that opens a page of the mini program from an SMS, an e-mail or a web page, for at most 30 days',
};

export const properties: INodeProperties[] = pageLinkProperties;

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const input = readPageLink(this, itemIndex);
	const body = prepareUrlLink(input);
	const { urlLink } = await generateUrlLink(client, body);
	return [{ json: { urlLink, path: input.path ?? '', query: input.query ?? '', envVersion: body.env_version ?? 'release', expiresAt: expiresAt(input.expiry) } }];
}
