/**
 * The encrypting half of WeChat's message envelope (docs/wechat-protocol.md §9), for passive replies in
 * compatible and safe mode; aes.ts holds the decrypting half, which pushes need.
 * Layout: random (16 bytes) ‖ message length (uint32, big-endian) ‖ message ‖ AppID, padded with PKCS#7
 * to a multiple of 32 bytes, AES-256-CBC with the key's first 16 bytes as IV, base64.
 */
import { createCipheriv, randomBytes } from 'node:crypto';

import { PushRejectedError } from './errors';

/** WeChat pads with PKCS#7 over 32-byte blocks, not AES's 16. */
const PAD_BLOCK = 32;

/** `Encrypt` for `message`; `random16` is injectable so tests can reproduce WeChat's worked example (V4). */
export function encryptMessage(message: string, key: Buffer, appId: string, random16: Buffer = randomBytes(16)): string {
	if (key.length !== 32) throw new PushRejectedError('not_configured', 'The AES key must be 32 bytes');
	if (random16.length !== 16) throw new RangeError('random16 must be 16 bytes');
	const messageBytes = Buffer.from(message, 'utf8');
	const length = Buffer.alloc(4);
	length.writeUInt32BE(messageBytes.length, 0);
	const plain = Buffer.concat([random16, length, messageBytes, Buffer.from(appId, 'utf8')]);
	const pad = PAD_BLOCK - (plain.length % PAD_BLOCK);
	const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
	return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}
