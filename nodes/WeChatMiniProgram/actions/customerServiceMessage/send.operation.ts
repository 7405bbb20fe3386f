/**
 * Customer Service Message → Send: a reply in the chat of a user who wrote to the mini program (客服消息).
 * Every item is read and checked first; then replies go out with bounded concurrency, one at a time per
 * OpenID, outputs in input order. An image (or a card's thumbnail) from a binary property is uploaded as
 * temporary media just before its reply. 45015 (48-hour window closed) and 45047 (5 replies to one user
 * message) are everyday outcomes: an item with success false, not a stopped workflow.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runKeyedBatch } from '../../../WeChat/batch';
import {
	customerServiceOutcome,
	prepareCustomerServiceMessage,
	sendCustomerServiceMessage,
	type CustomerServiceBody,
	type CustomerServiceMessage,
	type CustomerServiceMsgType,
} from '../../../WeChat/customerService';
import { uploadTempImage, type TempImage } from '../../../WeChat/media';
import { readBinaryImage } from '../../../n8n/binary';
import { weChatClientFor } from '../../../n8n/client';
import { clampConcurrency, concurrencyOption, withSentCount } from '../../../n8n/batchSend';
import { showOnlyFor } from '../../../n8n/display';
import { failureItem, toNodeError, type NodeError } from '../../../n8n/errors';
import { recipientOpenIdProperty } from '../recipientOpenIdProperty';

/** Stands in for the media_id of an image still to be uploaded, until the upload answers. */
const PENDING_UPLOAD = 'pending-upload';

const imageSourceOptions = [
	{ name: 'Binary Property', value: 'binary', description: 'An image on the input item (e.g. from HTTP Request, Read Files or Edit Image), uploaded as temporary media first' },
	{ name: 'Media ID', value: 'mediaId', description: 'A media_id from an earlier upload (valid 3 days)' },
];

const properties: INodeProperties[] = [
	recipientOpenIdProperty(
		'OpenID of the user who wrote to the mini program, usually the openid field of the WeChat Mini Program Trigger item. A reply is accepted only within 48 hours of that user\'s last message, at most 5 per message.',
	),
	{
		displayName: 'Message Type',
		name: 'msgtype',
		type: 'options',
		default: 'text',
		options: [
			{ name: 'Text', value: 'text', description: 'A text reply' },
			{ name: 'Image', value: 'image', description: 'An image reply' },
			{ name: 'Link', value: 'link', description: 'A web link card with title, description and thumbnail' },
			{ name: 'Mini Program Card', value: 'miniprogrampage', description: 'A card that opens a page of this mini program' },
		],
	},
	{
		displayName: 'Text',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description:
			'The reply the user reads. May contain a mini program link: <a href="https://example.com" data-miniprogram-appid="APPID" data-miniprogram-path="pages/index/index">text</a>.',
		displayOptions: { show: { msgtype: ['text'] } },
	},
	{
		displayName: 'Image Source',
		name: 'imageSource',
		type: 'options',
		default: 'binary',
		options: imageSourceOptions,
		displayOptions: { show: { msgtype: ['image'] } },
	},
	{
		displayName: 'Image Binary Property',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		description: 'Name of the binary property of the input item that holds the image (JPEG, PNG or GIF, at most 2 MB)',
		displayOptions: { show: { msgtype: ['image'], imageSource: ['binary'] } },
	},
	{
		displayName: 'Image Media ID',
		name: 'mediaId',
		type: 'string',
		default: '',
		description: 'The media_id of an image uploaded in the last 3 days',
		displayOptions: { show: { msgtype: ['image'], imageSource: ['mediaId'] } },
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		description: 'Title of the link or mini program card',
		displayOptions: { show: { msgtype: ['link', 'miniprogrampage'] } },
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		description: 'Text under the title of the link card',
		displayOptions: { show: { msgtype: ['link'] } },
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://example.com/help',
		description: 'Where the link card leads',
		displayOptions: { show: { msgtype: ['link'] } },
	},
	{
		displayName: 'Thumbnail URL',
		name: 'thumbUrl',
		type: 'string',
		default: '',
		description: 'The image shown on the link card',
		displayOptions: { show: { msgtype: ['link'] } },
	},
	{
		displayName: 'Page Path',
		name: 'pagepath',
		type: 'string',
		default: '',
		placeholder: 'e.g. pages/order/detail?orderNo=1001',
		description: 'The page of this mini program the card opens, with an optional query',
		displayOptions: { show: { msgtype: ['miniprogrampage'] } },
	},
	{
		displayName: 'Thumbnail Source',
		name: 'thumbSource',
		type: 'options',
		default: 'binary',
		options: imageSourceOptions,
		displayOptions: { show: { msgtype: ['miniprogrampage'] } },
	},
	{
		displayName: 'Thumbnail Binary Property',
		name: 'thumbBinaryPropertyName',
		type: 'string',
		default: 'data',
		description: 'Name of the binary property that holds the card image (JPEG, PNG or GIF, at most 2 MB)',
		displayOptions: { show: { msgtype: ['miniprogrampage'], thumbSource: ['binary'] } },
	},
	{
		displayName: 'Thumbnail Media ID',
		name: 'thumbMediaId',
		type: 'string',
		default: '',
		description: 'The media_id of the card image, uploaded in the last 3 days',
		displayOptions: { show: { msgtype: ['miniprogrampage'], thumbSource: ['mediaId'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			concurrencyOption(
				'How many replies are sent at the same time. Replies to one user always go one after another, in input order.',
			),
			{
				displayName: 'Fail When the Reply Is Not Allowed',
				name: 'failOnReplyRefused',
				type: 'boolean',
				default: false,
				description:
					'Whether a closed 48-hour window (errcode 45015) or a 6th reply to one user message (45047) fails the item. Off: the item is output with success false and reason window_closed or reply_limit.',
			},
			{
				displayName: 'Timeout (Ms)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1000 },
				default: 10000,
				description: 'How long to wait for each WeChat answer. A reply that times out is not resent, since the user may have received it.',
			},
		],
	},
];

export const description = showOnlyFor({ show: { resource: ['customerServiceMessage'], operation: ['send'] } }, properties);

interface SendOptions {
	concurrency?: number;
	failOnReplyRefused?: boolean;
	timeout?: number;
}

interface ReadyReply {
	itemIndex: number;
	body: CustomerServiceBody;
	/** An image to upload first; its media_id goes into the body. */
	upload?: TempImage;
}

export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	if (items.length === 0) return [];
	const options = this.getNodeParameter('options', 0, {}) as SendOptions;
	const client = await weChatClientFor(this, { timeoutMs: options.timeout });

	// Phase 1: read and check every item, so bad data stops the node before any reply goes out.
	const outputs = new Array<INodeExecutionData | undefined>(items.length);
	const ready: ReadyReply[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			ready.push(await readReply(this, itemIndex));
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this, error, itemIndex);
			outputs[itemIndex] = failureItem(this, error, itemIndex, { otherReason: 'invalid_data', fields: identity(this, itemIndex) });
		}
	}

	// Phase 2: upload and send, one reply at a time per OpenID.
	let stopError: NodeError | undefined;
	let sent = 0;
	const results = await runKeyedBatch(
		ready.map((reply) => reply.body.touser),
		async (i) => {
			const reply = ready[i];
			try {
				const mediaId = reply.upload ? (await uploadTempImage(client, reply.upload)).mediaId : null;
				const body = mediaId === null ? reply.body : withMediaId(reply.body, mediaId);
				await sendCustomerServiceMessage(client, body);
				sent++;
				return successItem(reply, mediaId);
			} catch (error) {
				const everyday = customerServiceOutcome(error) !== undefined && options.failOnReplyRefused !== true;
				if (this.continueOnFail() || everyday) {
					return failureItem(this, error, reply.itemIndex, { fields: { touser: reply.body.touser, msgtype: reply.body.msgtype } });
				}
				stopError ??= toNodeError(this, error, reply.itemIndex);
				return undefined;
			}
		},
		{ concurrency: clampConcurrency(options.concurrency), shouldStop: () => stopError !== undefined },
	);
	if (stopError) throw withSentCount(stopError, sent, items.length, { plural: 'replies', singular: 'reply' });
	results.forEach((item, i) => {
		if (item) outputs[ready[i].itemIndex] = item;
	});
	return outputs.filter((item): item is INodeExecutionData => item !== undefined);
}

function text(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback = ''): string {
	const value = ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
	return value === undefined || value === null ? '' : String(value);
}

function identity(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	return { touser: text(ctx, 'touser', itemIndex).trim(), msgtype: text(ctx, 'msgtype', itemIndex, 'text') };
}

async function readReply(ctx: IExecuteFunctions, itemIndex: number): Promise<ReadyReply> {
	const touser = text(ctx, 'touser', itemIndex);
	const msgtype = text(ctx, 'msgtype', itemIndex, 'text') as CustomerServiceMsgType;
	let message: CustomerServiceMessage;
	let upload: TempImage | undefined;
	switch (msgtype) {
		case 'image': {
			const fromBinary = text(ctx, 'imageSource', itemIndex, 'binary') === 'binary';
			if (fromBinary) upload = await readBinaryImage(ctx, itemIndex, text(ctx, 'binaryPropertyName', itemIndex, 'data'), 'Image Binary Property');
			message = { msgtype, mediaId: fromBinary ? PENDING_UPLOAD : text(ctx, 'mediaId', itemIndex) };
			break;
		}
		case 'miniprogrampage': {
			const fromBinary = text(ctx, 'thumbSource', itemIndex, 'binary') === 'binary';
			if (fromBinary) upload = await readBinaryImage(ctx, itemIndex, text(ctx, 'thumbBinaryPropertyName', itemIndex, 'data'), 'Thumbnail Binary Property');
			message = {
				msgtype,
				title: text(ctx, 'title', itemIndex),
				pagepath: text(ctx, 'pagepath', itemIndex),
				thumbMediaId: fromBinary ? PENDING_UPLOAD : text(ctx, 'thumbMediaId', itemIndex),
			};
			break;
		}
		case 'link':
			message = {
				msgtype,
				title: text(ctx, 'title', itemIndex),
				description: text(ctx, 'description', itemIndex),
				url: text(ctx, 'url', itemIndex),
				thumbUrl: text(ctx, 'thumbUrl', itemIndex),
			};
			break;
		default:
			// 'text', or anything an expression produced: the protocol layer names an unknown type.
			message = msgtype === 'text' ? { msgtype, content: text(ctx, 'content', itemIndex) } : ({ msgtype } as unknown as CustomerServiceMessage); // checked by prepareCustomerServiceMessage
	}
	return { itemIndex, body: prepareCustomerServiceMessage(touser, message), upload };
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



