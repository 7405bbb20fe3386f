/**
 * Subscription Ledger → Compact: the next generation of saved balances (the rows of wechat_subscriptions),
 * the ledger's events older than a margin added up (docs/subscription-lifecycle.md). Insert its items into
 * wechat_subscriptions, then delete the saved balances below their `foldedThrough`, and the events up to it.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { compactLedger, DEFAULT_FOLD_MARGIN_MINUTES } from '../../../protocol/subscriptionLedger';
import { weChatClientFor } from '../../../shared/client';
import type { OperationOption } from '../../../shared/operations';
import { batchFailure, longTermLookup, readLedgerInput, templatesOf } from './ledgerInput';

const OPERATION = 'Compact Ledger';

export const option: OperationOption = {
	name: 'Compact',
	value: 'compact',
	action: 'Compact the subscription ledger',
	description:
		'Add up the ledger events older than a few minutes into one saved balance per user and template, to insert into wechat_subscriptions (then delete what it folded)',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Fold Events Older Than (Minutes)',
		name: 'foldAfterMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_FOLD_MARGIN_MINUTES,
		description:
			"Events younger than this stay in wechat_subscription_events until the next run: a push still being written when the rows were read is never deleted unread, and WeChat's retries of a push (seconds apart) still find its dedupeKey",
	},
];

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	try {
		const input = readLedgerInput(this);
		const minutes = Number(this.getNodeParameter('foldAfterMinutes', 0, DEFAULT_FOLD_MARGIN_MINUTES));
		const client = await weChatClientFor(this);
		const compaction = compactLedger(input.rows, await longTermLookup(client, OPERATION, templatesOf(input.rows)), Date.now() - Math.max(0, minutes) * 60_000);
		if (compaction === null) return [];
		return compaction.rows.map((row) => ({ json: { ...row }, pairedItem: input.itemsOfPair(row.openid, row.templateId) }));
	} catch (error) {
		return batchFailure(this, error);
	}
}
