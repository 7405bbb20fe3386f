import { createDecipheriv, createSecretKey } from 'node:crypto';

import { CONSOLE_PUSH_SETTINGS, PushRejectedError } from './errors';

/** WeChat pads with PKCS#7 over 32-byte blocks, not AES's 16. */
const PAD_BLOCK = 32;
const HEADER_BYTES = 20; // random(16) ‖ uint32 big-endian message length
const ENCODING_AES_KEY = /^[A-Za-z0-9+/]{43}$/;
const STRICT_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The 32-byte AES key behind the console's 43-character EncodingAESKey. */
export function decodeEncodingAESKey(encodingAESKey: string): Buffer {
	if (!ENCODING_AES_KEY.test(encodingAESKey)) {
		throw new PushRejectedError(
			'not_configured',
			`The EncodingAESKey in the WeChat Mini Program API credential must be the 43-character key from ${CONSOLE_PUSH_SETTINGS}`,
		);
	}
	return Buffer.from(`${encodingAESKey}=`, 'base64');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 text of `bytes`, or undefined when they are not valid UTF-8. */
export function decodeStrictUtf8(bytes: Uint8Array): string | undefined {
	try {
		return strictUtf8.decode(bytes);
	} catch {
		return undefined;
	}
}

function malformed(what: string): PushRejectedError {
	return new PushRejectedError('malformed', `Encrypt could not be decrypted: ${what}`);
}

/**
 * Decrypts WeChat's `Encrypt` text and returns the message it carries. Refuses anything that
 * is not exactly what WeChat produces: non-canonical base64 (whitespace included), a length
 * that is not a whole number of 32-byte blocks, PKCS#7 padding out of 1..32 or with unequal
 * bytes, a declared length beyond the data, and a trailing App ID other than ours.
 */
export function decryptMessage(encrypt: string, key: Buffer, expectedAppId: string): string {
	if (key.length !== 32) {
		throw new PushRejectedError('not_configured', 'The AES key must be 32 bytes');
	}
	if (encrypt.length % 4 !== 0 || !STRICT_BASE64.test(encrypt)) {
		throw malformed('not base64');
	}
	const cipherBytes = Buffer.from(encrypt, 'base64');
	if (cipherBytes.length === 0 || cipherBytes.length % PAD_BLOCK !== 0) {
		throw malformed('length is not a multiple of 32 bytes');
	}

	// AES-256-CBC, IV = the key's first 16 bytes. Node's PKCS#7 knows only AES's 16-byte block, so it
	// is off and WeChat's 32-byte padding is checked below; the length check above makes final() safe.
	// The key goes in as a KeyObject: on Node 24 a raw Buffer key makes each decipher about 15 µs
	// slower (measured: bench/perEventCost.ts); on Node 20 and 22 the two cost about the same.
	const decipher = createDecipheriv('aes-256-cbc', createSecretKey(key), key.subarray(0, 16));
	decipher.setAutoPadding(false);
	const plain = Buffer.concat([decipher.update(cipherBytes), decipher.final()]);

	const pad = plain[plain.length - 1];
	if (pad < 1 || pad > PAD_BLOCK) {
		throw malformed('bad padding');
	}
	let padMismatch = 0;
	for (let i = plain.length - pad; i < plain.length; i++) {
		padMismatch |= plain[i] ^ pad;
	}
	if (padMismatch !== 0) {
		throw malformed('bad padding');
	}

	const content = plain.subarray(0, plain.length - pad);
	if (content.length < HEADER_BYTES) {
		throw malformed('too short');
	}
	const messageLength = content.readUInt32BE(16);
	if (HEADER_BYTES + messageLength > content.length) {
		throw malformed('declared length exceeds the data');
	}
	const message = content.subarray(HEADER_BYTES, HEADER_BYTES + messageLength);
	const appId = content.subarray(HEADER_BYTES + messageLength);
	if (!appId.equals(Buffer.from(expectedAppId, 'utf8'))) {
		throw new PushRejectedError(
			'bad_app_id',
			"The push was encrypted for another App ID than the credential's",
		);
	}
	const text = decodeStrictUtf8(message);
	if (text === undefined) {
		throw malformed('the message is not valid UTF-8');
	}
	return text;
}
