/**
 * The order of work inside Send Subscription Message's executeBatch, in the fake n8n context with
 * WeChat scripted: when items are prepared relative to sends (overlapped with Continue On Fail on,
 * everything checked first with it off), the bounded lookahead, and how often each parameter is read.
 * The observations are orderings in one recorded timeline, never durations.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { WeChatHttpRequest } from '../../../nodes/protocol/http';
import { sharedTokenCache } from '../../../nodes/protocol/token';
import { LOOKAHEAD_PER_SEND } from '../../../nodes/shared/checkThenSend';
import { WeChatMiniProgram } from '../../../nodes/WeChatMiniProgram/WeChatMiniProgram.node';
import { fakeExecuteContext, httpThroughSend, locator, type ParameterRead } from '../../helpers/fakeN8nContext';
import { rejectionOf } from '../../helpers/thrown';

const CREDENTIALS = { appId: 'wx0123456789abcdef', appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', baseUrl: 'custom', customBaseUrl: 'http://wechat.test' };
const TEMPLATE = { priTmplId: 'TPL_ORDER', title: '订单发货通知', content: '商品名称:{{thing1.DATA}}\n', example: '', type: 2 };
const SEND_PATH = '/cgi-bin/message/subscribe/send';

beforeEach(() => sharedTokenCache.clear());

/** What n8n has saved: the OpenID is an expression, everything else fixed. */
const SAVED: INodeParameters = {
	resource: 'subscriptionMessage',
	operation: 'send',
	touser: '={{ $json.openid }}',
	templateId: locator('TPL_ORDER', 'list'),
	dataMode: 'mapped',
	templateData: { mappingMode: 'defineBelow', value: { thing1: '键盘' } },
	page: 'pages/index',
	miniprogramState: 'formal',
	lang: 'zh_CN',
	options: {},
};

/** Stands in for n8n's synchronous work on one item (expressions in an isolate): keeps the CPU busy. */
function busyFor(ms: number): void {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		// spinning on purpose
	}
}

interface Scenario {
	openids: string[];
	continueOnFail: boolean;
	concurrency?: number;
	/** Items whose keyword value is invalid (too long for a thing). */
	badItems?: number[];
}

/** Runs the node, recording 'prepare k' when item k's OpenID is read and 'send <openid>' / 'answer <openid>' on the wire. */
async function runRecorded(scenario: Scenario) {
	const timeline: string[] = [];
	const reads: ParameterRead[] = [];
	const inFlight = new Map<string, number>();
	let peakPerOpenId = 0;
	let peakInFlight = 0;
	let sendsInFlight = 0;
	const http = httpThroughSend(async (request: WeChatHttpRequest) => {
		if (request.url.includes('/cgi-bin/stable_token')) return { statusCode: 200, body: '{"access_token":"TOKEN-1","expires_in":7200}' };
		if (request.url.includes('/wxaapi/newtmpl/gettemplate')) return { statusCode: 200, body: JSON.stringify({ errcode: 0, errmsg: 'ok', data: [TEMPLATE] }) };
		if (!request.url.includes(SEND_PATH)) throw new Error(`unexpected request ${request.url}`);
		const { touser } = JSON.parse(String(request.body)) as { touser: string };
		timeline.push(`send ${touser}`);
		inFlight.set(touser, (inFlight.get(touser) ?? 0) + 1);
		peakPerOpenId = Math.max(peakPerOpenId, inFlight.get(touser) ?? 0);
		peakInFlight = Math.max(peakInFlight, ++sendsInFlight);
		// The answer comes back on a later turn of the event loop, as a network answer does.
		await new Promise((resolve) => setTimeout(resolve, 1));
		inFlight.set(touser, (inFlight.get(touser) ?? 1) - 1);
		sendsInFlight--;
		timeline.push(`answer ${touser}`);
		return { statusCode: 200, body: '{"errcode":0,"errmsg":"ok","msgid":1864323726461255680}' };
	});
	const ctx = fakeExecuteContext({
		items: scenario.openids.map((openid) => ({ openid })),
		nodeParameters: {
			...SAVED,
			// Bad values can only differ per item when the saved value is an expression.
			...(scenario.badItems ? { templateData: { mappingMode: 'defineBelow', value: { thing1: '={{ $json.product }}' } } } : {}),
			options: { concurrency: scenario.concurrency ?? 2 },
		},
		parameterReads: reads,
		continueOnFail: scenario.continueOnFail,
		credentials: CREDENTIALS,
		http,
		parameters: (name, itemIndex) => {
			if (name === 'touser') {
				timeline.push(`prepare ${itemIndex}`);
				busyFor(2);
				return scenario.openids[itemIndex];
			}
			if (name === 'templateData' && scenario.badItems?.includes(itemIndex)) {
				return { mappingMode: 'defineBelow', value: { thing1: '这是一个超过二十个字符长度限制的商品名称测试文本' } };
			}
			if (name === 'options') return { concurrency: scenario.concurrency ?? 2 };
			return SAVED[name];
		},
	});
	const run = async (): Promise<INodeExecutionData[]> => (await new WeChatMiniProgram().execute.call(ctx))[0];
	return { run, timeline, reads, peakPerOpenId: () => peakPerOpenId, peakInFlight: () => peakInFlight };
}

const openids = (n: number, users = n) => Array.from({ length: n }, (_, i) => `oUSER${String(i % users).padStart(6, '0')}`);
const prepareAt = (timeline: string[], item: number) => timeline.indexOf(`prepare ${item}`);
const firstSend = (timeline: string[]) => timeline.findIndex((e) => e.startsWith('send '));

describe('Send Subscription Message: checking and sending overlap with Continue On Fail on', () => {
	it('starts the first send before the last item is prepared, and still outputs in input order', async () => {
		const r = await runRecorded({ openids: openids(30), continueOnFail: true });
		const out = await r.run();
		expect(firstSend(r.timeline)).toBeGreaterThan(-1);
		expect(firstSend(r.timeline)).toBeLessThan(prepareAt(r.timeline, 29));
		expect(out.map((i) => i.json.touser)).toEqual(openids(30));
		expect(out.map((i) => i.pairedItem)).toEqual(openids(30).map((_, item) => ({ item })));
		expect(out.every((i) => i.json.success === true)).toBe(true);
	});

	it('turns a bad item into its own failure item in place and sends the others', async () => {
		const r = await runRecorded({ openids: openids(12), continueOnFail: true, badItems: [0, 7] });
		const out = await r.run();
		expect(out).toHaveLength(12);
		expect(out.map((i) => i.json.success)).toEqual(openids(12).map((_, i) => ![0, 7].includes(i)));
		expect(out[7].json).toMatchObject({ success: false, reason: 'invalid_data', msgid: null });
		expect(out[7].pairedItem).toEqual({ item: 7 });
		expect(r.timeline.filter((e) => e.startsWith('send '))).toHaveLength(10);
	});

	it('never sends to one OpenID twice at once and keeps within Concurrency', async () => {
		// Three users, items alternating between them: each user's sends must queue behind each other.
		const r = await runRecorded({ openids: openids(30, 3), continueOnFail: true, concurrency: 4 });
		const out = await r.run();
		expect(r.peakPerOpenId()).toBe(1);
		expect(r.peakInFlight()).toBeLessThanOrEqual(3);
		expect(out.map((i) => i.json.touser)).toEqual(openids(30, 3));
	});

	it(`prepares at most Concurrency × ${LOOKAHEAD_PER_SEND} items ahead of the sends`, async () => {
		// One user: sends go one at a time, so without backpressure every item would be prepared at once.
		const concurrency = 2;
		const r = await runRecorded({ openids: openids(40, 1), continueOnFail: true, concurrency });
		await r.run();
		let maxAhead = 0;
		r.timeline.forEach((event, position) => {
			if (!event.startsWith('prepare ')) return;
			const prepared = Number(event.slice('prepare '.length)) + 1; // this item included
			const sent = r.timeline.slice(0, position).filter((e) => e.startsWith('send ')).length;
			maxAhead = Math.max(maxAhead, prepared - sent);
		});
		// The one send in flight is counted as prepared but not yet on the wire until its request goes out.
		expect(maxAhead).toBeLessThanOrEqual(concurrency * LOOKAHEAD_PER_SEND + 1);
		expect(maxAhead).toBeGreaterThan(1);
	});
});

describe('Send Subscription Message: everything checked first with Continue On Fail off', () => {
	it('prepares every item before the first send', async () => {
		const r = await runRecorded({ openids: openids(20), continueOnFail: false });
		const out = await r.run();
		expect(out).toHaveLength(20);
		expect(firstSend(r.timeline)).toBeGreaterThan(prepareAt(r.timeline, 19));
	});

	it('sends nothing when any item is bad, even the last one', async () => {
		const r = await runRecorded({ openids: openids(20), continueOnFail: false, badItems: [19] });
		const error = await rejectionOf(Error, r.run());
		expect(error.message).toContain('Item 19');
		expect(firstSend(r.timeline)).toBe(-1);
	});
});

describe('Send Subscription Message: parameter reads', () => {
	it.each([true, false])('reads fixed parameters once and the OpenID expression per item (Continue On Fail %s)', async (continueOnFail) => {
		const r = await runRecorded({ openids: openids(15), continueOnFail });
		await r.run();
		const count = (name: string) => r.reads.filter((read) => read.name === name).length;
		expect(count('touser')).toBe(15);
		for (const name of ['templateId', 'templateData', 'page', 'miniprogramState', 'lang', 'dataMode', 'options']) {
			expect([name, count(name)]).toEqual([name, 1]);
		}
		expect(r.reads.filter((read) => read.name !== 'touser' && read.itemIndex !== 0)).toEqual([]);
	});
});
