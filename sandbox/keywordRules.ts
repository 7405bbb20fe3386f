/**
 * WeChat's value rule per keyword type (docs/wechat-protocol.md §4), written independently of the node's
 * validator so each can catch the other's mistakes. Unknown types pass, as they do at WeChat.
 */

const HAN = '\\p{Script=Han}';
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

const DATE_FORMS = [
	'\\d{4}年\\d{1,2}月\\d{1,2}日',
	'\\d{4}-\\d{1,2}-\\d{1,2}',
	'\\d{4}/\\d{1,2}/\\d{1,2}',
	'\\d{4}\\.\\d{1,2}\\.\\d{1,2}',
	'\\d{4}年\\d{1,2}月',
	'\\d{4}-\\d{1,2}',
	'\\d{1,2}月\\d{1,2}日',
	'\\d{1,2}-\\d{1,2}',
].join('|');
const TIME_OF_DAY = '(?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?';

const DATE_POINT = new RegExp(`^(?:${DATE_FORMS})(?:\\s*${TIME_OF_DAY})?$`);
const TIME_POINT = new RegExp(`^(?:(?:${DATE_FORMS})\\s*)?${TIME_OF_DAY}$`);

/** A value, or a range of values joined by `~`, each matching `point`. */
function rangeOf(point: RegExp): (value: string) => boolean {
	return (value) => value.split('~').every((part) => point.test(part.trim()));
}

function codePoints(value: string): number {
	let n = 0;
	for (const _char of value) n++;
	return n;
}

const NUMBER = /^[+-]?\d+(?:\.\d+)?$/;
const LETTER = /^[A-Za-z]{1,32}$/;
const SYMBOL = /^[^\p{L}\p{N}\s]{1,5}$/u;
const CHARACTER_STRING = /^[\x21-\x7e]{1,32}$/;
const AMOUNT = /^[¥￥$€£]?\d{1,10}(?:\.\d{1,2})?元?$/;
const PHONE_NUMBER = /^[0-9\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]{1,17}$/;
const CAR_NUMBER = new RegExp(`^[${HAN}A-Za-z0-9][A-Za-z0-9]*[${HAN}]?$`, 'u');
const HAS_HAN = new RegExp(HAN, 'u');
const NAME_CHARS = new RegExp(`^[${HAN}A-Za-z\\s·.\\-']+$`, 'u');
const PHRASE = new RegExp(`^${HAN}{1,5}$`, 'u');

const RULES: Readonly<Record<string, (value: string) => boolean>> = {
	thing: (v) => codePoints(v) <= 20,
	number: (v) => NUMBER.test(v) && v.replace(/\D/g, '').length <= 32,
	letter: (v) => LETTER.test(v),
	symbol: (v) => SYMBOL.test(v),
	character_string: (v) => CHARACTER_STRING.test(v),
	time: rangeOf(TIME_POINT),
	date: rangeOf(DATE_POINT),
	amount: (v) => AMOUNT.test(v),
	phone_number: (v) => PHONE_NUMBER.test(v),
	car_number: (v) => codePoints(v) <= 8 && CAR_NUMBER.test(v),
	name: (v) => NAME_CHARS.test(v) && codePoints(v) <= (HAS_HAN.test(v) ? 10 : 20),
	phrase: (v) => PHRASE.test(v),
};

/** The type of a keyword key: `character_string10` → `character_string`. */
export function keywordTypeOf(key: string): string {
	return key.replace(/\d+$/, '');
}

/** Whether WeChat would accept `value` for a keyword of `type`; `enumValues` applies to `enum_string`. */
export function isValidKeywordValue(type: string, value: string, enumValues?: readonly string[]): boolean {
	if (value.length === 0 || CONTROL.test(value)) return false;
	if (enumValues) return enumValues.includes(value);
	const rule = RULES[type];
	return rule ? rule(value) : true;
}
