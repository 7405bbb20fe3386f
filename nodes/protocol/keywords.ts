/**
 * Subscription-message keyword types: their rules and value checks, in one table.
 * A keyword key is its type plus an index (`thing1`, `character_string10`, `enum_string2`).
 * WeChat does not say how it counts characters, so we count Unicode code points (an emoji is one).
 */

/** A keyword of a template, as parsed from the template content (see templateParsing.ts). */
export interface TemplateKeyword {
	/** `thing1`: the name used in the send body's `data`. */
	key: string;
	/** The text before the colon on the keyword's line, e.g. `商品名称`; empty when the content has none. */
	label: string;
	/** `thing`, `time`, … or `enum` for `enum_string` keys; any other letters are kept as they are. */
	type: string;
	/** The number after the type: 1 for `thing1`, 12 for `thing12`. */
	index: number;
	/** A short English statement of what WeChat accepts, or "unknown" for a type we do not know. */
	rule: string;
	example?: string;
	/** For enum keywords, the only values WeChat accepts (from `keywordEnumValueList`). */
	enumValues?: string[];
}

/** Why a value would be rejected, in words a workflow author can act on. */
export interface KeywordProblem {
	key: string;
	label: string;
	type: string;
	rule: string;
	/** Length of the value in characters (Unicode code points). */
	length: number;
	problem: string;
}

export const UNKNOWN_RULE = 'unknown';

/**
 * How a keyword is named everywhere the user reads it (the mapper's fields, error messages): the
 * label WeChat's template shows, then the key the send body uses, e.g. `商品名称 (thing1)`.
 */
export function keywordLabel(keyword: Pick<TemplateKeyword, 'key' | 'label'>): string {
	return keyword.label ? `${keyword.label} (${keyword.key})` : keyword.key;
}

type ValueCheck = (value: string, chars: string[], keyword: Pick<TemplateKeyword, 'enumValues'>) => string | null;

interface KeywordTypeSpec {
	rule: string;
	check: ValueCheck;
}

// Punctuation and symbols of any script count as "symbols" (WeChat gives no exact list).
const SYMBOL = /^[\p{P}\p{S}]$/u;
const HAN = /^\p{Script=Han}$/u;
const ASCII_LETTER = /^[A-Za-z]$/;
const DIGIT = /^[0-9]$/;
const CURRENCY = /^\p{Sc}$/u;

function tooLong(chars: string[], max: number, unit = 'characters'): string | null {
	return chars.length > max ? `has ${chars.length} ${unit}; at most ${max} are allowed` : null;
}

function firstOffender(chars: string[], allowed: (c: string) => boolean): string | undefined {
	return chars.find((c) => !allowed(c));
}

function onlyChars(chars: string[], allowed: (c: string) => boolean, what: string): string | null {
	const bad = firstOffender(chars, allowed);
	return bad === undefined ? null : `contains "${bad}"; only ${what} are allowed`;
}

// ---- dates and times ---------------------------------------------------------------------------

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function isValidDate(year: number | undefined, month: number, day: number | undefined): boolean {
	if (month < 1 || month > 12) return false;
	if (day === undefined) return true;
	if (day < 1) return false;
	if (month === 2 && year !== undefined) return day <= (isLeapYear(year) ? 29 : 28);
	return day <= DAYS_IN_MONTH[month - 1];
}

// The forms WeChat documents: 2019年10月1日, 2019-10-01, 2019/10/01, 2019.10.01, 2019-10, 10-01, 10月1日
// (plus 2019年10月 and the / and . variants of the short forms, by analogy).
const DATE_FORMS: Array<{ pattern: RegExp; parts: Array<'y' | 'm' | 'd'> }> = [
	{ pattern: /^(\d{4})年(\d{1,2})月(\d{1,2})日$/, parts: ['y', 'm', 'd'] },
	{ pattern: /^(\d{4})年(\d{1,2})月$/, parts: ['y', 'm'] },
	{ pattern: /^(\d{1,2})月(\d{1,2})日$/, parts: ['m', 'd'] },
	{ pattern: /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/, parts: ['y', 'm', 'd'] },
	{ pattern: /^(\d{4})[-/.](\d{1,2})$/, parts: ['y', 'm'] },
	{ pattern: /^(\d{1,2})[-/.](\d{1,2})$/, parts: ['m', 'd'] },
];

function isDate(text: string): boolean {
	for (const { pattern, parts } of DATE_FORMS) {
		const match = pattern.exec(text);
		if (!match) continue;
		// The separator back-reference (group 2 of the y-m-d form) is not a number: skip it.
		const numbers = match
			.slice(1)
			.filter((g) => /^\d+$/.test(g))
			.map(Number);
		const value: Partial<Record<'y' | 'm' | 'd', number>> = {};
		parts.forEach((part, i) => (value[part] = numbers[i]));
		if (isValidDate(value.y, value.m ?? 0, value.d)) return true;
	}
	return false;
}

function isTime(text: string): boolean {
	return /^([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(text);
}

/** `2019-10-01 15:01`, `2019年10月1日15:01`: a date, optional spaces, a time. */
function splitDateTime(text: string): { date: string; time: string } | null {
	const match = /^(.+?)\s*(\d{1,2}:\d{2}(?::\d{2})?)$/.exec(text);
	return match ? { date: match[1], time: match[2] } : null;
}

function isDateTime(text: string): boolean {
	const parts = splitDateTime(text);
	return parts !== null && isDate(parts.date) && isTime(parts.time);
}

/** Range ends are joined by `~` (or the full-width `～`); a single value is a range of one. */
function rangeEnds(value: string): string[] {
	return value.split(/[~～]/).map((end) => end.trim());
}

function checkDate(value: string): string | null {
	const ends = rangeEnds(value);
	if (ends.length > 2) return 'has more than one "~"; a range has two ends';
	const [first, second] = ends;
	if (!isDate(first) && !isDateTime(first)) return `"${first}" is not a date such as 2019-10-01 or 2019年10月1日`;
	// The end of a range may carry only a time: `2019-10-01 15:00~17:00`.
	if (second !== undefined && !isDate(second) && !isDateTime(second) && !(isDateTime(first) && isTime(second))) {
		return `"${second}" (after "~") is not a date such as 2019-10-01 or 2019年10月1日`;
	}
	return null;
}

function checkTime(value: string): string | null {
	const ends = rangeEnds(value);
	if (ends.length > 2) return 'has more than one "~"; a range has two ends';
	for (const end of ends) {
		if (!isTime(end) && !isDateTime(end)) {
			return `"${end}" is not a 24-hour time such as 15:01 or 15:01:30 (a date may come before it)`;
		}
	}
	return null;
}

// ---- the table ---------------------------------------------------------------------------------

const KEYWORD_TYPES: Readonly<Record<string, KeywordTypeSpec>> = {
	thing: {
		rule: '≤ 20 characters',
		check: (_v, chars) => tooLong(chars, 20),
	},
	number: {
		rule: '≤ 32 digits, a decimal point allowed',
		check: (value) => {
			if (!/^\d+(\.\d+)?$/.test(value)) return 'is not a number (digits with at most one decimal point)';
			const digits = value.replace('.', '').length;
			return digits > 32 ? `has ${digits} digits; at most 32 are allowed` : null;
		},
	},
	letter: {
		rule: '≤ 32 letters',
		check: (_v, chars) => onlyChars(chars, (c) => ASCII_LETTER.test(c), 'letters A–Z and a–z') ?? tooLong(chars, 32, 'letters'),
	},
	symbol: {
		rule: '≤ 5 symbols',
		check: (_v, chars) => onlyChars(chars, (c) => SYMBOL.test(c), 'symbols') ?? tooLong(chars, 5, 'symbols'),
	},
	character_string: {
		rule: '≤ 32 letters, digits and symbols',
		check: (_v, chars) =>
			onlyChars(chars, (c) => ASCII_LETTER.test(c) || DIGIT.test(c) || SYMBOL.test(c), 'letters, digits and symbols') ??
			tooLong(chars, 32),
	},
	time: {
		rule: '24-hour time (15:01, 15:01:30), optionally with a date; ranges joined by ~',
		check: (value) => checkTime(value),
	},
	date: {
		rule: 'a date (2019年10月1日, 2019-10-01, 2019/10/01, 2019.10.01, 2019-10, 10-01, 10月1日), optionally with a time; ranges joined by ~',
		check: (value) => checkDate(value),
	},
	amount: {
		rule: 'a currency symbol + ≤ 10 digits, decimals allowed, may end with 元 (yuan): ¥100.00, $1.5, 100元',
		check: (value) => {
			// The currency symbol is optional in practice: WeChat's own examples include `100元`.
			const match = /^(\p{Sc})?(\d+)(?:\.(\d+))?(元)?$/u.exec(value);
			if (!match) {
				const symbols = [...value].filter((c) => CURRENCY.test(c)).length;
				if (symbols > 1) return 'has more than one currency symbol';
				return 'is not an amount such as ¥100.00, $1.5 or 100元 (digits, no thousands separators)';
			}
			const integerDigits = match[2].length;
			return integerDigits > 10 ? `has ${integerDigits} digits before the decimal point; at most 10 are allowed` : null;
		},
	},
	phone_number: {
		rule: '≤ 17 digits and symbols (+86-0766-66888866)',
		check: (_v, chars) => onlyChars(chars, (c) => DIGIT.test(c) || SYMBOL.test(c), 'digits and symbols') ?? tooLong(chars, 17),
	},
	car_number: {
		rule: '≤ 8 characters; the first and last may be Chinese, the rest letters and digits (a licence plate such as 粤A8Z888挂)',
		check: (_v, chars) => {
			const alnum = (c: string) => ASCII_LETTER.test(c) || DIGIT.test(c);
			const edge = (c: string) => alnum(c) || HAN.test(c);
			const last = chars.length - 1;
			const bad = chars.find((c, i) => !((i === 0 || i === last) ? edge(c) : alnum(c)));
			if (bad !== undefined) {
				return `contains "${bad}"; only letters and digits are allowed, plus a Chinese character first or last`;
			}
			return tooLong(chars, 8);
		},
	},
	name: {
		rule: '≤ 10 Chinese characters, or ≤ 20 letters and symbols; mixed text counts as Chinese',
		check: (_v, chars) => {
			const allowed = (c: string) => HAN.test(c) || ASCII_LETTER.test(c) || SYMBOL.test(c) || c === ' ';
			const bad = onlyChars(chars, allowed, 'Chinese characters, letters, symbols and spaces');
			if (bad) return bad;
			if (chars.some((c) => HAN.test(c))) {
				return chars.length > 10 ? `has ${chars.length} characters; a name with Chinese allows at most 10` : null;
			}
			return tooLong(chars, 20);
		},
	},
	phrase: {
		rule: '≤ 5 Chinese characters only (e.g. 配送中, in delivery)',
		check: (_v, chars) => onlyChars(chars, (c) => HAN.test(c), 'Chinese characters') ?? tooLong(chars, 5),
	},
	enum: {
		rule: "one of the template's enum values",
		check: (value, _chars, keyword) => {
			// Without the list (WeChat did not send one) there is nothing to check against.
			if (!keyword.enumValues || keyword.enumValues.length === 0) return null;
			return keyword.enumValues.includes(value) ? null : `is not one of: ${keyword.enumValues.join(', ')}`;
		},
	},
};

// Key letters that name a type differently from the table.
const TYPE_ALIASES: Readonly<Record<string, string>> = { enum_string: 'enum' };

/** `character_string10` → `{ type: 'character_string', index: 10 }`; null when the key has no index. */
export function parseKeywordKey(key: string): { type: string; index: number } | null {
	const match = /^([A-Za-z_]+?)_?(\d+)$/.exec(key);
	if (!match) return null;
	return { type: normaliseKeywordType(match[1]), index: Number(match[2]) };
}

/** The letters of a key (or a public keyword's `rule`) → our type name: `enum_string` → `enum`. */
export function normaliseKeywordType(letters: string): string {
	const type = letters.trim();
	return TYPE_ALIASES[type] ?? type;
}

export function isKnownKeywordType(type: string): boolean {
	return Object.prototype.hasOwnProperty.call(KEYWORD_TYPES, type);
}

export function keywordRule(type: string): string {
	return isKnownKeywordType(type) ? KEYWORD_TYPES[type].rule : UNKNOWN_RULE;
}

/** Every known type with its rule, e.g. for documentation or a UI hint. */
export function keywordTypeRules(): Array<{ type: string; rule: string }> {
	return Object.entries(KEYWORD_TYPES).map(([type, spec]) => ({ type, rule: spec.rule }));
}

export function countCharacters(value: string): number {
	return [...value].length;
}

/**
 * The first C0 or C1 control character (including \n, \r and \t), or undefined. A code-point
 * scan rather than a character-class regex, which ESLint's no-control-regex (in n8n's lint) forbids.
 */
function firstControlCharacter(chars: readonly string[]): string | undefined {
	return chars.find((char) => {
		const code = char.codePointAt(0) ?? 0;
		return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
	});
}

/**
 * Checks a value against its keyword's type before sending (WeChat answers 47003 otherwise).
 * Unknown types pass unchecked; WeChat may add types at any time.
 */
export function validateKeywordValue(
	keyword: Pick<TemplateKeyword, 'key' | 'label' | 'type'> & Partial<Pick<TemplateKeyword, 'rule' | 'enumValues'>>,
	value: string,
): KeywordProblem | null {
	const chars = [...value];
	const problem = (text: string): KeywordProblem => ({
		key: keyword.key,
		label: keyword.label,
		type: keyword.type,
		rule: keyword.rule ?? keywordRule(keyword.type),
		length: chars.length,
		problem: text,
	});
	if (value.trim() === '') return problem('is empty; WeChat rejects empty values');
	const control = firstControlCharacter(chars);
	if (control !== undefined) {
		const what = control === '\n' || control === '\r' ? 'a line break' : 'a control character';
		return problem(`contains ${what}; WeChat accepts single-line text only`);
	}
	if (!isKnownKeywordType(keyword.type)) return null;
	const text = KEYWORD_TYPES[keyword.type].check(value, chars, keyword);
	return text === null ? null : problem(text);
}

/** One sentence naming the keyword, what is wrong and the rule: for error messages. */
export function describeKeywordProblem(p: KeywordProblem): string {
	return `Keyword ${keywordLabel(p)} ${p.problem}. Rule for ${p.type}: ${p.rule}.`;
}

export const THING_MAX_CHARACTERS = 20;

/** Shortens a `thing` value over 20 characters to 19 plus "…", and says whether it did. */
export function truncateThing(value: string): { value: string; truncated: boolean; originalLength: number } {
	const chars = [...value];
	if (chars.length <= THING_MAX_CHARACTERS) return { value, truncated: false, originalLength: chars.length };
	return {
		value: chars.slice(0, THING_MAX_CHARACTERS - 1).join('') + '…',
		truncated: true,
		originalLength: chars.length,
	};
}
