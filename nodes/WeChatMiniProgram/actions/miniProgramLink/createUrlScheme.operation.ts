/** Mini Program Link → Create URL Scheme (/wxa/generatescheme): a weixin:// link that opens a page from an app or a web page. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../../../protocol/client';
import { generateUrlScheme, prepareUrlScheme } from '../../../protocol/links';
import type { OperationOption } from '../../../shared/operations';
import { expiresAt, pageLinkProperties, readPageLink } from './linkProperties';

export const option: OperationOption = {
	name: 'Create URL Scheme',
	value: 'createUrlScheme',
	action: 'Create a URL scheme that opens the mini program',
	description: 'A weixin://dl/business link that opens a page of the mini program from a phone browser or another app, for at most 30 days',
};

export const properties: INodeProperties[] = pageLinkProperties;

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const input = readPageLink(this, itemIndex);
	const body = prepareUrlScheme(input);
	const { openlink } = await generateUrlScheme(client, body);
	return [{ json: { openlink, path: input.path ?? '', query: input.query ?? '', envVersion: body.jump_wxa.env_version ?? 'release', expiresAt: expiresAt(input.expiry) } }];
}
