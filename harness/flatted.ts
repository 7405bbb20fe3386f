/**
 * Decodes the "flatted" format n8n stores execution data in (npm package `flatted`): a JSON array whose
 * first entry is the root value; inside arrays and objects every string is the decimal index of another
 * entry, and an entry that is itself a string is a literal string. Shared and circular references
 * resolve to the same decoded object.
 */
type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function parseFlatted(text: string): unknown {
	const table: unknown = JSON.parse(text);
	if (!Array.isArray(table) || table.length === 0) {
		throw new Error('not flatted data: expected a non-empty JSON array');
	}
	const entries = table as JsonValue[];
	const decoded = new Map<number, unknown>();

	const resolveReference = (reference: string): unknown => {
		const index = Number(reference);
		if (!Number.isInteger(index) || index < 0 || index >= entries.length) {
			throw new Error(`not flatted data: bad reference "${reference}"`);
		}
		const entry = entries[index];
		if (entry === null || typeof entry !== 'object') return entry;
		const known = decoded.get(index);
		if (known !== undefined) return known;
		const target: Record<string, unknown> | unknown[] = Array.isArray(entry) ? [] : {};
		decoded.set(index, target);
		for (const [key, value] of Object.entries(entry)) {
			(target as Record<string, unknown>)[key] = typeof value === 'string' ? resolveReference(value) : value;
		}
		return target;
	};

	return resolveReference('0');
}
