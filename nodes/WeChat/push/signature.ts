import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * WeChat's signature: hex SHA-1 of the parts sorted as strings and concatenated.
 * `[token, timestamp, nonce]` gives `signature`; adding the `Encrypt` text gives `msg_signature`.
 */
export function computeSignature(parts: readonly string[]): string {
	return createHash('sha1').update([...parts].sort().join(''), 'utf8').digest('hex');
}

/**
 * Constant-time comparison of a hex signature we computed with one we were given. A given value
 * that is not a string, or has the wrong length, is compared against the expected value itself
 * so every call does the same work; it is then refused.
 */
export function signatureMatches(expected: string, given: unknown): boolean {
	const expectedBytes = Buffer.from(expected, 'utf8');
	const givenText = typeof given === 'string' ? given.toLowerCase() : '';
	const givenBytes = Buffer.from(givenText, 'utf8');
	if (givenBytes.length !== expectedBytes.length) {
		timingSafeEqual(expectedBytes, expectedBytes);
		return false;
	}
	return timingSafeEqual(expectedBytes, givenBytes);
}
