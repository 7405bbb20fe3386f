/**
 * Subscription Ledger → Compute Balance: what each user can be sent now, from the rows of the two ledger
 * tables (docs/subscription-lifecycle.md). One item per (user, template); by default only those a send
 * would reach, of the chosen template.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { templateNotFoundError } from '../../../protocol/errors';
import { computeBalances } from '../../../protocol/subscriptionLedger';
import { weChatClientFor } from '../../../shared/client';
import type { OperationOption } from '../../../shared/operations';
import { templateIdLocator } from '../../../shared/methods';
import { batchFailure, longTermLookup, readLedgerInput, templatesOf } from './ledgerInput';

const OPERATION = 'Compute Balance';

export const option: OperationOption = {
	name: 'Compute Balance',
	value: 'computeBalance',
	action: 'Compute who can be sent a template',
	description:
		'From the rows of wechat_subscriptions and wechat_subscription_events: how many sends each user has left per template, and whether a send would reach them',
};

export const properties: INodeProperties[] = [
	templateIdLocator({
		required: false,
		default: { mode: 'list', value: '' },
		description:
			'Only users of this template (the one the Send node after this node uses). Leave empty for every template.',
	}),
	{
		displayName: 'Only Users Who Can Be Sent',
		name: 'onlySendable',
		type: 'boolean',
		default: true,
		description:
			'Whether to output only the users a send would reach: the template switched on, and a send left (one-time) or long-term. Off: every user and template in the ledger, with sendable true or false.',
	},
];

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	try {
		const input = readLedgerInput(this);
		const wanted = String(this.getNodeParameter('templateId', 0, '', { extractValue: true }) ?? '').trim();
		const onlySendable = this.getNodeParameter('onlySendable', 0, true) as boolean;
		const client = await weChatClientFor(this);
		const longTermOf = await longTermLookup(client, OPERATION, wanted === '' ? templatesOf(input.rows) : [...templatesOf(input.rows), wanted]);
		if (wanted !== '' && longTermOf(wanted) === undefined) throw templateNotFoundError(wanted);
		return computeBalances(input.rows, longTermOf)
			.filter((balance) => (wanted === '' || balance.templateId === wanted) && (!onlySendable || balance.sendable))
			.map((balance) => ({ json: { ...balance }, pairedItem: input.itemsOfPair(balance.openid, balance.templateId) }));
	} catch (error) {
		return batchFailure(this, error);
	}
}
