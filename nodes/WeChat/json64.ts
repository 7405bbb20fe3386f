/**
 * WeChat writes 64-bit ids (msgid, MsgId, MsgID) as bare JSON numbers; JSON.parse rounds them
 * (1864323726461255680 → 1864323726461255700). This parser quotes every integer literal too long
 * to be exact before parsing, and returns the known id fields as strings whatever their size.
 */

/** Integers of up to 15 digits are always exact as IEEE doubles. */
const MAX_EXACT_DIGITS = 15;

const ID_KEYS = new Set(['msgid', 'MsgId', 'MsgID', 'msgId']);

/** Quotes integer literals longer than MAX_EXACT_DIGITS that stand outside JSON strings. */
export function quoteLongIntegers(text: string): string {
	let out = '';
	let copiedUpTo = 0;
	let i = 0;
	const n = text.length;
	while (i < n) {
		const c = text.charCodeAt(i);
		if (c === 0x22 /* " */) {
			i = skipString(text, i);
			continue;
		}
		if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
			const start = i;
			if (c === 0x2d) i++;
			const digitsStart = i;
			while (i < n && isDigit(text.charCodeAt(i))) i++;
			const digits = i - digitsStart;
			const next = i < n ? text.charCodeAt(i) : 0;
			const isInteger = next !== 0x2e /* . */ && next !== 0x65 /* e */ && next !== 0x45 /* E */;
			if (isInteger && digits > MAX_EXACT_DIGITS) {
				out += text.slice(copiedUpTo, start) + '"' + text.slice(start, i) + '"';
				copiedUpTo = i;
			}
			// Skip a fraction or exponent whole so its digits are never taken for an integer.
			while (i < n && isNumberChar(text.charCodeAt(i))) i++;
			continue;
		}
		i++;
	}
	return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

/** Parses WeChat JSON with 64-bit ids kept exact; throws SyntaxError on invalid JSON. */
export function parseWeChatJson(text: string): unknown {
	return JSON.parse(quoteLongIntegers(text), (key, value: unknown) =>
		ID_KEYS.has(key) && typeof value === 'number' ? String(value) : value,
	);
}

function skipString(text: string, quoteAt: number): number {
	let i = quoteAt + 1;
	while (i < text.length) {
		const c = text.charCodeAt(i);
		if (c === 0x5c /* \ */) i += 2;
		else if (c === 0x22) return i + 1;
		else i++;
	}
	return i;
}

function isDigit(c: number): boolean {
	return c >= 0x30 && c <= 0x39;
}

function isNumberChar(c: number): boolean {
	return isDigit(c) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
}
