/**
 * Every way the webhook refuses a request: the status it answers, that the body says nothing a
 * prober could use (401/400 are empty), that no execution starts (no workflowData), that the
 * webhook never throws, and that no secret or decrypted content reaches the answer or the log.
 */
import { PUSH_EVENT_SAMPLES, buildEventRequest, buildVerificationRequest, type BuiltPushRequest, type PushConfig } from '../../../sandbox/push';
import { V1, V3 } from '../../helpers/push/vectors';
import { runWebhook, type RunOptions, type WebhookRun } from './runWebhook';

const TOKEN = 'SimToken2024';
const ENCODING_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APP_ID = 'wxfdae81166329a09f';
const credentials = { appId: APP_ID, appSecret: 'app-secret-value', token: TOKEN, encodingAESKey: ENCODING_AES_KEY };
const SECRETS = [TOKEN, ENCODING_AES_KEY, 'app-secret-value'];

const safeXml: PushConfig = { token: TOKEN, encodingAESKey: ENCODING_AES_KEY, appId: APP_ID, mode: 'safe', format: 'xml' };
const plainXml: PushConfig = { ...safeXml, mode: 'plaintext' };
const text = PUSH_EVENT_SAMPLES.text;

/** Runs and checks what every refusal shares; returns the run for specific checks. */
async function expectRefused(request: BuiltPushRequest, status: number, options: RunOptions = {}): Promise<WebhookRun> {
	const run = await runWebhook(request, { credentials, ...options });
	expect(run.response).toMatchObject({ status, type: 'text/plain', headers: { 'x-content-type-options': 'nosniff' }, ended: true, sends: 1 });
	expect(run.result).toEqual({ noWebhookResponse: true });
	if (status !== 500) expect(run.response.body).toBe('');
	const everything = JSON.stringify(run);
	for (const secret of SECRETS) expect(everything).not.toContain(secret);
	expect(everything).not.toContain(String(text.Content));
	expect(everything).not.toMatch(/\n\s+at /); // no stack trace
	return run;
}

function withQuery(request: BuiltPushRequest, query: Record<string, string | undefined>): BuiltPushRequest {
	const merged: Record<string, string> = {};
	for (const [key, value] of Object.entries({ ...request.query, ...query })) if (value !== undefined) merged[key] = value;
	return { ...request, query: merged };
}

describe('GET verification', () => {
	it('V1: the official example is answered with the bare echostr', async () => {
		const request: BuiltPushRequest = {
			method: 'GET',
			query: { signature: V1.signature, timestamp: V1.timestamp, nonce: V1.nonce, echostr: V1.echostr },
			headers: {},
			body: '',
		};
		const run = await runWebhook(request, { credentials: { ...credentials, token: V1.token } });
		expect(run.response).toMatchObject({ status: 200, type: 'text/plain', body: V1.echostr });
		expect(run.response.headers).toEqual({ 'x-content-type-options': 'nosniff' });
		expect(run.result).toEqual({ noWebhookResponse: true });
	});

	it('a wrong signature gets 401 with no body', async () => {
		const request = buildVerificationRequest({ ...safeXml, token: 'another-token' });
		await expectRefused(request, 401);
	});

	it('a missing signature, timestamp or nonce gets 401', async () => {
		const request = buildVerificationRequest(safeXml);
		for (const dropped of ['signature', 'timestamp', 'nonce']) {
			await expectRefused(withQuery(request, { [dropped]: undefined }), 401);
		}
	});

	it('a signed request without echostr gets 400', async () => {
		await expectRefused(withQuery(buildVerificationRequest(safeXml), { echostr: undefined }), 400);
	});

	it('without a Token in the credential: 500 naming the credential field, and a warning in the log', async () => {
		const run = await expectRefused(buildVerificationRequest(safeXml), 500, { credentials: { ...credentials, token: '' } });
		expect(run.response.body).toMatch(/Message Push Token/);
		expect(run.logs.some((line) => line.level === 'warn' && /not_configured/.test(line.message))).toBe(true);
	});

	it('without a credential at all: 500 asking to select one', async () => {
		const run = await expectRefused(buildVerificationRequest(safeXml), 500, {
			credentials: new Error('Node does not have any credentials set'),
		});
		expect(run.response.body).toMatch(/select one/);
	});
});

describe('POST: signatures', () => {
	it.each(['plaintext', 'compatible', 'safe'] as const)('%s mode: a request signed with another Token gets 401', async (mode) => {
		const request = buildEventRequest({ ...safeXml, mode, token: 'another-token' }, text);
		await expectRefused(request, 401, { parameters: { encryptionMode: mode } });
	});

	it.each(['plaintext', 'compatible', 'safe'] as const)('%s mode: a request with no signature at all gets 401', async (mode) => {
		const request = buildEventRequest({ ...safeXml, mode }, text);
		const unsigned = withQuery(request, { signature: undefined, msg_signature: undefined });
		await expectRefused(unsigned, 401, { parameters: { encryptionMode: mode } });
	});

	it('safe mode: a validly signed plaintext push gets 401 (plaintext is not accepted)', async () => {
		await expectRefused(buildEventRequest(plainXml, text), 401, { parameters: { encryptionMode: 'safe' } });
	});

	it("safe mode: WeChat's own plaintext push stays 401, and the debug log names the mode mismatch and the fix", async () => {
		const run = await expectRefused(buildEventRequest(plainXml, text), 401, { parameters: { encryptionMode: 'safe' } });
		expect(run.logs).toEqual([
			{
				level: 'debug',
				message: expect.stringMatching(/^WeChat Mini Program Trigger refused a request \(bad_signature\): WeChat sent a plaintext push \(no msg_signature\) but the trigger's Encryption Mode is Safe: set Encryption Mode to .*消息推送\): Plaintext or Compatible$/),
			},
		]);
		const forged = await expectRefused(buildEventRequest({ ...plainXml, token: 'another-token' }, text), 401, { parameters: { encryptionMode: 'safe' } });
		expect(forged.logs).toEqual([{ level: 'debug', message: 'WeChat Mini Program Trigger refused a request (bad_signature): msg_signature is missing (safe mode)' }]);
	});

	it('safe mode: ciphertext changed after signing gets 401', async () => {
		const request = buildEventRequest(safeXml, text);
		const tampered = request.body.replace(/<Encrypt><!\[CDATA\[(.)/, (_m, first: string) => `<Encrypt><![CDATA[${first === 'A' ? 'B' : 'A'}`);
		expect(tampered).not.toBe(request.body);
		await expectRefused({ ...request, body: tampered }, 401);
	});

	it('safe mode: Encrypt with whitespace around it gets refused', async () => {
		const request = buildEventRequest(safeXml, text);
		const spaced = request.body.replace('<Encrypt><![CDATA[', '<Encrypt> <![CDATA[').replace(']]></Encrypt>', ']]>\n</Encrypt>');
		await expectRefused({ ...request, body: spaced }, 401);
	});

	it('compatible mode: an encrypted body without msg_signature gets 401', async () => {
		const request = buildEventRequest({ ...safeXml, mode: 'compatible' }, text);
		await expectRefused(withQuery(request, { msg_signature: undefined }), 401, { parameters: { encryptionMode: 'compatible' } });
	});
});

describe('POST: the console encrypts but the trigger is set to Plaintext', () => {
	const plaintext = { parameters: { encryptionMode: 'plaintext' } };
	const MISMATCH =
		"WeChat Mini Program Trigger refused a request (mode_mismatch): WeChat sent an encrypted push (encrypt_type=aes) but the trigger's Encryption Mode is Plaintext: set Encryption Mode to the mode chosen in the WeChat console under Development Management → Development Settings → Message Push (开发管理 → 开发设置 → 消息推送): Compatible or Safe";

	it.each([
		['compatible', 'xml'],
		['compatible', 'json'],
		['safe', 'xml'],
		['safe', 'json'],
	] as const)('a signed %s-mode %s push starts nothing: 500 and a warning naming the mismatch and the fix', async (mode, format) => {
		const request = buildEventRequest({ ...safeXml, mode, format }, text);
		const run = await expectRefused(request, 500, plaintext);
		expect(run.logs).toEqual([{ level: 'warn', message: MISMATCH }]);
		expect(run.response.body).toBe(MISMATCH.slice(MISMATCH.indexOf('WeChat sent')));
		const ciphertext = /"Encrypt":"([^"]+)"|<Encrypt><!\[CDATA\[([^\]]+)/.exec(request.body);
		const everything = JSON.stringify(run);
		expect(everything).not.toContain((ciphertext?.[1] ?? ciphertext?.[2] ?? '?').slice(0, 24));
		expect(everything).not.toContain(request.query.msg_signature);
	});

	it.each(['xml', 'json'] as const)('a signed %s body holding only Encrypt, with no encrypt_type in the query, is the same mismatch', async (format) => {
		const request = withQuery(buildEventRequest({ ...safeXml, format }, text), { encrypt_type: undefined, msg_signature: undefined });
		const run = await expectRefused(request, 500, plaintext);
		expect(run.logs).toHaveLength(1);
		expect(run.logs[0].level).toBe('warn');
		expect(run.logs[0].message).toMatch(
			/^WeChat Mini Program Trigger refused a request \(mode_mismatch\): WeChat sent an encrypted push \(an Encrypt field and no plaintext fields\) but the trigger's Encryption Mode is Plaintext: .*: Compatible or Safe$/,
		);
	});

	it.each(['compatible', 'safe'] as const)('a forged %s-mode push (wrong signature or none) gets 401 and no hint of the mismatch', async (mode) => {
		const forged = buildEventRequest({ ...safeXml, mode, token: 'another-token' }, text);
		const unsigned = withQuery(buildEventRequest({ ...safeXml, mode }, text), { signature: undefined });
		for (const request of [forged, unsigned]) {
			const run = await expectRefused(request, 401, plaintext);
			expect(run.logs).toHaveLength(1);
			expect(run.logs[0]).toMatchObject({ level: 'debug', message: expect.stringMatching(/\(bad_signature\)/) });
			expect(JSON.stringify(run)).not.toMatch(/mode_mismatch|Encryption Mode|encrypt_type/);
		}
	});

	it('a signed encrypted push outside the replay window is refused as stale first (401)', async () => {
		const request = buildEventRequest(safeXml, text, { timestamp: '1000000000' });
		const run = await expectRefused(request, 401, { parameters: { encryptionMode: 'plaintext', options: { replayWindowSeconds: 300 } } });
		expect(run.logs).toEqual([{ level: 'debug', message: expect.stringMatching(/\(stale_timestamp\)/) }]);
	});
});

describe('POST: decryption and App ID', () => {
	it('a push encrypted for another App ID gets 401 and a warning', async () => {
		const request = buildEventRequest({ ...safeXml, appId: 'wx0000000000000000' }, text);
		const run = await expectRefused(request, 401);
		expect(run.logs.some((line) => line.level === 'warn' && /bad_app_id/.test(line.message))).toBe(true);
	});

	it('a push encrypted with another EncodingAESKey (right Token) gets 400', async () => {
		const request = buildEventRequest({ ...safeXml, encodingAESKey: 'B'.repeat(43) }, text, {
			random16: Buffer.from('0123456789abcdef'),
		});
		await expectRefused(request, 400);
	});

	it('the official V3 push under the right Token but our App ID gets 401', async () => {
		const body = JSON.stringify({ ToUserName: 'gh_97417a04a28d', Encrypt: V3.encrypt });
		const request: BuiltPushRequest = {
			method: 'POST',
			query: { timestamp: V3.timestamp, nonce: V3.nonce, signature: V3.signature, encrypt_type: 'aes', msg_signature: V3.msgSignature },
			headers: { 'Content-Type': 'application/json' },
			body,
		};
		await expectRefused(request, 401, { credentials: { ...credentials, token: V3.token, encodingAESKey: V3.encodingAESKey } });
		const accepted = await runWebhook(request, {
			credentials: { ...credentials, token: V3.token, encodingAESKey: V3.encodingAESKey, appId: V3.appId },
		});
		expect(accepted.response.body).toBe('success');
		expect(accepted.result.workflowData?.[0][0].json).toMatchObject({ event: 'debug_demo', fields: { debug_str: 'hello world' } });
	});

	it('safe mode without an EncodingAESKey in the credential: 500 naming the field', async () => {
		const run = await expectRefused(buildEventRequest(safeXml, text), 500, { credentials: { ...credentials, encodingAESKey: '' } });
		expect(run.response.body).toMatch(/EncodingAESKey/);
	});

	it('safe mode without an App ID in the credential: 500 naming the field', async () => {
		const run = await expectRefused(buildEventRequest(safeXml, text), 500, { credentials: { ...credentials, appId: '' } });
		expect(run.response.body).toMatch(/App ID/);
	});
});

describe('POST: bodies', () => {
	const plaintext = { parameters: { encryptionMode: 'plaintext' } };

	it.each([
		['empty', ''],
		['neither XML nor JSON', 'hello=world'],
		['truncated XML', '<xml><ToUserName><![CDATA[gh_1]]></ToUserName>'],
		['broken JSON', '{"ToUserName":'],
		['a DOCTYPE', '<!DOCTYPE x [<!ENTITY e "x">]><xml><a>&e;</a></xml>'],
		['a JSON array', '[{"MsgType":"text"}]'],
		['nested beyond the bound', `<xml>${'<a>'.repeat(40)}${'</a>'.repeat(40)}</xml>`],
	])('a signed plaintext push with a body that is %s gets 400', async (_label, body) => {
		await expectRefused({ ...buildEventRequest(plainXml, text), body }, 400, plaintext);
	});

	it('a body beyond 1 MiB gets 400 before it is read', async () => {
		const body = `<xml><Content>${'x'.repeat(1_048_576)}</Content></xml>`;
		await expectRefused({ ...buildEventRequest(plainXml, text), body }, 400, plaintext);
	});

	it('a JSON body while Data Format is XML gets 400', async () => {
		const request = buildEventRequest({ ...safeXml, format: 'json' }, text);
		await expectRefused(request, 400, { parameters: { dataFormat: 'xml' } });
	});

	it("n8n's own parse of the body is never used: the exact bytes are", async () => {
		const request = buildEventRequest(safeXml, text);
		const run = await runWebhook(request, { credentials, requestOverrides: { body: { xml: { encrypt: 'decoy' } } } });
		expect(run.result.workflowData?.[0][0].json.content).toBe(text.Content);
	});

	it('reads the body through readRawBody when rawBody is not there yet', async () => {
		const request = buildEventRequest(safeXml, text);
		const requestOverrides = {
			rawBody: undefined,
			body: undefined,
			async readRawBody(this: { rawBody?: Buffer }) {
				this.rawBody = Buffer.from(request.body);
			},
		};
		const run = await runWebhook(request, { credentials, requestOverrides });
		expect(run.response.body).toBe('success');
		expect(run.result.workflowData?.[0]).toHaveLength(1);
	});

	it('falls back to a text body, and gets 400 when there is no text at all', async () => {
		const request = buildEventRequest(safeXml, text);
		const fromText = await runWebhook(request, { credentials, requestOverrides: { rawBody: undefined, body: request.body } });
		expect(fromText.response.body).toBe('success');
		await expectRefused(request, 400, { requestOverrides: { rawBody: undefined, body: { parsed: true } } });
	});
});

describe('POST: failures of our own', () => {
	it('without a Token in the credential: 500 naming the field, no execution', async () => {
		const run = await expectRefused(buildEventRequest(safeXml, text), 500, { credentials: { ...credentials, token: '' } });
		expect(run.response.body).toMatch(/Message Push Token/);
	});

	it('an unexpected error is answered 500 without its message, logged by name only, never thrown', async () => {
		const request = buildEventRequest(safeXml, text);
		const parameters = {
			get encryptionMode(): string {
				throw new TypeError(`boom ${TOKEN}`);
			},
		};
		const run = await runWebhook(request, { credentials, parameters });
		expect(run.response).toMatchObject({ status: 500, body: 'The WeChat Mini Program Trigger could not handle this request' });
		expect(run.result).toEqual({ noWebhookResponse: true });
		expect(run.logs).toEqual([{ level: 'error', message: 'WeChat Mini Program Trigger failed on a request: TypeError' }]);
	});
});
