/**
 * Subscription Ledger → Compute Balance: what each user can be sent now, from the rows of the two ledger
 * tables (docs/subscription-lifecycle.md). One item per (user, template); by default only those a send
 * would reach, of the chosen template.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { templateNotFoundError } from '../../../WeChat/errors';
import { computeBalances } from '../../../WeChat/subscriptionLedger';
import { weChatClientFor } from '../../../n8n/client';
import { showOnlyFor } from '../../../n8n/display';
import { templateIdLocator } from '../../../n8n/methods';
import { batchFailure, longTermLookup, readLedgerInput, templatesOf } from './ledgerInput';

const OPERATION = 'Compute Balance';

const properties: INodeProperties[] = [
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

export const description = showOnlyFor({ show: { resource: ['subscriptionLedger'], operation: ['computeBalance'] } }, properties);

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
