/**
 * The protocol client against the sandbox over real HTTP: the sequences client.test.ts scripts at the
 * send seam (stale token, transient refusals, a lost answer) happen the same way with the one fake WeChat.
 */
import { WeChatClient, type WeChatCall } from '../../nodes/protocol/client';
import { WeChatApiError } from '../../nodes/protocol/errors';
import { sendSubscribeMessage } from '../../nodes/protocol/subscribeMessage';
import { StableTokenCache } from '../../nodes/protocol/token';
import { SANDBOX_OPENIDS, SANDBOX_TEMPLATE_IDS } from '../../sandbox/seed';
import { FIRST_MSGID } from '../../sandbox/state';
import { fetchSend, useSandbox } from '../helpers/sandbox';
import { rejectionOf } from '../helpers/thrown';

const SEND_PATH = '/cgi-bin/message/subscribe/send';
const CATEGORY_PATH = '/wxaapi/newtmpl/getcategory';
const READ: WeChatCall = { method: 'GET', path: CATEGORY_PATH, retry: 'idempotent', operation: 'Load Template Categories' };
const BODY = {
	touser: SANDBOX_OPENIDS.alice,
	template_id: SANDBOX_TEMPLATE_IDS.orderShipped,
	data: {
		thing1: { value: '机械键盘' },
		character_string2: { value: 'TS20240501123456' },
		time3: { value: '2024-05-01 10:00' },
		thing4: { value: '顺丰速运' },
		character_string5: { value: 'SF1234567890' },
	},
};

const sandbox = useSandbox();

function client(sleeps: number[] = []) {
	return new WeChatClient({
		credentials: sandbox.weChatCredentials(),
		send: fetchSend,
		sleep: async (ms) => {
			sleeps.push(ms);
		},
		tokenCache: new StableTokenCache(),
		random: () => 0.5,
	});
}

const failure = (promise: Promise<unknown>): Promise<WeChatApiError> => rejectionOf(WeChatApiError, promise);

describe('WeChatClient against the sandbox', () => {
	it('gets a stable token and sends, reading the 64-bit msgid exactly', async () => {
		expect(await sendSubscribeMessage(client(), BODY)).toBe(String(FIRST_MSGID));
		expect(sandbox.counters().tokenCalls.stableToken).toBe(1);
		expect(sandbox.messages().map((m) => m.msgid)).toEqual([String(FIRST_MSGID)]);
	});

	it('drops a token WeChat no longer accepts, fetches one new token and retries once', async () => {
		const wechat = client();
		await wechat.call(READ);
		sandbox.invalidateTokens();
		expect(await wechat.call(READ)).toMatchObject({ errcode: 0 });
		const counters = sandbox.counters();
		expect(counters.rejectedTokens).toBe(1);
		expect(counters.tokenCalls.stableToken).toBe(2);
		expect(counters.requests[CATEGORY_PATH]).toBe(3);
	});

	it('retries a send WeChat refused with 45011 after backing off, and sends it once', async () => {
		sandbox.addFault({ mode: 'errcode', errcode: 45011, count: 1, path: SEND_PATH });
		const sleeps: number[] = [];
		expect(await sendSubscribeMessage(client(sleeps), BODY)).toBe(String(FIRST_MSGID));
		expect(sleeps).toEqual([225]);
		expect(sandbox.requests({ path: SEND_PATH }).map((r) => r.errcode)).toEqual([45011, 0]);
		expect(sandbox.messages()).toHaveLength(1);
	});

	it('does not retry a send whose answer was lost, and says the message may have gone out', async () => {
		sandbox.addFault({ mode: 'http500', count: 1, path: SEND_PATH, afterProcessing: true });
		const error = await failure(sendSubscribeMessage(client(), BODY));
		expect(error).toMatchObject({ kind: 'http-status', httpStatus: 500, outcomeUnknown: true, attempts: 1 });
		// It had gone out: the sandbox performed the send before losing the answer.
		expect(sandbox.messages()).toHaveLength(1);
		expect(sandbox.requests({ path: SEND_PATH })).toHaveLength(1);
	});

	it('retries a read after a dropped connection', async () => {
		sandbox.addFault({ mode: 'reset', count: 1, path: CATEGORY_PATH });
		const sleeps: number[] = [];
		expect(await client(sleeps).call(READ)).toMatchObject({ errcode: 0 });
		expect(sleeps).toHaveLength(1);
		expect(sandbox.requests({ path: CATEGORY_PATH }).map((r) => r.fault ?? 'none')).toEqual(['reset', 'none']);
	});

	it('reports a refused App Secret on the token call, without the secret', async () => {
		const wrong = 'ffffffffffffffffffffffffffffffff';
		const wechat = new WeChatClient({
			credentials: sandbox.weChatCredentials({ appSecret: wrong }),
			send: fetchSend,
			sleep: async () => {},
			tokenCache: new StableTokenCache(),
		});
		const error = await failure(wechat.call(READ));
		expect(error).toMatchObject({ operation: 'Get access token', errcode: 40125 });
		expect(error.rid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
		expect(JSON.stringify({ message: error.message, errmsg: error.errmsg })).not.toContain(wrong);
		expect(sandbox.counters().requests[CATEGORY_PATH]).toBeUndefined();
	});
});
