/**
 * Searches text for secrets and stack traces. A secret counts as found in any form a program might
 * write it: as is, URL-encoded, JSON-escaped, base64, or a 16-character piece of its start or end
 * (a truncated log line still leaks).
 */

export interface SecretHit {
	/** Which secret (e.g. "App Secret", "access token #3"). */
	name: string;
	/** Which form of it matched. */
	form: string;
	/** Where: a file name, "response to request 123", "execution 42", … */
	where: string;
	/** A few characters around the hit, with the secret itself masked. */
	context: string;
}

const FRAGMENT = 16;

/** Every form of `secret` to search for, by name. */
export function secretForms(secret: string): Array<[string, string]> {
	const forms = new Map<string, string>([
		['as is', secret],
		['URL-encoded', encodeURIComponent(secret)],
		['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
		['base64', Buffer.from(secret, 'utf8').toString('base64').replace(/=+$/, '')],
	]);
	if (secret.length >= 2 * FRAGMENT) {
		forms.set('first 16 characters', secret.slice(0, FRAGMENT));
		forms.set('last 16 characters', secret.slice(-FRAGMENT));
	}
	const seen = new Set<string>();
	return [...forms].filter(([, value]) => {
		if (value.length < 8 || seen.has(value)) return false;
		seen.add(value);
		return true;
	});
}

/** Hits of any secret in `text` (searched as given; callers decode what they read first). */
export function findSecrets(text: string, secrets: Record<string, string>, where: string): SecretHit[] {
	const hits: SecretHit[] = [];
	for (const [name, secret] of Object.entries(secrets)) {
		for (const [form, value] of secretForms(secret)) {
			let at = text.indexOf(value);
			while (at >= 0) {
				const context = `${text.slice(Math.max(0, at - 40), at)}<${name}>${text.slice(at + value.length, at + value.length + 40)}`;
				hits.push({ name, form, where, context: context.replace(/\s+/g, ' ') });
				if (hits.length > 50) return hits;
				at = text.indexOf(value, at + value.length);
			}
		}
	}
	return hits;
}

/** Markers of a stack trace or an internal path, with the line they appear on. */
const STACK_MARKERS: Array<[string, RegExp]> = [
	['stack frame ("    at …")', /\n\s{2,}at [^\n]+/],
	['source position (.js/.ts:line:col)', /\.(?:js|ts|cjs|mjs):\d+(?::\d+)?/],
	['Error with a path', /\b\w*(?:Error|Exception):[^\n]*\/(?:root|home|tmp|usr|opt|var|work|srv|app)\/[^\s"']*/],
	['node_modules path', /node_modules\//],
];

export function stackTraceMarkers(text: string): string[] {
	const found: string[] = [];
	for (const [name, pattern] of STACK_MARKERS) {
		const match = pattern.exec(text);
		if (match) found.push(`${name}: ${match[0].slice(0, 120)}`);
	}
	return found;
}
