/**
 * Keeps secrets out of every message we produce. Two nets: access_token values in any URL-like
 * text, and every known secret value (App Secret, tokens, AES key) wherever it appears.
 */

const TOKEN_IN_QUERY = /([?&](?:access_token|secret|appsecret)=)[^&#\s"']*/gi;

/** Secrets shorter than this are not searched for: redacting "a" would mangle every message. */
const MIN_SECRET_LENGTH = 6;

export const REDACTED = '***';

export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
	let result = text.replace(TOKEN_IN_QUERY, `$1${REDACTED}`);
	for (const secret of secrets) {
		if (secret && secret.length >= MIN_SECRET_LENGTH) result = result.split(secret).join(REDACTED);
	}
	return result;
}
