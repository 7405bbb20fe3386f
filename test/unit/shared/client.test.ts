import type { IHttpRequestOptions } from 'n8n-workflow';

import { WeChatClient } from '../../../nodes/protocol/client';
import { InvalidInputError, WeChatApiError } from '../../../nodes/protocol/errors';
import type { WeChatHttpRequest, WeChatHttpResponse } from '../../../nodes/protocol/http';
import { sharedTokenCache } from '../../../nodes/protocol/token';
import { readCredentialsFrom, sendThroughN8n, weChatClientFor } from '../../../nodes/shared/client';
import {
	fakeExecuteContext,
	fakeLoadOptionsContext,
	httpThroughSend,
	type HttpExchange,
	type N8nHttpRequest,
} from '../../helpers/fakeN8nContext';
import { rejectionOf } from '../../helpers/thrown';

const APP_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const CREDENTIALS = { appId: 'wx0123456789abcdef', appSecret: APP_SECRET, baseUrl: 'custom', customBaseUrl: 'http://wechat.test/' };

/** WeChat's answers scripted per path: a token, then `business` for every other call. */
function scripted(business: (request: WeChatHttpRequest) => WeChatHttpResponse = () => ({ statusCode: 200, body: '{"errcode":0}' })) {
	const requests: WeChatHttpRequest[] = [];
	const http = httpThroughSend(async (request) => {
		requests.push(request);
		if (request.url.includes('/cgi-bin/stable_token')) return { statusCode: 200, body: '{"access_token":"TOKEN-1","expires_in":7200}' };
		return business(request);
	});
	return { http, requests };
}

const refusal = (promise: Promise<unknown>): Promise<InvalidInputError> => rejectionOf(InvalidInputError, promise);

beforeEach(() => sharedTokenCache.clear());

describe('readCredentialsFrom', () => {
	it('reads the WeChat credential of the node, resolving the custom base URL', async () => {
		const ctx = fakeExecuteContext({ credentials: CREDENTIALS });
		expect(await readCredentialsFrom(ctx)).toEqual({
			appId: 'wx0123456789abcdef',
			appSecret: APP_SECRET,
			baseUrl: 'http://wechat.test',
			token: undefined,
			encodingAESKey: undefined,
		});
	});

	it('asks for the credential of the given item (item 0 by default)', async () => {
		const asked: Array<number | undefined> = [];
		const credentials = (itemIndex: number | undefined) => {
			asked.push(itemIndex);
			return { ...CREDENTIALS, appId: `wx000000000000000${itemIndex ?? 'x'}` };
		};
		const ctx = fakeExecuteContext({ credentials });
		expect((await readCredentialsFrom(ctx, 3)).appId).toBe('wx0000000000000003');
		expect((await readCredentialsFrom(ctx)).appId).toBe('wx0000000000000000');
		expect(asked).toEqual([3, 0]);
	});

	it('works in a load-options context too', async () => {
		expect((await readCredentialsFrom(fakeLoadOptionsContext({ credentials: CREDENTIALS }))).appId).toBe(CREDENTIALS.appId);
	});

	it.each([
		['appId', 'The credential has no App ID'],
		['appSecret', 'The credential has no App Secret'],
		['customBaseUrl', "The credential's API Base URL must start with http:// or https://"],
	])('refuses a credential without %s with an InvalidInputError naming the field', async (field, message) => {
		const error = await refusal(readCredentialsFrom(fakeExecuteContext({ credentials: { ...CREDENTIALS, [field]: '' } })));
		expect(error.message).toBe(message);
	});
});

describe('weChatClientFor', () => {
	it('gives a WeChatClient that calls WeChat through n8n’s HTTP helper, text in and out, no status throw', async () => {
		const exchanges: HttpExchange[] = [];
		const { http } = scripted(() => ({ statusCode: 200, body: '{"errcode":0,"msgid":1864323726461255681}' }));
		const client = await weChatClientFor(fakeExecuteContext({ credentials: CREDENTIALS, http, exchanges }));
		expect(client).toBeInstanceOf(WeChatClient);
		const answer = await client.call<{ msgid: string }>({
			method: 'POST',
			path: '/cgi-bin/message/subscribe/send',
			json: { touser: 'o1' },
			retry: 'not-accepted-only',
			operation: 'Send',
		});
		expect(answer.msgid).toBe('1864323726461255681');
		expect(exchanges.map((e) => e.options)).toEqual([
			{
				method: 'POST',
				url: 'http://wechat.test/cgi-bin/stable_token',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ grant_type: 'client_credential', appid: CREDENTIALS.appId, secret: APP_SECRET, force_refresh: false }),
				timeout: 10_000,
				encoding: 'text',
				json: false,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			},
			{
				method: 'POST',
				url: 'http://wechat.test/cgi-bin/message/subscribe/send?access_token=TOKEN-1',
				headers: { 'Content-Type': 'application/json' },
				body: '{"touser":"o1"}',
				timeout: 10_000,
				encoding: 'text',
				json: false,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			},
		]);
	});

	it('passes the timeout and the retry bound on, and reads the credential of the item', async () => {
		const { http, requests } = scripted(() => ({ statusCode: 200, body: '{"errcode":-1,"errmsg":"system busy"}' }));
		const asked: Array<number | undefined> = [];
		const credentials = (itemIndex: number | undefined) => {
			asked.push(itemIndex);
			return CREDENTIALS;
		};
		const client = await weChatClientFor(fakeExecuteContext({ credentials, http }), { itemIndex: 2, timeoutMs: 2500, maxTransientRetries: 0 });
		const failure = client.call({ method: 'GET', path: '/wxaapi/newtmpl/getcategory', retry: 'idempotent', operation: 'Load' });
		await expect(failure).rejects.toBeInstanceOf(WeChatApiError);
		await expect(failure).rejects.toMatchObject({ errcode: -1, attempts: 1 });
		expect(asked).toEqual([2]);
		expect(requests.map((r) => r.timeoutMs)).toEqual([2500, 2500]);
	});

	it('refuses an incomplete credential before any request', async () => {
		const exchanges: HttpExchange[] = [];
		const ctx = fakeExecuteContext({ credentials: { ...CREDENTIALS, appSecret: ' ' }, http: scripted().http, exchanges });
		expect((await refusal(weChatClientFor(ctx))).message).toBe('The credential has no App Secret');
		expect(exchanges).toEqual([]);
	});
});

describe('sendThroughN8n', () => {
	const request: WeChatHttpRequest = {
		method: 'POST',
		url: 'http://wechat.test/wxaapi/newtmpl/addtemplate?access_token=T',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: 'tid=1&kidList=1&kidList=2',
		timeoutMs: 1234,
	};
	const through = (answer: unknown) => {
		const seen: IHttpRequestOptions[] = [];
		const http: N8nHttpRequest = async (options) => {
			seen.push(options);
			return answer;
		};
		return { send: sendThroughN8n(fakeExecuteContext({ http })), seen };
	};

	it('hands n8n the request as raw text with the full response and no throw on HTTP errors', async () => {
		const { send, seen } = through({ statusCode: 502, body: '<html>bad gateway</html>' });
		expect(await send(request)).toEqual({ statusCode: 502, body: '<html>bad gateway</html>' });
		expect(seen).toEqual([
			{
				method: 'POST',
				url: request.url,
				headers: request.headers,
				body: request.body,
				timeout: 1234,
				encoding: 'text',
				json: false,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			},
		]);
	});

	it('hands a byte body (a multipart upload) to n8n as the same bytes, not as text', async () => {
		const { send, seen } = through({ statusCode: 200, body: '{"errcode":0}' });
		const bytes = Buffer.from([0, 0xff, 0x0d, 0x0a]);
		await send({ ...request, headers: { 'Content-Type': 'multipart/form-data; boundary=B' }, body: bytes });
		expect(seen[0].body).toBe(bytes);
		expect(seen[0].headers).toEqual({ 'Content-Type': 'multipart/form-data; boundary=B' });
	});

	it('keeps a 64-bit id exact in a text body', async () => {
		const { send } = through({ statusCode: 200, body: '{"errcode":0,"msgid":1864323726461255681}' });
		expect((await send(request)).body).toBe('{"errcode":0,"msgid":1864323726461255681}');
	});

	it('decodes a Buffer body as UTF-8', async () => {
		const { send } = through({ statusCode: 200, body: Buffer.from('{"errmsg":"发货"}', 'utf8') });
		expect((await send(request)).body).toBe('{"errmsg":"发货"}');
	});

	it('writes back a body n8n parsed anyway, and an empty text for none', async () => {
		expect((await through({ statusCode: 200, body: { errcode: 0 } }).send(request)).body).toBe('{"errcode":0}');
		expect((await through({ statusCode: 200, body: undefined }).send(request)).body).toBe('');
		expect((await through({ statusCode: 200, body: null }).send(request)).body).toBe('');
	});

	it('takes a missing status code as 200', async () => {
		expect(await through({ body: '{}' }).send(request)).toEqual({ statusCode: 200, body: '{}' });
	});
});
