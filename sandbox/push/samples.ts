/**
 * Ready-made pushes. The subscription events use the values of the official examples
 * (docs/wechat-protocol.md §10); the others are addressed to the sandbox's own mini program.
 */
import { SANDBOX_APP_ID, SANDBOX_OPENIDS, SANDBOX_ORIGINAL_ID, SANDBOX_TEMPLATE_IDS } from '../seed';
import type { PushEventSpec } from './types';

const OFFICIAL_TO = 'gh_123456789abc';
const POPUP_ACCEPT_TEMPLATE = 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc';
const POPUP_REJECT_TEMPLATE = '9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI';

function event(fromUserName: string, createTime: number, eventName: string, fields: PushEventSpec): PushEventSpec {
	return { ToUserName: OFFICIAL_TO, FromUserName: fromUserName, CreateTime: createTime, MsgType: 'event', Event: eventName, ...fields };
}

function customerService(msgType: string, createTime: number, fields: PushEventSpec): PushEventSpec {
	return { ToUserName: SANDBOX_ORIGINAL_ID, FromUserName: SANDBOX_OPENIDS.alice, CreateTime: createTime, MsgType: msgType, ...fields };
}

/** A user's customer-service text message (it opens that user's 48-hour reply window in the sandbox). */
export function userTextMessage(openid: string, content: string, createTime = 1714112600, msgId = '7365081233419403265'): PushEventSpec {
	return { ToUserName: SANDBOX_ORIGINAL_ID, FromUserName: openid, CreateTime: createTime, MsgType: 'text', Content: content, MsgId: msgId };
}

export const PUSH_EVENT_SAMPLES: Record<string, PushEventSpec> = {
	/** The official popup XML example: one accept, one reject, PopupScene 2. */
	popup: event('otFpruAK8D-E6EfStSYonYSBZ8_4', 1610969440, 'subscribe_msg_popup_event', {
		List: [
			{ TemplateId: POPUP_ACCEPT_TEMPLATE, SubscribeStatusString: 'accept', PopupScene: 2 },
			{ TemplateId: POPUP_REJECT_TEMPLATE, SubscribeStatusString: 'reject', PopupScene: 2 },
		],
	}),
	/** The official popup JSON example: one item, PopupScene 0 (its JSON puts the item in an array: jsonListShape 'array'). */
	popupSingle: event('o7esq5OI1Uej6Xixw1lA2H7XDVbc', 1620973045, 'subscribe_msg_popup_event', {
		List: [{ TemplateId: 'hD-ixGOhYmUfjOnI8MCzQMPshzGVeux_2vBgHn5Ig_Q', SubscribeStatusString: 'accept', PopupScene: 0 }],
	}),
	/** An accept variant: every `accept…` status counts as accepted. */
	popupAcceptWithAudio: event(SANDBOX_OPENIDS.alice, 1714112445, 'subscribe_msg_popup_event', {
		List: [{ TemplateId: SANDBOX_TEMPLATE_IDS.orderShipped, SubscribeStatusString: 'acceptWithAudio', PopupScene: 0 }],
	}),
	/** The user switched a template off in settings (only rejections are pushed). */
	change: event('otFpruAK8D-E6EfStSYonYSBZ8_4', 1610969468, 'subscribe_msg_change_event', {
		List: [{ TemplateId: POPUP_ACCEPT_TEMPLATE, SubscribeStatusString: 'reject' }],
	}),
	/** Values of the official sent JSON example (FromUserName, CreateTime, MsgID, ErrorCode, ErrorStatus): delivered. */
	sent: event('o7esq5PHRGBQYmeNyfG064wEFVpQ', 1620963428, 'subscribe_msg_sent_event', {
		List: [
			{
				TemplateId: 'BEwX0BOT3MqK3Uc5oTU3CGBqzjpndk2jzUOGPv_NQJ8',
				MsgID: '1864323726461255680',
				ErrorCode: 0,
				ErrorStatus: 'success',
			},
		],
	}),
	/** A delivery that failed (the user had blocked the service notices). */
	sentFailed: event(SANDBOX_OPENIDS.bob, 1714112500, 'subscribe_msg_sent_event', {
		List: [{ TemplateId: SANDBOX_TEMPLATE_IDS.paymentSucceeded, MsgID: '1864323726461255682', ErrorCode: 10005, ErrorStatus: 'fail' }],
	}),
	/** Several delivery results in one push. */
	sentMulti: event(SANDBOX_OPENIDS.carol, 1714112560, 'subscribe_msg_sent_event', {
		List: [
			{ TemplateId: SANDBOX_TEMPLATE_IDS.orderShipped, MsgID: '1864323726461255683', ErrorCode: 0, ErrorStatus: 'success' },
			{ TemplateId: SANDBOX_TEMPLATE_IDS.examResult, MsgID: '1864323726461255684', ErrorCode: 10005, ErrorStatus: 'fail' },
		],
	}),
	/** Customer-service text message; MsgId is 64-bit and travels unquoted in JSON. */
	text: customerService('text', 1714112600, { Content: '你好，我的订单什么时候发货？', MsgId: '7365081233419403265' }),
	image: customerService('image', 1714112610, {
		PicUrl: 'https://mmbiz.qpic.cn/mmbiz_jpg/sandbox/0?wx_fmt=jpeg',
		MediaId: 'pH7tvfSQW7S5Lw5_7kLPIqE0JknGyZ2o8JTjUZPJHQE5Xv-kXtN0o6bGkI1yT5Vr',
		MsgId: '7365081233419403266',
	}),
	miniprogrampage: customerService('miniprogrampage', 1714112620, {
		Title: '订单详情',
		AppId: SANDBOX_APP_ID,
		PagePath: 'pages/order/detail?id=1001',
		ThumbUrl: 'https://mmbiz.qpic.cn/mmbiz_jpg/sandbox/thumb?wx_fmt=jpeg',
		ThumbMediaId: 'cL9hF6Xg3kq3q8pZ7wF2o5kS1vQ0mN4bJ8rT6yU3iO2eW9aD5sG7hK1lZ4xC0vB',
		MsgId: '7365081233419403267',
	}),
	/** The user opened the customer-service session. */
	enterSession: customerService('event', 1714112630, { Event: 'user_enter_tempsession', SessionFrom: 'order_detail' }),
	/** A push the trigger passes through untouched (media check result). */
	other: customerService('event', 1714112640, {
		Event: 'wxa_media_check',
		appid: SANDBOX_APP_ID,
		trace_id: '6630c1a0-4b5e6f70-1a2b3c4d',
		version: 2,
		detail: [{ strategy: 'content_model', errcode: 0, suggest: 'pass', label: 100, prob: 90 }],
		errcode: 0,
		errmsg: 'ok',
		result: { suggest: 'pass', label: 100 },
	}),
};
