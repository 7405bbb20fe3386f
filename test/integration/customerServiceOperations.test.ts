/**
 * Customer Service Message → Send / Typing and Account → Get API Quota of the WeChat Mini Program node,
 * in the fake n8n context over real HTTP to the sandbox: the bodies WeChat receives, an image from a
 * binary property arriving byte for byte, the 48-hour window and the 5 replies as outcome items, order
 * and pairing, one reply at a time per OpenID, Continue On Fail off, and quota figures equal to the
 * sandbox's own counts.
 */
import type { IBinaryKeyData, IDataObject, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';

import { WeChatMiniProgram } from '../../nodes/WeChatMiniProgram/WeChatMiniProgram.node';
import { SANDBOX_OPENIDS, sandboxOpenId } from '../../sandbox/seed';
import { fakeExecuteContext, realHttpRequest, type N8nHttpRequest } from '../helpers/fakeN8nContext';
import { useSandbox } from '../helpers/sandbox';
import { rejectionOf } from '../helpers/thrown';

const START = Date.UTC(2024, 4, 1, 2, 0, 0);
const sandbox = useSandbox({ now: () => START });
const ALICE = SANDBOX_OPENIDS.alice;
const BOB = SANDBOX_OPENIDS.bob;
const HOUR = 3_600_000;
const CUSTOM_SEND = '/cgi-bin/message/custom/send';
/** Every byte value, so any text re-encoding on the way would show. */
const IMAGE = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);

interface RunOptions {
	items: IDataObject[];
	parameters: Record<string, unknown>;
	binary?: Array<IBinaryKeyData | undefined>;
	continueOnFail?: boolean;
	http?: N8nHttpRequest;
}

async function run(options: RunOptions): Promise<INodeExecutionData[]> {
	const ctx = fakeExecuteContext({
		items: options.items,
		binary: options.binary,
		parameters: (name, itemIndex) => {
			if (name === 'touser') return options.items[itemIndex].openid;
			if (name === 'content' && options.items[itemIndex].content !== undefined) return options.items[itemIndex].content;
			return options.parameters[name];
		},
		credentials: sandbox.credentials(),
		continueOnFail: options.continueOnFail,
		http: options.http,
	});
	const [output] = await new WeChatMiniProgram().execute.call(ctx);
	return output;
}

const reply = (parameters: Record<string, unknown> = {}) => ({ resource: 'customerServiceMessage', operation: 'send', msgtype: 'text', options: {}, ...parameters });

describe('Customer Service Message → Send', () => {
	it('sends text, link and mini program card bodies as WeChat documents them, one paired success item each', async () => {
		sandbox.userWrote(ALICE);
		const content = '请点击 <a href="https://example.com" data-miniprogram-appid="wxfdae81166329a09f" data-miniprogram-path="pages/index/index">这里</a>';
		const textOut = await run({ items: [{ openid: ALICE, content }], parameters: reply() });
		expect(textOut).toEqual([{ json: { success: true, touser: ALICE, msgtype: 'text', mediaId: null, errcode: 0, errmsg: 'ok' }, pairedItem: { item: 0 } }]);

		await run({
			items: [{ openid: ALICE }],
			parameters: reply({ msgtype: 'link', title: '帮助', description: '常见问题', url: 'https://example.com/help', thumbUrl: 'https://example.com/t.jpg' }),
		});
		const cardOut = await run({
			items: [{ openid: ALICE }],
			binary: [{ data: { data: IMAGE.toString('base64'), mimeType: 'image/png', fileName: 'card.png' } }],
			parameters: reply({ msgtype: 'miniprogrampage', title: '订单', pagepath: 'pages/order/detail?id=1', thumbSource: 'binary', thumbBinaryPropertyName: 'data' }),
		});
		const thumb = String(cardOut[0].json.mediaId);
		expect(sandbox.customerMessages(ALICE).map(({ msgtype, message }) => ({ msgtype, message }))).toEqual([
			{ msgtype: 'text', message: { content } },
			{ msgtype: 'link', message: { title: '帮助', description: '常见问题', url: 'https://example.com/help', thumb_url: 'https://example.com/t.jpg' } },
			{ msgtype: 'miniprogrampage', message: { title: '订单', pagepath: 'pages/order/detail?id=1', thumb_media_id: thumb } },
		]);
	});

	it('uploads an image from a binary property, which arrives byte for byte, and replies with its media_id', async () => {
		sandbox.userWrote(BOB);
		const out = await run({
			items: [{ openid: BOB }],
			binary: [{ photo: { data: IMAGE.toString('base64'), mimeType: 'image/png', fileName: '回复.png' } }],
			parameters: reply({ msgtype: 'image', imageSource: 'binary', binaryPropertyName: 'photo' }),
		});
		expect(out[0].json).toMatchObject({ success: true, msgtype: 'image' });
		const stored = sandbox.media(String(out[0].json.mediaId));
		expect(Buffer.from(String(stored.base64), 'base64').equals(IMAGE)).toBe(true);
		expect(stored).toMatchObject({ fileName: '回复.png', contentType: 'image/png' });
		expect(sandbox.customerMessages(BOB)[0].message).toEqual({ media_id: out[0].json.mediaId });
	});

	it('sends an image by media_id without uploading; an expired one is 40007 on the item under Continue On Fail', async () => {
		sandbox.userWrote(BOB);
		const first = await run({
			items: [{ openid: BOB }],
			binary: [{ data: { data: IMAGE.toString('base64'), mimeType: 'image/png' } }],
			parameters: reply({ msgtype: 'image', imageSource: 'binary', binaryPropertyName: 'data' }),
		});
		const mediaId = String(first[0].json.mediaId);
		const uploadsBefore = sandbox.requests({ path: '/cgi-bin/media/upload' }).length;
		const again = await run({ items: [{ openid: BOB }], parameters: reply({ msgtype: 'image', imageSource: 'mediaId', mediaId }) });
		expect(again[0].json).toMatchObject({ success: true, mediaId: null });
		expect(sandbox.requests({ path: '/cgi-bin/media/upload' })).toHaveLength(uploadsBefore);
		sandbox.advanceClock(72 * HOUR);
		sandbox.userWrote(BOB);
		const expired = await run({ items: [{ openid: BOB }], continueOnFail: true, parameters: reply({ msgtype: 'image', imageSource: 'mediaId', mediaId }) });
		expect(expired[0].json).toMatchObject({ success: false, reason: 'wechat_error', errcode: 40007 });
		expect(String(expired[0].json.fix)).toContain('3 days');
	});

	it('outputs the 6th reply to one user message as a reply_limit item, not a crash, in input order', async () => {
		sandbox.userWrote(ALICE);
		const items = Array.from({ length: 6 }, (_, i) => ({ openid: ALICE, content: `第${i + 1}条` }));
		const out = await run({ items, parameters: reply() });
		expect(out.map((item) => item.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		expect(out.slice(0, 5).every((item) => item.json.success === true)).toBe(true);
		expect(out[5].json).toMatchObject({ success: false, reason: 'reply_limit', errcode: 45047, touser: ALICE, msgtype: 'text', rid: expect.any(String) });
		for (const key of ['success', 'reason', 'errcode', 'meaning', 'fix', 'rid', 'error']) expect(out[5].json).toHaveProperty(key);
		expect(sandbox.customerMessages(ALICE).map((m) => m.message.content)).toEqual(['第1条', '第2条', '第3条', '第4条', '第5条']);
	});

	it('49 hours after the user wrote: 45015 on the item as window_closed', async () => {
		sandbox.userWrote(ALICE);
		sandbox.advanceClock(49 * HOUR);
		const out = await run({ items: [{ openid: ALICE, content: '还在吗？' }], parameters: reply() });
		expect(out[0].json).toMatchObject({ success: false, reason: 'window_closed', errcode: 45015 });
		expect(String(out[0].json.fix)).toContain('48 hours');
	});

	it('with "Fail When the Reply Is Not Allowed" on, a closed window stops the node', async () => {
		const error = await rejectionOf(Error, run({ items: [{ openid: ALICE, content: 'x' }], parameters: reply({ options: { failOnReplyRefused: true } }) }));
		expect(error.message).toContain('45015');
	});

	it('Continue On Fail off: bad data stops the node before any reply, naming the item and field', async () => {
		sandbox.userWrote(ALICE);
		const error = await rejectionOf(Error, run({ items: [{ openid: ALICE, content: 'ok' }, { openid: ALICE, content: '   ' }], parameters: reply() }));
		expect(error.message).toBe('Item 1: Text is empty: write the reply the user should read.');
		expect(sandbox.requests({ path: CUSTOM_SEND })).toEqual([]);
	});

	it('Continue On Fail off: a WeChat refusal stops the node and says how many replies went out', async () => {
		sandbox.userWrote(ALICE);
		sandbox.addFault({ mode: 'errcode', errcode: 48001, count: 1, path: CUSTOM_SEND, skip: 1 });
		const items = [{ openid: ALICE, content: 'ok' }, { openid: ALICE, content: 'refused' }, { openid: ALICE, content: 'never sent' }];
		const error = await rejectionOf(Error, run({ items, parameters: reply() }));
		expect(error.message).toContain('48001');
		expect(error.message).toContain('1 of 3 replies were sent');
		expect(sandbox.customerMessages(ALICE).map((m) => m.message.content)).toEqual(['ok']);
	});

	it('Continue On Fail on: a missing binary property is an invalid_data item and the others go out', async () => {
		sandbox.userWrote(ALICE);
		const out = await run({
			items: [{ openid: ALICE }, { openid: ALICE }],
			binary: [undefined, { data: { data: IMAGE.toString('base64'), mimeType: 'image/png' } }],
			continueOnFail: true,
			parameters: reply({ msgtype: 'image', imageSource: 'binary', binaryPropertyName: 'data' }),
		});
		expect(out[0].json).toMatchObject({ success: false, reason: 'invalid_data', touser: ALICE });
		expect(out[1].json).toMatchObject({ success: true });
	});

	it('never has two replies to one OpenID in flight, but runs different users in parallel', async () => {
		sandbox.setLatency(20);
		const users = [ALICE, BOB, sandboxOpenId(1), sandboxOpenId(2)];
		for (const user of users) sandbox.userWrote(user);
		const inFlight = new Map<string, number>();
		let maxPerUser = 0;
		let maxTotal = 0;
		let total = 0;
		const http: N8nHttpRequest = async (options: IHttpRequestOptions) => {
			const touser = typeof options.body === 'string' && options.url.includes(CUSTOM_SEND) ? String((JSON.parse(options.body) as IDataObject).touser) : undefined;
			if (touser) {
				inFlight.set(touser, (inFlight.get(touser) ?? 0) + 1);
				total++;
				maxPerUser = Math.max(maxPerUser, inFlight.get(touser) ?? 0);
				maxTotal = Math.max(maxTotal, total);
			}
			try {
				return await realHttpRequest(options);
			} finally {
				if (touser) {
					inFlight.set(touser, (inFlight.get(touser) ?? 1) - 1);
					total--;
				}
			}
		};
		const items = Array.from({ length: 12 }, (_, i) => ({ openid: users[i % 4], content: `m${i}` }));
		const out = await run({ items, parameters: reply({ options: { concurrency: 8 } }), http });
		expect(out.every((item) => item.json.success === true)).toBe(true);
		expect(maxPerUser).toBe(1);
		expect(maxTotal).toBeGreaterThan(1);
		// Each user's replies arrive in input order.
		expect(sandbox.customerMessages(ALICE).map((m) => m.message.content)).toEqual(['m0', 'm4', 'm8']);
	});
});

describe('Customer Service Message → Typing', () => {
	it('shows typing within the window, and gives window_closed on the item outside it', async () => {
		sandbox.userWrote(ALICE);
		const out = await run({ items: [{ openid: ALICE }, { openid: BOB }], parameters: { resource: 'customerServiceMessage', operation: 'typing', command: 'Typing' } });
		expect(out[0]).toEqual({ json: { success: true, touser: ALICE, command: 'Typing' }, pairedItem: { item: 0 } });
		expect(out[1].json).toMatchObject({ success: false, reason: 'window_closed', errcode: 45015, touser: BOB });
		expect(out[1].pairedItem).toEqual({ item: 1 });
		expect(sandbox.requests({ path: '/cgi-bin/message/custom/typing' }).map((r) => r.touser)).toEqual([ALICE, BOB]);
	});
});

describe('Account → Get API Quota', () => {
	it('reports the figures the sandbox counted for the path today', async () => {
		sandbox.userWrote(ALICE);
		await run({ items: Array.from({ length: 7 }, (_, i) => ({ openid: ALICE, content: `q${i}` })), parameters: reply() });
		const out = await run({ items: [{}], parameters: { resource: 'account', operation: 'getApiQuota', cgiPath: CUSTOM_SEND } });
		const used = sandbox.quotaUsed(CUSTOM_SEND);
		expect(used).toBe(7);
		expect(out[0].json).toEqual({ cgiPath: CUSTOM_SEND, dailyLimit: 500000, used, remaining: 500000 - used, rateLimitCalls: 10000, rateLimitSeconds: 60 });
	});

	it('defaults to the subscription send path and gives 76021 with its fix for an unknown path', async () => {
		const out = await run({ items: [{}], parameters: { resource: 'account', operation: 'getApiQuota', cgiPath: '/cgi-bin/message/subscribe/send' } });
		expect(out[0].json).toMatchObject({ cgiPath: '/cgi-bin/message/subscribe/send', used: 0, dailyLimit: 10000000 });
		const error = await rejectionOf(Error, run({ items: [{}], parameters: { resource: 'account', operation: 'getApiQuota', cgiPath: '/cgi-bin/nothing' } }));
		expect(error.message).toContain('76021');
		const item = await run({ items: [{}], continueOnFail: true, parameters: { resource: 'account', operation: 'getApiQuota', cgiPath: '/cgi-bin/message/template/send' } });
		expect(item[0].json).toMatchObject({ success: false, errcode: 76022, reason: 'wechat_error' });
	});
});
