/**
 * The items the WeChat Mini Program Trigger must emit for each PUSH_EVENT_SAMPLES entry, written out by
 * hand from the samples (sandbox/push/samples.ts) and the documented output fields (nodes/protocol/push/events.ts):
 * one item per template entry for subscription events (Split List on by default), one item otherwise.
 * 64-bit ids (msgId) are exact strings; createTime, popupScene and errorCode are numbers.
 */
import { SANDBOX_APP_ID, SANDBOX_OPENIDS, SANDBOX_ORIGINAL_ID, SANDBOX_TEMPLATE_IDS } from '../../../sandbox/seed';

const OFFICIAL_TO = 'gh_123456789abc';
const POPUP_ACCEPT_TEMPLATE = 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc';
const POPUP_REJECT_TEMPLATE = '9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI';

type Expected = Record<string, unknown>;

const popup = (openid: string, createTime: number, extra: Expected): Expected => ({
	event: 'subscribe_msg_popup_event',
	msgType: 'event',
	openid,
	appOriginalId: OFFICIAL_TO,
	createTime,
	...extra,
});

const sent = (openid: string, createTime: number, extra: Expected): Expected => ({
	event: 'subscribe_msg_sent_event',
	msgType: 'event',
	openid,
	createTime,
	...extra,
});

const customerService = (msgType: string, createTime: number, extra: Expected): Expected => ({
	event: msgType,
	msgType,
	openid: SANDBOX_OPENIDS.alice,
	appOriginalId: SANDBOX_ORIGINAL_ID,
	createTime,
	...extra,
});

export const EXPECTED_PUSH_ITEMS: Record<string, Expected[]> = {
	popup: [
		popup('otFpruAK8D-E6EfStSYonYSBZ8_4', 1610969440, {
			templateId: POPUP_ACCEPT_TEMPLATE,
			status: 'accept',
			statusRaw: 'accept',
			popupScene: 2,
			dedupeKey: expect.stringMatching(/^otFpruAK8D-E6EfStSYonYSBZ8_4\|1610969440\|subscribe_msg_popup_event\|[0-9a-f]{16}#0$/),
		}),
		popup('otFpruAK8D-E6EfStSYonYSBZ8_4', 1610969440, {
			templateId: POPUP_REJECT_TEMPLATE,
			status: 'reject',
			statusRaw: 'reject',
			popupScene: 2,
			dedupeKey: expect.stringMatching(/^otFpruAK8D-E6EfStSYonYSBZ8_4\|1610969440\|subscribe_msg_popup_event\|[0-9a-f]{16}#1$/),
		}),
	],
	popupSingle: [
		popup('o7esq5OI1Uej6Xixw1lA2H7XDVbc', 1620973045, {
			templateId: 'hD-ixGOhYmUfjOnI8MCzQMPshzGVeux_2vBgHn5Ig_Q',
			status: 'accept',
			popupScene: 0,
		}),
	],
	popupAcceptWithAudio: [
		popup(SANDBOX_OPENIDS.alice, 1714112445, {
			templateId: SANDBOX_TEMPLATE_IDS.orderShipped,
			status: 'accept',
			statusRaw: 'acceptWithAudio',
			popupScene: 0,
		}),
	],
	change: [
		{
			event: 'subscribe_msg_change_event',
			openid: 'otFpruAK8D-E6EfStSYonYSBZ8_4',
			createTime: 1610969468,
			templateId: POPUP_ACCEPT_TEMPLATE,
			status: 'reject',
		},
	],
	sent: [
		sent('o7esq5PHRGBQYmeNyfG064wEFVpQ', 1620963428, {
			templateId: 'BEwX0BOT3MqK3Uc5oTU3CGBqzjpndk2jzUOGPv_NQJ8',
			msgId: '1864323726461255680',
			errorCode: 0,
			errorStatus: 'success',
			delivered: true,
		}),
	],
	sentFailed: [
		sent(SANDBOX_OPENIDS.bob, 1714112500, {
			templateId: SANDBOX_TEMPLATE_IDS.paymentSucceeded,
			msgId: '1864323726461255682',
			errorCode: 10005,
			errorStatus: 'fail',
			delivered: false,
		}),
	],
	sentMulti: [
		sent(SANDBOX_OPENIDS.carol, 1714112560, {
			templateId: SANDBOX_TEMPLATE_IDS.orderShipped,
			msgId: '1864323726461255683',
			errorCode: 0,
			delivered: true,
		}),
		sent(SANDBOX_OPENIDS.carol, 1714112560, {
			templateId: SANDBOX_TEMPLATE_IDS.examResult,
			msgId: '1864323726461255684',
			errorCode: 10005,
			delivered: false,
		}),
	],
	text: [
		customerService('text', 1714112600, {
			msgId: '7365081233419403265',
			content: '你好，我的订单什么时候发货？',
			dedupeKey: '7365081233419403265',
		}),
	],
	image: [
		customerService('image', 1714112610, {
			msgId: '7365081233419403266',
			picUrl: 'https://mmbiz.qpic.cn/mmbiz_jpg/sandbox/0?wx_fmt=jpeg',
			mediaId: 'pH7tvfSQW7S5Lw5_7kLPIqE0JknGyZ2o8JTjUZPJHQE5Xv-kXtN0o6bGkI1yT5Vr',
		}),
	],
	miniprogrampage: [
		customerService('miniprogrampage', 1714112620, {
			msgId: '7365081233419403267',
			title: '订单详情',
			appId: SANDBOX_APP_ID,
			pagePath: 'pages/order/detail?id=1001',
			thumbUrl: 'https://mmbiz.qpic.cn/mmbiz_jpg/sandbox/thumb?wx_fmt=jpeg',
		}),
	],
	enterSession: [
		{
			event: 'user_enter_tempsession',
			msgType: 'event',
			openid: SANDBOX_OPENIDS.alice,
			createTime: 1714112630,
			sessionFrom: 'order_detail',
		},
	],
	other: [
		{
			event: 'wxa_media_check',
			msgType: 'event',
			openid: SANDBOX_OPENIDS.alice,
			fields: expect.objectContaining({ Event: 'wxa_media_check', trace_id: '6630c1a0-4b5e6f70-1a2b3c4d' }) as unknown,
		},
	],
};
