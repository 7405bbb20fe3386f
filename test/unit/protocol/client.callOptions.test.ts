/** The per-call options of the request path: an API's own errcode table, and the fix of an unknown outcome. */
import { WeChatClient, type WeChatCall } from '../../../nodes/protocol/client';
import { ERRCODES, WeChatApiError, type ErrcodeTable } from '../../../nodes/protocol/errors';
import type { WeChatHttpResponse } from '../../../nodes/protocol/http';
import { StableTokenCache } from '../../../nodes/protocol/token';
import { rejectionOf } from '../../helpers/thrown';

function clientAnswering(answers: Array<WeChatHttpResponse | Error>) {
	let business = 0;
	const client = new WeChatClient({
		credentials: { appId: 'wx1234567890abcdef', appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', baseUrl: 'https://api.weixin.qq.com' },
		send: async (request) => {
			if (request.url.includes('/cgi-bin/stable_token')) return { statusCode: 200, body: '{"access_token":"T","expires_in":7200}' };
			const answer = answers[Math.min(business++, answers.length - 1)];
			if (answer instanceof Error) throw answer;
			return answer;
		},
		sleep: async () => undefined,
		tokenCache: new StableTokenCache(),
	});
	return { client, businessCalls: () => business };
}

const errcode = (code: number): WeChatHttpResponse => ({ statusCode: 200, body: JSON.stringify({ errcode: code, errmsg: 'x' }) });
const OWN: ErrcodeTable = { 40129: { meaning: 'scene invalid here', fix: 'fix the scene', handling: 'final' }, 44990: { meaning: 'slow down', fix: 'wait', handling: 'transient-refused' } };
const READ: WeChatCall = { method: 'POST', path: '/x', json: {}, retry: 'idempotent', operation: 'Read X', errcodes: OWN };

describe('an API\'s own errcode table', () => {
	it('gives its meaning and fix instead of the shared table\'s', async () => {
		const error = await rejectionOf(WeChatApiError, clientAnswering([errcode(40129)]).client.call(READ));
		expect(error.meaning).toBe('scene invalid here');
		expect(error.message).toBe('Read X failed: WeChat errcode 40129: scene invalid here. fix the scene');
	});

	it('decides retries too: its transient-refused errcode is retried with back-off', async () => {
		const wechat = clientAnswering([errcode(44990), { statusCode: 200, body: '{"errcode":0,"ok":1}' }]);
		expect(await wechat.client.call(READ)).toEqual({ errcode: 0, ok: 1 });
		expect(wechat.businessCalls()).toBe(2);
		expect(ERRCODES[44990].handling).toBe('final'); // the shared table is unchanged
	});

	it('falls back to the shared table for the others', async () => {
		const error = await rejectionOf(WeChatApiError, clientAnswering([errcode(45009)]).client.call(READ));
		expect(error.meaning).toBe(ERRCODES[45009].meaning);
	});
});

describe('the fix of an unknown outcome', () => {
	const UPLOAD: WeChatCall = { method: 'POST', path: '/y', json: {}, retry: 'not-accepted-only', operation: 'Upload Y', outcomeUnknownFix: 'query Y before uploading again.' };

	it('replaces the generic "check before sending again" when the call names one', async () => {
		const timeout = Object.assign(new Error('timeout of 10000ms exceeded'), { code: 'ECONNABORTED' });
		const wechat = clientAnswering([timeout]);
		const error = await rejectionOf(WeChatApiError, wechat.client.call(UPLOAD));
		expect(error.outcomeUnknown).toBe(true);
		expect(error.fix).toContain('WeChat may have accepted the request, so it was not retried: query Y before uploading again.');
		expect(wechat.businessCalls()).toBe(1);
	});

	it('leaves the generic wording for calls that name none', async () => {
		const { outcomeUnknownFix: _fix, ...plain } = UPLOAD;
		const error = await rejectionOf(WeChatApiError, clientAnswering([{ statusCode: 502, body: 'bad gateway' }]).client.call(plain));
		expect(error.fix).toContain('(a retry could send a message twice); check before sending again.');
	});
});
