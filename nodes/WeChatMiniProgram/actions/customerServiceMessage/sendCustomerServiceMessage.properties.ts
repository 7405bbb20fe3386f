/** The parameters of Customer Service Message → Send, as the editor shows them. */
import type { INodeProperties } from 'n8n-workflow';

import { concurrencyOption } from '../../../shared/batchSend';
import { recipientOpenIdProperty } from '../recipientOpenIdProperty';

const imageSourceOptions = [
	{ name: 'Binary Property', value: 'binary', description: 'An image on the input item (e.g. from HTTP Request, Read Files or Edit Image), uploaded as temporary media first' },
	{ name: 'Media ID', value: 'mediaId', description: 'A media_id from an earlier upload (valid 3 days)' },
];

export const properties: INodeProperties[] = [
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
				displayName: 'Timeout',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1000 },
				default: 10000,
				description: 'How many milliseconds to wait for each WeChat answer (at least 1000). A reply that times out is not resent, since the user may have received it.',
			},
		],
	},
];
