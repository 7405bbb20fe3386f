import { WeChatClient, type WeChatCall } from '../../../nodes/protocol/client';
import { WeChatApiError } from '../../../nodes/protocol/errors';
import type { SendFunction, WeChatHttpRequest, WeChatHttpResponse } from '../../../nodes/protocol/http';
import { StableTokenCache } from '../../../nodes/protocol/token';
import { rejectionOf } from '../../helpers/thrown';

/**
 * The transport seam the client takes by design: a send function that records each request and
 * answers what the test scripts, so retry, back-off and token sequences are exact. Not a transport WeChat:
 * the sandbox is that (test/integration/ runs the client's callers against it).
 */
interface ScriptedSend {
	send: SendFunction;
	requests: WeChatHttpRequest[];
	/** Requests whose URL contains `pathPart`. */
	count(pathPart: string): number;
}

function scriptedSend(answer: (request: WeChatHttpRequest) => WeChatHttpResponse | Promise<WeChatHttpResponse>): ScriptedSend {
	const requests: WeChatHttpRequest[] = [];
	return {
		requests,
		send: async (request) => {
			requests.push(request);
			await Promise.resolve();
			return await answer(request);
		},
		count: (pathPart) => requests.filter((r) => r.url.includes(pathPart)).length,
	};
}

const json = (text: string, statusCode = 200): WeChatHttpResponse => ({ statusCode, body: text });
const tokenAnswer = (token: string, expiresIn = 7200): WeChatHttpResponse => json(JSON.stringify({ access_token: token, expires_in: expiresIn }));
const queryOf = (request: WeChatHttpRequest): URLSearchParams => new URL(request.url).searchParams;
const noSleep = async (): Promise<void> => {};

const APP_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const credentials = { appId: 'wx1234567890abcdef', appSecret: APP_SECRET, baseUrl: 'https://api.weixin.qq.com' };

const SEND: WeChatCall = {
	method: 'POST',
	path: '/cgi-bin/message/subscribe/send',
	json: { touser: 'o1', template_id: 't1', data: {} },
	retry: 'not-accepted-only',
	operation: 'Send Subscription Message',
};
const READ: WeChatCall = { method: 'GET', path: '/wxaapi/newtmpl/gettemplate', retry: 'idempotent', operation: 'List Account Templates' };

function clientFor(transport: ScriptedSend, extra: { sleeps?: number[]; maxTransientRetries?: number } = {}) {
	const sleeps = extra.sleeps;
	return new WeChatClient({
		credentials,
		send: transport.send,
		sleep: async (ms) => {
			sleeps?.push(ms);
		},
		tokenCache: new StableTokenCache(),
		maxTransientRetries: extra.maxTransientRetries,
		random: () => 0.5,
	});
}

/** A WeChat whose token endpoint hands out TOKEN-1, TOKEN-2… and whose business answers come from `business`. */
function wechat(business: (request: WeChatHttpRequest, token: string) => ReturnType<typeof json>) {
	let issued = 0;
	return scriptedSend((request) => {
		if (request.url.includes('/cgi-bin/stable_token')) return tokenAnswer(`TOKEN-${++issued}`);
		return business(request, queryOf(request).get('access_token') ?? '');
	});
}

const failure = (promise: Promise<unknown>): Promise<WeChatApiError> => rejectionOf(WeChatApiError, promise);

describe('WeChatClient request path', () => {
	it('fetches a stable token in normal mode and sends it as access_token on the business call', async () => {
		const transport = wechat(() => json('{"errcode":0,"errmsg":"ok","msgid":1864323726461255681}'));
		const body = await clientFor(transport).call<{ msgid: string }>(SEND);
		expect(body.msgid).toBe('1864323726461255681');
		const [tokenCall, sendCall] = transport.requests;
		expect(tokenCall.method).toBe('POST');
		expect(tokenCall.url).toBe('https://api.weixin.qq.com/cgi-bin/stable_token');
		expect(JSON.parse(String(tokenCall.body ?? ''))).toEqual({
			grant_type: 'client_credential',
			appid: credentials.appId,
			secret: APP_SECRET,
			force_refresh: false,
		});
		expect(sendCall.url).toBe('https://api.weixin.qq.com/cgi-bin/message/subscribe/send?access_token=TOKEN-1');
		expect(sendCall.headers).toEqual({ 'Content-Type': 'application/json' });
		expect(JSON.parse(String(sendCall.body ?? ''))).toEqual(SEND.json);
	});

	it('never sends force_refresh: true, whatever happens', async () => {
		const transport = wechat(() => json('{"errcode":40001,"errmsg":"invalid credential"}'));
		await failure(clientFor(transport).call(SEND));
		for (const request of transport.requests.filter((r) => r.url.includes('stable_token'))) {
			expect(JSON.parse(String(request.body ?? '')).force_refresh).toBe(false);
		}
	});

	it('adds query parameters after the token and encodes form bodies with repeated keys', async () => {
		const transport = wechat(() => json('{"errcode":0,"priTmplId":"abc"}'));
		await clientFor(transport).call({
			method: 'POST',
			path: '/wxaapi/newtmpl/addtemplate',
			form: { tid: 401, kidList: [1, 2], sceneDesc: '发货提醒' },
			retry: 'not-accepted-only',
			operation: 'Add Template to Account',
		});
		const add = transport.requests[1];
		expect(add.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' });
		expect(add.body).toBe('tid=401&kidList=1&kidList=2&sceneDesc=%E5%8F%91%E8%B4%A7%E6%8F%90%E9%86%92');
		await clientFor(transport).call({ ...READ, path: '/wxaapi/newtmpl/getpubtemplatetitles', query: { ids: '2,616', start: 0, limit: 30, skip: undefined } });
		expect(transport.requests[transport.requests.length - 1].url).toMatch(/\?access_token=TOKEN-\d&ids=2%2C616&start=0&limit=30$/);
	});

	it('sends a raw body (a multipart upload) as its exact bytes with its Content-Type', async () => {
		const transport = wechat(() => json('{"errcode":0,"media_id":"M"}'));
		const bytes = Buffer.from([0, 0xff, 0x0d, 0x0a, 0x80]);
		await clientFor(transport).call({
			method: 'POST',
			path: '/cgi-bin/media/upload',
			query: { type: 'image' },
			raw: { body: bytes, contentType: 'multipart/form-data; boundary=B' },
			retry: 'idempotent',
			operation: 'Upload Image (temporary media)',
		});
		const upload = transport.requests[1];
		expect(upload.url).toMatch(/\/cgi-bin\/media\/upload\?access_token=TOKEN-1&type=image$/);
		expect(upload.headers).toEqual({ 'Content-Type': 'multipart/form-data; boundary=B' });
		expect(Buffer.isBuffer(upload.body) && upload.body.equals(bytes)).toBe(true);
	});

	it.each([40001, 40014, 42001])('on errcode %i drops the token, fetches a new one and retries once', async (code) => {
		const transport = wechat((_r, token) =>
			token === 'TOKEN-1' ? json(`{"errcode":${code},"errmsg":"stale rid: 1-2-3"}`) : json('{"errcode":0,"msgid":5}'),
		);
		const body = await clientFor(transport).call<{ msgid: string }>(SEND);
		expect(body.msgid).toBe('5');
		expect(transport.count('stable_token')).toBe(2);
		expect(transport.count('subscribe/send')).toBe(2);
	});

	it('retries a stale token only once per request', async () => {
		const transport = wechat(() => json('{"errcode":40001,"errmsg":"invalid credential rid: a-b-c"}'));
		const error = await failure(clientFor(transport).call(SEND));
		expect(error.errcode).toBe(40001);
		expect(transport.count('subscribe/send')).toBe(2);
		expect(transport.count('stable_token')).toBe(2);
	});

	it('never refreshes the token on 48001 (a permission problem, not a token problem)', async () => {
		const transport = wechat(() => json('{"errcode":48001,"errmsg":"api unauthorized"}'));
		const error = await failure(clientFor(transport).call(READ));
		expect(error.errcode).toBe(48001);
		expect(transport.count('stable_token')).toBe(1);
		expect(transport.count('gettemplate')).toBe(1);
	});

	it('refreshes exactly once when a token dies under 50 requests in flight', async () => {
		const tokenCache = new StableTokenCache();
		const transport = wechat((_r, token) => (token === 'TOKEN-1' ? json('{"errcode":40001,"errmsg":"x"}') : json('{"errcode":0,"msgid":1}')));
		const client = new WeChatClient({ credentials, send: transport.send, sleep: noSleep, tokenCache });
		await client.accessToken();
		await Promise.all(Array.from({ length: 50 }, () => client.call(SEND)));
		expect(transport.count('stable_token')).toBe(2);
		expect(transport.count('subscribe/send')).toBe(100);
	});

	it('retries -1 and 45011 with growing back-off, even for a send (WeChat did nothing)', async () => {
		const answers = ['{"errcode":-1,"errmsg":"system error"}', '{"errcode":45011,"errmsg":"api minute-quota reach limit"}', '{"errcode":0,"msgid":9}'];
		const transport = wechat(() => json(answers.shift() ?? '{"errcode":0}'));
		const sleeps: number[] = [];
		const body = await clientFor(transport, { sleeps }).call<{ msgid: string }>(SEND);
		expect(body.msgid).toBe('9');
		expect(transport.count('subscribe/send')).toBe(3);
		expect(sleeps).toEqual([225, 450]);
	});

	it('gives up after the bounded number of transient retries and says how often it tried', async () => {
		const transport = wechat(() => json('{"errcode":-1,"errmsg":"system error rid: 9-9-9"}'));
		const sleeps: number[] = [];
		const error = await failure(clientFor(transport, { sleeps, maxTransientRetries: 3 }).call(READ));
		expect(error.errcode).toBe(-1);
		expect(error.attempts).toBe(4);
		expect(sleeps).toHaveLength(3);
		expect(transport.count('gettemplate')).toBe(4);
	});

	it('retries HTTP 5xx and connection resets for reads', async () => {
		let n = 0;
		const transport = wechat(() => {
			n++;
			if (n === 1) return json('<html>502</html>', 502);
			if (n === 2) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
			return json('{"errcode":0,"data":[]}');
		});
		expect(await clientFor(transport).call(READ)).toEqual({ errcode: 0, data: [] });
		expect(transport.count('gettemplate')).toBe(3);
	});

	it.each([
		['HTTP 500', () => json('oops', 500)],
		['a connection reset', () => { throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }); }],
		['a timeout', () => { throw Object.assign(new Error('timeout of 10000ms exceeded'), { code: 'ECONNABORTED' }); }],
	])('does not retry a send after %s (it may have gone out) and says the outcome is unknown', async (_name, answer) => {
		const transport = wechat(answer);
		const error = await failure(clientFor(transport).call(SEND));
		expect(transport.count('subscribe/send')).toBe(1);
		expect(error.outcomeUnknown).toBe(true);
		expect(error.message).toContain('may have accepted');
	});

	it('retries a send when the connection was refused (nothing reached WeChat)', async () => {
		let n = 0;
		const transport = wechat(() => {
			if (++n === 1) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
			return json('{"errcode":0,"msgid":3}');
		});
		expect(await clientFor(transport).call(SEND)).toEqual({ errcode: 0, msgid: '3' });
		expect(transport.count('subscribe/send')).toBe(2);
	});

	it('reports a non-JSON answer as a bad response without retrying', async () => {
		const transport = wechat(() => json('<html>captive portal</html>'));
		const error = await failure(clientFor(transport).call(READ));
		expect(error.kind).toBe('bad-response');
		expect(transport.count('gettemplate')).toBe(1);
	});

	it.each([
		[40013, 'invalid App ID'],
		[40125, 'invalid App Secret'],
		[40164, 'IP whitelist'],
	])('fails the token call on %i with the fix, without calling the business API', async (code, words) => {
		const transport = scriptedSend(() => json(`{"errcode":${code},"errmsg":"invalid ip 198.51.100.4, not in whitelist rid: 11-22-33"}`));
		const error = await failure(clientFor(transport).call(READ));
		expect(error.operation).toBe('Get access token');
		expect(error.errcode).toBe(code);
		expect(error.message).toContain(words);
		expect(error.rid).toBe('11-22-33');
		expect(transport.count('gettemplate')).toBe(0);
	});

	it('retries the token call on quota errors and -1', async () => {
		const answers = ['{"errcode":45011,"errmsg":"minute quota"}', '{"errcode":-1,"errmsg":"busy"}'];
		const transport = scriptedSend((request) => {
			if (request.url.includes('stable_token')) {
				const next = answers.shift();
				return next ? json(next) : tokenAnswer('TOKEN-OK');
			}
			return json('{"errcode":0}');
		});
		await clientFor(transport).call(READ);
		expect(transport.count('stable_token')).toBe(3);
	});

	it('does not retry the daily quota (45009): it will not clear today', async () => {
		const transport = scriptedSend(() => json('{"errcode":45009,"errmsg":"reach max api daily quota limit"}'));
		const error = await failure(clientFor(transport).call(READ));
		expect(error.errcode).toBe(45009);
		expect(transport.count('stable_token')).toBe(1);
	});

	it('passes the timeout to every request', async () => {
		const transport = wechat(() => json('{"errcode":0}'));
		const client = new WeChatClient({ credentials, send: transport.send, sleep: noSleep, tokenCache: new StableTokenCache(), timeoutMs: 2500 });
		await client.call(READ);
		expect(transport.requests.map((r) => r.timeoutMs)).toEqual([2500, 2500]);
	});
});

describe('WeChatClient keeps secrets out of errors', () => {
	const leaky = (request: WeChatHttpRequest) =>
		`echo of ${request.url} secret=${APP_SECRET} token ${queryOf(request).get('access_token') ?? ''}`;

	function allText(error: WeChatApiError): string {
		return [error.message, error.errmsg, JSON.stringify(error), String(error.stack)].join('\n');
	}

	it('redacts the App Secret and the access token from errmsg of a business call', async () => {
		const transport = wechat((request) => json(JSON.stringify({ errcode: 47003, errmsg: leaky(request) })));
		const error = await failure(clientFor(transport).call(SEND));
		expect(allText(error)).not.toContain(APP_SECRET);
		expect(allText(error)).not.toContain('TOKEN-1');
		expect(error.errmsg).toContain('access_token=***');
	});

	it('redacts the App Secret from a token-call failure', async () => {
		const transport = scriptedSend((request) => json(JSON.stringify({ errcode: 40125, errmsg: `bad ${request.body ?? ''}` })));
		const error = await failure(clientFor(transport).call(READ));
		expect(allText(error)).not.toContain(APP_SECRET);
	});

	it('redacts the token from network error messages that quote the URL', async () => {
		const transport = wechat((request) => {
			throw Object.assign(new Error(`connect failed for ${request.url}`), { code: 'ECONNRESET' });
		});
		const error = await failure(clientFor(transport, { maxTransientRetries: 0 }).call(READ));
		expect(allText(error)).not.toContain('TOKEN-1');
		expect(error.kind).toBe('network');
	});

	it('redacts the token from HTTP status failures', async () => {
		const transport = wechat(() => json('nope', 503));
		const error = await failure(clientFor(transport, { maxTransientRetries: 0 }).call(READ));
		expect(allText(error)).not.toContain('TOKEN-1');
		expect(error.message).toContain('HTTP 503');
	});
});
