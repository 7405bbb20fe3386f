import { detectFormat, openPush, type OpenPushOptions } from '../../../../nodes/protocol/push/envelope';
import { PushRejectedError, type PushRejectionReason } from '../../../../nodes/protocol/push/errors';
import { computeSignature } from '../../../../nodes/protocol/push/signature';
import { encryptAsWeChat, POPUP_JSON, POPUP_XML, TEXT_JSON, TEXT_XML } from '../../../helpers/push/samples';
import { V2, V3, V5 } from '../../../helpers/push/vectors';
import { thrownBy } from '../../../helpers/thrown';

const secretsV3 = { token: V3.token, encodingAESKey: V3.encodingAESKey, appId: V3.appId };

function options(overrides: Partial<OpenPushOptions> = {}): OpenPushOptions {
	return { mode: 'safe', dataFormat: 'auto', secrets: secretsV3, ...overrides };
}

/** The official V3 push: JSON outer body, encrypted JSON message. */
const v3Body = JSON.stringify({ ToUserName: 'gh_97417a04a28d', Encrypt: V3.encrypt });
const v3Query = {
	signature: V3.signature,
	timestamp: V3.timestamp,
	nonce: V3.nonce,
	openid: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
	encrypt_type: 'aes',
	msg_signature: V3.msgSignature,
};

function signedEncrypted(
	message: string,
	format: 'xml' | 'json',
	encryptText?: (encrypt: string) => string,
): { body: string; query: Record<string, string> } {
	const encrypt = encryptAsWeChat(message, V3.encodingAESKey, V3.appId);
	const bodyEncrypt = encryptText ? encryptText(encrypt) : encrypt;
	const body =
		format === 'xml'
			? `<xml><ToUserName><![CDATA[gh_123456789abc]]></ToUserName><Encrypt><![CDATA[${bodyEncrypt}]]></Encrypt></xml>`
			: JSON.stringify({ ToUserName: 'gh_123456789abc', Encrypt: bodyEncrypt });
	const timestamp = '1714112445';
	const nonce = '123';
	return {
		body,
		query: {
			timestamp,
			nonce,
			signature: computeSignature([V3.token, timestamp, nonce]),
			encrypt_type: 'aes',
			msg_signature: computeSignature([V3.token, timestamp, nonce, bodyEncrypt]),
		},
	};
}

function plainQuery(token = V3.token, timestamp = '1714037059', nonce = '486452656'): Record<string, string> {
	return { timestamp, nonce, signature: computeSignature([token, timestamp, nonce]) };
}

const rejection = (fn: () => unknown): PushRejectedError => thrownBy(PushRejectedError, fn);

function reasonOf(fn: () => unknown): PushRejectionReason {
	return rejection(fn).reason;
}

describe('detectFormat', () => {
	it('tells the format by the first non-space byte', () => {
		expect(detectFormat('<xml/>')).toBe('xml');
		expect(detectFormat(' \r\n\t{"a":1}')).toBe('json');
		expect(detectFormat('\uFEFF<xml/>')).toBe('xml');
		expect(detectFormat('')).toBeUndefined();
		expect(detectFormat('  ')).toBeUndefined();
		expect(detectFormat('a=1')).toBeUndefined();
		expect(detectFormat('[{"a":1}]')).toBeUndefined();
	});
});

describe('openPush, safe mode', () => {
	it('opens the official V3 push (JSON envelope, JSON message)', () => {
		expect(openPush({ body: v3Body, query: v3Query }, options())).toEqual({
			format: 'json',
			encrypted: true,
			message: {
				ToUserName: 'gh_97417a04a28d',
				FromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
				CreateTime: 1714112445,
				MsgType: 'event',
				Event: 'debug_demo',
				debug_str: 'hello world',
			},
		});
	});

	it("opens EasyWeChat's V5 push (XML envelope, XML message) from a Buffer", () => {
		const body = Buffer.from(
			`<xml><ToUserName><![CDATA[asdasdasd]]></ToUserName><Encrypt><![CDATA[${V5.encrypt}]]></Encrypt></xml>`,
		);
		const opened = openPush(
			{ body, query: { timestamp: V5.timestamp, nonce: V5.nonce, msg_signature: V5.msgSignature } },
			options({ secrets: { token: V5.token, encodingAESKey: V5.encodingAESKey, appId: V5.appId } }),
		);
		expect(opened.format).toBe('xml');
		expect(opened.message).toMatchObject({ ToUserName: 'asdasdasd', MsgType: 'text', Content: 'hello', MsgId: '12345' });
	});

	it.each(['xml', 'json'] as const)('round-trips a popup event encrypted in a %s envelope', (format) => {
		const { body, query } = signedEncrypted(format === 'xml' ? POPUP_XML : POPUP_JSON, format);
		const opened = openPush({ body, query }, options());
		expect(opened.encrypted).toBe(true);
		expect(opened.message.Event).toBe('subscribe_msg_popup_event');
	});

	it('refuses a wrong msg_signature, and a missing one before reading the body', () => {
		expect(reasonOf(() => openPush({ body: v3Body, query: { ...v3Query, msg_signature: '0'.repeat(40) } }, options()))).toBe(
			'bad_signature',
		);
		const { msg_signature: _omitted, ...withoutMsgSignature } = v3Query;
		expect(reasonOf(() => openPush({ body: v3Body, query: withoutMsgSignature }, options()))).toBe('bad_signature');
		expect(reasonOf(() => openPush({ body: 'garbage', query: withoutMsgSignature }, options()))).toBe('bad_signature');
	});

	it('refuses a msg_signature made with another Token', () => {
		const query = { ...v3Query, msg_signature: computeSignature(['other', V3.timestamp, V3.nonce, V3.encrypt]) };
		expect(reasonOf(() => openPush({ body: v3Body, query }, options()))).toBe('bad_signature');
	});

	it('refuses a missing timestamp or nonce', () => {
		expect(reasonOf(() => openPush({ body: v3Body, query: { ...v3Query, timestamp: undefined } }, options()))).toBe('bad_signature');
		expect(reasonOf(() => openPush({ body: v3Body, query: { ...v3Query, nonce: ['1', '2'] } }, options()))).toBe('bad_signature');
	});

	it('refuses tampered ciphertext signed with the original msg_signature', () => {
		const bytes = Buffer.from(V3.encrypt, 'base64');
		bytes[5] ^= 0x01;
		const body = JSON.stringify({ ToUserName: 'gh_97417a04a28d', Encrypt: bytes.toString('base64') });
		expect(reasonOf(() => openPush({ body, query: v3Query }, options()))).toBe('bad_signature');
	});

	it('refuses a plaintext body (an unsigned plaintext push is a signature failure)', () => {
		expect(reasonOf(() => openPush({ body: TEXT_XML, query: { ...plainQuery(), msg_signature: 'x' } }, options()))).toBe(
			'bad_signature',
		);
		expect(reasonOf(() => openPush({ body: TEXT_XML, query: plainQuery() }, options()))).toBe('bad_signature');
	});

	it("still refuses WeChat's own plaintext push as bad_signature, but its message names the mode mismatch", () => {
		const error = rejection(() => openPush({ body: TEXT_XML, query: plainQuery() }, options()));
		expect(error.reason).toBe('bad_signature');
		expect(error.message).toMatch(/^WeChat sent a plaintext push \(no msg_signature\) but the trigger's Encryption Mode is Safe: /);
		expect(error.message).toContain('Development Management → Development Settings → Message Push (开发管理 → 开发设置 → 消息推送): Plaintext or Compatible');
		// Without a valid plain signature nothing about the trigger's setting is said.
		const forged = rejection(() => openPush({ body: TEXT_XML, query: { ...plainQuery(), signature: '0'.repeat(40) } }, options()));
		expect(forged.message).toBe('msg_signature is missing (safe mode)');
		const unsigned = rejection(() => openPush({ body: TEXT_XML, query: {} }, options()));
		expect(unsigned.message).toBe('msg_signature is missing (safe mode)');
	});

	it('refuses Encrypt with whitespace around it, whichever text was signed', () => {
		const signedTrimmed = signedEncrypted(POPUP_XML, 'xml');
		const spaced = signedTrimmed.body.replace('<![CDATA[', ' <![CDATA[').replace(']]></Encrypt>', ']]>\n</Encrypt>');
		expect(reasonOf(() => openPush({ body: spaced, query: signedTrimmed.query }, options()))).toBe('bad_signature');
		const signedSpaced = signedEncrypted(POPUP_XML, 'json', (encrypt) => ` ${encrypt}\n`);
		expect(reasonOf(() => openPush(signedSpaced, options()))).toBe('malformed');
	});

	it('refuses a push encrypted for another App ID', () => {
		const encrypt = encryptAsWeChat(TEXT_XML, V3.encodingAESKey, 'wx0000000000000000');
		const body = JSON.stringify({ Encrypt: encrypt });
		const query = { timestamp: '1', nonce: '2', msg_signature: computeSignature([V3.token, '1', '2', encrypt]) };
		const error = rejection(() => openPush({ body, query }, options()));
		expect(error.reason).toBe('bad_app_id');
	});

	it('refuses a push encrypted with another key', () => {
		const encrypt = encryptAsWeChat(TEXT_XML, 'B'.repeat(43), V3.appId);
		const body = JSON.stringify({ Encrypt: encrypt });
		const query = { timestamp: '1', nonce: '2', msg_signature: computeSignature([V3.token, '1', '2', encrypt]) };
		expect(['malformed', 'bad_app_id']).toContain(reasonOf(() => openPush({ body, query }, options())));
	});

	it('refuses an Encrypt that is repeated or not text', () => {
		const body = `<xml><Encrypt>${V3.encrypt}</Encrypt><Encrypt>${V3.encrypt}</Encrypt></xml>`;
		expect(reasonOf(() => openPush({ body, query: v3Query }, options()))).toBe('malformed');
		expect(reasonOf(() => openPush({ body: '{"Encrypt":{"a":1}}', query: v3Query }, options()))).toBe('malformed');
	});

	it('refuses a decrypted message that is neither XML nor JSON', () => {
		const encrypt = encryptAsWeChat('hello', V3.encodingAESKey, V3.appId);
		const query = { timestamp: '1', nonce: '2', msg_signature: computeSignature([V3.token, '1', '2', encrypt]) };
		expect(reasonOf(() => openPush({ body: JSON.stringify({ Encrypt: encrypt }), query }, options()))).toBe('malformed');
	});

	it('needs the EncodingAESKey and App ID only once the push is authenticated', () => {
		expect(reasonOf(() => openPush({ body: v3Body, query: v3Query }, options({ secrets: { ...secretsV3, encodingAESKey: '' } })))).toBe(
			'not_configured',
		);
		expect(reasonOf(() => openPush({ body: v3Body, query: v3Query }, options({ secrets: { ...secretsV3, appId: ' ' } })))).toBe(
			'not_configured',
		);
		const forged = { ...v3Query, msg_signature: '0'.repeat(40) };
		expect(reasonOf(() => openPush({ body: v3Body, query: forged }, options({ secrets: { ...secretsV3, encodingAESKey: '' } })))).toBe(
			'bad_signature',
		);
	});
});

describe('openPush, compatible mode', () => {
	it('decrypts when Encrypt is present, ignoring the plaintext fields beside it', () => {
		const { body, query } = signedEncrypted(TEXT_XML, 'xml');
		const sideBySide = body.replace('<Encrypt>', '<Content><![CDATA[forged]]></Content><Encrypt>');
		const opened = openPush({ body: sideBySide, query }, options({ mode: 'compatible' }));
		expect(opened).toMatchObject({ encrypted: true, message: { Content: 'this is a test & <more>' } });
	});

	it('reads a plaintext body signed with signature', () => {
		const opened = openPush({ body: TEXT_XML, query: plainQuery() }, options({ mode: 'compatible' }));
		expect(opened).toMatchObject({ encrypted: false, format: 'xml', message: { MsgType: 'text' } });
	});

	it('checks signature on a plaintext body even when msg_signature is present', () => {
		const query = { ...plainQuery(), msg_signature: 'whatever' };
		expect(openPush({ body: TEXT_XML, query }, options({ mode: 'compatible' })).encrypted).toBe(false);
		expect(reasonOf(() => openPush({ body: TEXT_XML, query: { ...query, signature: 'x' } }, options({ mode: 'compatible' })))).toBe(
			'bad_signature',
		);
	});

	it('refuses an encrypted body without msg_signature, even with a valid signature', () => {
		const { body } = signedEncrypted(TEXT_XML, 'xml');
		expect(reasonOf(() => openPush({ body, query: plainQuery() }, options({ mode: 'compatible' })))).toBe('bad_signature');
	});

	it('refuses an unsigned plaintext body before reading it', () => {
		expect(reasonOf(() => openPush({ body: 'garbage', query: {} }, options({ mode: 'compatible' })))).toBe('bad_signature');
	});
});

describe('openPush, plaintext mode', () => {
	it('V2: accepts the official plaintext signature', () => {
		const query = { signature: V2.signature, timestamp: V2.timestamp, nonce: V2.nonce };
		const opened = openPush({ body: TEXT_XML, query }, options({ mode: 'plaintext', secrets: { ...secretsV3, token: V2.token } }));
		expect(opened).toEqual({ format: 'xml', encrypted: false, message: expect.objectContaining({ MsgId: '6197906553041859764' }) });
	});

	it('checks the signature before reading the body at all', () => {
		expect(reasonOf(() => openPush({ body: '<<<', query: { ...plainQuery(), signature: 'x' } }, options({ mode: 'plaintext' })))).toBe(
			'bad_signature',
		);
		expect(reasonOf(() => openPush({ body: '<<<', query: plainQuery() }, options({ mode: 'plaintext' })))).toBe('malformed');
	});

	it.each(['xml', 'json'] as const)('names a signed encrypted push (encrypt_type=aes, %s) a mode mismatch', (format) => {
		const request = signedEncrypted(format === 'xml' ? TEXT_XML : POPUP_JSON, format);
		const error = rejection(() => openPush(request, options({ mode: 'plaintext' })));
		expect(error.reason).toBe('mode_mismatch');
		expect(error.message).toBe(
			"WeChat sent an encrypted push (encrypt_type=aes) but the trigger's Encryption Mode is Plaintext: set Encryption Mode to the mode chosen in the WeChat console under Development Management → Development Settings → Message Push (开发管理 → 开发设置 → 消息推送): Compatible or Safe",
		);
		// Compatible mode's shape (plaintext fields beside Encrypt) is a mismatch too: the query says the console encrypts.
		const body = format === 'xml' ? TEXT_XML.replace('</xml>', '<Encrypt><![CDATA[x]]></Encrypt></xml>') : TEXT_JSON.replace(/}$/, ',"Encrypt":"x"}');
		const sideBySide = { ...request, body };
		expect(reasonOf(() => openPush(sideBySide, options({ mode: 'plaintext' })))).toBe('mode_mismatch');
	});

	it('decides the mismatch only after the signature and the replay window, before the body', () => {
		const request = signedEncrypted(TEXT_XML, 'xml');
		const plaintext = options({ mode: 'plaintext' });
		expect(reasonOf(() => openPush({ ...request, query: { ...request.query, signature: '0'.repeat(40) } }, plaintext))).toBe('bad_signature');
		expect(reasonOf(() => openPush({ ...request, query: { ...request.query, signature: undefined } as Record<string, unknown> }, plaintext))).toBe(
			'bad_signature',
		);
		expect(reasonOf(() => openPush(request, options({ mode: 'plaintext', replayWindowSeconds: 60, nowSeconds: 0 })))).toBe('stale_timestamp');
		expect(reasonOf(() => openPush({ ...request, body: '<<<' }, plaintext))).toBe('mode_mismatch');
	});

	it.each(['xml', 'json'] as const)('names a signed %s body holding only Encrypt a mode mismatch, even without encrypt_type', (format) => {
		const { body, query } = signedEncrypted(TEXT_XML, format);
		const bare = { timestamp: query.timestamp, nonce: query.nonce, signature: query.signature };
		const error = rejection(() => openPush({ body, query: bare }, options({ mode: 'plaintext' })));
		expect(error.reason).toBe('mode_mismatch');
		expect(error.message).toMatch(/^WeChat sent an encrypted push \(an Encrypt field and no plaintext fields\) but the trigger's Encryption Mode is Plaintext: .*: Compatible or Safe$/);
		expect(reasonOf(() => openPush({ body, query: { ...bare, signature: '0'.repeat(40) } }, options({ mode: 'plaintext' })))).toBe('bad_signature');
	});

	it('still reads a plaintext body that carries Encrypt beside MsgType when the query does not say aes', () => {
		const body = TEXT_XML.replace('</xml>', '<Encrypt><![CDATA[x]]></Encrypt></xml>');
		expect(openPush({ body, query: plainQuery() }, options({ mode: 'plaintext' })).message).toMatchObject({ MsgType: 'text', Encrypt: 'x' });
		const event = JSON.stringify({ ToUserName: 'gh_1', Event: 'user_enter_tempsession', Encrypt: 'x' });
		expect(openPush({ body: event, query: plainQuery() }, options({ mode: 'plaintext' })).message.Event).toBe('user_enter_tempsession');
	});

	it('does not need the EncodingAESKey or App ID', () => {
		const secrets = { token: V3.token, encodingAESKey: '', appId: '' };
		expect(openPush({ body: POPUP_JSON, query: plainQuery() }, options({ mode: 'plaintext', secrets })).format).toBe('json');
	});
});

describe('openPush and invalid UTF-8 bodies', () => {
	const badByte = (text: string, marker: string) => {
		const at = text.indexOf(marker) + marker.length;
		return Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xff, 0xfe]), Buffer.from(text.slice(at))]);
	};

	it.each(['xml', 'json'] as const)('refuses a signed safe-mode %s envelope with invalid UTF-8 outside Encrypt', (format) => {
		const { body, query } = signedEncrypted(format === 'xml' ? POPUP_XML : POPUP_JSON, format);
		const error = rejection(() => openPush({ body: badByte(body, 'gh_123'), query }, options()));
		expect(error.reason).toBe('malformed');
		expect(error.message).toBe('The body is not valid UTF-8');
	});

	it('refuses a signed plaintext body with invalid UTF-8, but an unsigned one as unsigned first', () => {
		const body = badByte(POPUP_JSON, '{');
		expect(reasonOf(() => openPush({ body, query: plainQuery() }, options({ mode: 'plaintext' })))).toBe('malformed');
		expect(reasonOf(() => openPush({ body, query: { ...plainQuery(), signature: '0'.repeat(40) } }, options({ mode: 'plaintext' })))).toBe(
			'bad_signature',
		);
	});

	it('refuses a compatible-mode plaintext body with invalid UTF-8 once its signature holds', () => {
		const body = badByte(POPUP_JSON, '{');
		expect(reasonOf(() => openPush({ body, query: plainQuery() }, options({ mode: 'compatible' })))).toBe('malformed');
	});

	it('still reads valid multi-byte UTF-8 from a Buffer', () => {
		const { body, query } = signedEncrypted(POPUP_XML, 'xml');
		const withChinese = Buffer.from(body.replace('gh_123456789abc', '小程序'));
		expect(openPush({ body: withChinese, query }, options()).message.Event).toBe('subscribe_msg_popup_event');
	});
});

describe('openPush: formats, bounds, freshness, configuration', () => {
	it('honours a fixed Data Format and refuses the other one', () => {
		expect(openPush({ body: POPUP_JSON, query: plainQuery() }, options({ mode: 'plaintext', dataFormat: 'json' })).format).toBe('json');
		const error = rejection(() => openPush({ body: POPUP_JSON, query: plainQuery() }, options({ mode: 'plaintext', dataFormat: 'xml' })));
		expect(error.reason).toBe('malformed');
		expect(error.message).toMatch(/JSON but the trigger expects XML/);
		const inner = signedEncrypted(TEXT_XML, 'json');
		expect(reasonOf(() => openPush(inner, options({ dataFormat: 'json' })))).toBe('malformed');
	});

	it('refuses bodies that are neither XML nor JSON, and broken ones', () => {
		for (const body of ['', 'a=1', '[1]', '<xml><a></xml>', '{"a":', '<xml>text</xml>', '<!DOCTYPE x><xml/>']) {
			expect(reasonOf(() => openPush({ body, query: plainQuery() }, options({ mode: 'plaintext' })))).toBe('malformed');
		}
	});

	it('refuses a body beyond maxBytes, as text or as a Buffer', () => {
		const body = `<xml><a>${'x'.repeat(200)}</a></xml>`;
		for (const form of [body, Buffer.from(body)]) {
			expect(rejection(() => openPush({ body: form, query: plainQuery() }, options({ mode: 'plaintext', maxBytes: 100 }))).message).toMatch(
				/larger than 100 bytes/,
			);
		}
	});

	it('rejects stale timestamps only when a replay window is set', () => {
		const request = signedEncrypted(TEXT_XML, 'xml'); // timestamp 1714112445
		expect(openPush(request, options()).encrypted).toBe(true);
		expect(openPush(request, options({ replayWindowSeconds: 300, nowSeconds: 1714112445 + 300 })).encrypted).toBe(true);
		expect(reasonOf(() => openPush(request, options({ replayWindowSeconds: 300, nowSeconds: 1714112445 + 301 })))).toBe('stale_timestamp');
		expect(reasonOf(() => openPush(request, options({ replayWindowSeconds: 300, nowSeconds: 1714112445 - 301 })))).toBe('stale_timestamp');
		const oddTimestamp = { body: TEXT_XML, query: plainQuery(V3.token, 'soon', '1') };
		expect(openPush(oddTimestamp, options({ mode: 'plaintext' })).format).toBe('xml');
		expect(reasonOf(() => openPush(oddTimestamp, options({ mode: 'plaintext', replayWindowSeconds: 60, nowSeconds: 0 })))).toBe(
			'stale_timestamp',
		);
	});

	it('refuses everything while the Token is missing, naming the credential field', () => {
		for (const token of ['', '   ']) {
			const error = rejection(() => openPush({ body: v3Body, query: v3Query }, options({ secrets: { ...secretsV3, token } })));
			expect(error.reason).toBe('not_configured');
			expect(error.message).toMatch(/Message Push Token/);
		}
	});

	it('never puts the Token, the AES key or decrypted content in a message', () => {
		const attempts: Array<() => unknown> = [
			() => openPush({ body: v3Body, query: { ...v3Query, msg_signature: 'x' } }, options()),
			() => openPush({ body: v3Body, query: v3Query }, options({ secrets: { ...secretsV3, appId: 'wx0000000000000000' } })),
			() => openPush({ body: v3Body, query: v3Query }, options({ dataFormat: 'xml' })),
			() => openPush({ body: v3Body, query: v3Query }, options({ replayWindowSeconds: 1, nowSeconds: 0 })),
			() => openPush({ body: v3Body, query: v3Query }, options({ secrets: { ...secretsV3, encodingAESKey: 'short-key-value' } })),
			() => openPush(signedEncrypted('{"debug_str":"secret-content"', 'json'), options()),
			() => openPush(signedEncrypted('<xml><secret-content>1</xml>', 'xml'), options()),
			() => openPush(signedEncrypted('<secret-content/>', 'xml'), options()),
			() => openPush(signedEncrypted('<xml><a>&secret-content;</a></xml>', 'json'), options()),
			() => openPush(signedEncrypted('{"debug_str":"secret-content"}', 'json'), options({ mode: 'plaintext' })),
			() => openPush({ body: TEXT_XML.replace('this is a test', 'secret-content'), query: plainQuery() }, options()),
		];
		for (const attempt of attempts) {
			const { message } = rejection(attempt);
			for (const secret of [V3.token, V3.encodingAESKey, 'short-key-value', 'debug_demo', 'hello world', 'secret-content']) {
				expect(message).not.toContain(secret);
			}
		}
	});
});
