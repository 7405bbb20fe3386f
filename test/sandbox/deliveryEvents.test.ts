/**
 * Delivery results (sandbox/deliveryEvents.ts): after each accepted send the sandbox pushes the matching
 * subscribe_msg_sent_event, with the send's msgid as MsgID, after the send has answered; failures are
 * the configured ones, and a test can wait until every push is done.
 */
import { decryptPushMessage, type PushConfig } from '../../sandbox/push';
import { SANDBOX_OPENIDS, SANDBOX_ORIGINAL_ID, SANDBOX_TEMPLATE_IDS, sandboxOpenId } from '../../sandbox/seed';
import { useSandbox } from '../helpers/sandbox';
import { call, orderShippedSend, postJson, rawRequest, send, sendRaw, stableToken } from './helpers';
import { pushedMessage, useWebhook } from './webhook';

const PLAIN_JSON: PushConfig = { token: 'SentToken', encodingAESKey: '', appId: 'wxfdae81166329a09f', mode: 'plaintext', format: 'json' };
const SAFE_XML: PushConfig = { ...PLAIN_JSON, encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', mode: 'safe', format: 'xml' };
const { alice, bob, carol } = SANDBOX_OPENIDS;

/** The msgid exactly as the send answer writes it (unquoted 64-bit). */
function msgidOf(text: string): string {
	return (/"msgid":(\d+)/.exec(text) as RegExpExecArray)[1];
}

describe('sandbox delivery events', () => {
	const sandbox = useSandbox();
	const webhook = useWebhook();
	let token: string;

	beforeEach(async () => {
		token = await stableToken(sandbox);
	});

	const sendTo = async (openid: string) => msgidOf((await sendRaw(sandbox, token, orderShippedSend({ touser: openid }))).text);
	const received = () => webhook.received.map((push) => pushedMessage(PLAIN_JSON, push));

	it('pushes one subscribe_msg_sent_event per accepted send, MsgID the send’s msgid as a string', async () => {
		sandbox.configureDeliveryEvents({ webhookUrl: webhook.url, config: PLAIN_JSON });
		const msgids = [await sendTo(alice), await sendTo(bob)];
		const status = await sandbox.deliveryEventsSettled();
		expect(status).toMatchObject({ settled: true, active: true, pending: 0, sent: 2, failed: 0, dropped: 0 });
		const events = received().sort((a, b) => String(a.FromUserName).localeCompare(String(b.FromUserName)));
		const expected = [
			{ openid: bob, msgid: msgids[1] },
			{ openid: alice, msgid: msgids[0] },
		].sort((a, b) => a.openid.localeCompare(b.openid));
		expect(events).toEqual(
			expected.map(({ openid, msgid }) => ({
				ToUserName: SANDBOX_ORIGINAL_ID,
				FromUserName: openid,
				CreateTime: expect.stringMatching(/^\d+$/) as unknown,
				MsgType: 'event',
				Event: 'subscribe_msg_sent_event',
				List: { TemplateId: SANDBOX_TEMPLATE_IDS.orderShipped, MsgID: msgid, ErrorCode: '0', ErrorStatus: 'success' },
			})),
		);
		// The 64-bit id travels as a string, digit for digit.
		expect(webhook.received.map((r) => r.body).join('\n')).toContain(`"MsgID":"${msgids[0]}"`);
		expect(status.events.map((e) => e.msgid).sort()).toEqual([...msgids].sort());
	});

	it('encrypts like any push (safe mode, XML) with MsgID bare', async () => {
		sandbox.configureDeliveryEvents({ webhookUrl: webhook.url, config: SAFE_XML });
		const msgid = await sendTo(carol);
		await sandbox.deliveryEventsSettled();
		const encrypted = (/<Encrypt><!\[CDATA\[([^\]]+)\]\]>/.exec(webhook.received[0].body) as RegExpExecArray)[1];
		const { message, appId } = decryptPushMessage(SAFE_XML.encodingAESKey, encrypted);
		expect(appId).toBe(SAFE_XML.appId);
		expect(message).toContain(`<MsgID>${msgid}</MsgID><ErrorCode>0</ErrorCode>`);
		expect(message).toContain('<SubscribeMsgSentEvent><List>');
	});

	it('fails every delivery to the OpenIDs in failFor, with the configured ErrorCode and ErrorStatus', async () => {
		sandbox.configureDeliveryEvents({ webhookUrl: webhook.url, config: PLAIN_JSON, failFor: [bob] });
		await sendTo(alice);
		await sendTo(bob);
		await sandbox.deliveryEventsSettled();
		const byUser = Object.fromEntries(received().map((m) => [m.FromUserName, m.List]));
		expect(byUser[alice]).toMatchObject({ ErrorCode: '0', ErrorStatus: 'success' });
		expect(byUser[bob]).toMatchObject({ ErrorCode: '10005', ErrorStatus: 'fail' });

		sandbox.configureDeliveryEvents({ webhookUrl: webhook.url, config: PLAIN_JSON, failFor: [alice], errorCode: 43101, errorStatus: 'failed:user refuse to accept the msg' });
		await sendTo(alice);
		await sandbox.deliveryEventsSettled();
		expect(sandbox.deliveryEvents().events).toEqual([expect.objectContaining({ openid: alice, errorCode: 43101, errorStatus: 'failed:user refuse to accept the msg', state: 'sent' })]);
	});

	it('fails exactly the configured share, evenly spread', async () => {
		await postJson(sandbox.url, '/__sandbox/delivery-events', { webhookUrl: webhook.url, config: PLAIN_JSON, failFraction: 0.25 });
		for (let i = 0; i < 8; i++) await sendTo(sandboxOpenId(i));
		await sandbox.deliveryEventsSettled();
		expect(sandbox.deliveryEvents().events.map((e) => e.errorCode)).toEqual([0, 0, 0, 10005, 0, 0, 0, 10005]);
	});

	it('pushes only after the send has answered, and the HTTP API reports and waits for what is pending', async () => {
		await postJson(sandbox.url, '/__sandbox/delivery-events', { webhookUrl: webhook.url, config: PLAIN_JSON, delayMs: 150 });
		const msgid = await sendTo(alice);
		expect(webhook.received).toHaveLength(0);
		expect(await call(sandbox.url, 'GET', '/__sandbox/delivery-events')).toMatchObject({ active: true, pending: 1, sent: 0, events: [{ msgid, state: 'pending', attempts: 0 }] });
		const waited = await postJson(sandbox.url, '/__sandbox/delivery-events/wait', { timeoutMs: 5000 });
		expect(waited).toMatchObject({ settled: true, pending: 0, sent: 1, events: [{ msgid, state: 'sent', attempts: 1, status: 200 }] });
		expect(webhook.received).toHaveLength(1);
	});

	it('does not start a delivery event while the send’s answer is still held back by latency', async () => {
		sandbox.configureDeliveryEvents({ webhookUrl: webhook.url, config: PLAIN_JSON });
		sandbox.setLatency(300);
		const sending = sendTo(alice);
		await new Promise((resolve) => setTimeout(resolve, 150));
		const whileAnswering = { events: sandbox.deliveryEvents().events.length, received: webhook.received.length };
		// Awaited before asserting, so a failure never leaves the send dangling.
		const msgid = await sending;
		expect(whileAnswering).toEqual({ events: 0, received: 0 });
		expect((await sandbox.deliveryEventsSettled()).events).toEqual([expect.objectContaining({ msgid, state: 'sent' })]);
	});

	it('the wait gives up after timeoutMs, saying so', async () => {
		sandbox.configureDeliveryEvents({ webhookUrl: webhook.url, config: PLAIN_JSON, delayMs: 1000 });
		await sendTo(alice);
		expect(await sandbox.deliveryEventsSettled(20)).toMatchObject({ settled: false, pending: 1 });
		sandbox.stopDeliveryEvents();
	});

	it('sends nothing for a refused or faulted send, but does for a send whose answer was lost', async () => {
		sandbox.configureDeliveryEvents({ webhookUrl: webhook.url, config: PLAIN_JSON });
		expect((await send(sandbox, token, orderShippedSend({ touser: SANDBOX_OPENIDS.noSubscription }))).errcode).toBe(43101);
		sandbox.addFault({ mode: 'errcode', errcode: -1, count: 1, path: '/cgi-bin/message/subscribe/send' });
		expect((await send(sandbox, token, orderShippedSend())).errcode).toBe(-1);
		sandbox.addFault({ mode: 'reset', count: 1, path: '/cgi-bin/message/subscribe/send', afterProcessing: true });
		await expect(sendRaw(sandbox, token, orderShippedSend({ touser: carol }))).rejects.toThrow();
		await sandbox.deliveryEventsSettled();
		expect(received().map((m) => m.FromUserName)).toEqual([carol]);
		expect(sandbox.messages()).toHaveLength(1);
	});

	it('tries a push up to `attempts` times while the webhook does not answer success, then counts it failed', async () => {
		webhook.answer = { status: 500, body: 'down' };
		sandbox.configureDeliveryEvents({ webhookUrl: webhook.url, config: PLAIN_JSON, attempts: 3 });
		await sendTo(alice);
		const status = await sandbox.deliveryEventsSettled();
		expect(status).toMatchObject({ pending: 0, sent: 0, failed: 1, events: [{ state: 'failed', attempts: 3, status: 500 }] });
		expect(webhook.received).toHaveLength(3);
		// Nothing listening: the error is kept.
		sandbox.configureDeliveryEvents({ webhookUrl: 'http://127.0.0.1:1/hook', config: PLAIN_JSON });
		await sendTo(alice);
		expect((await sandbox.deliveryEventsSettled()).events).toEqual([expect.objectContaining({ state: 'failed', error: expect.stringMatching(/ECONNREFUSED/) as unknown })]);
	});

	it('DELETE stops them (waiting ones are dropped), and a reset forgets the configuration', async () => {
		sandbox.configureDeliveryEvents({ webhookUrl: webhook.url, config: PLAIN_JSON, delayMs: 5000 });
		await sendTo(alice);
		const stopped = await call(sandbox.url, 'DELETE', '/__sandbox/delivery-events');
		expect(stopped).toMatchObject({ active: false, pending: 0, dropped: 1 });
		await sendTo(bob);
		expect(sandbox.deliveryEvents().events).toHaveLength(1);

		sandbox.configureDeliveryEvents({ webhookUrl: webhook.url, config: PLAIN_JSON });
		sandbox.reset();
		token = await stableToken(sandbox);
		await sendTo(alice);
		expect(await sandbox.deliveryEventsSettled()).toMatchObject({ active: false, events: [] });
		expect(webhook.received).toHaveLength(0);
	});

	it('refuses bad settings with 400', async () => {
		const cases = [
			{ webhookUrl: 'ftp://x', config: PLAIN_JSON },
			{ webhookUrl: webhook.url, config: { ...PLAIN_JSON, mode: 'secret' } },
			{ webhookUrl: webhook.url, config: PLAIN_JSON, failFraction: 2 },
			{ webhookUrl: webhook.url, config: PLAIN_JSON, failFor: 'x' },
			{ webhookUrl: webhook.url, config: PLAIN_JSON, attempts: 4 },
		];
		for (const body of cases) {
			const response = await rawRequest(sandbox.url, 'POST', '/__sandbox/delivery-events', { body: JSON.stringify(body) });
			expect(response.status).toBe(400);
		}
		expect(sandbox.deliveryEvents().active).toBe(false);
	});
});
