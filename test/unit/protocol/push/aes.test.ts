import { createCipheriv } from 'node:crypto';

import { decodeEncodingAESKey, decryptMessage } from '../../../../nodes/protocol/push/aes';
import { PushRejectedError } from '../../../../nodes/protocol/push/errors';
import { encryptAsWeChat } from '../../../helpers/push/samples';
import { V3, V4, V5, V6 } from '../../../helpers/push/vectors';
import { thrownBy } from '../../../helpers/thrown';

const keyV3 = decodeEncodingAESKey(V3.encodingAESKey);
const keyV5 = decodeEncodingAESKey(V5.encodingAESKey);

/** Encrypts arbitrary plaintext bytes with WeChat's key/IV and no padding added: builds bad inputs. */
function rawEncrypt(plain: Buffer, key: Buffer): string {
	const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	cipher.setAutoPadding(false);
	return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** random(16) ‖ length ‖ message ‖ appid, for building envelopes by hand. */
function envelope(message: string, appId: string, declaredLength?: number): Buffer {
	const messageBytes = Buffer.from(message, 'utf8');
	const length = Buffer.alloc(4);
	length.writeUInt32BE(declaredLength ?? messageBytes.length, 0);
	return Buffer.concat([Buffer.alloc(16, 0x61), length, messageBytes, Buffer.from(appId)]);
}

function envelopeBytes(message: Buffer, appId: string): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(message.length, 0);
	return Buffer.concat([Buffer.alloc(16, 0x61), length, message, Buffer.from(appId)]);
}

function withWeChatPadding(body: Buffer): Buffer {
	const pad = 32 - (body.length % 32);
	return Buffer.concat([body, Buffer.alloc(pad, pad)]);
}

function withPadding(body: Buffer, padBytes: number[]): Buffer {
	return Buffer.concat([body, Buffer.from(padBytes)]);
}

const rejection = (fn: () => unknown): PushRejectedError => thrownBy(PushRejectedError, fn);

describe('decodeEncodingAESKey', () => {
	it('turns the 43-character key into 32 bytes', () => {
		expect(keyV3).toHaveLength(32);
		expect(keyV3.equals(Buffer.alloc(32, 0))).toBe(true);
		expect(keyV5).toHaveLength(32);
	});

	it.each(['', 'A'.repeat(42), 'A'.repeat(44), `${'A'.repeat(42)}=`, `${'A'.repeat(42)} `])(
		'refuses %j as not_configured without echoing it',
		(value) => {
			const error = rejection(() => decodeEncodingAESKey(value));
			expect(error.reason).toBe('not_configured');
			expect(error.message).toMatch(/EncodingAESKey/);
			if (value.length > 5) expect(error.message).not.toContain(value);
		},
	);
});

describe('decryptMessage against independent values', () => {
	it('V3: decrypts the official safe-mode push (pad byte 19, App ID checked)', () => {
		const plain = Buffer.from(V3.encrypt, 'base64');
		expect(plain.length % 32).toBe(0);
		expect(decryptMessage(V3.encrypt, keyV3, V3.appId)).toBe(V3.message);
	});

	it('V4: decrypts the official encrypted reply', () => {
		expect(decryptMessage(V4.encrypt, keyV3, V4.appId)).toBe(V4.message);
	});

	it("V5: decrypts EasyWeChat's XML text message", () => {
		const message = decryptMessage(V5.encrypt, keyV5, V5.appId);
		expect(message).toContain('<ToUserName><![CDATA[asdasdasd]]></ToUserName>');
		expect(message).toContain('<Content><![CDATA[hello]]></Content>');
		expect(message).toContain('<MsgId>12345</MsgId>');
	});

	it("V6: decrypts WxJava's UTF-8 message (length counted in bytes)", () => {
		expect(decryptMessage(V6.encrypt, keyV5, V6.appId)).toBe(V6.message);
	});
});

describe('the fixtures: the sandbox encrypts as WeChat does, and decryptMessage reads it', () => {
	it('V4: reproduces the official encrypted reply byte for byte', () => {
		expect(encryptAsWeChat(V4.message, V3.encodingAESKey, V4.appId, V4.random)).toBe(V4.encrypt);
	});

	it("V6: reproduces WxJava's ciphertext", () => {
		expect(encryptAsWeChat(V6.message, V5.encodingAESKey, V6.appId, V6.random)).toBe(V6.encrypt);
	});

	it('round-trips messages of every length around the 32-byte pad boundary, a full pad block included', () => {
		const pads = new Set<number>();
		for (let length = 0; length <= 70; length++) {
			const message = 'x'.repeat(length);
			const encrypt = encryptAsWeChat(message, V3.encodingAESKey, V3.appId);
			const padded = 20 + length + V3.appId.length;
			pads.add(32 - (padded % 32));
			expect(decryptMessage(encrypt, keyV3, V3.appId)).toBe(message);
		}
		expect(pads.has(32)).toBe(true);
		expect(pads.has(1)).toBe(true);
	});
});

describe('decryptMessage across keys and pushes', () => {
	it('decrypts interleaved pushes under two keys, long and short', () => {
		const encodingAESKeys = [V3.encodingAESKey, 'B'.repeat(43)];
		const messages = ['', 'a', '订单已发货'.repeat(40), 'x'.repeat(1000)];
		for (let round = 0; round < 3; round++) {
			for (const message of messages) {
				for (const encodingAESKey of encodingAESKeys) {
					const encrypt = encryptAsWeChat(message, encodingAESKey, V3.appId);
					expect(decryptMessage(encrypt, decodeEncodingAESKey(encodingAESKey), V3.appId)).toBe(message);
				}
			}
		}
	});

	it('is not thrown off by a refused push: the next one under the same key still decrypts', () => {
		const wrongAppId = encryptAsWeChat('first', V3.encodingAESKey, 'wx0000000000000000');
		expect(rejection(() => decryptMessage(wrongAppId, keyV3, V3.appId)).reason).toBe('bad_app_id');
		expect(rejection(() => decryptMessage(`${V3.encrypt.slice(0, -8)}AAAAAAA=`, keyV3, V3.appId)).reason).toBe('malformed');
		expect(decryptMessage(V3.encrypt, keyV3, V3.appId)).toBe(V3.message);
	});
});

describe('decryptMessage and UTF-8', () => {
	it('refuses a correctly encrypted message whose bytes are not valid UTF-8', () => {
		for (const bad of [[0xff], [0xc3], [0xe8, 0xae], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
			const message = Buffer.concat([Buffer.from('<xml><Content>'), Buffer.from(bad), Buffer.from('</Content></xml>')]);
			const encrypt = rawEncrypt(withWeChatPadding(envelopeBytes(message, V3.appId)), keyV3);
			const error = rejection(() => decryptMessage(encrypt, keyV3, V3.appId));
			expect(error.reason).toBe('malformed');
			expect(error.message).toMatch(/not valid UTF-8/);
		}
	});

	it('keeps a leading byte-order mark as it was sent', () => {
		const encrypt = encryptAsWeChat('\uFEFF<xml/>', V3.encodingAESKey, V3.appId);
		expect(decryptMessage(encrypt, keyV3, V3.appId)).toBe('\uFEFF<xml/>');
	});
});

describe('decryptMessage refuses', () => {
	it('the wrong key', () => {
		const otherKey = decodeEncodingAESKey('B'.repeat(43));
		const error = rejection(() => decryptMessage(V3.encrypt, otherKey, V3.appId));
		expect(['malformed', 'bad_app_id']).toContain(error.reason);
		expect(error.message).not.toContain('debug_demo');
	});

	it('the wrong App ID (bad_app_id), without naming either App ID or the message', () => {
		const error = rejection(() => decryptMessage(V3.encrypt, keyV3, 'wx0000000000000000'));
		expect(error.reason).toBe('bad_app_id');
		expect(error.message).not.toContain(V3.appId);
		expect(error.message).not.toContain('debug_demo');
	});

	it('an App ID that is only a prefix or an extension of ours', () => {
		expect(rejection(() => decryptMessage(V3.encrypt, keyV3, V3.appId.slice(0, -1))).reason).toBe('bad_app_id');
		expect(rejection(() => decryptMessage(V3.encrypt, keyV3, `${V3.appId}x`)).reason).toBe('bad_app_id');
	});

	// CBC has no integrity of its own: a flipped bit early in the ciphertext can yield a
	// different but well-formed message. msg_signature over Encrypt is what catches that (see
	// envelope.test.ts); here every flip that reaches the padding or the App ID is refused.
	it('tampered ciphertext (every bit of the last 32 bytes flipped in turn)', () => {
		const bytes = Buffer.from(V3.encrypt, 'base64');
		for (let i = bytes.length - 32; i < bytes.length; i++) {
			for (let bit = 0; bit < 8; bit++) {
				const tampered = Buffer.from(bytes);
				tampered[i] ^= 1 << bit;
				const error = rejection(() => decryptMessage(tampered.toString('base64'), keyV3, V3.appId));
				expect(['malformed', 'bad_app_id']).toContain(error.reason);
			}
		}
	});

	it('tampered ciphertext whose last bytes were cut or swapped', () => {
		const bytes = Buffer.from(V3.encrypt, 'base64');
		const cut = bytes.subarray(0, bytes.length - 32).toString('base64');
		const swapped = Buffer.concat([bytes.subarray(0, bytes.length - 32), bytes.subarray(bytes.length - 16), bytes.subarray(bytes.length - 32, bytes.length - 16)]);
		for (const encrypt of [cut, swapped.toString('base64')]) {
			expect(['malformed', 'bad_app_id']).toContain(rejection(() => decryptMessage(encrypt, keyV3, V3.appId)).reason);
		}
	});

	it('a ciphertext from which the last block is dropped (not a multiple of 32)', () => {
		const bytes = Buffer.from(V3.encrypt, 'base64');
		const encrypt = bytes.subarray(0, bytes.length - 16).toString('base64');
		expect(rejection(() => decryptMessage(encrypt, keyV3, V3.appId)).message).toMatch(/multiple of 32/);
	});

	it.each([1, 5, 15, 17, 31])('a ciphertext cut by %i bytes (not whole AES blocks): malformed, not an OpenSSL error', (cut) => {
		const bytes = Buffer.from(V3.encrypt, 'base64');
		const encrypt = bytes.subarray(0, bytes.length - cut).toString('base64');
		const error = rejection(() => decryptMessage(encrypt, keyV3, V3.appId));
		expect(error.reason).toBe('malformed');
		expect(error.message).toMatch(/multiple of 32/);
	});

	it.each([0, 33, 64, 255])('pad value %i (out of 1..32)', (pad) => {
		const body = envelope('{"a":1}', V3.appId);
		const fill = 32 - (body.length % 32);
		const padBytes = Array.from({ length: fill }, () => pad);
		const encrypt = rawEncrypt(withPadding(body, padBytes), keyV3);
		const error = rejection(() => decryptMessage(encrypt, keyV3, V3.appId));
		expect(error.reason).toBe('malformed');
		expect(error.message).toMatch(/padding/);
	});

	it('pad bytes that are not all equal', () => {
		const body = envelope('{"a":1}', V3.appId);
		const fill = 32 - (body.length % 32);
		expect(fill).toBeGreaterThan(2);
		const padBytes = Array.from({ length: fill }, () => fill);
		padBytes[0] = fill - 1;
		const encrypt = rawEncrypt(withPadding(body, padBytes), keyV3);
		expect(rejection(() => decryptMessage(encrypt, keyV3, V3.appId)).message).toMatch(/padding/);
	});

	it('a pad value larger than the run of pad bytes before it', () => {
		const body = envelope('{"a":1}', V3.appId);
		const fill = 32 - (body.length % 32);
		expect(fill).toBeLessThan(32);
		const encrypt = rawEncrypt(withPadding(body, Array.from({ length: fill }, () => fill + 1)), keyV3);
		expect(rejection(() => decryptMessage(encrypt, keyV3, V3.appId)).message).toMatch(/padding/);
	});

	it('a declared message length beyond the data', () => {
		const body = envelope('{"a":1}', V3.appId, 10_000);
		const fill = 32 - (body.length % 32);
		const encrypt = rawEncrypt(withPadding(body, Array.from({ length: fill }, () => fill)), keyV3);
		expect(rejection(() => decryptMessage(encrypt, keyV3, V3.appId)).message).toMatch(/length/);
	});

	it('a plaintext shorter than the 20-byte header', () => {
		const encrypt = rawEncrypt(withPadding(Buffer.alloc(10, 0x61), Array.from({ length: 22 }, () => 22)), keyV3);
		expect(rejection(() => decryptMessage(encrypt, keyV3, V3.appId)).message).toMatch(/short/);
	});

	it.each([
		['a leading space', ` ${V3.encrypt}`],
		['a trailing space', `${V3.encrypt} `],
		['a trailing newline', `${V3.encrypt}\n`],
		['a line break inside', `${V3.encrypt.slice(0, 64)}\n${V3.encrypt.slice(64)}`],
		['url-safe base64', V3.encrypt.replace(/\+/g, '-').replace(/\//g, '_')],
		['missing padding', V3.encrypt.replace(/=+$/, '')],
		['an empty string', ''],
		['one block less than 32 bytes', Buffer.from(V3.encrypt, 'base64').subarray(16).toString('base64')],
	])('Encrypt with %s', (_label, encrypt) => {
		expect(rejection(() => decryptMessage(encrypt, keyV3, V3.appId)).reason).toBe('malformed');
	});

	it('a key that is not 32 bytes (not_configured, never a crash)', () => {
		expect(rejection(() => decryptMessage(V3.encrypt, Buffer.alloc(16), V3.appId)).reason).toBe('not_configured');
	});
});
