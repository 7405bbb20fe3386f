import type { INodeProperties } from 'n8n-workflow';

import { PUSH_EVENT_CATEGORIES, type PushEventCategory } from '../protocol/push/events';

/**
 * The Events a node starts with when the builder leaves them alone. n8n saves no parameter equal to its
 * default, so a saved node without `events` runs with its version's default: versions 1 and 2 keep all six.
 * From version 3 the default is what a backend acts on: the user's subscription decisions (popup, settings)
 * and what users write to customer service. Delivery results (one per message sent), session openings and
 * unknown events start nothing until ticked.
 */
export const DEFAULT_EVENTS_BEFORE_V3: readonly PushEventCategory[] = PUSH_EVENT_CATEGORIES;
export const DEFAULT_EVENTS_FROM_V3: readonly PushEventCategory[] = ['subscribe_msg_popup_event', 'subscribe_msg_change_event', 'customer_service_message'];

/** The Events default of a trigger node of this typeVersion. */
export function defaultEvents(typeVersion: number): PushEventCategory[] {
	return [...(typeVersion >= 3 ? DEFAULT_EVENTS_FROM_V3 : DEFAULT_EVENTS_BEFORE_V3)];
}

const EVENT_OPTIONS: INodeProperties['options'] = [
	{
		name: 'Any Other Event',
		value: 'other',
		description: 'Everything else (wxa_media_check, trade_manage_…), passed through as "fields"',
	},
	{
		name: 'Customer Service Message (Text, Image, Mini Program Card)',
		value: 'customer_service_message',
		description: 'A user wrote to customer service: MsgType text, image or miniprogrampage',
	},
	{
		name: 'Subscription Changed in Settings',
		value: 'subscribe_msg_change_event',
		description: 'The user switched a template off in the settings page (subscribe_msg_change_event)',
	},
	{
		name: 'Subscription Message Delivery Result',
		value: 'subscribe_msg_sent_event',
		description: 'Whether a sent subscription message reached the user (subscribe_msg_sent_event)',
	},
	{
		name: 'Subscription Popup (Accept/Reject)',
		value: 'subscribe_msg_popup_event',
		description: 'The user answered wx.requestSubscribeMessage (subscribe_msg_popup_event)',
	},
	{
		name: 'User Entered Customer Service Session',
		value: 'user_enter_tempsession',
		description: 'The user opened the customer-service chat (user_enter_tempsession)',
	},
];

/** Events, shown for versions 1–2 (all six by default) or for 3 and later (defaultEvents(3)). */
function eventsPropertyOf(fromVersion: 1 | 3): INodeProperties {
	return {
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		default: [...defaultEvents(fromVersion)],
		description:
			'Which pushes start the workflow. Others are still answered "success" (so WeChat does not retry) but start nothing.',
		options: EVENT_OPTIONS,
		displayOptions: { show: { '@version': fromVersion === 1 ? [1, 2] : [{ _cnd: { gte: 3 } }] } },
	};
}

export const properties: INodeProperties[] = [
	{
		displayName:
			'In the mini program console open Development → Development Management → Development Settings → Message Push (开发 → 开发管理 → 开发设置 → 消息推送) and enter: <b>URL</b> = this node\'s Production URL (Webhook URLs, above); <b>Token</b> = the credential\'s Message Push Token; <b>EncodingAESKey</b> = the credential\'s EncodingAESKey; <b>Message Encryption Mode (消息加密方式)</b> = the Message Encryption Mode below; <b>Data Format (数据格式)</b> = XML or JSON. Publish the workflow first (n8n 1.x: activate it): WeChat checks the URL when you save.',
		name: 'consoleNotice',
		type: 'notice',
		default: '',
	},
	eventsPropertyOf(1),
	eventsPropertyOf(3),
	{
		displayName: 'Message Encryption Mode',
		name: 'encryptionMode',
		type: 'options',
		default: 'safe',
		description: 'The Message Encryption Mode (消息加密方式) chosen in the console; it must match',
		options: [
			{
				name: 'Safe (Recommended)',
				value: 'safe',
				description:
					'安全模式 in the console. Every push is encrypted with the EncodingAESKey and signed with msg_signature; plaintext pushes are refused.',
			},
			{
				name: 'Compatible',
				value: 'compatible',
				description:
					'兼容模式 in the console. Plaintext and ciphertext side by side: the ciphertext is used when present, otherwise the signed plaintext.',
			},
			{
				name: 'Plaintext',
				value: 'plaintext',
				description: '明文模式 in the console. Pushes travel unencrypted, signed with the Token only (the body itself is not signed).',
			},
		],
	},
	{
		displayName: 'Data Format',
		name: 'dataFormat',
		type: 'options',
		default: 'auto',
		description: 'The Data Format (数据格式) chosen in the console',
		options: [
			{
				name: 'Auto-Detect',
				value: 'auto',
				description: 'Tell XML from JSON by the first character of the body',
			},
			{ name: 'XML', value: 'xml', description: 'Refuse JSON bodies' },
			{ name: 'JSON', value: 'json', description: 'Refuse XML bodies' },
		],
	},
	{
		displayName: 'Customer Service Messages',
		name: 'customerServiceAnswer',
		type: 'options',
		default: 'success',
		description:
			"How the trigger answers a user's customer-service message (text, image, mini program card). WeChat waits 5 seconds for the answer.",
		options: [
			{
				name: 'Answer Success',
				value: 'success',
				description: 'Answer success at once; the workflow replies, if at all, with Customer Service Message → Send',
			},
			{
				name: 'Hand Off to Human Service',
				value: 'handOff',
				description:
					"Answer transfer_customer_service for the messages selected below: WeChat moves the conversation to its web customer-service tool (客服工具); the item's handedOff says which were",
			},
			{
				name: 'Later in the Workflow (Answer Push)',
				value: 'later',
				description:
					"The workflow answers each customer-service message within WeChat's 5 seconds with the WeChat Mini Program node's Answer Push: success, or a hand-off to human service. Other pushes are answered success at once.",
			},
		],
	},
	{
		displayName: 'Hand Off Messages Containing',
		name: 'handOffKeywords',
		type: 'string',
		default: '',
		placeholder: 'e.g. 人工, 客服, human',
		description:
			'Words separated by commas: a text message containing any of them (ignoring case) is handed off. Empty: every customer-service message.',
		displayOptions: { show: { customerServiceAnswer: ['handOff'] } },
	},
	{
		displayName:
			'Every customer-service message item must reach a WeChat Mini Program node set to <b>Customer Service Message → Answer Push</b> (Success, or Hand Off to Human Service) within 5 seconds; WeChat pushes an unanswered message again. The reply, ready in the push\'s mode and format, is the item\'s handOffReply.',
		name: 'answerLaterNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { customerServiceAnswer: ['later'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Include Raw Payload',
				name: 'includeRaw',
				type: 'boolean',
				default: false,
				description:
					'Whether to add "raw": every field of the message as WeChat sent it (decrypted in safe and compatible mode)',
			},
			{
				displayName: 'Only Accepted',
				name: 'onlyAccepted',
				type: 'boolean',
				default: false,
				description:
					'Whether popup and settings-change events keep only accepted templates (accept, acceptWithAudio, …); a push with none left starts nothing',
			},
			{
				displayName: 'Reject Stale Timestamps (Seconds)',
				name: 'replayWindowSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300,
				description:
					'Refuse pushes whose signed timestamp is further than this from the n8n server clock (a replay guard). Off unless added.',
			},
			{
				displayName: 'Split List Into Items',
				name: 'splitList',
				type: 'boolean',
				default: true,
				description:
					'Whether a subscription event gives one item per template entry (on, the default) or one item with a "templates" list',
			},
		],
	},
];
