import { useSandbox } from '../helpers/sandbox';
import { call, postJson, RID_SUFFIX } from './helpers';

const MINUTE = 60_000;

describe('sandbox access tokens', () => {
	let clock: number;
	const sandbox = useSandbox({ now: () => clock });

	beforeEach(() => {
		clock = Date.UTC(2024, 4, 1, 8, 0, 0);
		// Again after useSandbox's reset: the sandbox clock starts from the time just set.
		sandbox.reset();
	});

	const stable = (extra: Record<string, unknown> = {}) =>
		postJson(sandbox.url, '/cgi-bin/stable_token', {
			grant_type: 'client_credential',
			appid: sandbox.appId,
			secret: sandbox.appSecret,
			...extra,
		});
	const plain = (query = `grant_type=client_credential&appid=${sandbox.appId}&secret=${sandbox.appSecret}`) =>
		call(sandbox.url, 'GET', `/cgi-bin/token?${query}`);
	const templatesWith = (token: string) =>
		call(sandbox.url, 'GET', `/wxaapi/newtmpl/gettemplate?access_token=${encodeURIComponent(token)}`);
	const errcodeWith = async (token: string) => (await templatesWith(token)).errcode;

	it('hands every stable_token caller the same long random token with its remaining life', async () => {
		const first = await stable();
		expect(first).toEqual({ access_token: expect.stringMatching(/^[A-Za-z0-9_-]{100,}$/), expires_in: 7200 });
		expect(first).not.toHaveProperty('errcode');
		clock += 1000 * 1000;
		const second = await stable({ force_refresh: false });
		expect(second).toEqual({ access_token: first.access_token, expires_in: 6200 });
		expect(sandbox.counters().tokensIssued.stableToken).toBe(1);
		expect(await errcodeWith(first.access_token as string)).toBe(0);
	});

	it('rotates the stable token in its last 5 minutes while the old one works until it expires', async () => {
		const first = await stable();
		clock += 7200 * 1000 - 4 * MINUTE;
		const rotated = await stable();
		expect(rotated.access_token).not.toBe(first.access_token);
		expect(rotated.expires_in).toBe(7200);
		expect(await errcodeWith(first.access_token as string)).toBe(0);
		clock += 4 * MINUTE;
		expect(await errcodeWith(first.access_token as string)).toBe(42001);
		expect(await errcodeWith(rotated.access_token as string)).toBe(0);
	});

	it('force_refresh issues a new token and kills the old one at once; a second within 30 s is ignored', async () => {
		const old = await stable();
		clock += MINUTE;
		const fresh = await stable({ force_refresh: true });
		expect(fresh.access_token).not.toBe(old.access_token);
		expect(fresh.expires_in).toBe(7200);
		expect(await errcodeWith(old.access_token as string)).toBe(40001);
		expect(await errcodeWith(fresh.access_token as string)).toBe(0);
		clock += 10_000;
		const ignored = await stable({ force_refresh: true });
		expect(ignored).toEqual({ access_token: fresh.access_token, expires_in: 7190 });
		clock += 30_000;
		const again = await stable({ force_refresh: true });
		expect(again.access_token).not.toBe(fresh.access_token);
		expect(sandbox.counters().stableForceRefreshes).toBe(3);
	});

	it('/cgi-bin/token mints a new token per call and retires the previous one 5 minutes later', async () => {
		const first = await plain();
		expect(first).toEqual({ access_token: expect.stringMatching(/^[A-Za-z0-9_-]{100,}$/), expires_in: 7200 });
		const second = await plain();
		expect(second.access_token).not.toBe(first.access_token);
		clock += 5 * MINUTE - 1000;
		expect(await errcodeWith(first.access_token as string)).toBe(0);
		clock += 1000;
		expect(await errcodeWith(first.access_token as string)).toBe(40001);
		expect(await errcodeWith(second.access_token as string)).toBe(0);
		expect(sandbox.counters().tokenCalls.token).toBe(2);
	});

	it('keeps the two token endpoints apart: minting plain tokens never breaks the stable one', async () => {
		const stableToken = (await stable()).access_token as string;
		await plain();
		await plain();
		clock += 10 * MINUTE;
		expect(await errcodeWith(stableToken)).toBe(0);
		expect((await stable()).access_token).toBe(stableToken);
	});

	it('answers 42001 once a token reaches its natural expiry', async () => {
		const token = (await plain()).access_token as string;
		clock += 7200 * 1000;
		expect(await errcodeWith(token)).toBe(42001);
	});

	it('checks the token on business calls: 41001 missing, 40014 unknown', async () => {
		expect((await call(sandbox.url, 'GET', '/wxaapi/newtmpl/gettemplate')).errcode).toBe(41001);
		const unknown = await templatesWith('not-a-token-we-issued');
		expect(unknown.errcode).toBe(40014);
		expect(unknown.errmsg).toMatch(/^invalid access_token rid: /);
		expect(sandbox.counters().rejectedTokens).toBe(1);
	});

	it('invalidate-tokens kills every token now (40001); stable_token then issues a new one', async () => {
		const stableToken = (await stable()).access_token as string;
		const plainToken = (await plain()).access_token as string;
		expect(await postJson(sandbox.url, '/__sandbox/invalidate-tokens', {})).toEqual({ ok: true });
		expect(await errcodeWith(stableToken)).toBe(40001);
		expect(await errcodeWith(plainToken)).toBe(40001);
		const next = (await stable()).access_token as string;
		expect(next).not.toBe(stableToken);
		expect(await errcodeWith(next)).toBe(0);
		expect(sandbox.counters().rejectedTokens).toBe(2);
	});

	it.each([
		['wrong appid', 40013, { appid: 'wx0000000000000000' }],
		['wrong secret', 40125, { secret: 'not-the-secret' }],
		['bad grant_type', 40002, { grant_type: 'password' }],
		['missing appid', 41002, { appid: undefined }],
		['missing secret', 41004, { secret: undefined }],
	])('stable_token with %s answers %i with a rid', async (_name, errcode, extra) => {
		const answer = await stable(extra);
		expect(answer.errcode).toBe(errcode);
		expect(answer.errmsg).toMatch(RID_SUFFIX);
		expect(answer).not.toHaveProperty('access_token');
	});

	it.each([
		['wrong appid', 40013, 'grant_type=client_credential&appid=wx0000000000000000&secret=x'],
		['wrong secret', 40125, 'grant_type=client_credential&appid=wxfdae81166329a09f&secret=x'],
		['bad grant_type', 40002, 'grant_type=authorization_code&appid=wxfdae81166329a09f&secret=x'],
	])('/cgi-bin/token with %s answers %i', async (_name, errcode, query) => {
		expect((await plain(query)).errcode).toBe(errcode);
	});

	it('reads stable_token bodies strictly: 44002 empty, 47001 not JSON, 43002 on GET', async () => {
		expect((await call(sandbox.url, 'POST', '/cgi-bin/stable_token', { body: '' })).errcode).toBe(44002);
		expect((await call(sandbox.url, 'POST', '/cgi-bin/stable_token', { body: 'grant_type=client_credential' })).errcode).toBe(47001);
		expect((await call(sandbox.url, 'GET', '/cgi-bin/stable_token')).errcode).toBe(43002);
		expect((await call(sandbox.url, 'POST', '/cgi-bin/token', { body: '' })).errcode).toBe(43001);
	});

	it('serves tokens to an app registered through the control API, isolated from the seeded app', async () => {
		const registered = await postJson(sandbox.url, '/__sandbox/apps', { appId: 'wx0123456789abcdef', appSecret: 'second-secret' });
		expect(registered.appId).toBe('wx0123456789abcdef');
		const answer = await postJson(sandbox.url, '/cgi-bin/stable_token', {
			grant_type: 'client_credential',
			appid: 'wx0123456789abcdef',
			secret: 'second-secret',
		});
		const token = answer.access_token as string;
		expect((await stable()).access_token).not.toBe(token);
		const templates = (await templatesWith(token)).data as Array<{ priTmplId: string }>;
		const ids = (registered.templates as Array<{ priTmplId: string }>).map((t) => t.priTmplId);
		expect(templates.map((t) => t.priTmplId)).toEqual(ids);
		const seededIds = ((await templatesWith((await stable()).access_token as string)).data as Array<{ priTmplId: string }>).map(
			(t) => t.priTmplId,
		);
		expect(ids.some((id) => seededIds.includes(id))).toBe(false);
		expect((await postJson(sandbox.url, '/__sandbox/apps', { appId: 'not-an-appid', appSecret: 'x' })).error).toMatch(/appId/);
	});
});
