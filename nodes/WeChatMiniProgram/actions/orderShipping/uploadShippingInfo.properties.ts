/** The parameters of Order Shipping → Upload Shipping Info, as the editor shows them. */
import type { INodeProperties } from 'n8n-workflow';

import { DELIVERY_MODES, ITEM_DESC_MAX_CHARACTERS, LOGISTICS_TYPES, SHIPPING_LIST_MAX_ITEMS } from '../../../protocol/shippingUpload';
import { orderByProperties } from './orderKeyProperties';

const express = { show: { logisticsType: [LOGISTICS_TYPES.express], parcels: ['one'] } };

export const properties: INodeProperties[] = [
	...orderByProperties,
	{
		displayName: 'Payer OpenID',
		name: 'payerOpenid',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.openid }}',
		description: 'The OpenID of the user who paid (Get Order shows it)',
	},
	{
		displayName: 'Logistics Type',
		name: 'logisticsType',
		type: 'options',
		default: 1, // LOGISTICS_TYPES.express
		options: [
			{ name: 'Express Delivery', value: LOGISTICS_TYPES.express, description: 'Shipped by a carrier with a waybill number' },
			{ name: 'Same-City Delivery', value: LOGISTICS_TYPES.sameCity },
			{ name: 'Virtual Goods', value: LOGISTICS_TYPES.virtual, description: 'Nothing shipped: top-ups, cards, services' },
			{ name: 'User Pick-Up', value: LOGISTICS_TYPES.pickUp },
		],
	},
	{
		displayName: 'Parcels',
		name: 'parcels',
		type: 'options',
		default: 'one',
		options: [
			{ name: 'One Parcel', value: 'one', description: 'The whole order in one parcel (unified delivery)' },
			{ name: 'Several Parcels (JSON)', value: 'json', description: `Up to ${SHIPPING_LIST_MAX_ITEMS} parcels, express only (split delivery)` },
		],
	},
	{
		displayName: 'Carrier',
		name: 'expressCompany',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: "The carrier, from WeChat's list of delivery companies",
		displayOptions: express,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a carrier...',
				typeOptions: { searchListMethod: 'searchDeliveryCompanies', searchable: true },
			},
			{
				displayName: 'By Delivery ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. SF',
			},
		],
	},
	{
		displayName: 'Tracking Number',
		name: 'trackingNo',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. SF1234567890123',
		displayOptions: express,
	},
	{
		displayName: 'Item Description',
		name: 'itemDesc',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 机械键盘 x1',
		description: `What the parcel holds, at most ${ITEM_DESC_MAX_CHARACTERS} characters`,
		displayOptions: { show: { parcels: ['one'] } },
	},
	{
		displayName: 'Receiver Phone (Masked)',
		name: 'receiverContact',
		type: 'string',
		default: '',
		placeholder: 'e.g. 189****1234',
		description: 'Required by SF Express: the phone with all but the last 4 digits masked by *',
		displayOptions: express,
	},
	{
		displayName: 'Parcels (JSON)',
		name: 'parcelsJson',
		type: 'json',
		default: '[\n  { "trackingNo": "", "expressCompany": "SF", "itemDesc": "", "receiverContact": "" }\n]',
		description: `Up to ${SHIPPING_LIST_MAX_ITEMS} parcels: trackingNo, expressCompany (a delivery ID such as SF), itemDesc, and receiverContact or consignorContact (masked) for SF`,
		displayOptions: { show: { parcels: ['json'] } },
	},
	{
		displayName: 'All Parcels Shipped',
		name: 'isAllDelivered',
		type: 'boolean',
		default: true,
		description: 'Whether every parcel of the order has now shipped; WeChat tells the user only then',
		displayOptions: { show: { parcels: ['json'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Upload Time',
				name: 'uploadTime',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2024-05-01T15:01:00.000+08:00',
				description: 'When it shipped, RFC 3339 with its offset. Empty: now, in Beijing time. An update must be later than the previous upload.',
			},
		],
	},
];

export const DELIVERY_MODE_OF_PARCELS = { one: DELIVERY_MODES.unified, json: DELIVERY_MODES.split } as const;
