/**
 * Customer Service Message → Send: a reply in the chat of a user who wrote to the mini program (客服消息),
 * run by checkThenSend (checked before any reply goes out, one at a time per OpenID, outputs in input
 * order). An image (or a card's thumbnail) from a binary property is uploaded as temporary media just
 * before its reply. 45015 (48-hour window closed) and 45047 (5 replies to one user message) are everyday
 * outcomes: an item with success false, not a stopped workflow.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	customerServiceOutcome,
	prepareCustomerServiceMessage,
	sendCustomerServiceMessage,
	type CustomerServiceBody,
	type CustomerServiceMessage,
	type CustomerServiceMsgType,
} from '../../../protocol/customerService';
import { uploadTempImage, type TempImage } from '../../../protocol/media';
import { readBinaryImage } from '../../../shared/binary';
import { checkThenSend, type CheckedMessage } from '../../../shared/checkThenSend';
import { weChatClientFor } from '../../../shared/client';
import type { OperationOption } from '../../../shared/operations';
import { batchParameterReader, type ParameterReader } from '../../../shared/parameters';

export { properties } from './sendCustomerServiceMessage.properties';

/** Stands in for the media_id of an image still to be uploaded, until the upload answers. */
const PENDING_UPLOAD = 'pending-upload';

export const option: OperationOption = {
	name: 'Send',
	value: 'send',
	action: 'Reply to a user in customer service chat',
	description:
		'Reply in the chat of a user who wrote to the mini program in the last 48 hours (text, image, link or mini program card); at most 5 replies per user message',
};

interface SendOptions {
	concurrency?: number;
	failOnReplyRefused?: boolean;
	timeout?: number;
}

interface ReadyReply extends CheckedMessage {
	body: CustomerServiceBody;
	/** An image to upload first; its media_id goes into the body. */
	upload?: TempImage;
}

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	if (items.length === 0) return [];
	const read = batchParameterReader(this);
	const options = read('options', 0, {}) as SendOptions;
	const client = await weChatClientFor(this, { timeoutMs: options.timeout });
	return await checkThenSend(this, {
		concurrency: options.concurrency,
		noun: { plural: 'replies', singular: 'reply' },
		check: async (itemIndex) => await readReply(this, read, itemIndex),
		send: async (reply) => {
			const mediaId = reply.upload ? (await uploadTempImage(client, reply.upload)).mediaId : null;
			await sendCustomerServiceMessage(client, mediaId === null ? reply.body : withMediaId(reply.body, mediaId));
			return successItem(reply, mediaId);
		},
		isEveryday: (error) => customerServiceOutcome(error) !== undefined && options.failOnReplyRefused !== true,
		sendFailureFields: (reply) => ({ touser: reply.body.touser, msgtype: reply.body.msgtype }),
		checkFailureFields: (itemIndex) => ({ touser: text(read, 'touser', itemIndex).trim(), msgtype: text(read, 'msgtype', itemIndex, 'text') }),
	});
}

function text(read: ParameterReader, name: string, itemIndex: number, fallback = ''): string {
	const value = read(name, itemIndex, fallback);
	return value === undefined || value === null ? '' : String(value);
}

async function readReply(ctx: IExecuteFunctions, read: ParameterReader, itemIndex: number): Promise<ReadyReply> {
	const touser = text(read, 'touser', itemIndex);
	const msgtype = text(read, 'msgtype', itemIndex, 'text') as CustomerServiceMsgType;
	let message: CustomerServiceMessage;
	let upload: TempImage | undefined;
	switch (msgtype) {
		case 'image': {
			const fromBinary = text(read, 'imageSource', itemIndex, 'binary') === 'binary';
			if (fromBinary) upload = await readBinaryImage(ctx, itemIndex, text(read, 'binaryPropertyName', itemIndex, 'data'), 'Image Binary Property');
			message = { msgtype, mediaId: fromBinary ? PENDING_UPLOAD : text(read, 'mediaId', itemIndex) };
			break;
		}
		case 'miniprogrampage': {
			const fromBinary = text(read, 'thumbSource', itemIndex, 'binary') === 'binary';
			if (fromBinary) upload = await readBinaryImage(ctx, itemIndex, text(read, 'thumbBinaryPropertyName', itemIndex, 'data'), 'Thumbnail Binary Property');
			message = {
				msgtype,
				title: text(read, 'title', itemIndex),
				pagepath: text(read, 'pagepath', itemIndex),
				thumbMediaId: fromBinary ? PENDING_UPLOAD : text(read, 'thumbMediaId', itemIndex),
			};
			break;
		}
		case 'link':
			message = {
				msgtype,
				title: text(read, 'title', itemIndex),
				description: text(read, 'description', itemIndex),
				url: text(read, 'url', itemIndex),
				thumbUrl: text(read, 'thumbUrl', itemIndex),
			};
			break;
		default:
			// 'text', or anything an expression produced: the protocol layer names an unknown type.
			message = msgtype === 'text' ? { msgtype, content: text(read, 'content', itemIndex) } : ({ msgtype } as unknown as CustomerServiceMessage); // checked by prepareCustomerServiceMessage
	}
	const body = prepareCustomerServiceMessage(touser, message);
	return { itemIndex, key: body.touser, body, upload };
}

/** The body with the uploaded image's media_id where the placeholder stood. */
function withMediaId(body: CustomerServiceBody, mediaId: string): CustomerServiceBody {
	if (body.msgtype === 'image') return { ...body, image: { media_id: mediaId } };
	if (body.msgtype === 'miniprogrampage') return { ...body, miniprogrampage: { ...body.miniprogrampage, thumb_media_id: mediaId } };
	return body;
}

function successItem(reply: ReadyReply, uploadedMediaId: string | null): INodeExecutionData {
	return {
		json: { success: true, touser: reply.body.touser, msgtype: reply.body.msgtype, mediaId: uploadedMediaId, errcode: 0, errmsg: 'ok' },
		pairedItem: { item: reply.itemIndex },
	};
}
