/**
 * The GET request WeChat sends when a developer saves the message-push URL in the console
 * (the same in all three modes): answer the bare `echostr` only when `signature` proves the
 * sender knows our Token.
 */
import { requireToken } from './envelope';
import { PushRejectedError } from './errors';
import { verifyQuerySignature } from './signature';

/** Returns the `echostr` to answer with; throws PushRejectedError otherwise. */
export function answerUrlVerification(query: Record<string, unknown>, token: unknown): string {
	const configuredToken = requireToken(token);
	verifyQuerySignature(configuredToken, query);
	const { echostr } = query;
	if (typeof echostr !== 'string' || echostr === '') {
		throw new PushRejectedError('malformed', 'echostr is missing');
	}
	return echostr;
}
