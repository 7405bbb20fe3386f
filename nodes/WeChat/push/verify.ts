/**
 * The GET request WeChat sends when a developer saves the message-push URL in the console
 * (the same in all three modes): answer the bare `echostr` only when `signature` proves the
 * sender knows our Token.
 */
import { requireToken } from './envelope';
import { PushRejectedError } from './errors';
import { computeSignature, signatureMatches } from './signature';

/** Returns the `echostr` to answer with; throws PushRejectedError otherwise. */
export function answerUrlVerification(query: Record<string, unknown>, token: unknown): string {
	const configuredToken = requireToken(token);
	const { timestamp, nonce, echostr } = query;
	if (typeof timestamp !== 'string' || typeof nonce !== 'string') {
		throw new PushRejectedError('bad_signature', 'timestamp or nonce is missing');
	}
	const expected = computeSignature([configuredToken, timestamp, nonce]);
	if (!signatureMatches(expected, query.signature)) {
		throw new PushRejectedError('bad_signature', 'signature does not match');
	}
	if (typeof echostr !== 'string' || echostr === '') {
		throw new PushRejectedError('malformed', 'echostr is missing');
	}
	return echostr;
}
