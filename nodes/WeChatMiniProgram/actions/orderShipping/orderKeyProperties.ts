/** How the shipping operations find a WeChat Pay order: by its transaction_id, or by merchant and the merchant's order number. */
import type { INodeProperties } from 'n8n-workflow';

import type { ParameterReader } from '../../../shared/parameters';

export const orderByProperties: INodeProperties[] = [
	{
		displayName: 'Find Order By',
		name: 'orderBy',
		type: 'options',
		default: 'transactionId',
		options: [
			{ name: 'Transaction ID', value: 'transactionId', description: "WeChat Pay's transaction_id of the payment" },
			{ name: 'Merchant Order Number', value: 'merchantTradeNo', description: 'The merchant ID (mchid) and your own order number (out_trade_no)' },
		],
	},
	{
		displayName: 'Transaction ID',
		name: 'transactionId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 4200002024050100000000000001',
		displayOptions: { show: { orderBy: ['transactionId'] } },
	},
	{
		displayName: 'Merchant ID',
		name: 'merchantId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1230000109',
		description: 'The WeChat Pay merchant ID (mchid) that took the payment',
		displayOptions: { show: { orderBy: ['merchantTradeNo'] } },
	},
	{
		displayName: 'Merchant Order Number',
		name: 'merchantTradeNo',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. SBX1001',
		description: 'Your own order number of the payment (out_trade_no)',
		displayOptions: { show: { orderBy: ['merchantTradeNo'] } },
	},
];

export type OrderRef = { by: 'transactionId'; transactionId: string } | { by: 'merchantTradeNo'; merchantId: string; merchantTradeNo: string };

export function readOrderRef(read: ParameterReader, itemIndex: number): OrderRef {
	const text = (name: string) => String(read(name, itemIndex, '') ?? '').trim();
	return read('orderBy', itemIndex, 'transactionId') === 'merchantTradeNo'
		? { by: 'merchantTradeNo', merchantId: text('merchantId'), merchantTradeNo: text('merchantTradeNo') }
		: { by: 'transactionId', transactionId: text('transactionId') };
}

/** One string per order, for queueing its uploads one after another. */
export function orderRefKey(ref: OrderRef): string {
	return ref.by === 'transactionId' ? `transaction:${ref.transactionId}` : `merchant:${ref.merchantId}:${ref.merchantTradeNo}`;
}
