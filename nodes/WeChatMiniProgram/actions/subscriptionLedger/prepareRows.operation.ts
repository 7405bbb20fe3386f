/**
 * Subscription Ledger → Prepare Rows: the trigger's items or the Send node's results as rows of one
 * lifecycle table, with exactly its columns, for a Data Table insert with Map Automatically (no
 * expression per column: in n8n 2.x each costs about 0.45 ms per item).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ledgerTableRows, type LedgerTable } from '../../../protocol/ledgerRows';
import type { OperationOption } from '../../../shared/operations';
import { failureItem, toNodeError } from '../../../shared/errors';

export const option: OperationOption = {
	name: 'Prepare Rows',
	value: 'prepareRows',
	action: 'Prepare rows for a ledger table',
	description: "Turn the trigger's events or the Send node's results into rows of a lifecycle table, ready to insert with Map Automatically",
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Rows For',
		name: 'table',
		type: 'options',
		noDataExpression: true,
		default: 'subscriptionEvents',
		options: [
			{
				name: 'Delivery Results',
				value: 'deliveryResults',
				description: "Rows of wechat_delivery_results, from the trigger's delivery results (subscribe_msg_sent_event): one row per message",
			},
			{
				name: 'Ledger Events',
				value: 'subscriptionEvents',
				description:
					"Rows of wechat_subscription_events, from the trigger's popup and settings-change items (one row per template entry), or from Send Subscription Message results (a send uses one, 43101 resets)",
			},
			{
				name: 'Messages',
				value: 'messages',
				description: 'Rows of wechat_messages, from Send Subscription Message results: one row per send, with its msgid and outcome',
			},
		],
	},
];

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const table = this.getNodeParameter('table', 0) as LedgerTable;
	const context = { nowSeconds: Math.floor(Date.now() / 1000), runId: this.getExecutionId() ?? 'manual' };
	const output: INodeExecutionData[] = [];
	this.getInputData().forEach((item, itemIndex) => {
		try {
			for (const row of ledgerTableRows(table, item.json, context)) output.push({ json: row as unknown as IDataObject, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this, error, itemIndex);
			output.push(failureItem(this, error, itemIndex));
		}
	});
	return output;
}
