/**
 * The sandbox's WeCom group robot (example 8's alerts), as docs/wechat-protocol.md §13 describes it: its
 * key, a text or markdown message of at most 2048 bytes, at most 20 messages a minute.
 */
import { SANDBOX_ROBOT_KEY } from '../../sandbox/seed';
import { useSandbox } from '../helpers/sandbox';
import { postJson } from './helpers';

const START = Date.UTC(2024, 4, 1, 2, 0, 0);
const sandbox = useSandbox({ now: () => START });
const post = async (body: unknown, key = SANDBOX_ROBOT_KEY) => Number((await postJson(sandbox.url, `/cgi-bin/webhook/send?key=${key}`, body)).errcode);
const text = (content: string) => ({ msgtype: 'text', text: { content } });

describe('the WeCom group robot', () => {
	it('posts a text or markdown message to the group and keeps it', async () => {
		expect(await post(text('n8n: WeChat: subscription ledger failed'))).toBe(0);
		expect(await post({ msgtype: 'markdown', markdown: { content: '**failed**' } })).toBe(0);
		expect(sandbox.robotMessages().map((m) => [m.msgtype, m.content])).toEqual([
			['text', 'n8n: WeChat: subscription ledger failed'],
			['markdown', '**failed**'],
		]);
	});

	it('refuses another key with 93000, another type with 40008, no content with 44004, over 2048 bytes with 45002', async () => {
		expect(await post(text('x'), 'not-our-robot')).toBe(93000);
		expect(await post({ msgtype: 'voice', voice: {} })).toBe(40008);
		expect(await post({ msgtype: 'text', text: {} })).toBe(44004);
		expect(await post(text('告'.repeat(682)))).toBe(0); // 2046 bytes
		expect(await post(text('告'.repeat(683)))).toBe(45002); // 2049 bytes
		expect(sandbox.robotMessages()).toHaveLength(1);
	});

	it('refuses the 21st message within a minute with 45009, and takes messages again a minute later', async () => {
		for (let n = 0; n < 20; n++) expect(await post(text(`alert ${n}`))).toBe(0);
		expect(await post(text('one too many'))).toBe(45009);
		sandbox.advanceClock(60_001);
		expect(await post(text('next minute'))).toBe(0);
	});
});
