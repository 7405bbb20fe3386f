/**
 * Version 1 (saved workflows) and version 2 of the trigger answer WeChat and emit items the same way,
 * and the webhook reads its parameters by name only: no expression of ours is evaluated per push,
 * whatever the version. Version 3 differs only in the Events a node starts with (the last block).
 */
import { PUSH_EVENT_SAMPLES, buildEventRequest, buildVerificationRequest, type PushConfig } from '../../../sandbox/push';
import { TEST_NODE, type ParameterRead } from '../../helpers/fakeN8nContext';
import { runWebhook, type WebhookRun } from './runWebhook';

const TOKEN = 'SimToken2024';
const ENCODING_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APP_ID = 'wxfdae81166329a09f';
const credentials = { appId: APP_ID, appSecret: 'unused-here', token: TOKEN, encodingAESKey: ENCODING_AES_KEY };
const safeXml: PushConfig = { token: TOKEN, encodingAESKey: ENCODING_AES_KEY, appId: APP_ID, mode: 'safe', format: 'xml' };
const FIXED = { timestamp: '1714112445', nonce: '1357924680', random16: Buffer.from('0123456789abcdef', 'ascii') };
const TRIGGER_NODE = { ...TEST_NODE, type: 'n8n-nodes-wechat-miniprogram.weChatMiniProgramTrigger' };

async function runAt(typeVersion: number, request: ReturnType<typeof buildEventRequest>, reads: ParameterRead[] = []): Promise<WebhookRun> {
	return await runWebhook(request, {
		credentials,
		node: { ...TRIGGER_NODE, typeVersion },
		parameters: { encryptionMode: 'safe', dataFormat: 'auto', options: { includeRaw: true } },
		parameterReads: reads,
	});
}

beforeAll(() => {
	jest.useFakeTimers({ now: new Date('2024-05-01T08:00:00.000Z'), doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'setTimeout', 'clearTimeout', 'performance'] });
});

afterAll(() => {
	jest.useRealTimers();
});

it.each(Object.keys(PUSH_EVENT_SAMPLES))('%s: version 2 answers and emits exactly what version 1 does', async (sample) => {
	const request = buildEventRequest(safeXml, PUSH_EVENT_SAMPLES[sample], FIXED);
	const v1 = await runAt(1, request);
	const v2 = await runAt(2, request);
	expect(v1.response).toMatchObject({ status: 200, body: 'success' });
	expect(v2).toEqual(v1);
});

it('the URL verification is answered the same by both versions', async () => {
	const request = buildVerificationRequest(safeXml, { echostr: '4375120948345356249' });
	const v1 = await runAt(1, request);
	const v2 = await runAt(2, request);
	expect(v2).toEqual(v1);
	expect(v2.response.body).toBe('4375120948345356249');
});

it('a push reads each parameter once, by name (never an expression string)', async () => {
	const reads: ParameterRead[] = [];
	await runAt(2, buildEventRequest(safeXml, PUSH_EVENT_SAMPLES.popup, FIXED), reads);
	expect(reads.map((read) => read.name).sort()).toEqual(['customerServiceAnswer', 'dataFormat', 'encryptionMode', 'events', 'options']);
	expect(reads.filter((read) => read.name.startsWith('='))).toEqual([]);
});

describe('Events left at their default (not saved)', () => {
	async function startsAt(typeVersion: number, sample: string): Promise<boolean> {
		const run = await runWebhook(buildEventRequest(safeXml, PUSH_EVENT_SAMPLES[sample], FIXED), {
			credentials,
			node: { ...TRIGGER_NODE, typeVersion },
			parameters: { encryptionMode: 'safe', dataFormat: 'auto', options: {} },
		});
		expect(run.response).toMatchObject({ status: 200, body: 'success' });
		return (run.result.workflowData?.[0]?.length ?? 0) > 0;
	}

	it.each(['popup', 'change', 'text'])('%s starts the workflow in versions 1, 2 and 3', async (sample) => {
		expect([await startsAt(1, sample), await startsAt(2, sample), await startsAt(3, sample)]).toEqual([true, true, true]);
	});

	it.each(['sent', 'enterSession', 'other'])('%s starts it in versions 1 and 2 only; version 3 answers success and starts nothing', async (sample) => {
		expect([await startsAt(1, sample), await startsAt(2, sample), await startsAt(3, sample)]).toEqual([true, true, false]);
	});
});
