/** Customer Service Message → Typing: shows (or cancels) "typing…" in the user's chat while a reply is prepared. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../../../protocol/client';
import { setTypingUnlessRefused, type TypingCommand } from '../../../protocol/customerService';
import type { OperationOption } from '../../../shared/operations';
import { failureItem } from '../../../shared/errors';
import { recipientOpenIdProperty } from '../recipientOpenIdProperty';

export const option: OperationOption = {
	name: 'Typing',
	value: 'typing',
	action: 'Show typing to a user',
	description: 'Show or cancel "typing…" in the chat of a user who wrote, while a reply is prepared',
};

export const properties: INodeProperties[] = [
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

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const touser = String(this.getNodeParameter('touser', itemIndex, '') ?? '').trim();
	const command = this.getNodeParameter('command', itemIndex, 'Typing') as TypingCommand;
	const refused = await setTypingUnlessRefused(client, touser, command);
	// A closed window is the same everyday outcome as for a reply: the item says so, the workflow goes on.
	if (refused) return [failureItem(this, refused, itemIndex, { fields: { touser, command } })];
	return [{ json: { success: true, touser, command } }];
}
