import { createHash, timingSafeEqual } from 'node:crypto';

import { PushRejectedError } from './errors';

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

/** A query parameter as text; undefined when absent or repeated (n8n gives an array then). */
export function queryString(query: Record<string, unknown>, name: string): string | undefined {
	const value = query[name];
	return typeof value === 'string' ? value : undefined;
}

/**
 * What is wrong with a request's signature, or undefined when it holds: `signature` over Token,
 * timestamp and nonce; with the `Encrypt` text, `msg_signature` over all four. The one signature
 * check of the push layer (URL verification, plaintext, compatible and safe pushes).
 */
export function querySignatureProblem(token: string, query: Record<string, unknown>, encrypt?: string): string | undefined {
	const timestamp = queryString(query, 'timestamp');
	const nonce = queryString(query, 'nonce');
	if (timestamp === undefined || nonce === undefined) return 'timestamp or nonce is missing';
	const field = encrypt === undefined ? 'signature' : 'msg_signature';
	const parts = encrypt === undefined ? [token, timestamp, nonce] : [token, timestamp, nonce, encrypt];
	return signatureMatches(computeSignature(parts), query[field]) ? undefined : `${field} does not match`;
}

/** Throws PushRejectedError `bad_signature` unless the signature holds; returns the signed timestamp. */
export function verifyQuerySignature(token: string, query: Record<string, unknown>, encrypt?: string): string {
	const problem = querySignatureProblem(token, query, encrypt);
	if (problem !== undefined) throw new PushRejectedError('bad_signature', problem);
	return queryString(query, 'timestamp') ?? '';
}
