/**
 * Every push of the simulator (sandbox/push, an independent implementation of WeChat's side), in
 * every encryption mode and both data formats, through the node's webhook function: WeChat gets
 * `success` and the workflow gets exactly the documented items.
 */
import {
	PUSH_EVENT_SAMPLES,
	buildEventRequest,
	buildVerificationRequest,
	type JsonListShape,
	type PushConfig,
	type PushFormat,
	type PushMode,
} from '../../../sandbox/push';
import { RECEIVED_AT, expectedItems } from './expected';
import { runWebhook } from './runWebhook';

const TOKEN = 'SimToken2024';
const ENCODING_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APP_ID = 'wxfdae81166329a09f';
const credentials = { appId: APP_ID, appSecret: 'unused-here', token: TOKEN, encodingAESKey: ENCODING_AES_KEY };

const MODES: PushMode[] = ['plaintext', 'compatible', 'safe'];
const FORMATS: PushFormat[] = ['xml', 'json'];
const SAMPLE_NAMES = Object.keys(PUSH_EVENT_SAMPLES);
const FIXED_RANDOM = Buffer.from('0123456789abcdef', 'ascii');

function config(mode: PushMode, format: PushFormat): PushConfig {
	return { token: TOKEN, encodingAESKey: ENCODING_AES_KEY, appId: APP_ID, mode, format };
}

beforeAll(() => {
	jest.useFakeTimers({
		now: new Date(RECEIVED_AT),
		doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'hrtime', 'performance'],
	});
});

afterAll(() => {
	jest.useRealTimers();
});

it('covers the twelve samples the simulator promises', () => {
	expect(SAMPLE_NAMES.sort()).toEqual(
		[
			'popup',
			'popupSingle',
			'popupAcceptWithAudio',
			'change',
			'sent',
			'sentFailed',
			'sentMulti',
			'text',
			'image',
			'miniprogrampage',
			'enterSession',
			'other',
		].sort(),
	);
});

describe.each(MODES)('%s mode', (mode) => {
	describe.each(FORMATS)('%s format', (format) => {
		it('answers the URL verification with the bare echostr, text/plain and nosniff', async () => {
			const request = buildVerificationRequest(config(mode, format), { echostr: '4375120948345356249' });
			const { result, response } = await runWebhook(request, { credentials, parameters: { encryptionMode: mode } });
			expect(response).toEqual({
				status: 200,
				type: 'text/plain',
				headers: { 'x-content-type-options': 'nosniff' },
				body: '4375120948345356249',
				ended: true,
				sends: 1,
			});
			expect(result).toEqual({ noWebhookResponse: true });
		});

		it.each(SAMPLE_NAMES)('%s: answers success and emits the documented items', async (sample) => {
			const request = buildEventRequest(config(mode, format), PUSH_EVENT_SAMPLES[sample], {
				timestamp: '1714112445',
				nonce: '1357924680',
				random16: FIXED_RANDOM,
			});
			const { result, response, logs } = await runWebhook(request, {
				credentials,
				parameters: { encryptionMode: mode, dataFormat: 'auto' },
			});
			expect(response).toMatchObject({
				status: 200,
				type: 'text/plain',
				headers: { 'x-content-type-options': 'nosniff' },
				body: 'success',
				ended: true,
				sends: 1,
			});
			expect(result).toEqual({
				noWebhookResponse: true,
				workflowData: [expectedItems(sample, format).map((json) => ({ json }))],
			});
			expect(logs).toEqual([]);
		});

		it.each(SAMPLE_NAMES)('%s: also with Data Format fixed to the format sent', async (sample) => {
			const request = buildEventRequest(config(mode, format), PUSH_EVENT_SAMPLES[sample]);
			const { result, response } = await runWebhook(request, {
				credentials,
				parameters: { encryptionMode: mode, dataFormat: format },
			});
			expect(response.status).toBe(200);
			expect(result.workflowData?.[0].map((item) => item.json.event)).toEqual(
				expectedItems(sample, format).map((item) => item.event),
			);
		});
	});
});

describe('JSON List shapes (array, single object, older wrapper) in every mode', () => {
	const subscriptionSamples = ['popup', 'popupSingle', 'popupAcceptWithAudio', 'change', 'sent', 'sentFailed', 'sentMulti'];
	const cases: Array<[PushMode, string, JsonListShape]> = [];
	for (const mode of MODES) {
		for (const sample of subscriptionSamples) {
			const single = (PUSH_EVENT_SAMPLES[sample].List as unknown[]).length === 1;
			for (const shape of ['array', 'wrapper', ...(single ? ['object'] : [])] as JsonListShape[]) {
				cases.push([mode, sample, shape]);
			}
		}
	}

	it.each(cases)('%s mode, %s, List as %s', async (mode, sample, shape) => {
		const request = buildEventRequest(config(mode, 'json'), PUSH_EVENT_SAMPLES[sample], {
			timestamp: '1714112445',
			nonce: '1',
			jsonListShape: shape,
		});
		const { result, response } = await runWebhook(request, { credentials, parameters: { encryptionMode: mode } });
		expect(response.body).toBe('success');
		expect(result.workflowData).toEqual([expectedItems(sample, 'json').map((json) => ({ json }))]);
	});
});

describe('options through the webhook', () => {
	const safeXml = config('safe', 'xml');

	it('Split List Into Items off: one item with a templates list', async () => {
		const request = buildEventRequest(safeXml, PUSH_EVENT_SAMPLES.sentMulti, { timestamp: '1714112445', nonce: '1' });
		const { result } = await runWebhook(request, { credentials, parameters: { options: { splitList: false } } });
		const split = expectedItems('sentMulti', 'xml');
		const strip = ({ templateId, msgId, errorCode, errorStatus, delivered }: Record<string, unknown>) => ({
			templateId,
			msgId,
			errorCode,
			errorStatus,
			delivered,
		});
		expect(result.workflowData).toEqual([
			[
				{
					json: {
						event: 'subscribe_msg_sent_event',
						msgType: 'event',
						openid: split[0].openid,
						appOriginalId: split[0].appOriginalId,
						createTime: split[0].createTime,
						receivedAt: RECEIVED_AT,
						templates: split.map(strip),
						dedupeKey: expect.stringMatching(new RegExp(`^${String(split[0].openid)}\\|${String(split[0].createTime)}\\|subscribe_msg_sent_event\\|[0-9a-f]{16}$`)),
					},
				},
			],
		]);
	});

	it('Only Accepted: keeps accept… templates, and a push with none starts nothing but is answered', async () => {
		const popup = buildEventRequest(safeXml, PUSH_EVENT_SAMPLES.popup);
		const kept = await runWebhook(popup, { credentials, parameters: { options: { onlyAccepted: true } } });
		expect(kept.result.workflowData?.[0].map((item) => item.json.statusRaw)).toEqual(['accept']);

		const audio = buildEventRequest(safeXml, PUSH_EVENT_SAMPLES.popupAcceptWithAudio);
		const variant = await runWebhook(audio, { credentials, parameters: { options: { onlyAccepted: true } } });
		expect(variant.result.workflowData?.[0]).toHaveLength(1);

		const change = buildEventRequest(safeXml, PUSH_EVENT_SAMPLES.change);
		const dropped = await runWebhook(change, { credentials, parameters: { options: { onlyAccepted: true } } });
		expect(dropped.response).toMatchObject({ status: 200, body: 'success' });
		expect(dropped.result).toEqual({ noWebhookResponse: true });
	});

	it('Include Raw Payload: raw is the decrypted message, never the Encrypt envelope', async () => {
		for (const mode of ['safe', 'compatible'] as const) {
			const request = buildEventRequest(config(mode, 'json'), PUSH_EVENT_SAMPLES.text);
			const { result } = await runWebhook(request, { credentials, parameters: { encryptionMode: mode, options: { includeRaw: true } } });
			const raw = result.workflowData?.[0][0].json.raw as Record<string, unknown>;
			expect(raw).toMatchObject({ MsgType: 'text', MsgId: '7365081233419403265', Content: PUSH_EVENT_SAMPLES.text.Content });
			expect(raw.Encrypt).toBeUndefined();
			expect(JSON.stringify(result.workflowData)).not.toContain(ENCODING_AES_KEY);
			expect(JSON.stringify(result.workflowData)).not.toContain(TOKEN);
		}
	});

	it('Events: a push of an unselected type is answered success and starts nothing', async () => {
		for (const sample of SAMPLE_NAMES) {
			const request = buildEventRequest(safeXml, PUSH_EVENT_SAMPLES[sample]);
			const { result, response } = await runWebhook(request, { credentials, parameters: { events: [] } });
			expect(response).toMatchObject({ status: 200, body: 'success' });
			expect(result).toEqual({ noWebhookResponse: true });
		}
	});

	it('Events: each selection lets through exactly its own pushes', async () => {
		const categoryOf: Record<string, string> = {
			popup: 'subscribe_msg_popup_event',
			popupSingle: 'subscribe_msg_popup_event',
			popupAcceptWithAudio: 'subscribe_msg_popup_event',
			change: 'subscribe_msg_change_event',
			sent: 'subscribe_msg_sent_event',
			sentFailed: 'subscribe_msg_sent_event',
			sentMulti: 'subscribe_msg_sent_event',
			text: 'customer_service_message',
			image: 'customer_service_message',
			miniprogrampage: 'customer_service_message',
			enterSession: 'user_enter_tempsession',
			other: 'other',
		};
		for (const selected of new Set(Object.values(categoryOf))) {
			for (const sample of SAMPLE_NAMES) {
				const request = buildEventRequest(safeXml, PUSH_EVENT_SAMPLES[sample]);
				const { result } = await runWebhook(request, { credentials, parameters: { events: [selected] } });
				expect(result.workflowData !== undefined).toBe(categoryOf[sample] === selected);
			}
		}
	});

	it('Reject Stale Timestamps: a push inside the window runs, one outside is refused with 401', async () => {
		const nowSeconds = Math.floor(new Date(RECEIVED_AT).getTime() / 1000);
		const fresh = buildEventRequest(safeXml, PUSH_EVENT_SAMPLES.text, { timestamp: String(nowSeconds - 299) });
		const stale = buildEventRequest(safeXml, PUSH_EVENT_SAMPLES.text, { timestamp: String(nowSeconds - 301) });
		const parameters = { options: { replayWindowSeconds: 300 } };
		expect((await runWebhook(fresh, { credentials, parameters })).response.status).toBe(200);
		const refused = await runWebhook(stale, { credentials, parameters });
		expect(refused.response).toMatchObject({ status: 401, body: '' });
		expect(refused.result).toEqual({ noWebhookResponse: true });
		expect((await runWebhook(stale, { credentials })).response.status).toBe(200);
	});

	it("a WeChat retry of one push carries the same dedupeKeys (a workflow can drop it)", async () => {
		const request = buildEventRequest(safeXml, PUSH_EVENT_SAMPLES.popup, { timestamp: '1714112445', nonce: '1' });
		const retry = buildEventRequest(safeXml, PUSH_EVENT_SAMPLES.popup, { timestamp: '1714112450', nonce: '2' });
		const keys = async (r: typeof request) =>
			(await runWebhook(r, { credentials })).result.workflowData?.[0].map((item) => item.json.dedupeKey);
		const first = await keys(request);
		expect(await keys(retry)).toEqual(first);
		expect(new Set(first).size).toBe(2);
	});
});
