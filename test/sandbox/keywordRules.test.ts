import { isValidKeywordValue, keywordTypeOf } from '../../sandbox/keywordRules';

describe('sandbox keyword value rules (docs/wechat-protocol.md §4)', () => {
	it('reads the type from the key', () => {
		expect(keywordTypeOf('thing1')).toBe('thing');
		expect(keywordTypeOf('character_string10')).toBe('character_string');
		expect(keywordTypeOf('enum_string2')).toBe('enum_string');
	});

	const cases: Array<[string, string[], string[]]> = [
		['thing', ['商品名称', 'iPhone 15 Pro', '一二三四五六七八九十一二三四五六七八九十'], ['一二三四五六七八九十一二三四五六七八九十一', '', 'a\nb', 'tab\there']],
		['number', ['2', '92.5', '1'.repeat(32), '-3'], ['1'.repeat(33), '1.2.3', '12a', '一']],
		['letter', ['A', 'VIP', 'a'.repeat(32)], ['A1', 'a'.repeat(33), 'é', 'A B']],
		['symbol', ['★', '★★★', '%$#@!'], ['★★★★★★', 'A', '1', '! !']],
		['character_string', ['TS20240501123456', 'SF-123_45#', 'a'.repeat(32)], ['订单123', 'a'.repeat(33), 'has space']],
		[
			'time',
			['15:01', '15:01:30', '2024-05-01 15:01', '2019年10月1日 15:01', '09:30~10:00', '2024-05-03 09:30~2024-05-03 10:00'],
			['25:00', '15:61', '明天', '2024-05-01', '3pm'],
		],
		[
			'date',
			['2019年10月1日', '2019-10-01', '2019/10/01', '2019.10.01', '2019-10', '10-01', '10月1日', '2024-05-01 15:01', '2024-05-01~2024-05-03'],
			['yesterday', '2019_10_01', '15:01', '2019-10-01 25:00'],
		],
		['amount', ['¥128.00', '128', '100元', '$3.5', '￥1234567890'], ['¥', '12345678901', '¥¥1', '1.234', '一百元']],
		['phone_number', ['+86-0766-66888866', '13800138000', '400-888-8888'], ['+86-0766-668888661', '电话123', 'call me']],
		['car_number', ['粤A8Z888挂', '粤A12345', 'AB1234'], ['粤A8Z8888挂', '粤A-1234', '粤粤A1234']],
		['name', ['张三', '欧阳娜娜', 'Tom Smith', 'a'.repeat(20), '张三Tom'], ['一二三四五六七八九十一', 'a'.repeat(21), 'Tom2', '张三12']],
		['phrase', ['配送中', '已发货', '请准时到达'], ['配送中了吗啊', 'ok', '配送 中']],
		['future_type', ['anything at all'], ['', 'bad\u0007control']],
	];

	describe.each(cases)('%s', (type, valid, invalid) => {
		it.each(valid)('accepts %j', (value) => expect(isValidKeywordValue(type, value)).toBe(true));
		it.each(invalid)('rejects %j', (value) => expect(isValidKeywordValue(type, value)).toBe(false));
	});

	it('accepts only listed values for an enum keyword', () => {
		const list = ['预约成功', '预约取消'];
		expect(isValidKeywordValue('enum_string', '预约成功', list)).toBe(true);
		expect(isValidKeywordValue('enum_string', '预约失败', list)).toBe(false);
		expect(isValidKeywordValue('enum_string', '', list)).toBe(false);
	});
});
