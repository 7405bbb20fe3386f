/**
 * WeChat's side of the message-push envelope (docs/wechat-protocol.md §9), node:crypto only, written
 * apart from the node's own implementation so that each checks the other.
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

const PKCS7_BLOCK = 32;

/** hex(sha1(sorted parts joined)): `signature` over [token, timestamp, nonce], `msg_signature` adds Encrypt. */
export function pushSignature(parts: readonly string[]): string {
	return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

/** The 32-byte AES key behind a 43-character EncodingAESKey. */
export function aesKeyOf(encodingAESKey: string): Buffer {
	if (encodingAESKey.length !== 43) throw new RangeError('EncodingAESKey must be 43 characters');
	const key = Buffer.from(`${encodingAESKey}=`, 'base64');
	if (key.length !== 32) throw new RangeError('EncodingAESKey is not valid base64');
	return key;
}

/** Base64 of AES-256-CBC(random16 ‖ uint32BE(len) ‖ message ‖ appId, PKCS#7 to 32), iv = key[0..16). */
export function encryptPushMessage(encodingAESKey: string, appId: string, message: string, random16: Buffer): string {
	if (random16.length !== 16) throw new RangeError('random16 must be 16 bytes');
	const key = aesKeyOf(encodingAESKey);
	const messageBytes = Buffer.from(message, 'utf8');
	const length = Buffer.alloc(4);
	length.writeUInt32BE(messageBytes.length, 0);
	const plain = Buffer.concat([random16, length, messageBytes, Buffer.from(appId, 'utf8')]);
	const padLength = PKCS7_BLOCK - (plain.length % PKCS7_BLOCK);
	const padded = Buffer.concat([plain, Buffer.alloc(padLength, padLength)]);
	const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
	return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

export interface DecryptedPushMessage {
	random16: Buffer;
	message: string;
	appId: string;
	padLength: number;
}

/** The inverse, strict about padding and length (for checking replies and the official vectors). */
export function decryptPushMessage(encodingAESKey: string, encrypted: string): DecryptedPushMessage {
	const key = aesKeyOf(encodingAESKey);
	const data = Buffer.from(encrypted, 'base64');
	if (data.length === 0 || data.length % 16 !== 0) throw new Error('ciphertext is not a whole number of AES blocks');
	const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
	const padded = Buffer.concat([decipher.update(data), decipher.final()]);
	const padLength = padded[padded.length - 1];
	if (padLength < 1 || padLength > PKCS7_BLOCK || padLength > padded.length) throw new Error('bad PKCS#7 padding');
	for (let i = padded.length - padLength; i < padded.length; i++) {
		if (padded[i] !== padLength) throw new Error('bad PKCS#7 padding');
	}
	const plain = padded.subarray(0, padded.length - padLength);
	if (plain.length < 20) throw new Error('plaintext too short');
	const length = plain.readUInt32BE(16);
	if (20 + length > plain.length) throw new Error('message length exceeds plaintext');
	return {
		random16: Buffer.from(plain.subarray(0, 16)),
		message: plain.subarray(20, 20 + length).toString('utf8'),
		appId: plain.subarray(20 + length).toString('utf8'),
		padLength,
	};
}
