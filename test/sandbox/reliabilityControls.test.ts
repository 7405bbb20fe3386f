/**
 * The sandbox controls the reliability e2e tests lean on: faults that start halfway (skip), a reset after part
 * of the answer (afterBytes), the per-call request log, the list of issued tokens, and token loss after N sends.
 */
import { sandboxOpenId, SANDBOX_OPENIDS } from '../../sandbox/seed';
import { useSandbox } from '../helpers/sandbox';
import { call, orderShippedSend, postJson, rawRequest, send, stableToken } from './helpers';

const SEND_PATH = '/cgi-bin/message/subscribe/send';

describe('sandbox reliability controls', () => {
	const sandbox = useSandbox();
	let token: string;

	beforeEach(async () => {
		token = await stableToken(sandbox);
	});

	const sendTo = (n: number) => send(sandbox, token, orderShippedSend({ touser: sandboxOpenId(n) }));

	describe('fault skip', () => {
		it('lets the first `skip` matching calls through, then hits `count` calls', async () => {
			expect((await postJson(sandbox.url, '/__sandbox/faults', { mode: 'errcode', errcode: -1, count: 2, skip: 3, path: SEND_PATH })).pending).toEqual([
				{ mode: 'errcode', errcode: -1, count: 2, skip: 3, path: SEND_PATH },
			]);
			const errcodes: unknown[] = [];
			for (let n = 0; n < 7; n++) errcodes.push((await sendTo(n)).errcode);
			expect(errcodes).toEqual([0, 0, 0, -1, -1, 0, 0]);
			expect(sandbox.counters().faultsApplied.errcode).toBe(2);
			expect(sandbox.pendingFaults()).toEqual([]);
		});

		it('a fault still skipping passes the call on to the next pending fault', async () => {
			sandbox.addFault({ mode: 'errcode', errcode: 45011, count: 1, skip: 1, path: SEND_PATH });
			sandbox.addFault({ mode: 'errcode', errcode: -1, count: 1, path: SEND_PATH });
			expect((await sendTo(0)).errcode).toBe(-1);
			expect((await sendTo(1)).errcode).toBe(45011);
			expect((await sendTo(2)).errcode).toBe(0);
		});

		it('refuses a negative or fractional skip, and afterBytes outside reset-after-processing', async () => {
			for (const spec of [
				{ mode: 'hang', count: 1, skip: -1 },
				{ mode: 'hang', count: 1, skip: 1.5 },
				{ mode: 'reset', count: 1, afterBytes: 10 },
				{ mode: 'http500', count: 1, afterProcessing: true, afterBytes: 10 },
				{ mode: 'reset', count: 1, afterProcessing: true, afterBytes: 0 },
			]) {
				expect((await rawRequest(sandbox.url, 'POST', '/__sandbox/faults', { body: JSON.stringify(spec) })).status).toBe(400);
			}
		});
	});

	describe('reset after part of the answer', () => {
		it('performs the send, writes the first bytes of the answer, then destroys the socket', async () => {
			sandbox.addFault({ mode: 'reset', count: 1, path: SEND_PATH, afterProcessing: true, afterBytes: 40 });
			await expect(sendTo(0)).rejects.toThrow(/socket hang up|ECONNRESET|Parse Error|aborted/);
			expect(sandbox.messages()).toHaveLength(1);
			const [record] = sandbox.requests({ path: SEND_PATH });
			expect(record).toMatchObject({ fault: 'reset', performed: true, touser: sandboxOpenId(0) });
			expect(record.status).toBeUndefined();
			expect((await sendTo(0)).errcode).toBe(0);
		});

		it('a cut inside the body leaves the client with a truncated answer', async () => {
			sandbox.addFault({ mode: 'reset', count: 1, path: SEND_PATH, afterProcessing: true, afterBytes: 150 });
			const outcome = await sendTo(0).then(
				(answer) => `answered ${JSON.stringify(answer)}`,
				(error: Error) => error.message,
			);
			expect(outcome).not.toMatch(/^answered/);
			expect(sandbox.messages()).toHaveLength(1);
		});
	});

	describe('request log', () => {
		it('records every WeChat call with its recipient, fault, whether it was performed and what was answered', async () => {
			sandbox.addFault({ mode: 'errcode', errcode: -1, count: 1, path: SEND_PATH });
			sandbox.addFault({ mode: 'http500', count: 1, path: SEND_PATH, afterProcessing: true });
			await sendTo(7); // -1, not performed
			await rawRequest(sandbox.url, 'POST', `${SEND_PATH}?access_token=${token}`, { body: JSON.stringify(orderShippedSend({ touser: sandboxOpenId(7) })) });
			await sendTo(7); // accepted
			await send(sandbox, 'unknown-token', orderShippedSend({ touser: sandboxOpenId(8) }));
			await call(sandbox.url, 'GET', `/wxaapi/newtmpl/gettemplate?access_token=${token}`);

			const all = await call(sandbox.url, 'GET', '/__sandbox/requests');
			expect(all.count).toBe(6); // the stable_token call of beforeEach included
			const sends = sandbox.requests({ path: SEND_PATH });
			expect(sends.map(({ touser, fault, performed, status, errcode }) => ({ touser, fault, performed, status, errcode }))).toEqual([
				{ touser: sandboxOpenId(7), fault: 'errcode', performed: false, status: 200, errcode: -1 },
				{ touser: sandboxOpenId(7), fault: 'http500', performed: true, status: 500, errcode: undefined },
				{ touser: sandboxOpenId(7), fault: undefined, performed: true, status: 200, errcode: 0 },
				{ touser: sandboxOpenId(8), fault: undefined, performed: true, status: 200, errcode: 40014 },
			]);
			expect(sends.map((r) => r.seq)).toEqual([2, 3, 4, 5]);
			const forSeven = await call(sandbox.url, 'GET', `/__sandbox/requests?path=${encodeURIComponent(SEND_PATH)}&touser=${sandboxOpenId(7)}`);
			expect(forSeven.count).toBe(3);
			expect(sandbox.requests({ path: '/wxaapi/newtmpl/gettemplate' })[0]).toMatchObject({ method: 'GET', performed: true, errcode: 0 });
			expect(sandbox.messages()).toHaveLength(2); // the lost answer's send and the accepted one

			sandbox.reset();
			expect(sandbox.requests()).toEqual([]);
		});

		it('records a hang as performed: false with no status', async () => {
			sandbox.addFault({ mode: 'hang', count: 1, path: SEND_PATH });
			await expect(
				rawRequest(sandbox.url, 'POST', `${SEND_PATH}?access_token=${token}`, { body: JSON.stringify(orderShippedSend()), timeoutMs: 200 }),
			).rejects.toThrow('client timeout');
			expect(sandbox.requests({ path: SEND_PATH })).toEqual([
				expect.objectContaining({ touser: SANDBOX_OPENIDS.alice, fault: 'hang', performed: false }),
			]);
			expect(sandbox.requests({ path: SEND_PATH })[0].status).toBeUndefined();
		});
	});

	describe('issued tokens', () => {
		it('lists every token minted by either endpoint, and keeps them across a reset', async () => {
			await postJson(sandbox.url, '/__sandbox/invalidate-tokens', {});
			const second = await stableToken(sandbox);
			const plain = (await call(sandbox.url, 'GET', `/cgi-bin/token?grant_type=client_credential&appid=${sandbox.appId}&secret=${sandbox.appSecret}`))
				.access_token as string;
			expect(await stableToken(sandbox)).toBe(second); // handed out again, not minted
			const listed = await call(sandbox.url, 'GET', '/__sandbox/tokens');
			const tokens = listed.tokens as Array<{ accessToken: string; endpoint: string; appId: string }>;
			const ours = tokens.slice(tokens.findIndex((t) => t.accessToken === token));
			expect(ours.map((t) => [t.accessToken, t.endpoint, t.appId])).toEqual([
				[token, 'stable_token', sandbox.appId],
				[second, 'stable_token', sandbox.appId],
				[plain, 'token', sandbox.appId],
			]);
			sandbox.reset();
			expect(sandbox.issuedTokens().map((t) => t.accessToken)).toEqual(expect.arrayContaining([token, second, plain]));
		});
	});

	describe('invalidate tokens after N sends', () => {
		it('kills every token right after the Nth further accepted send', async () => {
			await sendTo(0); // accepted before the kill point is set: does not count
			expect(await postJson(sandbox.url, '/__sandbox/invalidate-tokens', { afterSends: 3 })).toEqual({ ok: true, pendingAfterSends: [3] });
			sandbox.addFault({ mode: 'errcode', errcode: -1, count: 1, path: SEND_PATH }); // refused sends do not count
			expect((await sendTo(1)).errcode).toBe(-1);
			expect([(await sendTo(1)).errcode, (await sendTo(2)).errcode, (await sendTo(3)).errcode]).toEqual([0, 0, 0]);
			expect((await sendTo(4)).errcode).toBe(40001);
			const fresh = await stableToken(sandbox);
			expect(fresh).not.toBe(token);
			expect((await send(sandbox, fresh, orderShippedSend({ touser: sandboxOpenId(4) }))).errcode).toBe(0);
			expect(sandbox.counters().rejectedTokens).toBe(1);
		});

		it('refuses a bad afterSends, and a reset drops pending kill points', async () => {
			expect((await rawRequest(sandbox.url, 'POST', '/__sandbox/invalidate-tokens', { body: '{"afterSends":-2}' })).status).toBe(400);
			expect((await rawRequest(sandbox.url, 'POST', '/__sandbox/invalidate-tokens', { body: '{"afterSends":"soon"}' })).status).toBe(400);
			sandbox.invalidateTokens(1);
			sandbox.reset();
			const fresh = await stableToken(sandbox);
			await send(sandbox, fresh, orderShippedSend());
			expect((await send(sandbox, fresh, orderShippedSend({ touser: SANDBOX_OPENIDS.bob }))).errcode).toBe(0);
		});
	});
});
