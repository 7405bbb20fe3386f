/**
 * The sandbox's customer service, as docs/wechat-protocol.md §12 describes WeChat's: replies only within
 * 48 hours of the user's last message and at most 5 per user message (45015 / 45047), typing within the
 * window, temporary images valid 3 days (40007 after), the uploaded bytes kept exactly, quota/get counting
 * the calls made today, and a text push opening the window.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { decryptPushMessage, PUSH_SETTINGS, userTextMessage, type PushConfig, type PushFormat } from '../../sandbox/push';
import { SANDBOX_OPENIDS, SANDBOX_ORIGINAL_ID } from '../../sandbox/seed';
import { useSandbox } from '../helpers/sandbox';
import { call, postJson, stableToken } from './helpers';

/** A fixed start for the sandbox clock, so windows and days are exact (tests move it with advanceClock). */
const START = Date.UTC(2024, 4, 1, 2, 0, 0);
const sandbox = useSandbox({ now: () => START });
const ALICE = SANDBOX_OPENIDS.alice;
const BOB = SANDBOX_OPENIDS.bob;
const HOUR = 3_600_000;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x0d, 0x0a, 0xff, 0xfe, 0x80]);

const text = (touser: string, content = '您好') => ({ touser, msgtype: 'text', text: { content } });

async function reply(token: string, body: unknown): Promise<number> {
	return Number((await postJson(sandbox.url, `/cgi-bin/message/custom/send?access_token=${token}`, body)).errcode);
}

function multipart(field: string, contentType: string, data: Buffer, boundary = 'XyZ'): { body: Buffer; type: string } {
	const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="a.png"\r\nContent-Type: ${contentType}\r\n\r\n`);
	return { body: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]), type: `multipart/form-data; boundary=${boundary}` };
}

async function upload(token: string, part = multipart('media', 'image/png', PNG), type = 'image'): Promise<Record<string, unknown>> {
	const response = await fetch(`${sandbox.url}/cgi-bin/media/upload?access_token=${token}&type=${type}`, {
		method: 'POST',
		headers: { 'Content-Type': part.type },
		body: part.body,
	});
	return (await response.json()) as Record<string, unknown>;
}

describe('the 48-hour window and the 5 replies', () => {
	it('refuses a user who never wrote with 45015', async () => {
		expect(await reply(await stableToken(sandbox), text(ALICE))).toBe(45015);
		expect(sandbox.customerMessages()).toEqual([]);
	});

	it('accepts 5 replies to one user message, refuses the 6th with 45047, and a new message allows 5 more', async () => {
		const token = await stableToken(sandbox);
		sandbox.userWrote(ALICE);
		for (let i = 0; i < 5; i++) expect(await reply(token, text(ALICE, `r${i}`))).toBe(0);
		expect(await reply(token, text(ALICE, 'r5'))).toBe(45047);
		expect(sandbox.session(ALICE)?.replies).toBe(5);
		sandbox.userWrote(ALICE);
		expect(await reply(token, text(ALICE, 'again'))).toBe(0);
		expect(sandbox.customerMessages(ALICE).map((m) => m.message.content)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'again']);
	});

	it('keeps the window open for 48 hours of sandbox clock and closes it after', async () => {
		sandbox.userWrote(BOB);
		sandbox.advanceClock(48 * HOUR);
		expect(await reply(await stableToken(sandbox), text(BOB))).toBe(0);
		sandbox.advanceClock(1);
		expect(await reply(await stableToken(sandbox), text(BOB))).toBe(45015);
	});

	it('checks the body as WeChat does: 40003 touser, 40008 msgtype, 47001 a missing field', async () => {
		const token = await stableToken(sandbox);
		sandbox.userWrote(ALICE);
		expect(await reply(token, text('not-an-openid'))).toBe(40003);
		expect(await reply(token, { touser: ALICE, msgtype: 'voice', voice: { media_id: 'x' } })).toBe(40008);
		expect(await reply(token, { touser: ALICE, msgtype: 'link', link: { title: 't', url: 'https://e.com' } })).toBe(47001);
		expect(await reply(token, { touser: ALICE, msgtype: 'text', text: {} })).toBe(47001);
		expect(sandbox.session(ALICE)?.replies).toBe(0);
	});

	it('answers typing within the window, 45015 outside it, 45072 for another command', async () => {
		const token = await stableToken(sandbox);
		const typing = async (touser: string, command: string) =>
			(await postJson(sandbox.url, `/cgi-bin/message/custom/typing?access_token=${token}`, { touser, command })).errcode;
		expect(await typing(ALICE, 'Typing')).toBe(45015);
		sandbox.userWrote(ALICE);
		expect(await typing(ALICE, 'Typing')).toBe(0);
		expect(await typing(ALICE, 'CancelTyping')).toBe(0);
		expect(await typing(ALICE, 'typing')).toBe(45072);
	});
});

describe('temporary media', () => {
	it('stores the uploaded image byte for byte and answers a media_id and created_at', async () => {
		const answer = await upload(await stableToken(sandbox));
		expect(answer).toMatchObject({ errcode: 0, type: 'image', created_at: Math.floor(sandbox.now() / 1000) });
		const stored = sandbox.media(String(answer.media_id));
		expect(Buffer.from(String(stored.base64), 'base64').equals(PNG)).toBe(true);
		expect(stored).toMatchObject({ size: PNG.length, contentType: 'image/png', fileName: 'a.png' });
		const overHttp = await call(sandbox.url, 'GET', `/__sandbox/media?mediaId=${encodeURIComponent(String(answer.media_id))}`);
		expect(overHttp.sha256).toBe(stored.sha256);
	});

	it('refuses what WeChat refuses: 40004 type, 41005 no media field, 40005 not an image, 40006 empty or over 2 MB', async () => {
		const token = await stableToken(sandbox);
		expect((await upload(token, undefined, 'voice')).errcode).toBe(40004);
		expect((await upload(token, multipart('file', 'image/png', PNG))).errcode).toBe(41005);
		expect((await upload(token, multipart('media', 'application/pdf', PNG))).errcode).toBe(40005);
		expect((await upload(token, multipart('media', 'image/png', Buffer.alloc(0)))).errcode).toBe(40006);
		expect((await upload(token, multipart('media', 'image/jpeg', Buffer.alloc(2 * 1024 * 1024 + 1)))).errcode).toBe(40006);
	});

	it('lets an image reply use the media_id for 3 days, then answers 40007', async () => {
		const token = await stableToken(sandbox);
		const mediaId = String((await upload(token)).media_id);
		sandbox.userWrote(ALICE);
		expect(await reply(token, { touser: ALICE, msgtype: 'image', image: { media_id: mediaId } })).toBe(0);
		expect(await reply(token, { touser: ALICE, msgtype: 'image', image: { media_id: 'unknown' } })).toBe(40007);
		sandbox.advanceClock(72 * HOUR);
		sandbox.userWrote(ALICE);
		const fresh = await stableToken(sandbox);
		expect(await reply(fresh, { touser: ALICE, msgtype: 'image', image: { media_id: mediaId } })).toBe(40007);
		expect(await reply(fresh, { touser: ALICE, msgtype: 'miniprogrampage', miniprogrampage: { title: 't', pagepath: 'pages/index/index', thumb_media_id: mediaId } })).toBe(40007);
	});
});

describe('quota/get', () => {
	it('reports the calls made to the path today, the limit, what remains and the rate limit', async () => {
		const token = await stableToken(sandbox);
		sandbox.userWrote(ALICE);
		for (let i = 0; i < 6; i++) await reply(token, text(ALICE, `q${i}`)); // 5 accepted + one 45047: all six are calls
		const answer = await postJson(sandbox.url, `/cgi-bin/openapi/quota/get?access_token=${token}`, { cgi_path: '/cgi-bin/message/custom/send' });
		expect(answer).toEqual({
			errcode: 0,
			errmsg: 'ok',
			quota: { daily_limit: 500000, used: 6, remain: 499994 },
			rate_limit: { call_count: 10000, refresh_second: 60 },
		});
		expect(sandbox.quotaUsed('/cgi-bin/message/custom/send')).toBe(6);
		expect(sandbox.quotaUsed('/cgi-bin/message/subscribe/send')).toBe(0);
	});

	it('starts a new day at midnight Beijing time', async () => {
		const token = await stableToken(sandbox);
		sandbox.userWrote(ALICE);
		await reply(token, text(ALICE));
		const now = sandbox.now();
		const untilMidnight = 86_400_000 - ((now + 8 * HOUR) % 86_400_000);
		sandbox.advanceClock(untilMidnight);
		expect(sandbox.quotaUsed('/cgi-bin/message/custom/send')).toBe(0);
	});

	it('answers 76021 for an unknown path and 76022 for one the mini program may not call', async () => {
		const token = await stableToken(sandbox);
		const quota = async (cgiPath: string) => (await postJson(sandbox.url, `/cgi-bin/openapi/quota/get?access_token=${token}`, { cgi_path: cgiPath })).errcode;
		expect(await quota('/cgi-bin/nothing/here')).toBe(76021);
		expect(await quota('/cgi-bin/message/template/send')).toBe(76022);
	});
});

/** The Encrypt field of a safe-mode envelope. */
function encryptedPart(body: string, format: PushFormat): string {
	if (format === 'json') return String((JSON.parse(body) as Record<string, unknown>).Encrypt);
	return /<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/.exec(body)?.[1] ?? '';
}

describe('a user text message pushed to a webhook', () => {
	let webhook: { url: string; bodies: string[]; close: () => Promise<void> };
	beforeAll(async () => {
		const bodies: string[] = [];
		const server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				bodies.push(Buffer.concat(chunks).toString('utf8'));
				res.end('success');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		webhook = {
			url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
			bodies,
			close: () => new Promise<void>((resolve) => server.close(() => resolve())),
		};
	});
	afterAll(async () => webhook.close());

	it.each(PUSH_SETTINGS)('%s %s: arrives as a text message and opens the 48-hour window', async (mode, format) => {
		const config: PushConfig = { token: 'pushToken', encodingAESKey: 'A'.repeat(43), appId: sandbox.appId, mode, format };
		const result = await sandbox.push({ webhookUrl: webhook.url, config, event: userTextMessage(BOB, '图片') });
		expect(result.status).toBe(200);
		const sent = result.request.body;
		const plain = mode === 'safe' ? decryptPushMessage(config.encodingAESKey, encryptedPart(sent, format)).message : sent;
		expect(plain).toContain('图片');
		expect(plain).toContain(BOB);
		expect(plain).toContain(SANDBOX_ORIGINAL_ID);
		expect(sandbox.session(BOB)).toEqual({ openid: BOB, lastMessageAt: sandbox.now(), replies: 0 });
		expect(await reply(await stableToken(sandbox), text(BOB))).toBe(0);
	});

	it('an event push (not a user message) opens no window', async () => {
		const config: PushConfig = { token: 'pushToken', encodingAESKey: '', appId: sandbox.appId, mode: 'plaintext', format: 'xml' };
		await sandbox.push({ webhookUrl: webhook.url, config, event: 'enterSession' });
		expect(sandbox.session(ALICE)).toBeNull();
	});
});
