import { SANDBOX_OPENIDS, SANDBOX_TEMPLATE_IDS, sandboxOpenId } from '../../sandbox/seed';
import { useSandbox } from '../helpers/sandbox';
import { call, orderShippedSend, postJson, rawRequest, RID_SUFFIX, send, sendRaw, stableToken } from './helpers';

describe('sandbox subscribeMessage.send', () => {
	const sandbox = useSandbox();
	let token: string;

	beforeEach(async () => {
		token = await stableToken(sandbox);
	});

	const withData = (data: Record<string, unknown>) =>
		orderShippedSend({ data: { ...(orderShippedSend().data as Record<string, unknown>), ...data } });

	it('accepts a valid send and writes the 19-digit msgid unquoted, as WeChat does', async () => {
		const response = await sendRaw(sandbox, token, orderShippedSend());
		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toMatch(/^application\/json/);
		const match = /^\{"errcode":0,"errmsg":"ok","msgid":(\d{19})\}$/.exec(response.text);
		expect(match).not.toBeNull();
		const msgid = (match as RegExpExecArray)[1];
		// The quirk a client must survive: JSON.parse rounds the id.
		expect(String((JSON.parse(response.text) as { msgid: number }).msgid)).not.toBe(msgid);

		const [recorded] = sandbox.messages();
		expect(recorded).toEqual({
			appId: sandbox.appId,
			openid: SANDBOX_OPENIDS.alice,
			templateId: SANDBOX_TEMPLATE_IDS.orderShipped,
			data: orderShippedSend().data,
			page: 'pages/order/detail?id=1001',
			miniprogramState: 'formal',
			lang: 'zh_CN',
			msgid,
			time: expect.any(Number),
		});
		expect(sandbox.counters().sendsAccepted).toBe(1);
	});

	it('increases the msgid with every accepted send', async () => {
		const ids: bigint[] = [];
		for (let i = 0; i < 3; i++) {
			const text = (await sendRaw(sandbox, token, orderShippedSend({ touser: sandboxOpenId(i) }))).text;
			ids.push(BigInt((/"msgid":(\d+)/.exec(text) as RegExpExecArray)[1]));
		}
		expect(ids[1] - ids[0]).toBe(1n);
		expect(ids[2] - ids[1]).toBe(1n);
	});

	it('records page-less sends and the chosen miniprogram_state and lang', async () => {
		const body = orderShippedSend({ page: undefined, miniprogram_state: 'developer', lang: 'en_US' });
		expect((await send(sandbox, token, body)).errcode).toBe(0);
		const [recorded] = sandbox.messages();
		expect(recorded).not.toHaveProperty('page');
		expect(recorded.miniprogramState).toBe('developer');
		expect(recorded.lang).toBe('en_US');
	});

	const SEEDED = Symbol('the token fetched in beforeEach');
	it.each([
		['no token', 41001, undefined, orderShippedSend()],
		['an unknown token', 40014, 'nope', orderShippedSend()],
		['an empty body', 44002, SEEDED, ''],
		['a body that is not JSON', 47001, SEEDED, '{"touser":'],
		['a JSON array', 47001, SEEDED, '[]'],
		['a short touser', 40003, SEEDED, orderShippedSend({ touser: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2' })],
		['a touser not starting with o', 40003, SEEDED, orderShippedSend({ touser: 'x6_bmjrPTlm6_2sgVt7hMZOPfL2M' })],
		['a touser with a bad character', 40003, SEEDED, orderShippedSend({ touser: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2!' })],
		['no touser', 40003, SEEDED, orderShippedSend({ touser: undefined })],
		['an unknown template_id', 40037, SEEDED, orderShippedSend({ template_id: 'x'.repeat(43) })],
		['an unknown page', 41030, SEEDED, orderShippedSend({ page: 'pages/nowhere/index' })],
		['a numeric page', 41030, SEEDED, orderShippedSend({ page: 42 })],
	])('answers %s with %i and records nothing', async (_name, errcode, tokenCase, body) => {
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		const answer =
			tokenCase === undefined
				? await call(sandbox.url, 'POST', '/cgi-bin/message/subscribe/send', { body: text })
				: await send(sandbox, tokenCase === SEEDED ? token : (tokenCase as string), text);
		expect(answer.errcode).toBe(errcode);
		expect(answer.errmsg).toMatch(RID_SUFFIX);
		expect(sandbox.messages()).toHaveLength(0);
	});

	it('accepts a page with a query and a leading slash', async () => {
		expect((await send(sandbox, token, orderShippedSend({ page: '/pages/order/list?tab=shipped&x=1' }))).errcode).toBe(0);
		expect((await send(sandbox, token, orderShippedSend({ page: '' }))).errcode).toBe(0);
	});

	it('rejects another app’s template id with 40037', async () => {
		const other = sandbox.registerApp('wx0123456789abcdef', 'second-secret');
		const answer = await send(sandbox, token, orderShippedSend({ template_id: other.templates[0].priTmplId }));
		expect(answer.errcode).toBe(40037);
	});

	it.each([
		['miniprogram_state', { miniprogram_state: 'production' }],
		['lang', { lang: 'fr_FR' }],
	])('answers 47003 naming %s when it is not one WeChat knows', async (name, override) => {
		const answer = await send(sandbox, token, orderShippedSend(override));
		expect(answer.errcode).toBe(47003);
		expect(answer.errmsg).toMatch(new RegExp(`^argument invalid! ${name} invalid rid: `));
	});

	it.each([
		['a missing keyword', 'time3', { time3: undefined }],
		['an empty value', 'thing1', { thing1: { value: '' } }],
		['a thing over 20 characters', 'thing1', { thing1: { value: '一二三四五六七八九十一二三四五六七八九十一' } }],
		['a value with a newline', 'thing4', { thing4: { value: '顺丰\n速运' } }],
		['a time that is not a time', 'time3', { time3: { value: '明天下午' } }],
		['a character_string with Chinese', 'character_string2', { character_string2: { value: '订单123' } }],
		['a numeric value instead of a string', 'character_string5', { character_string5: { value: 123 } }],
		['an entry without value', 'thing4', { thing4: '顺丰速运' }],
	])('answers 47003 naming the key for %s', async (_name, key, data) => {
		const answer = await send(sandbox, token, withData(data));
		expect(answer.errcode).toBe(47003);
		expect(answer.errmsg).toMatch(new RegExp(`^argument invalid! data\\.${key}\\.value invalid rid: `));
	});

	it('accepts a 20-character thing and ignores keys the template does not have', async () => {
		const body = withData({ thing1: { value: '一二三四五六七八九十一二三四五六七八九十' }, thing9: { value: 'extra' } });
		expect((await send(sandbox, token, body)).errcode).toBe(0);
	});

	describe('enum keywords', () => {
		const appointment = (status: string) => ({
			touser: SANDBOX_OPENIDS.bob,
			template_id: SANDBOX_TEMPLATE_IDS.appointmentStatus,
			data: {
				thing1: { value: '口腔检查' },
				enum_string2: { value: status },
				name3: { value: '李四' },
				time4: { value: '2024-05-03 09:30~10:00' },
				phrase5: { value: '请准时到' },
			},
		});

		it('accepts a value from keywordEnumValueList', async () => {
			expect((await send(sandbox, token, appointment('预约取消'))).errcode).toBe(0);
		});

		it('rejects any other value with 47003 naming enum_string2', async () => {
			const answer = await send(sandbox, token, appointment('已预约'));
			expect(answer.errcode).toBe(47003);
			expect(answer.errmsg).toMatch(/^argument invalid! data\.enum_string2\.value invalid/);
		});
	});

	describe('subscriptions', () => {
		const parking = (openid: string) => ({
			touser: openid,
			template_id: SANDBOX_TEMPLATE_IDS.parkingFee,
			data: {
				car_number1: { value: '粤A8Z888挂' },
				time2: { value: '2024-05-01 08:30' },
				amount3: { value: '¥15.00' },
				thing4: { value: '科技园地下停车场' },
			},
		});

		it('answers 43101 to OpenIDs containing NOSUB whatever the template', async () => {
			expect((await send(sandbox, token, orderShippedSend({ touser: SANDBOX_OPENIDS.noSubscription }))).errcode).toBe(43101);
			expect((await send(sandbox, token, parking(SANDBOX_OPENIDS.noSubscription))).errcode).toBe(43101);
		});

		it('uses up the explicit count of a one-time template, then answers 43101', async () => {
			await postJson(sandbox.url, '/__sandbox/subscriptions', {
				openid: SANDBOX_OPENIDS.carol,
				templateId: SANDBOX_TEMPLATE_IDS.orderShipped,
				remaining: 2,
			});
			const body = orderShippedSend({ touser: SANDBOX_OPENIDS.carol });
			expect((await send(sandbox, token, body)).errcode).toBe(0);
			expect((await send(sandbox, token, body)).errcode).toBe(0);
			expect((await send(sandbox, token, body)).errcode).toBe(43101);
			expect(sandbox.messages({ openid: SANDBOX_OPENIDS.carol })).toHaveLength(2);
			// Other users and templates keep the default.
			expect((await send(sandbox, token, orderShippedSend())).errcode).toBe(0);
		});

		it('does not use up a long-term template, but 0 still means no subscription', async () => {
			sandbox.setSubscription(SANDBOX_OPENIDS.carol, SANDBOX_TEMPLATE_IDS.parkingFee, 1);
			expect((await send(sandbox, token, parking(SANDBOX_OPENIDS.carol))).errcode).toBe(0);
			expect((await send(sandbox, token, parking(SANDBOX_OPENIDS.carol))).errcode).toBe(0);
			sandbox.setSubscription(SANDBOX_OPENIDS.carol, SANDBOX_TEMPLATE_IDS.parkingFee, 0);
			expect((await send(sandbox, token, parking(SANDBOX_OPENIDS.carol))).errcode).toBe(43101);
			sandbox.setSubscription(SANDBOX_OPENIDS.carol, SANDBOX_TEMPLATE_IDS.parkingFee, null);
			expect((await send(sandbox, token, parking(SANDBOX_OPENIDS.carol))).errcode).toBe(0);
		});

		it('refuses bad subscription input with 400', async () => {
			const answer = await rawRequest(sandbox.url, 'POST', '/__sandbox/subscriptions', {
				body: JSON.stringify({ openid: 'bad', templateId: 'x', remaining: 1 }),
			});
			expect(answer.status).toBe(400);
			expect(answer.text).toMatch(/openid/);
			const negative = await postJson(sandbox.url, '/__sandbox/subscriptions', {
				openid: SANDBOX_OPENIDS.alice,
				templateId: 'x',
				remaining: -1,
			});
			expect(negative.error).toMatch(/remaining/);
		});
	});

	describe('concurrent sends to one user', () => {
		it('answers 43108 to the second of two overlapping sends to the same OpenID', async () => {
			sandbox.setLatency(150);
			const answers = await Promise.all([send(sandbox, token, orderShippedSend()), send(sandbox, token, orderShippedSend())]);
			expect(answers.map((a) => a.errcode).sort()).toEqual([0, 43108]);
			expect(sandbox.messages()).toHaveLength(1);
			// Once the first has answered, the user is free again.
			expect((await send(sandbox, token, orderShippedSend())).errcode).toBe(0);
		});

		it('lets overlapping sends to different users through', async () => {
			sandbox.setLatency(100);
			const answers = await Promise.all([
				send(sandbox, token, orderShippedSend({ touser: SANDBOX_OPENIDS.alice })),
				send(sandbox, token, orderShippedSend({ touser: SANDBOX_OPENIDS.bob })),
			]);
			expect(answers.map((a) => a.errcode)).toEqual([0, 0]);
		});
	});
});
