/**
 * JSON from WeChat (API answers and pushes), keeping 64-bit ids exact. WeChat writes `MsgId` / `MsgID` as bare
 * 19-digit integers, which JSON.parse would round (1864323726461255680 → 1864323726461255700).
 * Before parsing, a scanner quotes every integer literal of 16 or more digits that stands outside
 * a string; after parsing, every `MsgId`-like field is a string whatever its size.
 */

export interface JsonReadOptions {
	/** Refuse input longer than this many UTF-8 bytes. */
	maxBytes?: number;
	/** Refuse objects/arrays nested deeper than this (the top-level object is depth 1). */
	maxDepth?: number;
}

export const JSON_DEFAULT_MAX_BYTES = 1_048_576;
export const JSON_DEFAULT_MAX_DEPTH = 32;

/** Integers with this many digits or more may exceed 2^53 and are kept as strings. */
const LONG_INTEGER_DIGITS = 16;

export type JsonObject = Record<string, unknown>;

export class JsonReadError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'JsonReadError';
	}
}

function isDigit(code: number): boolean {
	return code >= 0x30 && code <= 0x39;
}

/** Digits, `.`, `e`, `E`, `+`, `-`: what may follow the integer part of a number literal. */
function isNumberTail(code: number): boolean {
	return isDigit(code) || code === 0x2e || code === 0x65 || code === 0x45 || code === 0x2b || code === 0x2d;
}

/** Index just past the string literal that opens at `start` (a `"`). */
function skipString(text: string, start: number): number {
	let i = start + 1;
	while (i < text.length) {
		const code = text.charCodeAt(i);
		if (code === 0x5c /* \ */) {
			i += 2;
		} else if (code === 0x22 /* " */) {
			return i + 1;
		} else {
			i++;
		}
	}
	throw new JsonReadError('Unterminated string');
}

/**
 * Returns `text` with long integer literals outside strings turned into string literals, and
 * checks the nesting depth on the way. Leaves everything else to JSON.parse, including syntax
 * errors (a leading-zero literal is left alone so JSON.parse still rejects it).
 */
export function quoteLongIntegers(text: string, maxDepth = JSON_DEFAULT_MAX_DEPTH): string {
	let out = '';
	let copiedUpTo = 0;
	let depth = 0;
	let i = 0;
	while (i < text.length) {
		const code = text.charCodeAt(i);
		if (code === 0x22) {
			i = skipString(text, i);
		} else if (code === 0x7b || code === 0x5b /* { [ */) {
			depth++;
			if (depth > maxDepth) {
				throw new JsonReadError(`Nested deeper than ${maxDepth}`);
			}
			i++;
		} else if (code === 0x7d || code === 0x5d /* } ] */) {
			depth--;
			i++;
		} else if (code === 0x2d /* - */ || isDigit(code)) {
			const start = i;
			if (code === 0x2d) {
				i++;
			}
			const digitsStart = i;
			while (i < text.length && isDigit(text.charCodeAt(i))) {
				i++;
			}
			const digits = i - digitsStart;
			const next = text[i];
			const isInteger = next !== '.' && next !== 'e' && next !== 'E';
			const leadingZero = digits > 1 && text.charCodeAt(digitsStart) === 0x30;
			if (isInteger && !leadingZero && digits >= LONG_INTEGER_DIGITS) {
				out += `${text.slice(copiedUpTo, start)}"${text.slice(start, i)}"`;
				copiedUpTo = i;
			}
			// Skip a fraction or exponent whole, so its digits are never taken for an integer.
			while (i < text.length && isNumberTail(text.charCodeAt(i))) {
				i++;
			}
		} else {
			i++;
		}
	}
	return out + text.slice(copiedUpTo);
}

function isMsgIdKey(key: string): boolean {
	return key.toLowerCase() === 'msgid';
}

/** Turns every numeric MsgId / MsgID / msgid into a string, at any depth. */
function stringifyMsgIds(value: unknown): void {
	if (Array.isArray(value)) {
		for (const element of value) {
			stringifyMsgIds(element);
		}
		return;
	}
	if (value === null || typeof value !== 'object') {
		return;
	}
	const object = value as JsonObject;
	for (const key of Object.keys(object)) {
		const field = object[key];
		if (isMsgIdKey(key) && typeof field === 'number') {
			object[key] = String(field);
		} else {
			stringifyMsgIds(field);
		}
	}
}

/** Parses a JSON object; 64-bit ids survive as strings. Throws JsonReadError otherwise. */
export function readJsonObject(text: string, options: JsonReadOptions = {}): JsonObject {
	const maxBytes = options.maxBytes ?? JSON_DEFAULT_MAX_BYTES;
	const maxDepth = options.maxDepth ?? JSON_DEFAULT_MAX_DEPTH;
	if (text.length > maxBytes || Buffer.byteLength(text, 'utf8') > maxBytes) {
		throw new JsonReadError(`Input larger than ${maxBytes} bytes`);
	}
	const safeText = quoteLongIntegers(text, maxDepth);
	let parsed: unknown;
	let syntaxError = false;
	try {
		parsed = JSON.parse(safeText);
	} catch {
		syntaxError = true;
	}
	if (syntaxError) {
		throw new JsonReadError('Not valid JSON');
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new JsonReadError('Expected a JSON object');
	}
	stringifyMsgIds(parsed);
	return parsed as JsonObject;
}
