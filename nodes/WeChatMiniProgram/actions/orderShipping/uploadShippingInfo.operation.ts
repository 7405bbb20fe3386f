/**
 * Order Shipping → Upload Shipping Info (/wxa/sec/order/upload_shipping_info): how a WeChat Pay order of
 * physical goods shipped, which settlement waits for. Every item is checked before the first upload (an
 * accepted upload with wrong data would use up the order's one update), one upload at a time per order. An
 * upload whose answer was lost is `outcome_unknown`: Get Order says whether it arrived, never a blind retry.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { parseParcelsJson, prepareShippingUpload, uploadShippingInfo, type ShippingItem, type UploadShippingInfoBody } from '../../../protocol/shippingUpload';
import { checkThenSend, type CheckedMessage } from '../../../shared/checkThenSend';
import { weChatClientFor } from '../../../shared/client';
import type { OperationOption } from '../../../shared/operations';
import { batchParameterReader, type ParameterReader } from '../../../shared/parameters';
import { orderRefKey, readOrderRef, type OrderRef } from './orderKeyProperties';
import { DELIVERY_MODE_OF_PARCELS } from './uploadShippingInfo.properties';

export { properties } from './uploadShippingInfo.properties';

export const option: OperationOption = {
	name: 'Upload Shipping Info',
	value: 'uploadShippingInfo',
	action: 'Upload the shipping info of a WeChat Pay order',
	description:
		'Tell WeChat how a paid order of physical goods shipped (发货信息录入): settlement of a trade-managed account waits for it. One update and one re-ship per order.',
};

interface ReadyUpload extends CheckedMessage {
	ref: OrderRef;
	body: UploadShippingInfoBody;
}

function text(read: ParameterReader, name: string, itemIndex: number): string {
	const value = read(name, itemIndex, '');
	return value === undefined || value === null ? '' : String(value).trim();
}

function readUpload(read: ParameterReader, itemIndex: number): ReadyUpload {
	const ref = readOrderRef(read, itemIndex);
	const parcels = read('parcels', itemIndex, 'one') === 'json' ? 'json' : 'one';
	const logisticsType = Number(read('logisticsType', itemIndex, 1));
	const express = logisticsType === 1;
	const shippingList: ShippingItem[] =
		parcels === 'json'
			? parseParcelsJson(read('parcelsJson', itemIndex, '[]'))
			: [
					{
						trackingNo: express ? text(read, 'trackingNo', itemIndex) : undefined,
						expressCompany: express ? String(read('expressCompany', itemIndex, '', { extractValue: true }) ?? '').trim() : undefined,
						itemDesc: text(read, 'itemDesc', itemIndex),
						contact: express ? { receiverContact: text(read, 'receiverContact', itemIndex) } : undefined,
					},
				];
	const options = read('options', itemIndex, {}) as { uploadTime?: string };
	const body = prepareShippingUpload({
		orderKey: ref.by === 'transactionId' ? ref : { by: 'merchantTradeNo', mchid: ref.merchantId, outTradeNo: ref.merchantTradeNo },
		logisticsType,
		deliveryMode: DELIVERY_MODE_OF_PARCELS[parcels],
		isAllDelivered: parcels === 'json' ? read('isAllDelivered', itemIndex, true) === true : undefined,
		shippingList,
		uploadTime: options.uploadTime,
		payerOpenid: text(read, 'payerOpenid', itemIndex),
	});
	return { itemIndex, key: orderRefKey(ref), ref, body };
}

function orderFields(ref: OrderRef): IDataObject {
	return ref.by === 'transactionId' ? { transactionId: ref.transactionId } : { merchantId: ref.merchantId, merchantTradeNo: ref.merchantTradeNo };
}

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	if (this.getInputData().length === 0) return [];
	const read = batchParameterReader(this);
	const client = await weChatClientFor(this);
	return await checkThenSend(this, {
		// Uploads to different orders may go together; WeChat documents no limit lower than its minute quota.
		concurrency: undefined,
		noun: { plural: 'uploads', singular: 'upload' },
		check: async (itemIndex) => readUpload(read, itemIndex),
		send: async (upload) => {
			await uploadShippingInfo(client, upload.body);
			return {
				json: {
					success: true,
					...orderFields(upload.ref),
					payerOpenid: upload.body.payer.openid,
					logisticsType: upload.body.logistics_type,
					deliveryMode: upload.body.delivery_mode,
					parcels: upload.body.shipping_list.map((parcel) => ({ ...parcel })),
					uploadTime: upload.body.upload_time,
				},
				pairedItem: { item: upload.itemIndex },
			};
		},
		isEveryday: () => false,
		sendFailureFields: (upload) => orderFields(upload.ref),
		checkFailureFields: (itemIndex) => orderFields(readOrderRef(read, itemIndex)),
	});
}
