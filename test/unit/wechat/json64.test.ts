import { parseWeChatJson, quoteLongIntegers } from '../../../nodes/WeChat/json64';

describe('parseWeChatJson keeps 64-bit ids exact', () => {
	it('returns the send response msgid exactly, as a string (JSON.parse would round it)', () => {
		const text = '{"errcode":0,"errmsg":"ok","msgid":1864323726461255680}';
		expect((JSON.parse(text) as { msgid: number }).msgid).toBe(1864323726461255700);
		expect(parseWeChatJson(text)).toEqual({ errcode: 0, errmsg: 'ok', msgid: '1864323726461255680' });
	});

	it('turns small MsgId / MsgID values into strings too, so ids have one type', () => {
		expect(parseWeChatJson('{"MsgId":12345,"List":{"MsgID":7}}')).toEqual({ MsgId: '12345', List: { MsgID: '7' } });
	});

	it('leaves digits inside strings, decimals, exponents and negatives alone', () => {
		const text = '{"a":"x 12345678901234567890 y","b":1.2345678901234567,"c":12345678901234567e3,"d":-1,"e":"\\"9999999999999999999"}';
		expect(quoteLongIntegers(text)).toBe(text);
	});

	it('quotes long negative integers and integers in arrays', () => {
		expect(parseWeChatJson('[-12345678901234567890, 1234567890123456]')).toEqual([
			'-12345678901234567890',
			'1234567890123456',
		]);
	});

	it('keeps 15-digit integers as numbers', () => {
		expect(parseWeChatJson('{"n":123456789012345}')).toEqual({ n: 123456789012345 });
	});

	it('throws SyntaxError on invalid JSON', () => {
		expect(() => parseWeChatJson('<html>gateway</html>')).toThrow(SyntaxError);
	});
});
