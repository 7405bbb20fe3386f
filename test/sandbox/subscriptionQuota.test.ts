/**
 * The sandbox's subscription quota (sandbox/subscriptionQuota.ts): popup accepts add sends, one-time sends
 * use them, rejects and settings changes switch a template off, long-term templates are unlimited while on,
 * and a push delivered twice is one user action. Untouched pairs keep the old defaults.
 */
import type { PushConfig, PushEventSpec } from '../../sandbox/push';
import { SANDBOX_OPENIDS, SANDBOX_ORIGINAL_ID, SANDBOX_TEMPLATE_IDS } from '../../sandbox/seed';
import { useSandbox } from '../helpers/sandbox';
import { call, orderShippedSend, postJson, send, stableToken } from './helpers';
import { useWebhook } from './webhook';

const CONFIG: PushConfig = { token: 'QuotaToken', encodingAESKey: '', appId: 'wxfdae81166329a09f', mode: 'plaintext', format: 'json' };
const { orderShipped, paymentSucceeded, parkingFee } = SANDBOX_TEMPLATE_IDS;
const { alice, carol, noSubscription } = SANDBOX_OPENIDS;

type Status = 'accept' | 'reject' | 'acceptWithAudio';

function subscriptionEvent(event: 'popup' | 'change', openid: string, createTime: number, entries: Array<[string, Status]>): PushEventSpec {
	return {
		ToUserName: SANDBOX_ORIGINAL_ID,
		FromUserName: openid,
		CreateTime: createTime,
		MsgType: 'event',
		Event: event === 'popup' ? 'subscribe_msg_popup_event' : 'subscribe_msg_change_event',
		List: entries.map(([TemplateId, SubscribeStatusString]) =>
			event === 'popup' ? { TemplateId, SubscribeStatusString, PopupScene: 0 } : { TemplateId, SubscribeStatusString },
		),
	};
}

function parking(openid: string): Record<string, unknown> {
	return {
		touser: openid,
		template_id: parkingFee,
		data: {
			car_number1: { value: '粤A8Z888挂' },
			time2: { value: '2024-05-01 08:30' },
			amount3: { value: '¥15.00' },
			thing4: { value: '科技园地下停车场' },
		},
	};
}

function payment(openid: string): Record<string, unknown> {
	return {
		touser: openid,
		template_id: paymentSucceeded,
		data: {
			amount1: { value: '¥128.00' },
			date2: { value: '2024年5月1日 15:01' },
			character_string3: { value: 'TS20240501123456' },
			number4: { value: '2' },
			phone_number5: { value: '400-888-8888' },
		},
	};
}

describe('sandbox subscription quota', () => {
	const sandbox = useSandbox();
	const webhook = useWebhook();
	let token: string;
	let createTime = 1714112000;

	beforeEach(async () => {
		token = await stableToken(sandbox);
	});

	/** One user action (a fresh CreateTime each), pushed through the control API. */
	const push = (event: 'popup' | 'change', openid: string, entries: Array<[string, Status]>) =>
		sandbox.push({ webhookUrl: webhook.url, config: CONFIG, event: subscriptionEvent(event, openid, (createTime += 1), entries) });
	const sendOrder = async (openid: string) => (await send(sandbox, token, orderShippedSend({ touser: openid }))).errcode;
	const row = (openid: string, templateId: string) => sandbox.quotas({ openid, templateId })[0];

	it('adds one send per popup accept, uses one per one-time send, then answers 43101', async () => {
		await push('popup', carol, [[orderShipped, 'accept']]);
		await push('popup', carol, [[orderShipped, 'acceptWithAudio']]);
		expect(row(carol, orderShipped)).toEqual({ openid: carol, templateId: orderShipped, remaining: 2, on: true, longTerm: false });
		expect(await sendOrder(carol)).toBe(0);
		expect(await sendOrder(carol)).toBe(0);
		expect(await sendOrder(carol)).toBe(43101);
		expect(row(carol, orderShipped)).toMatchObject({ remaining: 0, on: true });
		expect(sandbox.messages({ openid: carol })).toHaveLength(2);
	});

	it('a popup reject switches the template off until the next accept, keeping the sends already given', async () => {
		await push('popup', carol, [[orderShipped, 'accept']]);
		await push('popup', carol, [[orderShipped, 'reject']]);
		expect(row(carol, orderShipped)).toMatchObject({ remaining: 1, on: false });
		expect(await sendOrder(carol)).toBe(43101);
		await push('popup', carol, [[orderShipped, 'accept']]);
		expect(row(carol, orderShipped)).toMatchObject({ remaining: 2, on: true });
		expect(await sendOrder(carol)).toBe(0);
		expect(await sendOrder(carol)).toBe(0);
		expect(await sendOrder(carol)).toBe(43101);
	});

	it('a pair first touched by a reject has no send, and one event answers each template of its list', async () => {
		await push('popup', carol, [
			[orderShipped, 'accept'],
			[paymentSucceeded, 'reject'],
		]);
		expect(sandbox.quotas({ openid: carol })).toEqual([
			{ openid: carol, templateId: orderShipped, remaining: 1, on: true, longTerm: false },
			{ openid: carol, templateId: paymentSucceeded, remaining: 0, on: false, longTerm: false },
		]);
		expect((await send(sandbox, token, payment(carol))).errcode).toBe(43101);
	});

	it('a settings change to reject (subscribe_msg_change_event) switches the template off until the next popup accept', async () => {
		await push('popup', carol, [[orderShipped, 'accept']]);
		await push('popup', carol, [[orderShipped, 'accept']]);
		await push('change', carol, [[orderShipped, 'reject']]);
		expect(row(carol, orderShipped)).toMatchObject({ remaining: 2, on: false });
		expect(await sendOrder(carol)).toBe(43101);
		await push('popup', carol, [[orderShipped, 'accept']]);
		expect(await sendOrder(carol)).toBe(0);
		expect(row(carol, orderShipped)).toMatchObject({ remaining: 2, on: true });
	});

	it('a long-term template sends without limit while on, and not at all once switched off', async () => {
		await push('popup', carol, [[parkingFee, 'accept']]);
		expect(row(carol, parkingFee)).toEqual({ openid: carol, templateId: parkingFee, remaining: null, on: true, longTerm: true });
		for (let i = 0; i < 5; i++) expect((await send(sandbox, token, parking(carol))).errcode).toBe(0);
		await push('change', carol, [[parkingFee, 'reject']]);
		expect((await send(sandbox, token, parking(carol))).errcode).toBe(43101);
		await push('popup', carol, [[parkingFee, 'accept']]);
		expect((await send(sandbox, token, parking(carol))).errcode).toBe(0);
	});

	it('counts a push delivered twice (same user, CreateTime and event) once', async () => {
		const event = subscriptionEvent('popup', carol, (createTime += 1), [[orderShipped, 'accept']]);
		await sandbox.push({ webhookUrl: webhook.url, config: CONFIG, event });
		await sandbox.push({ webhookUrl: webhook.url, config: CONFIG, event });
		expect(webhook.received).toHaveLength(2);
		expect(row(carol, orderShipped)).toMatchObject({ remaining: 1 });
	});

	it('counts two accepts of one user and template delivered at the same moment as two', async () => {
		await Promise.all([push('popup', carol, [[orderShipped, 'accept']]), push('popup', carol, [[orderShipped, 'accept']])]);
		expect(row(carol, orderShipped)).toMatchObject({ remaining: 2, on: true });
	});

	it('changes the quota whatever the webhook answers, even when nothing answers', async () => {
		webhook.answer = { status: 500, body: 'broken' };
		expect((await push('popup', carol, [[orderShipped, 'accept']])).status).toBe(500);
		await expect(
			sandbox.push({
				webhookUrl: 'http://127.0.0.1:1/hook',
				config: CONFIG,
				event: subscriptionEvent('popup', carol, (createTime += 1), [[orderShipped, 'accept']]),
			}),
		).rejects.toThrow(/ECONNREFUSED/);
		expect(row(carol, orderShipped)).toMatchObject({ remaining: 2 });
	});

	describe('the defaults of untouched pairs stay as they were', () => {
		it('unlimited for an ordinary OpenID, 43101 for NOSUB ones, and no row in the quota table', async () => {
			for (let i = 0; i < 3; i++) expect(await sendOrder(alice)).toBe(0);
			expect(await sendOrder(noSubscription)).toBe(43101);
			// Another template of a touched user keeps its default too.
			await push('popup', alice, [[paymentSucceeded, 'reject']]);
			expect(await sendOrder(alice)).toBe(0);
			expect(sandbox.quotas()).toEqual([expect.objectContaining({ openid: alice, templateId: paymentSucceeded })]);
			expect(await call(sandbox.url, 'GET', `/__sandbox/quotas?openid=${alice}`)).toEqual({ count: 1, quotas: sandbox.quotas() });
		});

		it('a NOSUB OpenID that accepts gets exactly its accepts', async () => {
			await push('popup', noSubscription, [[orderShipped, 'accept']]);
			expect(await sendOrder(noSubscription)).toBe(0);
			expect(await sendOrder(noSubscription)).toBe(43101);
		});

		it('an explicit count is where a first popup starts from; setting one again leaves the model', async () => {
			await postJson(sandbox.url, '/__sandbox/subscriptions', { openid: carol, templateId: orderShipped, remaining: 2 });
			await push('popup', carol, [[orderShipped, 'accept']]);
			expect(row(carol, orderShipped)).toMatchObject({ remaining: 3, on: true });
			sandbox.setSubscription(carol, orderShipped, null);
			expect(sandbox.quotas()).toEqual([]);
			for (let i = 0; i < 4; i++) expect(await sendOrder(carol)).toBe(0);
		});

		it('a reset forgets the table and the pushes already applied', async () => {
			const event = subscriptionEvent('popup', carol, (createTime += 1), [[orderShipped, 'accept']]);
			await sandbox.push({ webhookUrl: webhook.url, config: CONFIG, event });
			sandbox.reset();
			expect(sandbox.quotas()).toEqual([]);
			await sandbox.push({ webhookUrl: webhook.url, config: CONFIG, event });
			expect(row(carol, orderShipped)).toMatchObject({ remaining: 1 });
		});
	});
});
