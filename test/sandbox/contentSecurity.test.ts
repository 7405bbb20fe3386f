/**
 * The sandbox's text content check (docs/wechat-protocol.md §17) over real HTTP: the marker words of
 * contentSecurity.ts give risky or review with their label, other text passes; an INACTIVE OpenID gets
 * 61010; 40129 scene, 40003 openid, 47001 content; version 1 answers 87014. Also the customer-service
 * text limit (45002 over 2048 bytes).
 */
import { WeChatClient } from '../../nodes/protocol/client';
import { checkText, prepareTextCheck } from '../../nodes/protocol/contentSecurity';
import { WeChatApiError } from '../../nodes/protocol/errors';
import { CONTENT_MARKERS, SANDBOX_INACTIVE_OPENID } from '../../sandbox/contentSecurity';
import { SANDBOX_OPENIDS } from '../../sandbox/seed';
import { fetchSend, useSandbox } from '../helpers/sandbox';
import { rejectionOf } from '../helpers/thrown';
import { postJson, stableToken } from './helpers';

const sandbox = useSandbox();
const ALICE = SANDBOX_OPENIDS.alice;

async function check(body: Record<string, unknown>): Promise<Record<string, unknown>> {
	return postJson(sandbox.url, `/wxa/msg_sec_check?access_token=${await stableToken(sandbox)}`, { version: 2, scene: 2, openid: ALICE, ...body });
}

describe('msg_sec_check version 2', () => {
	it('passes ordinary text with label 100, a detail and a trace_id', async () => {
		const answer = await check({ content: '今天天气很好' });
		expect(answer).toEqual({
			errcode: 0,
			errmsg: 'ok',
			result: { suggest: 'pass', label: 100 },
			detail: [{ strategy: 'content_model', errcode: 0, suggest: 'pass', label: 100, prob: 90 }],
			trace_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/),
		});
		expect((await check({ content: '今天天气很好' })).trace_id).toBe(answer.trace_id);
	});

	it.each(CONTENT_MARKERS.map((m) => [m.word, m.suggest, m.label] as const))('"%s" gives %s with label %i, still errcode 0, the keyword in detail', async (word, suggest, label) => {
		const answer = await check({ content: `前文${word}后文` });
		expect(answer.errcode).toBe(0);
		expect(answer.result).toEqual({ suggest, label });
		expect(answer.detail).toContainEqual({ strategy: 'keyword', errcode: 0, suggest, label, level: 20, keyword: word });
	});

	it('61010 for a user who has not used the mini program within 2 hours (an OpenID containing INACTIVE)', async () => {
		expect((await check({ content: 'x', openid: SANDBOX_INACTIVE_OPENID })).errcode).toBe(61010);
		expect(String((await check({ content: 'x', openid: SANDBOX_INACTIVE_OPENID })).errmsg)).toMatch(/^code is expired rid: /);
	});

	it('40129 scene not 1–4, 40003 not an OpenID, 47001 content missing or over 2500 characters (2500 pass)', async () => {
		expect((await check({ content: 'x', scene: 5 })).errcode).toBe(40129);
		expect((await check({ content: 'x', openid: 'nobody' })).errcode).toBe(40003);
		expect((await check({})).errcode).toBe(47001);
		expect((await check({ content: '字'.repeat(2500) })).errcode).toBe(0);
		expect((await check({ content: '字'.repeat(2501) })).errcode).toBe(47001);
	});

	it('version 1 (no version): 87014 for risky text, ok otherwise', async () => {
		const v1 = async (content: string) => postJson(sandbox.url, `/wxa/msg_sec_check?access_token=${await stableToken(sandbox)}`, { content });
		expect((await v1('刷单返利')).errcode).toBe(87014);
		expect(await v1('你好')).toEqual({ errcode: 0, errmsg: 'ok' });
	});
});

describe('the protocol layer against the sandbox', () => {
	const client = () => new WeChatClient({ credentials: sandbox.weChatCredentials(), send: fetchSend, sleep: async () => undefined });

	it('reads pass, review and risky as results, and 61010 as its errcode', async () => {
		expect(await checkText(client(), prepareTextCheck({ content: '你好', scene: 1, openid: ALICE }))).toMatchObject({ suggest: 'pass', passed: true, labelName: 'normal' });
		expect(await checkText(client(), prepareTextCheck({ content: 'SANDBOX_REVIEW', scene: 3, openid: ALICE }))).toMatchObject({ suggest: 'review', passed: false, labelName: 'vulgar' });
		expect(await checkText(client(), prepareTextCheck({ content: '加微信领红包', scene: 4, openid: ALICE }))).toMatchObject({ suggest: 'risky', label: 10001, labelName: 'ads' });
		const error = await rejectionOf(WeChatApiError, checkText(client(), prepareTextCheck({ content: '你好', scene: 2, openid: SANDBOX_INACTIVE_OPENID })));
		expect(error.errcode).toBe(61010);
		expect(error.message).toContain('last 2 hours');
	});
});

describe('customer-service text: 45002 over 2048 bytes of UTF-8', () => {
	it('accepts 2048 bytes and refuses 2049 with 45002 "content size out of limit", spending no reply', async () => {
		const token = await stableToken(sandbox);
		sandbox.userWrote(ALICE);
		const send = (content: string) => postJson(sandbox.url, `/cgi-bin/message/custom/send?access_token=${token}`, { touser: ALICE, msgtype: 'text', text: { content } });
		const refused = await send('告'.repeat(683)); // 2049 bytes
		expect(refused.errcode).toBe(45002);
		expect(String(refused.errmsg)).toMatch(/^content size out of limit rid: /);
		expect(sandbox.session(ALICE)?.replies).toBe(0);
		expect((await send(`${'告'.repeat(682)}ab`)).errcode).toBe(0); // 2048 bytes
	});
});
