/**
 * Customer Service Messages: the trigger hands selected messages to human service with the passive reply
 * transfer_customer_service, in the push's own mode and format, read back with the sandbox's reader (an
 * implementation of WeChat's side on node:crypto, apart from nodes/), and leaves the answer to a Respond to
 * Webhook node when asked, with the reply ready in the item.
 */
import { PUSH_EVENT_SAMPLES, buildEventRequest, readPassiveReply, userTextMessage, type PushConfig, type PushFormat, type PushMode } from '../../../sandbox/push';
import { SANDBOX_OPENIDS } from '../../../sandbox/seed';
import { RESPONSE_MODE_TEMPLATE, responseModeOf } from '../../../nodes/WeChatMiniProgramTrigger/responseMode';
import { WeChatMiniProgramTrigger } from '../../../nodes/WeChatMiniProgramTrigger/WeChatMiniProgramTrigger.node';
import { runWebhook } from './runWebhook';

const TOKEN = 'SimToken2024';
const ENCODING_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APP_ID = 'wxfdae81166329a09f';
const credentials = { appId: APP_ID, appSecret: 'unused-here', token: TOKEN, encodingAESKey: ENCODING_AES_KEY };
const MODES: PushMode[] = ['plaintext', 'compatible', 'safe'];
const FORMATS: PushFormat[] = ['xml', 'json'];

function config(mode: PushMode, format: PushFormat): PushConfig {
	return { token: TOKEN, encodingAESKey: ENCODING_AES_KEY, appId: APP_ID, mode, format };
}

async function push(mode: PushMode, format: PushFormat, spec: Record<string, unknown>, parameters: Record<string, unknown>) {
	const request = buildEventRequest(config(mode, format), spec);
	const run = await runWebhook(request, { credentials, parameters: { encryptionMode: mode, dataFormat: 'auto', ...parameters } });
	return { ...run, reading: readPassiveReply(config(mode, format), request, run.response.body ?? '') };
}

const HAND_OFF = { customerServiceAnswer: 'handOff', handOffKeywords: '人工, Human' };

describe.each(MODES)('%s mode', (mode) => {
	describe.each(FORMATS)('%s format', (format) => {
		it('hands off a text containing a word: the documented reply, addresses swapped, in the push\'s format and mode', async () => {
			const spec = userTextMessage(SANDBOX_OPENIDS.alice, '我要转人工客服');
			const { result, response, reading } = await push(mode, format, spec, HAND_OFF);
			expect(response).toMatchObject({ status: 200, ended: true, sends: 1 });
			expect(response.type).toBe(format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8');
			expect(reading).toMatchObject({ kind: 'message', format, encrypted: mode !== 'plaintext' });
			if (reading.kind !== 'message') throw new Error('no reply message');
			expect(Object.keys(reading.fields)).toEqual(['ToUserName', 'FromUserName', 'CreateTime', 'MsgType']);
			expect(reading.fields).toMatchObject({ ToUserName: spec.FromUserName, FromUserName: spec.ToUserName, MsgType: 'transfer_customer_service' });
			expect(String(reading.fields.CreateTime)).toMatch(/^\d{10}$/);
			expect(result.noWebhookResponse).toBe(true);
			expect(result.workflowData?.[0][0].json).toMatchObject({ event: 'text', content: '我要转人工客服', handedOff: true });
		});

		it('answers success to a text without the words, an image, and an event; only messages get handedOff', async () => {
			const plain = await push(mode, format, userTextMessage(SANDBOX_OPENIDS.bob, '订单什么时候发货？'), HAND_OFF);
			expect(plain.reading).toEqual({ kind: 'none' });
			expect(plain.result.workflowData?.[0][0].json.handedOff).toBe(false);
			const image = await push(mode, format, PUSH_EVENT_SAMPLES.image, HAND_OFF);
			expect(image.reading).toEqual({ kind: 'none' });
			const enter = await push(mode, format, PUSH_EVENT_SAMPLES.enterSession, { customerServiceAnswer: 'handOff', handOffKeywords: '' });
			expect(enter.reading).toEqual({ kind: 'none' });
			expect(enter.result.workflowData?.[0][0].json).not.toHaveProperty('handedOff');
		});
	});
});

describe('Hand Off with no words', () => {
	it('hands off every user message, images and cards too', async () => {
		for (const sample of ['text', 'image', 'miniprogrampage']) {
			const { reading } = await push('safe', 'xml', PUSH_EVENT_SAMPLES[sample], { customerServiceAnswer: 'handOff', handOffKeywords: ' ' });
			expect(reading).toMatchObject({ kind: 'message', fields: { MsgType: 'transfer_customer_service' } });
		}
	});

	it('hands off even when customer-service messages do not start the workflow', async () => {
		const { reading, result } = await push('safe', 'json', PUSH_EVENT_SAMPLES.text, { customerServiceAnswer: 'handOff', events: ['subscribe_msg_popup_event'] });
		expect(reading).toMatchObject({ kind: 'message' });
		expect(result).toEqual({ noWebhookResponse: true });
	});
});

describe('Later in the Workflow (Answer Push)', () => {
	const LATER = { customerServiceAnswer: 'later' };

	it.each(MODES)('%s: leaves a message unanswered for the workflow, with the reply ready in the item', async (mode) => {
		const request = buildEventRequest(config(mode, 'json'), PUSH_EVENT_SAMPLES.text);
		const { result, response } = await runWebhook(request, { credentials, parameters: { encryptionMode: mode, ...LATER } });
		expect(response).toMatchObject({ ended: false, sends: 0 });
		expect(result.noWebhookResponse).toBeUndefined();
		const item = result.workflowData?.[0][0].json as { handOffReply: { body: string; contentType: string } };
		expect(item.handOffReply.contentType).toBe('application/json; charset=utf-8');
		// What Answer Push sends back, as WeChat reads it.
		expect(readPassiveReply(config(mode, 'json'), request, item.handOffReply.body)).toMatchObject({ kind: 'message', encrypted: mode !== 'plaintext', fields: { MsgType: 'transfer_customer_service' } });
	});

	it('answers events success at once, and messages the workflow does not receive', async () => {
		const event = await push('safe', 'xml', PUSH_EVENT_SAMPLES.popup, LATER);
		expect(event.response).toMatchObject({ body: 'success', ended: true });
		expect(event.result.noWebhookResponse).toBe(true);
		expect(event.result.workflowData?.[0][0].json).not.toHaveProperty('handOffReply');
		const unselected = await push('safe', 'xml', PUSH_EVENT_SAMPLES.text, { ...LATER, events: ['subscribe_msg_sent_event'] });
		expect(unselected.response).toMatchObject({ body: 'success', ended: true });
		expect(unselected.result).toEqual({ noWebhookResponse: true });
	});
});

describe('the POST webhook\'s responseMode', () => {
	it('is responseNode only for "Later in the Workflow", as template and resolver both say', () => {
		expect(responseModeOf({ customerServiceAnswer: 'later' })).toBe('responseNode');
		expect(responseModeOf({ customerServiceAnswer: 'handOff' })).toBe('onReceived');
		expect(responseModeOf({})).toBe('onReceived');
		const post = new WeChatMiniProgramTrigger().description.webhooks?.find((w) => w.httpMethod === 'POST');
		expect(post?.responseMode).toBe(RESPONSE_MODE_TEMPLATE);
		const resolvers = (post as unknown as Record<symbol, Record<string, { template: string }>>)[Symbol.for('n8n.webhookDescriptionResolvers')];
		expect(resolvers.responseMode.template).toBe(RESPONSE_MODE_TEMPLATE);
	});
});
