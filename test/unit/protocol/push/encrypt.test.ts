/** The encrypting half of the envelope, checked on WeChat's worked example and opened independently with node:crypto. */
import { createDecipheriv, createHash } from 'node:crypto';

import { encryptMessage } from '../../../../nodes/protocol/push/encrypt';
import { PushRejectedError } from '../../../../nodes/protocol/push/errors';
import { thrownBy } from '../../../helpers/thrown';
import { V4, V6 } from '../../../helpers/push/vectors';

const SECRETS = { encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', appId: 'wxfdae81166329a09f' };
const keyOf = (encodingAESKey: string) => Buffer.from(`${encodingAESKey}=`, 'base64');
const sha1Sorted = (parts: string[]) => createHash('sha1').update([...parts].sort().join('')).digest('hex');

function open(encodingAESKey: string, encrypt: string): { message: string; appId: string; pad: number } {
	const key = keyOf(encodingAESKey);
	const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
	const padded = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
	const pad = padded[padded.length - 1];
	const plain = padded.subarray(0, padded.length - pad);
	const length = plain.readUInt32BE(16);
	return { message: plain.subarray(20, 20 + length).toString('utf8'), appId: plain.subarray(20 + length).toString('utf8'), pad };
}

describe('encryptMessage', () => {
	it("reproduces WeChat's worked example of an encrypted reply (V4) byte for byte", () => {
		const encrypt = encryptMessage(V4.message, keyOf(V4.encodingAESKey), V4.appId, V4.random);
		expect(encrypt).toBe(V4.encrypt);
		expect(sha1Sorted([V4.token, V4.timestamp, V4.nonce, encrypt])).toBe(V4.msgSignature);
	});

	it('pads a message that fills its last block with a whole block of 32', () => {
		// 16 + 4 + 26 + 18 = 64 bytes: a multiple of 32.
		const encrypt = encryptMessage('x'.repeat(26), keyOf(SECRETS.encodingAESKey), SECRETS.appId, Buffer.alloc(16, 0x41));
		expect(Buffer.from(encrypt, 'base64')).toHaveLength(96);
		expect(open(SECRETS.encodingAESKey, encrypt)).toEqual({ message: 'x'.repeat(26), appId: SECRETS.appId, pad: 32 });
	});

	it("reproduces WxJava's UTF-8 vector (V6): the length counts bytes, not characters", () => {
		expect(encryptMessage(V6.message, keyOf(V6.encodingAESKey), V6.appId, V6.random)).toBe(V6.encrypt);
	});

	it('refuses a key that is not 32 bytes and a prefix that is not 16', () => {
		expect(thrownBy(PushRejectedError, () => encryptMessage('m', Buffer.alloc(16), 'wx1')).reason).toBe('not_configured');
		expect(() => encryptMessage('m', keyOf(SECRETS.encodingAESKey), 'wx1', Buffer.alloc(15))).toThrow(RangeError);
	});
});
