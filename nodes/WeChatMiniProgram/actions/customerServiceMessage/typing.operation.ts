/** Customer Service Message → Typing: shows (or cancels) "typing…" in the user's chat while a reply is prepared. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../../../WeChat/client';
import { setTypingUnlessRefused, type TypingCommand } from '../../../WeChat/customerService';
import { showOnlyFor } from '../../../n8n/display';
import { failureItem } from '../../../n8n/errors';
import { recipientOpenIdProperty } from '../recipientOpenIdProperty';

const properties: INodeProperties[] = [
	recipientOpenIdProperty('OpenID of the user who wrote, usually the openid field of the WeChat Mini Program Trigger item'),
	{
		displayName: 'Command',
		name: 'command',
		type: 'options',
		default: 'Typing',
		options: [
			{ name: 'Typing', value: 'Typing', description: 'Show "typing…" to the user' },
			{ name: 'Cancel Typing', value: 'CancelTyping', description: 'Stop showing "typing…"' },
		],
	},
];

export const description = showOnlyFor({ show: { resource: ['customerServiceMessage'], operation: ['typing'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const touser = String(this.getNodeParameter('touser', itemIndex, '') ?? '').trim();
	const command = this.getNodeParameter('command', itemIndex, 'Typing') as TypingCommand;
	const refused = await setTypingUnlessRefused(client, touser, command);
	// A closed window is the same everyday outcome as for a reply: the item says so, the workflow goes on.
	if (refused) return [failureItem(this, refused, itemIndex, { fields: { touser, command } })];
	return [{ json: { success: true, touser, command } }];
}
