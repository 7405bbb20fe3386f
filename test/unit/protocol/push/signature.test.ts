import { computeSignature, signatureMatches } from '../../../../nodes/protocol/push/signature';
import { V1, V2, V3, V4, V5, V7 } from '../../../helpers/push/vectors';

describe('computeSignature (sha1 of the sorted parts)', () => {
	it('V1: official GET verification signature', () => {
		expect(computeSignature([V1.token, V1.timestamp, V1.nonce])).toBe(V1.signature);
	});

	it('V2: official plaintext POST signature', () => {
		expect(computeSignature([V2.token, V2.timestamp, V2.nonce])).toBe(V2.signature);
	});

	it('V3: official safe-mode signature and msg_signature over Encrypt', () => {
		expect(computeSignature([V3.token, V3.timestamp, V3.nonce])).toBe(V3.signature);
		expect(computeSignature([V3.token, V3.timestamp, V3.nonce, V3.encrypt])).toBe(V3.msgSignature);
	});

	it('V4: official encrypted-reply MsgSignature', () => {
		expect(computeSignature([V4.token, V4.timestamp, V4.nonce, V4.encrypt])).toBe(V4.msgSignature);
	});

	it("V5: EasyWeChat's msg_signature", () => {
		expect(computeSignature([V5.token, V5.timestamp, V5.nonce, V5.encrypt])).toBe(V5.msgSignature);
	});

	it("V7: wechat-crypto's signature", () => {
		expect(computeSignature([V7.token, V7.timestamp, V7.nonce, V7.encrypt])).toBe(V7.signature);
	});

	it('does not depend on the order the parts are given in', () => {
		expect(computeSignature([V1.nonce, V1.token, V1.timestamp])).toBe(V1.signature);
	});

	it('does not mutate the array it is given', () => {
		const parts = ['b', 'a'];
		computeSignature(parts);
		expect(parts).toEqual(['b', 'a']);
	});
});

describe('signatureMatches', () => {
	it('accepts the exact signature, and upper-case hex of it', () => {
		expect(signatureMatches(V1.signature, V1.signature)).toBe(true);
		expect(signatureMatches(V1.signature, V1.signature.toUpperCase())).toBe(true);
	});

	it('refuses a signature differing in one character', () => {
		const last = V1.signature.endsWith('6') ? '7' : '6';
		expect(signatureMatches(V1.signature, V1.signature.slice(0, -1) + last)).toBe(false);
	});

	it('refuses wrong lengths, empty, missing and non-string values', () => {
		expect(signatureMatches(V1.signature, V1.signature.slice(0, -1))).toBe(false);
		expect(signatureMatches(V1.signature, `${V1.signature}0`)).toBe(false);
		expect(signatureMatches(V1.signature, '')).toBe(false);
		expect(signatureMatches(V1.signature, undefined)).toBe(false);
		expect(signatureMatches(V1.signature, [V1.signature])).toBe(false);
		expect(signatureMatches(V1.signature, 42)).toBe(false);
	});

	it('refuses a signature with whitespace around it', () => {
		expect(signatureMatches(V1.signature, ` ${V1.signature}`)).toBe(false);
	});
});
