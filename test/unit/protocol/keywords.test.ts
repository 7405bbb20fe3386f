import {
	countCharacters,
	describeKeywordProblem,
	keywordRule,
	keywordTypeRules,
	normaliseKeywordType,
	parseKeywordKey,
	truncateThing,
	validateKeywordValue,
	type TemplateKeyword,
} from '../../../nodes/protocol/keywords';

function kw(type: string, extra: Partial<TemplateKeyword> = {}): TemplateKeyword {
	const key = extra.key ?? `${type === 'enum' ? 'enum_string' : type}1`;
	return { key, label: '标签', type, index: 1, rule: keywordRule(type), ...extra };
}

const GOOD: Record<string, string[]> = {
	thing: ['iPhone 15 Pro', '商品名称', '您的订单已发货，请注意查收快递包裹哦', '12345678901234567890', '🎉🎉🎉 活动开始', '😀'.repeat(20), 'a b c'],
	number: ['0', '42', '3.14', '1'.repeat(32), '1'.repeat(31) + '.5'],
	letter: ['abc', 'ABCdef', 'x'.repeat(32)],
	symbol: ['!', '-', '#@%', '+-*/=', '¥', '…'],
	character_string: ['A1B2-C3', 'ORDER_20191001_0001', 'x'.repeat(32), 'SF1234567890', 'a+b=c'],
	time: ['15:01', '15:01:30', '0:00', '23:59:59', '2019-10-01 15:01', '2019年10月1日 15:01', '2019年10月1日15:01', '15:01~16:00', '15:01 ~ 16:00:30', '2019-10-01 15:01 ~ 2019-10-02 09:00', '2019/10/01 08:30'],
	date: ['2019年10月1日', '2019-10-01', '2019/10/01', '2019.10.01', '2019-10', '10-01', '10月1日', '2019年10月', '2019-10-01 15:01', '2019年10月1日 15:01:30', '2019-10-01~2019-10-07', '2019-10-01 ~ 2019-10-07', '2019-10-01 15:00~17:00', '2020-02-29', '2-29'],
	amount: ['¥100.00', '100元', '$1.5', '￥0.01', '€9', '£12.99', '1234567890', '¥1234567890.99', '100.5元', '¥100元', '100.00'],
	phone_number: ['+86-0766-66888866', '13800138000', '(020)12345678', '1'.repeat(17)],
	car_number: ['粤A8Z888挂', '京A12345', 'AB12345', '粤B12345', '12345678'],
	name: ['张三', '欧阳娜娜', '张'.repeat(10), 'John Smith', 'Mary-Jane', 'x'.repeat(20), 'Tom张', '阿卜杜·热合曼'],
	phrase: ['配送中', '已完成', '待', '一二三四五'],
};

const BAD: Record<string, Array<[string, RegExp]>> = {
	thing: [['这是一个非常非常非常长的商品名称超过了二十个字', /has 23 characters; at most 20/], ['😀'.repeat(21), /has 21 characters/]],
	number: [['12a', /not a number/], ['1.2.3', /not a number/], ['-5', /not a number/], ['1,000', /not a number/], ['1'.repeat(33), /33 digits; at most 32/], ['一百', /not a number/]],
	letter: [['abc1', /contains "1"/], ['中文', /contains "中"/], ['x'.repeat(33), /33 letters; at most 32/], ['a b', /contains " "/]],
	symbol: [['a', /contains "a"/], ['!!!!!!', /6 symbols; at most 5/], ['1', /contains "1"/]],
	character_string: [['订单123', /contains "订"/], ['A B', /contains " "/], ['x'.repeat(33), /33 characters; at most 32/]],
	time: [['25:00', /not a 24-hour time/], ['15:60', /not a 24-hour time/], ['3pm', /not a 24-hour time/], ['2019-10-01', /not a 24-hour time/], ['15:01~', /"" is not/], ['1:00~2:00~3:00', /more than one "~"/], ['下午三点', /not a 24-hour time/]],
	date: [['2019-13-01', /not a date/], ['2019-02-30', /not a date/], ['2019-02-29', /not a date/], ['tomorrow', /not a date/], ['2019-10-01~next week', /after "~"/], ['13月1日', /not a date/], ['2019-10-01 25:00', /not a date/], ['15:00', /not a date/]],
	amount: [['¥$100', /more than one currency symbol/], ['¥1,000.00', /not an amount/], ['¥12345678901', /11 digits before the decimal point; at most 10/], ['一百元', /not an amount/], ['100元整', /not an amount/], ['100¥', /not an amount/], ['¥.5', /not an amount/]],
	phone_number: [['1380013800a', /contains "a"/], ['1'.repeat(18), /18 characters; at most 17/], ['138 0013 8000', /contains " "/]],
	car_number: [['粤A-8Z888', /contains "-"/], ['粤A8Z8888挂', /9 characters; at most 8/], ['A粤123', /contains "粤"/]],
	name: [['张'.repeat(11), /11 characters; a name with Chinese allows at most 10/], ['x'.repeat(21), /21 characters; at most 20/], ['张三3', /contains "3"/], ['Tom张三三三三三三三三', /a name with Chinese allows at most 10/]],
	phrase: [['配送中ing', /contains "i"/], ['一二三四五六', /6 characters; at most 5/], ['OK', /contains "O"/]],
};

describe('keyword types table', () => {
	it('covers every type of the WeChat rule table, each with rule text', () => {
		const types = keywordTypeRules().map((r) => r.type);
		expect(types.sort()).toEqual(
			['amount', 'car_number', 'character_string', 'date', 'enum', 'letter', 'name', 'number', 'phone_number', 'phrase', 'symbol', 'thing', 'time'].sort(),
		);
		for (const { rule } of keywordTypeRules()) expect(rule.length).toBeGreaterThan(5);
		expect(keywordRule('thing')).toBe('≤ 20 characters');
		expect(keywordRule('hologram')).toBe('unknown');
	});
});

describe('validateKeywordValue accepts good values', () => {
	for (const [type, values] of Object.entries(GOOD)) {
		it.each(values)(`${type}: %s`, (value) => {
			expect(validateKeywordValue(kw(type), value)).toBeNull();
		});
	}
});

describe('validateKeywordValue rejects bad values with a clear problem', () => {
	for (const [type, cases] of Object.entries(BAD)) {
		it.each(cases)(`${type}: %s`, (value, problem) => {
			const result = validateKeywordValue(kw(type), value);
			expect(result).not.toBeNull();
			expect(result?.problem).toMatch(problem);
			expect(result).toMatchObject({ key: kw(type).key, label: '标签', type, rule: keywordRule(type), length: countCharacters(value) });
		});
	}
});

describe('checks shared by every type', () => {
	it.each(['thing', 'number', 'time', 'hologram'])('%s: empty and blank values fail', (type) => {
		expect(validateKeywordValue(kw(type), '')?.problem).toMatch(/is empty/);
		expect(validateKeywordValue(kw(type), '   ')?.problem).toMatch(/is empty/);
	});

	it.each([
		['line one\nline two', /a line break/],
		['windows\r\nline', /a line break/],
		['tab\there', /a control character/],
		['bell\u0007', /a control character/],
		['c1\u0085', /a control character/],
	])('rejects %j', (value, problem) => {
		expect(validateKeywordValue(kw('thing'), value)?.problem).toMatch(problem);
	});

	it('lets unknown types through unchecked, whatever the value', () => {
		const future = { key: 'hologram3', label: '全息', type: 'hologram' };
		expect(validateKeywordValue(future, 'x'.repeat(500))).toBeNull();
		expect(validateKeywordValue(future, '任何东西 ~ 😀')).toBeNull();
	});

	it('uses the rule from the table when the keyword carries none', () => {
		expect(validateKeywordValue({ key: 'phrase1', label: '', type: 'phrase' }, 'abc')?.rule).toBe(keywordRule('phrase'));
	});
});

describe('character counting', () => {
	it('counts an emoji as one character, not two UTF-16 units', () => {
		expect(countCharacters('😀')).toBe(1);
		expect('😀'.length).toBe(2);
		expect(validateKeywordValue(kw('thing'), '😀'.repeat(20))).toBeNull();
		expect(validateKeywordValue(kw('thing'), '😀'.repeat(21))?.length).toBe(21);
	});

	it('counts each Chinese character as one', () => {
		expect(countCharacters('商品名称')).toBe(4);
		expect(validateKeywordValue(kw('phrase'), '一二三四五')).toBeNull();
	});
});

describe('enum keywords', () => {
	const status = kw('enum', { key: 'enum_string2', enumValues: ['待发货', '已发货', '已签收'] });

	it('accepts only listed values', () => {
		expect(validateKeywordValue(status, '已发货')).toBeNull();
		expect(validateKeywordValue(status, '已取消')?.problem).toBe('is not one of: 待发货, 已发货, 已签收');
	});

	it('passes any value when WeChat sent no list', () => {
		expect(validateKeywordValue(kw('enum', { key: 'enum_string2' }), '随便')).toBeNull();
	});
});

describe('parseKeywordKey', () => {
	it.each([
		['thing1', 'thing', 1],
		['thing12', 'thing', 12],
		['character_string10', 'character_string', 10],
		['phone_number3', 'phone_number', 3],
		['enum_string2', 'enum', 2],
		['hologram7', 'hologram', 7],
	])('%s → %s #%d', (key, type, index) => {
		expect(parseKeywordKey(key)).toEqual({ type, index });
	});

	it('returns null for a key without an index', () => {
		expect(parseKeywordKey('thing')).toBeNull();
		expect(parseKeywordKey('')).toBeNull();
	});

	it('maps enum_string to enum', () => {
		expect(normaliseKeywordType('enum_string')).toBe('enum');
		expect(normaliseKeywordType(' thing ')).toBe('thing');
	});
});

describe('truncateThing', () => {
	it('leaves values of up to 20 characters alone', () => {
		expect(truncateThing('商品名称')).toEqual({ value: '商品名称', truncated: false, originalLength: 4 });
		const twenty = '一二三四五六七八九十一二三四五六七八九十';
		expect(truncateThing(twenty)).toEqual({ value: twenty, truncated: false, originalLength: 20 });
	});

	it('cuts longer values to 19 characters plus … and says so', () => {
		const result = truncateThing('这是一个非常非常非常长的商品名称超过了二十个字');
		expect(result.truncated).toBe(true);
		expect(result.originalLength).toBe(23);
		expect(result.value).toBe('这是一个非常非常非常长的商品名称超过了…');
		expect(countCharacters(result.value)).toBe(20);
		expect(validateKeywordValue(kw('thing'), result.value)).toBeNull();
	});

	it('never splits an emoji in half', () => {
		const result = truncateThing('😀'.repeat(25));
		expect(result.value).toBe('😀'.repeat(19) + '…');
		expect(result.value).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
	});
});

describe('describeKeywordProblem', () => {
	it('names key, label, problem and rule in one sentence', () => {
		const problem = validateKeywordValue(kw('thing', { key: 'thing1', label: '商品名称' }), 'x'.repeat(21));
		expect(problem).not.toBeNull();
		expect(describeKeywordProblem(problem!)).toBe(
			'Keyword 商品名称 (thing1) has 21 characters; at most 20 are allowed. Rule for thing: ≤ 20 characters.',
		);
	});

	it('uses the key alone when the label is empty', () => {
		const problem = validateKeywordValue({ key: 'number2', label: '', type: 'number' }, 'abc');
		expect(describeKeywordProblem(problem!)).toMatch(/^Keyword number2 is not a number/);
	});
});
