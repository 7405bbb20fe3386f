import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { InvalidInputError, WeChatApiError } from '../../../nodes/protocol/errors';
import { failureItem, toNodeError, weChatErrorDetails } from '../../../nodes/shared/errors';
import { fakeExecuteContext, TEST_NODE } from '../../helpers/fakeN8nContext';

const ctx = fakeExecuteContext();
const SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

const notSubscribed = () =>
	new WeChatApiError({
		operation: 'Send Subscription Message',
		kind: 'errcode',
		errcode: 43101,
		errmsg: 'user refuse to accept the msg rid: 1234-5678-9abc',
	});
const sensitive = () =>
	new WeChatApiError({ operation: 'Send Subscription Message', kind: 'errcode', errcode: 45168, errmsg: 'risky content rid: aaaa-bbbb-cccc', attempts: 2 });
const lostAnswer = () =>
	new WeChatApiError({ operation: 'Send Subscription Message', kind: 'http-status', httpStatus: 502, outcomeUnknown: true });
const badInput = () =>
	new InvalidInputError('Keyword 商品名称 (thing1) has 24 characters', 'Correct the mapped value.', [
		'Keyword 商品名称 (thing1) has 24 characters',
		'Keyword 发货时间 (time2) is not a time',
	]);

/** The seven fields every failure item has, whatever the failure. */
const ONE_SHAPE = ['success', 'reason', 'errcode', 'meaning', 'fix', 'rid', 'error'];

describe('toNodeError', () => {
	it('passes an n8n error through unchanged', () => {
		const operation = new NodeOperationError(TEST_NODE, 'already an n8n error');
		const api = new NodeApiError(TEST_NODE, { a: 1 }, { message: 'api error' });
		expect(toNodeError(ctx, operation, 1)).toBe(operation);
		expect(toNodeError(ctx, api, 1)).toBe(api);
	});

	it('turns a WeChatApiError into a NodeApiError with meaning, fix, what WeChat said and the attempts', () => {
		const error = toNodeError(ctx, sensitive(), 4);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(sensitive().message);
		expect(error.description).toBe(
			[
				`Meaning: ${sensitive().meaning}.`,
				`Fix: ${sensitive().fix}`,
				'WeChat said: risky content rid: aaaa-bbbb-cccc',
				'Tried 2 times.',
			].join('\n'),
		);
		expect(error.context).toEqual({ itemIndex: 4 });
		expect(error.node).toBe(TEST_NODE);
	});

	it('gives the HTTP status of a WeChatApiError as httpCode, and none when there is none', () => {
		expect((toNodeError(ctx, lostAnswer()) as NodeApiError).httpCode).toBe('502');
		expect((toNodeError(ctx, notSubscribed()) as NodeApiError).httpCode).toBeNull();
		expect(toNodeError(ctx, notSubscribed()).description).not.toContain('Tried');
	});

	it('turns an InvalidInputError into a NodeOperationError named by item, the other problems and the fix as description', () => {
		const error = toNodeError(ctx, badInput(), 3);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Item 3: Keyword 商品名称 (thing1) has 24 characters');
		expect(error.description).toBe('Keyword 发货时间 (time2) is not a time\nFix: Correct the mapped value.');
		expect(error.context).toEqual({ itemIndex: 3 });
		expect(toNodeError(ctx, badInput()).message).toBe('Keyword 商品名称 (thing1) has 24 characters');
	});

	it('turns anything else into a NodeOperationError with its message', () => {
		const error = toNodeError(ctx, new TypeError('boom'), 0);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('boom');
		expect(error.context).toEqual({ itemIndex: 0 });
		expect(toNodeError(ctx, 'a thrown string').message).toBe('a thrown string');
	});

	it('removes the given secrets and any access_token from every kind of message', () => {
		const leaky = `GET https://api.weixin.qq.com/x?access_token=LIVE-TOKEN-VALUE failed with ${SECRET}`;
		for (const error of [new Error(leaky), new InvalidInputError(leaky, 'fix'), new WeChatApiError({ operation: leaky, kind: 'bad-response' })]) {
			const message = toNodeError(ctx, error, 1, [SECRET]).message;
			expect(message).not.toContain(SECRET);
			expect(message).not.toContain('LIVE-TOKEN-VALUE');
			expect(message).toContain('access_token=***');
		}
	});
});

describe('weChatErrorDetails', () => {
	it('gives operation, kind, meaning and fix, plus errcode, errmsg and rid when WeChat answered', () => {
		expect(weChatErrorDetails(notSubscribed())).toEqual({
			operation: 'Send Subscription Message',
			kind: 'errcode',
			meaning: notSubscribed().meaning,
			fix: notSubscribed().fix,
			errcode: 43101,
			errmsg: 'user refuse to accept the msg rid: 1234-5678-9abc',
			rid: '1234-5678-9abc',
		});
	});

	it('gives httpStatus and outcomeUnknown for a lost answer, and nothing that does not apply', () => {
		expect(weChatErrorDetails(lostAnswer())).toEqual({
			operation: 'Send Subscription Message',
			kind: 'http-status',
			meaning: lostAnswer().meaning,
			fix: lostAnswer().fix,
			httpStatus: 502,
			outcomeUnknown: true,
		});
	});
});

describe('failureItem: one shape for every reason', () => {
	it('not_subscribed: 43101, the user has no subscription left', () => {
		const item = failureItem(ctx, notSubscribed(), 2, { fields: { msgid: null, touser: 'oUser' } });
		expect(item).toEqual({
			json: {
				success: false,
				msgid: null,
				touser: 'oUser',
				reason: 'not_subscribed',
				errcode: 43101,
				meaning: notSubscribed().meaning,
				fix: notSubscribed().fix,
				rid: '1234-5678-9abc',
				error: notSubscribed().message,
				operation: 'Send Subscription Message',
				kind: 'errcode',
				errmsg: 'user refuse to accept the msg rid: 1234-5678-9abc',
			},
			pairedItem: { item: 2 },
		});
		// The item's own fields come first, then the shape.
		expect(Object.keys(item.json).slice(0, 9)).toEqual(['success', 'msgid', 'touser', 'reason', 'errcode', 'meaning', 'fix', 'rid', 'error']);
	});

	it('outcome_unknown: WeChat may have acted, with no errcode and no rid', () => {
		expect(failureItem(ctx, lostAnswer(), 0).json).toEqual({
			success: false,
			reason: 'outcome_unknown',
			errcode: null,
			meaning: lostAnswer().meaning,
			fix: lostAnswer().fix,
			rid: null,
			error: lostAnswer().message,
			operation: 'Send Subscription Message',
			kind: 'http-status',
			httpStatus: 502,
			outcomeUnknown: true,
		});
	});

	it('outcome_unknown after a network error keeps our message: n8n would swap one naming ECONNABORTED for its generic text', () => {
		const hung = new WeChatApiError({
			operation: 'Send Subscription Message',
			kind: 'network',
			errmsg: 'ECONNABORTED: timeout of 2000ms exceeded',
			outcomeUnknown: true,
		});
		const { error } = failureItem(ctx, hung, 3).json;
		expect(error).toBe(hung.message);
		expect(error).toMatch(/no answer from the WeChat API host \(ECONNABORTED: timeout of 2000ms exceeded\)\. .*raise the request timeout/);
		expect(error).toContain('WeChat may have accepted the request, so it was not retried');
	});

	it('wechat_error: any other WeChat answer', () => {
		expect(failureItem(ctx, sensitive(), 1).json).toMatchObject({
			success: false,
			reason: 'wechat_error',
			errcode: 45168,
			meaning: sensitive().meaning,
			fix: sensitive().fix,
			rid: 'aaaa-bbbb-cccc',
			error: sensitive().message,
		});
	});

	it('invalid_data: refused before calling WeChat, every problem in meaning', () => {
		expect(failureItem(ctx, badInput(), 5)).toEqual({
			json: {
				success: false,
				reason: 'invalid_data',
				errcode: null,
				meaning: 'Keyword 商品名称 (thing1) has 24 characters Keyword 发货时间 (time2) is not a time',
				fix: 'Correct the mapped value.',
				rid: null,
				error: 'Keyword 商品名称 (thing1) has 24 characters',
			},
			pairedItem: { item: 5 },
		});
	});

	it('error: anything else, or the reason the caller gives for it', () => {
		expect(failureItem(ctx, new Error('socket closed'), 0).json).toEqual({
			success: false,
			reason: 'error',
			errcode: null,
			meaning: null,
			fix: null,
			rid: null,
			error: 'socket closed',
		});
		expect(failureItem(ctx, new Error('Template Data (JSON) is not valid JSON'), 0, { otherReason: 'invalid_data' }).json.reason).toBe('invalid_data');
		// otherReason never relabels a WeChat answer or refused input.
		expect(failureItem(ctx, sensitive(), 0, { otherReason: 'invalid_data' }).json.reason).toBe('wechat_error');
	});

	it.each([
		['not_subscribed', notSubscribed],
		['window_closed', () => new WeChatApiError({ operation: 'Send Customer Service Message', kind: 'errcode', errcode: 45015 })],
		['reply_limit', () => new WeChatApiError({ operation: 'Send Customer Service Message', kind: 'errcode', errcode: 45047 })],
		['outcome_unknown', lostAnswer],
		['wechat_error', sensitive],
		['invalid_data', badInput],
		['error', () => new Error('x')],
	])('%s has all of success, reason, errcode, meaning, fix, rid and error', (reason, make) => {
		const { json } = failureItem(ctx, make(), 0);
		for (const key of ONE_SHAPE) expect(json).toHaveProperty(key);
		expect(json.success).toBe(false);
		expect(json.reason).toBe(reason);
	});

	it('keeps an access_token out of the error text', () => {
		const { json } = failureItem(ctx, new Error('POST https://api.weixin.qq.com/x?access_token=LIVE-TOKEN-VALUE reset'), 0);
		expect(JSON.stringify(json)).not.toContain('LIVE-TOKEN-VALUE');
	});
});
