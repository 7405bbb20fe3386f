import { startSandbox } from '../../sandbox/server';
import { SANDBOX_OPENIDS } from '../../sandbox/seed';
import { useSandbox } from '../helpers/sandbox';
import { call, orderShippedSend, postJson, rawRequest, RID_SUFFIX, send, sendRaw, stableToken } from './helpers';

const SEND_PATH = '/cgi-bin/message/subscribe/send';

describe('sandbox control API', () => {
	const sandbox = useSandbox();
	let token: string;

	beforeEach(async () => {
		token = await stableToken(sandbox);
	});

	const addFault = (spec: Record<string, unknown>) => postJson(sandbox.url, '/__sandbox/faults', spec);

	describe('faults', () => {
		it.each([-1, 45011, 45009, 40001])('errcode %i answers that errcode on the next N matching calls without sending', async (errcode) => {
			expect((await addFault({ mode: 'errcode', errcode, count: 2, path: SEND_PATH })).pending).toHaveLength(1);
			// A call to another path does not use the fault up.
			expect((await call(sandbox.url, 'GET', `/wxaapi/newtmpl/getcategory?access_token=${token}`)).errcode).toBe(0);
			for (let i = 0; i < 2; i++) {
				const answer = await send(sandbox, token, orderShippedSend());
				expect(answer.errcode).toBe(errcode);
				expect(answer.errmsg).toMatch(RID_SUFFIX);
			}
			expect(sandbox.messages()).toHaveLength(0);
			expect((await send(sandbox, token, orderShippedSend())).errcode).toBe(0);
			expect(sandbox.messages()).toHaveLength(1);
			const counters = sandbox.counters();
			expect(counters.faultsApplied.errcode).toBe(2);
			expect(counters.errcodes[String(errcode)]).toBe(2);
		});

		it('hits any WeChat path when no path is given, token endpoints included', async () => {
			await addFault({ mode: 'errcode', errcode: -1, count: 1 });
			const answer = await postJson(sandbox.url, '/cgi-bin/stable_token', {
				grant_type: 'client_credential',
				appid: sandbox.appId,
				secret: sandbox.appSecret,
			});
			expect(answer.errcode).toBe(-1);
			expect(answer.errmsg).toMatch(/^system error rid: /);
			expect(sandbox.pendingFaults()).toEqual([]);
		});

		it('http500 answers an HTML 500 page and sends nothing', async () => {
			await addFault({ mode: 'http500', count: 1, path: SEND_PATH });
			const response = await sendRaw(sandbox, token, orderShippedSend());
			expect(response.status).toBe(500);
			expect(response.headers['content-type']).toBe('text/html');
			expect(response.text).toContain('500 Internal Server Error');
			expect(sandbox.messages()).toHaveLength(0);
		});

		it('hang never answers (the client times out), then calls work again', async () => {
			sandbox.addFault({ mode: 'hang', count: 1, path: SEND_PATH });
			const started = Date.now();
			await expect(
				rawRequest(sandbox.url, 'POST', `${SEND_PATH}?access_token=${token}`, { body: JSON.stringify(orderShippedSend()), timeoutMs: 300 }),
			).rejects.toThrow('client timeout');
			expect(Date.now() - started).toBeGreaterThanOrEqual(290);
			expect(sandbox.messages()).toHaveLength(0);
			expect((await send(sandbox, token, orderShippedSend())).errcode).toBe(0);
			expect(sandbox.counters().faultsApplied.hang).toBe(1);
		});

		it('reset destroys the socket', async () => {
			await addFault({ mode: 'reset', count: 1 });
			await expect(call(sandbox.url, 'GET', `/wxaapi/newtmpl/gettemplate?access_token=${token}`)).rejects.toThrow(/socket hang up|ECONNRESET/);
			expect((await call(sandbox.url, 'GET', `/wxaapi/newtmpl/gettemplate?access_token=${token}`)).errcode).toBe(0);
		});

		it('afterProcessing performs the send, then loses the answer', async () => {
			await addFault({ mode: 'reset', count: 1, path: SEND_PATH, afterProcessing: true });
			await expect(send(sandbox, token, orderShippedSend())).rejects.toThrow(/socket hang up|ECONNRESET/);
			expect(sandbox.messages()).toHaveLength(1);
			// The user slot was released although no answer went out.
			expect((await send(sandbox, token, orderShippedSend())).errcode).toBe(0);
		});

		it('refuses malformed faults with 400 and can be cleared', async () => {
			for (const spec of [{ mode: 'explode', count: 1 }, { mode: 'errcode', count: 1 }, { mode: 'hang', count: 0 }, { mode: 'hang', count: 1, path: 'cgi-bin' }]) {
				const response = await rawRequest(sandbox.url, 'POST', '/__sandbox/faults', { body: JSON.stringify(spec) });
				expect(response.status).toBe(400);
			}
			await addFault({ mode: 'hang', count: 5 });
			expect((await call(sandbox.url, 'GET', '/__sandbox/faults')).pending).toEqual([{ mode: 'hang', count: 5 }]);
			expect(await postJson(sandbox.url, '/__sandbox/faults/clear', {})).toEqual({ pending: [] });
			expect((await call(sandbox.url, 'GET', `/wxaapi/newtmpl/getcategory?access_token=${token}`)).errcode).toBe(0);
		});
	});

	describe('counters', () => {
		it('counts token calls, force refreshes, rejected tokens, sends, errcodes and requests per path', async () => {
			await stableToken(sandbox, true);
			await call(sandbox.url, 'GET', `/cgi-bin/token?grant_type=client_credential&appid=${sandbox.appId}&secret=${sandbox.appSecret}`);
			await send(sandbox, token, orderShippedSend()); // token was force-refreshed away: 40001
			const fresh = await stableToken(sandbox);
			await send(sandbox, fresh, orderShippedSend());
			await send(sandbox, 'unknown', orderShippedSend());
			await send(sandbox, fresh, orderShippedSend({ touser: SANDBOX_OPENIDS.noSubscription }));
			const counters = await call(sandbox.url, 'GET', '/__sandbox/counters');
			expect(counters).toEqual({
				tokenCalls: { token: 1, stableToken: 3 },
				tokensIssued: { token: 1, stableToken: 2 },
				stableForceRefreshes: 1,
				rejectedTokens: 2,
				sendsAccepted: 1,
				errcodes: { '0': 5, '40001': 1, '40014': 1, '43101': 1 },
				requests: { '/cgi-bin/stable_token': 3, '/cgi-bin/token': 1, [SEND_PATH]: 4 },
				faultsApplied: { errcode: 0, http500: 0, hang: 0, reset: 0 },
				pushes: 0,
			});
		});

		it('reset returns to the seed state and zero counters', async () => {
			await postJson(sandbox.url, `/wxaapi/newtmpl/addtemplate?access_token=${token}`, { tid: 1001, kidList: [1, 2], sceneDesc: '发货' });
			const first = (await sendRaw(sandbox, token, orderShippedSend())).text;
			sandbox.setSubscription(SANDBOX_OPENIDS.alice, 'any', 0);
			sandbox.addFault({ mode: 'hang', count: 3 });
			expect(await postJson(sandbox.url, '/__sandbox/reset', {})).toEqual({ ok: true });
			expect(sandbox.pendingFaults()).toEqual([]);
			expect(sandbox.messages()).toEqual([]);
			expect(sandbox.counters().requests).toEqual({});
			// Tokens are gone, templates back to the seed, the msgid starts over.
			expect((await send(sandbox, token, orderShippedSend())).errcode).toBe(40014);
			const fresh = await stableToken(sandbox);
			const list = (await call(sandbox.url, 'GET', `/wxaapi/newtmpl/gettemplate?access_token=${fresh}`)).data as unknown[];
			expect(list).toHaveLength(5);
			expect((await sendRaw(sandbox, fresh, orderShippedSend())).text).toBe(first);
		});
	});

	describe('messages', () => {
		it('lists accepted messages with their exact msgid, filterable by openid and templateId', async () => {
			await send(sandbox, token, orderShippedSend());
			await send(sandbox, token, orderShippedSend({ touser: SANDBOX_OPENIDS.bob }));
			const all = await call(sandbox.url, 'GET', '/__sandbox/messages');
			expect(all.count).toBe(2);
			const bob = await call(sandbox.url, 'GET', `/__sandbox/messages?openid=${SANDBOX_OPENIDS.bob}`);
			expect(bob.count).toBe(1);
			expect((bob.messages as Array<{ msgid: string }>)[0].msgid).toBe('1864323726461255682');
			expect((await call(sandbox.url, 'GET', '/__sandbox/messages?templateId=none')).count).toBe(0);
		});
	});

	describe('latency', () => {
		it('delays every WeChat answer by the configured time, and 0 removes it', async () => {
			expect(await postJson(sandbox.url, '/__sandbox/latency', { ms: 200 })).toEqual({ ms: 200 });
			let started = Date.now();
			await call(sandbox.url, 'GET', `/wxaapi/newtmpl/getcategory?access_token=${token}`);
			expect(Date.now() - started).toBeGreaterThanOrEqual(190);
			// Control calls are not delayed.
			started = Date.now();
			await call(sandbox.url, 'GET', '/__sandbox/counters');
			expect(Date.now() - started).toBeLessThan(150);
			await postJson(sandbox.url, '/__sandbox/latency', { ms: 0 });
			started = Date.now();
			await call(sandbox.url, 'GET', `/wxaapi/newtmpl/getcategory?access_token=${token}`);
			expect(Date.now() - started).toBeLessThan(150);
		});

		it('refuses a latency that is not a number of ms', async () => {
			expect((await rawRequest(sandbox.url, 'POST', '/__sandbox/latency', { body: '{"ms":"slow"}' })).status).toBe(400);
			expect((await rawRequest(sandbox.url, 'POST', '/__sandbox/latency', { body: '{"ms":-5}' })).status).toBe(400);
		});

		it('starts with the latency given to startSandbox and returns to it on reset', async () => {
			const slow = await startSandbox({ port: 0, latencyMs: 120 });
			try {
				slow.setLatency(0);
				slow.reset();
				expect(slow.latency()).toBe(120);
				const started = Date.now();
				await call(slow.url, 'GET', '/wxaapi/newtmpl/getcategory');
				expect(Date.now() - started).toBeGreaterThanOrEqual(110);
			} finally {
				await slow.close();
			}
		});
	});

	describe('clock and routing', () => {
		it('advances the sandbox clock through the control API', async () => {
			const before = (await call(sandbox.url, 'GET', '/__sandbox/clock')).now as number;
			const after = (await postJson(sandbox.url, '/__sandbox/clock', { advanceMs: 7_200_000 })).now as number;
			expect(after - before).toBeGreaterThanOrEqual(7_200_000);
			expect((await send(sandbox, token, orderShippedSend())).errcode).toBe(42001);
		});

		it('answers 404 to unknown API paths and unknown control endpoints, and lists the control endpoints', async () => {
			expect((await rawRequest(sandbox.url, 'GET', '/cgi-bin/nothing')).status).toBe(404);
			expect((await rawRequest(sandbox.url, 'GET', '/__sandbox/nothing')).status).toBe(404);
			const index = await call(sandbox.url, 'GET', '/__sandbox/');
			expect(index.endpoints).toEqual(expect.arrayContaining([expect.stringContaining('/__sandbox/faults')]));
			expect((await rawRequest(sandbox.url, 'POST', '/__sandbox/latency', { body: 'not json' })).status).toBe(400);
		});

		it('close() returns even while a request hangs', async () => {
			const other = await startSandbox({ port: 0 });
			other.addFault({ mode: 'hang', count: 1 });
			const hanging = rawRequest(other.url, 'GET', '/cgi-bin/token').then(
				() => 'answered',
				(error: Error) => error.message,
			);
			await new Promise((resolve) => setTimeout(resolve, 50));
			await other.close();
			expect(await hanging).toMatch(/socket hang up|ECONNRESET/);
		});
	});
});
