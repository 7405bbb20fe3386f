/**
 * A webhook answering a user's customer-service message with transfer_customer_service
 * (docs/wechat-protocol.md §18): the sandbox reads the passive reply as WeChat does (the push's format;
 * encrypted in safe mode, either form in compatible mode; MsgSignature over the push's nonce; the
 * addresses swapped) and records the session as transferred. Replies built by the protocol layer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { buildTransferCustomerServiceReply } from '../../nodes/protocol/push/reply';
import { openPush, type EncryptionMode } from '../../nodes/protocol/push/envelope';
import { PUSH_SETTINGS, userTextMessage, type PushConfig, type PushFormat, type PushMode } from '../../sandbox/push';
import { SANDBOX_OPENIDS, SANDBOX_ORIGINAL_ID } from '../../sandbox/seed';
import { useSandbox } from '../helpers/sandbox';
import { call } from './helpers';

const START = Date.UTC(2024, 4, 1, 2, 0, 0);
const sandbox = useSandbox({ now: () => START });
const BOB = SANDBOX_OPENIDS.bob;
const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

/** What the webhook answers to the push it gets: a function of the request's query and body. */
type Answer = (query: Record<string, string>, body: string) => string;

let answer: Answer = () => 'success';
let webhookUrl = '';
let server: http.Server;

beforeAll(async () => {
	server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
			res.end(answer(query, Buffer.concat(chunks).toString('utf8')));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

const configFor = (mode: PushMode, format: PushFormat): PushConfig => ({ token: 'pushToken', encodingAESKey: KEY, appId: sandbox.appId, mode, format });

/** The protocol layer's reply to the push: opened with openPush, answered in the push's format and the trigger's mode. */
function transferReplyIn(config: PushConfig, replyMode: EncryptionMode = config.mode): Answer {
	return (query, body) => {
		const opened = openPush({ body, query }, { mode: config.mode, dataFormat: 'auto', secrets: config });
		return buildTransferCustomerServiceReply(opened.message, { format: opened.format, mode: replyMode, secrets: config, nonce: query.nonce }).body;
	};
}


describe('a transfer_customer_service reply to a user message', () => {
	it.each(PUSH_SETTINGS)('%s %s: the session is recorded as transferred', async (mode, format) => {
		const config = configFor(mode, format);
		answer = transferReplyIn(config);
		const result = await sandbox.push({ webhookUrl, config, event: userTextMessage(BOB, '转人工') });
		expect(result.reply).toEqual({ msgType: 'transfer_customer_service', encrypted: mode !== 'plaintext', transferred: true });
		expect(sandbox.transfers(BOB)).toEqual([
			{ openid: BOB, originalId: SANDBOX_ORIGINAL_ID, createTime: expect.any(Number), format, encrypted: mode !== 'plaintext', time: START },
		]);
		const overHttp = await call(sandbox.url, 'GET', `/__sandbox/transfers?openid=${BOB}`);
		expect(overHttp.count).toBe(1);
	});

	it('compatible mode also takes the plaintext reply', async () => {
		const config = configFor('compatible', 'xml');
		answer = transferReplyIn(config, 'plaintext');
		expect((await sandbox.push({ webhookUrl, config, event: userTextMessage(BOB, 'hi') })).reply).toEqual({ msgType: 'transfer_customer_service', encrypted: false, transferred: true });
	});

	it('image and mini program card messages can be transferred too', async () => {
		const config = configFor('safe', 'json');
		answer = transferReplyIn(config);
		for (const event of ['image', 'miniprogrampage']) expect((await sandbox.push({ webhookUrl, config, event })).reply?.transferred).toBe(true);
		expect(sandbox.transfers()).toHaveLength(2);
	});
});

describe('replies WeChat would not act on', () => {
	async function pushAnswered(config: PushConfig, reply: Answer, event: Parameters<typeof sandbox.push>[0]['event'] = userTextMessage(BOB, 'hi')) {
		answer = reply;
		return (await sandbox.push({ webhookUrl, config, event })).reply;
	}

	it('success (or nothing) asks for nothing', async () => {
		expect(await pushAnswered(configFor('safe', 'xml'), () => 'success')).toBeUndefined();
		expect(await pushAnswered(configFor('plaintext', 'json'), () => '')).toBeUndefined();
		expect(sandbox.transfers()).toEqual([]);
	});

	it('a plaintext reply in safe mode, an encrypted one in plaintext mode, the other format', async () => {
		expect((await pushAnswered(configFor('safe', 'xml'), transferReplyIn(configFor('safe', 'xml'), 'plaintext')))?.problem).toBe('safe mode takes only an encrypted reply');
		const encryptedJson: Answer = (query) =>
			buildTransferCustomerServiceReply(userTextMessage(BOB, 'x'), { format: 'json', mode: 'safe', secrets: configFor('safe', 'json'), nonce: query.nonce }).body;
		expect((await pushAnswered(configFor('plaintext', 'json'), encryptedJson))?.problem).toBe('an encrypted reply in plaintext mode');
		expect((await pushAnswered(configFor('safe', 'xml'), encryptedJson))?.problem).toBe('the reply is JSON but the push format is XML');
		expect(sandbox.transfers()).toEqual([]);
	});

	it('a wrong MsgSignature, another nonce, another AppID', async () => {
		const config = configFor('safe', 'json');
		const tampered = (change: (envelope: Record<string, unknown>) => void): Answer => (query, body) => {
			const envelope = JSON.parse(transferReplyIn(config)(query, body)) as Record<string, unknown>;
			change(envelope);
			return JSON.stringify(envelope);
		};
		expect((await pushAnswered(config, tampered((e) => (e.MsgSignature = '0'.repeat(40)))))?.problem).toContain('MsgSignature does not match');
		expect((await pushAnswered(config, tampered((e) => (e.Nonce = '1'))))?.problem).toBe("the reply's Nonce is not the push's nonce");
		const otherApp: Answer = (query) =>
			buildTransferCustomerServiceReply(userTextMessage(BOB, 'x'), { format: 'json', mode: 'safe', secrets: { ...config, appId: 'wx0000000000000000' }, nonce: query.nonce }).body;
		expect((await pushAnswered(config, otherApp))?.problem).toBe('the reply was encrypted for another AppID');
	});

	it('addresses not swapped, and an event (which cannot be transferred)', async () => {
		const config = configFor('plaintext', 'json');
		const unswapped: Answer = () => JSON.stringify({ ToUserName: SANDBOX_ORIGINAL_ID, FromUserName: BOB, CreateTime: 1, MsgType: 'transfer_customer_service' });
		expect((await pushAnswered(config, unswapped))?.problem).toContain("ToUserName must be the push's FromUserName");
		const toEvent: Answer = () => JSON.stringify({ ToUserName: SANDBOX_OPENIDS.alice, FromUserName: SANDBOX_ORIGINAL_ID, CreateTime: 1, MsgType: 'transfer_customer_service' });
		expect((await pushAnswered(config, toEvent, 'enterSession'))?.problem).toContain('not an event');
		expect(sandbox.transfers()).toEqual([]);
	});

	it('another passive reply is read but transfers nothing', async () => {
		const text: Answer = () => JSON.stringify({ ToUserName: BOB, FromUserName: SANDBOX_ORIGINAL_ID, CreateTime: 1, MsgType: 'text', Content: '您好' });
		expect(await pushAnswered(configFor('plaintext', 'json'), text)).toEqual({ msgType: 'text', encrypted: false, transferred: false });
	});
});
