import { JsonReadError, quoteLongIntegers, readJsonObject } from '../../../nodes/protocol/json64';
import { POPUP_JSON, SENT_JSON, SENT_JSON_BARE_NUMBERS, TEXT_JSON } from '../../helpers/push/samples';

describe('quoteLongIntegers', () => {
	it('quotes integer literals of 16 or more digits outside strings, negative ones included', () => {
		expect(quoteLongIntegers('{"a":1864323726461255680,"b":[-1234567890123456,7]}')).toBe(
			'{"a":"1864323726461255680","b":["-1234567890123456",7]}',
		);
	});

	it('leaves shorter integers, decimals and exponents alone', () => {
		const text = '{"a":123456789012345,"b":12345678901234567.5,"c":12345678901234567e3,"d":1E400}';
		expect(quoteLongIntegers(text)).toBe(text);
	});

	it('never touches digits inside strings, escaped quotes included', () => {
		const text = '{"a":"1864323726461255680","b\\"1864323726461255680":"x\\\\","c":"\\"1864323726461255680"}';
		expect(quoteLongIntegers(text)).toBe(text);
	});

	it('leaves a leading-zero literal for JSON.parse to refuse', () => {
		expect(quoteLongIntegers('{"a":01234567890123456}')).toBe('{"a":01234567890123456}');
	});

	it('refuses an unterminated string and nesting beyond the bound', () => {
		expect(() => quoteLongIntegers('{"a":"x')).toThrow(JsonReadError);
		expect(() => quoteLongIntegers('[[[[]]]]', 3)).toThrow(/deeper than 3/);
		expect(quoteLongIntegers('[[[]]]', 3)).toBe('[[[]]]');
	});
});

describe('readJsonObject', () => {
	it('keeps a bare 19-digit MsgID exact and turns short MsgIds into strings', () => {
		const parsed = readJsonObject(SENT_JSON_BARE_NUMBERS) as { List: Array<{ MsgID: unknown; ErrorCode: unknown }> };
		expect(parsed.List[0].MsgID).toBe('1864323726461255680');
		expect(parsed.List[1].MsgID).toBe('1864323726461255681');
		expect(parsed.List[1].ErrorCode).toBe(43101);
		expect(readJsonObject('{"MsgId":12345,"msgid":7,"Nested":{"MsgID":8}}')).toEqual({
			MsgId: '12345',
			msgid: '7',
			Nested: { MsgID: '8' },
		});
	});

	it('shows what JSON.parse alone would have done to the id', () => {
		expect(String((JSON.parse(SENT_JSON_BARE_NUMBERS) as { List: Array<{ MsgID: number }> }).List[0].MsgID)).not.toBe(
			'1864323726461255680',
		);
	});

	it('keeps a bare 19-digit MsgId in a customer-service message exact', () => {
		expect(readJsonObject(TEXT_JSON).MsgId).toBe('6197906553041859764');
	});

	it('reads the official JSON samples as sent (numbers as strings stay strings)', () => {
		expect(readJsonObject(POPUP_JSON)).toEqual({
			ToUserName: 'gh_123456789abc',
			FromUserName: 'o7esq5OI1Uej6Xixw1lA2H7XDVbc',
			CreateTime: '1620973045',
			MsgType: 'event',
			Event: 'subscribe_msg_popup_event',
			List: [
				{
					TemplateId: 'hD-ixGOhYmUfjOnI8MCzQMPshzGVeux_2vBgHsG-j2E',
					SubscribeStatusString: 'accept',
					PopupScene: '0',
				},
			],
		});
		expect((readJsonObject(SENT_JSON).List as { MsgID: string }).MsgID).toBe('1864323726461255680');
	});

	it.each([
		['an array', '[1,2]'],
		['null', 'null'],
		['a number', '1864323726461255680'],
		['a string', '"x"'],
		['invalid JSON', '{"a":}'],
		['a trailing comma', '{"a":1,}'],
		['an empty input', ''],
		['a leading-zero number', '{"a":01234567890123456}'],
	])('refuses %s with JsonReadError', (_label, input) => {
		expect(() => readJsonObject(input)).toThrow(JsonReadError);
	});

	it('refuses input beyond maxBytes and nesting beyond maxDepth', () => {
		expect(() => readJsonObject(`{"a":"${'x'.repeat(100)}"}`, { maxBytes: 100 })).toThrow(/larger than 100/);
		expect(() => readJsonObject(`{"a":${'['.repeat(40)}${']'.repeat(40)}}`)).toThrow(/deeper than 32/);
	});

	it('keeps a __proto__ key as data, never as a prototype', () => {
		const parsed = readJsonObject('{"__proto__":{"polluted":"yes"}}');
		expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});

describe('readJsonObject on WeChat API answers', () => {
	it('returns the send response msgid exactly, as a string (JSON.parse would round it)', () => {
		const text = '{"errcode":0,"errmsg":"ok","msgid":1864323726461255680}';
		expect((JSON.parse(text) as { msgid: number }).msgid).toBe(1864323726461255700);
		expect(readJsonObject(text)).toEqual({ errcode: 0, errmsg: 'ok', msgid: '1864323726461255680' });
	});

	it('leaves digits inside strings, decimals and exponents alone', () => {
		const text = '{"a":"x 12345678901234567890 y","b":1.2345678901234567,"c":12345678901234567e3,"d":-1,"e":"\\"9999999999999999999"}';
		expect(quoteLongIntegers(text)).toBe(text);
	});

	it('refuses an HTML error page', () => {
		expect(() => readJsonObject('<html>gateway</html>')).toThrow(JsonReadError);
	});
});
