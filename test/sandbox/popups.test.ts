/**
 * POST /__sandbox/popups (sandbox/popups.ts): a whole population answers popups and changes settings in one
 * call, and the quota table ends up exactly where WeChat's rules put it.
 */
import type { PopupUserInput } from '../../sandbox/popups';
import type { PushConfig } from '../../sandbox/push';
import { SANDBOX_ORIGINAL_ID, SANDBOX_TEMPLATE_IDS, sandboxOpenId } from '../../sandbox/seed';
import type { QuotaRow } from '../../sandbox/subscriptionQuota';
import { useSandbox } from '../helpers/sandbox';
import { orderShippedSend, rawRequest, send, stableToken } from './helpers';
import { pushedMessage, useWebhook } from './webhook';

const CONFIG: PushConfig = {
	token: 'PopupToken',
	encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
	appId: 'wxfdae81166329a09f',
	mode: 'safe',
	format: 'json',
};
const { orderShipped, paymentSucceeded, parkingFee } = SANDBOX_TEMPLATE_IDS;
const USERS = 200;

/** Five kinds of user, mixed through the population. */
function userScript(i: number): PopupUserInput {
	const openid = sandboxOpenId(i);
	switch (i % 5) {
		case 0:
			return { openid, accept: [orderShipped, parkingFee], reject: [paymentSucceeded] };
		case 1:
			return { openid, accept: [orderShipped], popups: 2 };
		case 2:
			return { openid, accept: [orderShipped, paymentSucceeded], switchOff: [orderShipped] };
		case 3:
			return { openid, accept: [paymentSucceeded], popups: 2, concurrent: true };
		default:
			return { openid, accept: [paymentSucceeded], reject: [orderShipped], deliveries: 2 };
	}
}

/** The table WeChat's rules give for userScript(i), written out by hand. */
function expectedRows(i: number): QuotaRow[] {
	const openid = sandboxOpenId(i);
	const oneTime = (templateId: string, remaining: number, on: boolean): QuotaRow => ({ openid, templateId, remaining, on, longTerm: false });
	switch (i % 5) {
		case 0:
			return [oneTime(orderShipped, 1, true), { openid, templateId: parkingFee, remaining: null, on: true, longTerm: true }, oneTime(paymentSucceeded, 0, false)];
		case 1:
			return [oneTime(orderShipped, 2, true)];
		case 2:
			return [oneTime(orderShipped, 1, false), oneTime(paymentSucceeded, 1, true)];
		case 3:
			return [oneTime(paymentSucceeded, 2, true)];
		default:
			return [oneTime(paymentSucceeded, 1, true), oneTime(orderShipped, 0, false)];
	}
}

const byPair = (a: QuotaRow, b: QuotaRow) => `${a.openid}|${a.templateId}`.localeCompare(`${b.openid}|${b.templateId}`);

describe('POST /__sandbox/popups', () => {
	const sandbox = useSandbox();
	const webhook = useWebhook();

	it('plays 200 users (accepts and rejects mixed, double accepts, switch-offs, simultaneous accepts, repeated pushes) into the quota table', async () => {
		const users = Array.from({ length: USERS }, (_, i) => userScript(i));
		const result = await sandbox.popups({ webhookUrl: webhook.url, config: CONFIG, users, concurrency: 8 });

		// Pushes per user: kind 0 one, 1 two, 2 a popup and a change, 3 two, 4 one delivered twice.
		const perFive = { pushes: 1 + 2 + 2 + 2 + 1, deliveries: 1 + 2 + 2 + 2 + 2 };
		expect(result.pushes).toBe((USERS / 5) * perFive.pushes);
		expect(result.deliveries).toHaveLength((USERS / 5) * perFive.deliveries);
		expect(result).toMatchObject({ answered: result.deliveries.length, failed: 0 });
		expect(webhook.received).toHaveLength(result.deliveries.length);
		expect(sandbox.counters().pushes).toBe(result.deliveries.length);

		const expected = Array.from({ length: USERS }, (_, i) => expectedRows(i)).flat();
		expect([...sandbox.quotas()].sort(byPair)).toEqual([...expected].sort(byPair));
	});

	it('sends each action as one push with every template in its List, a repeat as the same message, distinct actions with distinct CreateTimes', async () => {
		const result = await sandbox.popups({
			webhookUrl: webhook.url,
			config: CONFIG,
			users: [userScript(0), userScript(1), userScript(2), userScript(4)],
			concurrency: 1,
		});
		const messages = webhook.received.map((push) => pushedMessage(CONFIG, push));
		const first = messages[0];
		expect(first).toMatchObject({ ToUserName: SANDBOX_ORIGINAL_ID, FromUserName: sandboxOpenId(0), Event: 'subscribe_msg_popup_event' });
		expect(first.List).toEqual([
			{ TemplateId: orderShipped, SubscribeStatusString: 'accept', PopupScene: '0' },
			{ TemplateId: parkingFee, SubscribeStatusString: 'accept', PopupScene: '0' },
			{ TemplateId: paymentSucceeded, SubscribeStatusString: 'reject', PopupScene: '0' },
		]);
		// The double accept: two popups, two CreateTimes.
		const doubles = messages.filter((m) => m.FromUserName === sandboxOpenId(1));
		expect(doubles).toHaveLength(2);
		expect(doubles[0].CreateTime).not.toBe(doubles[1].CreateTime);
		// The switch-off comes after the popup, as a change event of its own.
		const switched = messages.filter((m) => m.FromUserName === sandboxOpenId(2));
		expect(switched.map((m) => m.Event)).toEqual(['subscribe_msg_popup_event', 'subscribe_msg_change_event']);
		expect(switched[1].List).toEqual({ TemplateId: orderShipped, SubscribeStatusString: 'reject' });
		// The repeated push: the same message twice, reported as deliveries 1 and 2.
		const repeated = messages.filter((m) => m.FromUserName === sandboxOpenId(4));
		expect(repeated).toHaveLength(2);
		expect(repeated[1]).toEqual(repeated[0]);
		expect(result.deliveries.filter((d) => d.openid === sandboxOpenId(4)).map((d) => d.delivery)).toEqual([1, 2]);
	});

	it('delivers one user’s popups at the same moment when concurrent, one after another otherwise', async () => {
		webhook.answer = { status: 200, body: 'success', delayMs: 100 };
		const popups = { openid: sandboxOpenId(7), accept: [orderShipped], popups: 2 };
		await sandbox.popups({ webhookUrl: webhook.url, config: CONFIG, users: [popups], concurrency: 1 });
		expect(webhook.maxInFlight).toBe(1);
		webhook.maxInFlight = 0;
		await sandbox.popups({ webhookUrl: webhook.url, config: CONFIG, users: [{ ...popups, concurrent: true }], concurrency: 1 });
		expect(webhook.maxInFlight).toBe(2);
		expect(sandbox.quotas()).toEqual([{ openid: sandboxOpenId(7), templateId: orderShipped, remaining: 4, on: true, longTerm: false }]);
	});

	it('One Push Per Template: each template answered in its own push, all in one second, each applied to the quota', async () => {
		const user = { openid: sandboxOpenId(9), accept: [orderShipped, parkingFee], reject: [paymentSucceeded], onePushPerTemplate: true };
		const result = await sandbox.popups({ webhookUrl: webhook.url, config: CONFIG, users: [user], concurrency: 1 });
		expect(result).toMatchObject({ pushes: 3, answered: 3, failed: 0 });
		const messages = webhook.received.map((push) => pushedMessage(CONFIG, push));
		// A List of one is an object in WeChat's JSON.
		expect(messages.map((m) => m.List)).toEqual([
			{ TemplateId: orderShipped, SubscribeStatusString: 'accept', PopupScene: '0' },
			{ TemplateId: parkingFee, SubscribeStatusString: 'accept', PopupScene: '0' },
			{ TemplateId: paymentSucceeded, SubscribeStatusString: 'reject', PopupScene: '0' },
		]);
		expect(new Set(messages.map((m) => m.CreateTime)).size).toBe(1);
		expect(result.deliveries.map((d) => d.templates)).toEqual([[orderShipped], [parkingFee], [paymentSucceeded]]);
		expect(sandbox.quotas().sort(byPair)).toEqual(
			[
				{ openid: sandboxOpenId(9), templateId: orderShipped, remaining: 1, on: true, longTerm: false },
				{ openid: sandboxOpenId(9), templateId: parkingFee, remaining: null, on: true, longTerm: true },
				{ openid: sandboxOpenId(9), templateId: paymentSucceeded, remaining: 0, on: false, longTerm: false },
			].sort(byPair),
		);
	});

	it('the quota it leaves is what the send API enforces', async () => {
		await sandbox.popups({ webhookUrl: webhook.url, config: CONFIG, users: [userScript(1), userScript(2), userScript(4)] });
		const token = await stableToken(sandbox);
		const sendOrder = async (i: number) => (await send(sandbox, token, orderShippedSend({ touser: sandboxOpenId(i) }))).errcode;
		expect([await sendOrder(1), await sendOrder(1), await sendOrder(1)]).toEqual([0, 0, 43101]);
		expect(await sendOrder(2)).toBe(43101);
		expect(await sendOrder(4)).toBe(43101);
	});

	it('changes the quota even when the webhook fails, and reports each failed delivery', async () => {
		webhook.answer = { status: 500, body: 'down' };
		const result = await sandbox.popups({ webhookUrl: webhook.url, config: CONFIG, users: [userScript(1)] });
		expect(result).toMatchObject({ pushes: 2, answered: 0, failed: 2 });
		expect(result.deliveries.map((d) => d.status)).toEqual([500, 500]);
		const unreachable = await sandbox.popups({ webhookUrl: 'http://127.0.0.1:1/hook', config: CONFIG, users: [userScript(3)] });
		expect(unreachable.deliveries.every((d) => /ECONNREFUSED/.test(d.error ?? ''))).toBe(true);
		expect(sandbox.quotas().sort(byPair)).toEqual([...expectedRows(1), ...expectedRows(3)].sort(byPair));
	});

	it('plays a crowd written once ({count, accept}) as that many users sandboxOpenId(1), … each answering the same popup', async () => {
		const response = await rawRequest(sandbox.url, 'POST', '/__sandbox/popups', {
			body: JSON.stringify({ webhookUrl: webhook.url, config: CONFIG, users: { count: 50, accept: [orderShipped, parkingFee] } }),
		});
		expect(response.status).toBe(200);
		expect(JSON.parse(response.text)).toMatchObject({ pushes: 50, answered: 50, failed: 0 });
		const senders = webhook.received.map((push) => pushedMessage(CONFIG, push).FromUserName);
		expect([...senders].sort()).toEqual(Array.from({ length: 50 }, (_, k) => sandboxOpenId(k + 1)).sort());
		const expected = Array.from({ length: 50 }, (_, k): QuotaRow[] => [
			{ openid: sandboxOpenId(k + 1), templateId: orderShipped, remaining: 1, on: true, longTerm: false },
			{ openid: sandboxOpenId(k + 1), templateId: parkingFee, remaining: null, on: true, longTerm: true },
		]).flat();
		expect([...sandbox.quotas()].sort(byPair)).toEqual(expected.sort(byPair));

		await sandbox.popups({ webhookUrl: webhook.url, config: CONFIG, users: { count: 2, first: 200, reject: [orderShipped] } });
		expect(sandbox.quotas({ openid: sandboxOpenId(200) })).toEqual([{ openid: sandboxOpenId(200), templateId: orderShipped, remaining: 0, on: false, longTerm: false }]);
		expect(sandbox.quotas({ openid: sandboxOpenId(201) })).toHaveLength(1);
		expect(sandbox.quotas({ openid: sandboxOpenId(202) })).toEqual([]);
	});

	it('refuses a bad script with 400 and pushes nothing', async () => {
		const user = { openid: sandboxOpenId(1), accept: [orderShipped] };
		const cases = [
			{ webhookUrl: webhook.url, config: CONFIG, users: [] },
			{ webhookUrl: webhook.url, config: CONFIG, users: [{ openid: 'nope', accept: [orderShipped] }] },
			{ webhookUrl: webhook.url, config: CONFIG, users: [{ openid: sandboxOpenId(1) }] },
			{ webhookUrl: webhook.url, config: CONFIG, users: [{ ...user, deliveries: 4 }] },
			{ webhookUrl: webhook.url, config: CONFIG, users: [{ ...user, accept: 'x' }] },
			{ webhookUrl: 'ftp://x', config: CONFIG, users: [user] },
			{ webhookUrl: webhook.url, config: CONFIG, users: 'everyone' },
			{ webhookUrl: webhook.url, config: CONFIG, users: { accept: [orderShipped] } },
			{ webhookUrl: webhook.url, config: CONFIG, users: { count: 0, accept: [orderShipped] } },
			{ webhookUrl: webhook.url, config: CONFIG, users: { count: 2 } },
			{ webhookUrl: webhook.url, config: CONFIG, users: { count: 2, openid: sandboxOpenId(1), accept: [orderShipped] } },
		];
		for (const body of cases) {
			const response = await rawRequest(sandbox.url, 'POST', '/__sandbox/popups', { body: JSON.stringify(body) });
			expect(response.status).toBe(400);
		}
		expect(webhook.received).toHaveLength(0);
		expect(sandbox.quotas()).toEqual([]);
	});
});
