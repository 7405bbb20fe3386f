/** Account → Get API Quota: today's calls used and left of one WeChat API, and its rate limit. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../../../protocol/client';
import { DEFAULT_QUOTA_CGI_PATH, getApiQuota } from '../../../protocol/quota';
import type { OperationOption } from '../../../shared/operations';

export const option: OperationOption = {
	name: 'Get API Quota',
	value: 'getApiQuota',
	action: 'Get the API quota of the account',
	description: 'Get how many calls of a WeChat API (e.g. subscription message send) the mini program has used and has left today, and its per-minute limit',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'API Path',
		name: 'cgiPath',
		type: 'string',
		required: true,
		default: DEFAULT_QUOTA_CGI_PATH,
		placeholder: `e.g. ${DEFAULT_QUOTA_CGI_PATH}`,
		description:
			'The API whose quota to read, as the path of its URL (no host, no query): /cgi-bin/message/subscribe/send for subscription messages, /cgi-bin/message/custom/send for customer-service replies. The console shows the same figures under API Call Quota (接口调用额度).',
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const cgiPath = String(this.getNodeParameter('cgiPath', itemIndex, DEFAULT_QUOTA_CGI_PATH) ?? '');
	const quota = await getApiQuota(client, cgiPath);
	return [{ json: { ...quota } as IDataObject }];
}
