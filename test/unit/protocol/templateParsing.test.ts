import { enumValuesByKey, keywordKeyFromCode, normaliseAccountTemplate, normalisePublicTemplateKeyword, normalisePublicTemplateTitle, parseTemplateKeywords, templateTypeName } from '../../../nodes/protocol/templateParsing';
import { keywordLabel } from '../../../nodes/protocol/keywords';

describe('parseTemplateKeywords', () => {
	it('parses a shipping template with half-width colons, in content order', () => {
		const content = '商品名称:{{thing1.DATA}}\n快递公司:{{thing5.DATA}}\n快递单号:{{character_string2.DATA}}\n发货时间:{{time3.DATA}}\n';
		const example = '商品名称:iPhone 15 Pro\n快递公司:顺丰速运\n快递单号:SF1234567890\n发货时间:2019-10-01 15:01\n';
		expect(parseTemplateKeywords(content, example)).toEqual([
			{ key: 'thing1', label: '商品名称', type: 'thing', index: 1, rule: '≤ 20 characters', example: 'iPhone 15 Pro' },
			{ key: 'thing5', label: '快递公司', type: 'thing', index: 5, rule: '≤ 20 characters', example: '顺丰速运' },
			{ key: 'character_string2', label: '快递单号', type: 'character_string', index: 2, rule: '≤ 32 letters, digits and symbols', example: 'SF1234567890' },
			{ key: 'time3', label: '发货时间', type: 'time', index: 3, rule: expect.stringMatching(/^24-hour time/), example: '2019-10-01 15:01' },
		]);
	});

	it('reads labels before full-width colons (：) and mixed colon kinds', () => {
		const content = '预约项目：{{thing1.DATA}}\n预约时间:{{date2.DATA}}\n 门店地址 ： {{thing3.DATA}}';
		const example = '预约项目：洗牙\n预约时间:2024年5月20日 14:30\n门店地址：南山区科技园';
		const keywords = parseTemplateKeywords(content, example);
		expect(keywords.map((k) => [k.key, k.label, k.example])).toEqual([
			['thing1', '预约项目', '洗牙'],
			['date2', '预约时间', '2024年5月20日 14:30'],
			['thing3', '门店地址', '南山区科技园'],
		]);
	});

	it('handles Windows (CRLF) and old Mac (CR) line endings', () => {
		const content = '订单编号:{{character_string1.DATA}}\r\n订单金额:{{amount2.DATA}}\r\n下单时间:{{time3.DATA}}\r\n';
		const example = '订单编号:20240520001\r\n订单金额:¥100.00\r\n下单时间:15:01\r\n';
		const keywords = parseTemplateKeywords(content, example);
		expect(keywords.map((k) => [k.key, k.label, k.example])).toEqual([
			['character_string1', '订单编号', '20240520001'],
			['amount2', '订单金额', '¥100.00'],
			['time3', '下单时间', '15:01'],
		]);
		expect(keywords.every((k) => !k.label.includes('\r') && !(k.example ?? '').includes('\r'))).toBe(true);
		expect(parseTemplateKeywords('甲:{{thing1.DATA}}\r乙:{{thing2.DATA}}').map((k) => k.label)).toEqual(['甲', '乙']);
	});

	it('gives an empty label when the line has no colon before the keyword', () => {
		const content = '{{thing1.DATA}}\n时间：{{date2.DATA}} {{time3.DATA}}\n备注{{thing4.DATA}}';
		const keywords = parseTemplateKeywords(content, '时间：2024-05-20');
		expect(keywords.map((k) => [k.key, k.label])).toEqual([
			['thing1', ''],
			['date2', '时间'],
			['time3', ''],
			['thing4', ''],
		]);
		expect(keywords[0].example).toBeUndefined();
		expect(keywords[1].example).toBe('2024-05-20');
		expect(keywordLabel(keywords[0])).toBe('thing1');
		expect(keywordLabel(keywords[1])).toBe('时间 (date2)');
	});

	it('parses keys with multi-digit indexes', () => {
		const content = '活动名称:{{thing12.DATA}}\n活动编号:{{character_string10.DATA}}\n剩余名额:{{number21.DATA}}';
		expect(parseTemplateKeywords(content).map((k) => [k.key, k.type, k.index])).toEqual([
			['thing12', 'thing', 12],
			['character_string10', 'character_string', 10],
			['number21', 'number', 21],
		]);
	});

	it('keeps unknown keyword types with rule "unknown"', () => {
		const keywords = parseTemplateKeywords('全息影像:{{hologram4.DATA}}\n商品:{{thing1.DATA}}');
		expect(keywords[0]).toEqual({ key: 'hologram4', label: '全息影像', type: 'hologram', index: 4, rule: 'unknown' });
		expect(keywords[1].rule).toBe('≤ 20 characters');
	});

	it('attaches enum values to enum_string keys', () => {
		const content = '订单状态:{{enum_string2.DATA}}\n商品名称:{{thing1.DATA}}';
		const keywords = parseTemplateKeywords(content, '订单状态:已发货\n商品名称:咖啡豆', [
			{ keywordCode: 'enum_string2.DATA', enumValueList: ['待发货', '已发货', '已签收'] },
		]);
		expect(keywords[0]).toEqual({
			key: 'enum_string2',
			label: '订单状态',
			type: 'enum',
			index: 2,
			rule: "one of the template's enum values",
			example: '已发货',
			enumValues: ['待发货', '已发货', '已签收'],
		});
		expect(keywords[1].enumValues).toBeUndefined();
	});

	it('keeps colons inside example values (时间:15:01:30)', () => {
		expect(parseTemplateKeywords('开始时间:{{time1.DATA}}', '开始时间:15:01:30')[0].example).toBe('15:01:30');
	});

	it('matches examples by label, not by line position', () => {
		const keywords = parseTemplateKeywords('A:{{thing1.DATA}}\nB:{{thing2.DATA}}', 'B:第二\n说明文字\nA:第一');
		expect(keywords.map((k) => k.example)).toEqual(['第一', '第二']);
	});

	it('gives repeated labels their example lines in order', () => {
		const keywords = parseTemplateKeywords('时间:{{date1.DATA}}\n时间:{{time2.DATA}}', '时间:2024-05-20\n时间:15:01');
		expect(keywords.map((k) => k.example)).toEqual(['2024-05-20', '15:01']);
	});

	it('takes the nearest label when a line has more than one colon', () => {
		expect(parseTemplateKeywords('订单信息:商品名称：{{thing1.DATA}}')[0].label).toBe('商品名称');
	});

	it('reads two keywords on one line', () => {
		const keywords = parseTemplateKeywords('起点:{{thing1.DATA}} 终点:{{thing2.DATA}}');
		expect(keywords.map((k) => [k.key, k.label])).toEqual([
			['thing1', '起点'],
			['thing2', '终点'],
		]);
	});

	it('lists a key once even if the content repeats it', () => {
		expect(parseTemplateKeywords('商品:{{thing1.DATA}}\n再次:{{thing1.DATA}}')).toHaveLength(1);
	});

	it('tolerates spaces inside the braces and ignores text that is not a placeholder', () => {
		const keywords = parseTemplateKeywords('金额: {{ amount1.DATA }}\n说明:{{notakey}}\n{{thing.DATA}}');
		expect(keywords.map((k) => k.key)).toEqual(['amount1']);
		expect(keywords[0].label).toBe('金额');
	});

	it('returns nothing for empty content', () => {
		expect(parseTemplateKeywords('')).toEqual([]);
		expect(parseTemplateKeywords('没有关键词的模板')).toEqual([]);
	});
});

describe('templateTypeName', () => {
	it('maps 2 and 3 and flags anything else', () => {
		expect(templateTypeName(2)).toBe('one-time');
		expect(templateTypeName(3)).toBe('long-term');
		expect(templateTypeName(4)).toBe('unknown');
	});
});

describe('enum value lists', () => {
	it('strips .DATA from keywordCode', () => {
		expect(keywordKeyFromCode('enum_string2.DATA')).toBe('enum_string2');
		expect(keywordKeyFromCode('enum_string12')).toBe('enum_string12');
	});

	it('skips malformed entries', () => {
		const list = [
			{ keywordCode: 'enum_string1.DATA', enumValueList: ['是', '否'] },
			{ keywordCode: 'enum_string3.DATA' } as unknown as { keywordCode: string; enumValueList: string[] },
		];
		expect(enumValuesByKey(list)).toEqual({ enum_string1: ['是', '否'] });
		expect(enumValuesByKey(undefined)).toEqual({});
	});
});

describe('normaliseAccountTemplate', () => {
	it('turns a gettemplate entry into the node item', () => {
		const item = normaliseAccountTemplate({
			priTmplId: '9Aw5ZV1j9xdWTFEkqCpZ7mIBbSC34khK55OtzUPl0rU',
			title: '订单发货提醒',
			content: '订单状态:{{enum_string2.DATA}}\r\n商品名称：{{thing1.DATA}}\r\n',
			example: '订单状态:已发货\r\n商品名称：咖啡豆\r\n',
			type: 2,
			keywordEnumValueList: [{ keywordCode: 'enum_string2.DATA', enumValueList: ['待发货', '已发货'] }],
		});
		expect(item).toMatchObject({
			templateId: '9Aw5ZV1j9xdWTFEkqCpZ7mIBbSC34khK55OtzUPl0rU',
			title: '订单发货提醒',
			type: 'one-time',
			typeCode: 2,
			keywordEnumValues: { enum_string2: ['待发货', '已发货'] },
		});
		expect(item.keywords.map((k) => [k.key, k.label, k.example])).toEqual([
			['enum_string2', '订单状态', '已发货'],
			['thing1', '商品名称', '咖啡豆'],
		]);
	});

	it('leaves keywordEnumValues out when WeChat sends none, and tolerates a missing example', () => {
		const item = normaliseAccountTemplate({ priTmplId: 'abc', title: '预约提醒', content: '时间:{{time1.DATA}}', type: 3 });
		expect(item.type).toBe('long-term');
		expect(item.example).toBe('');
		expect('keywordEnumValues' in item).toBe(false);
		expect(item.keywords[0].example).toBeUndefined();
	});
});

describe('public template normalisers', () => {
	it('normalises a title, turning a numeric categoryId into a string', () => {
		expect(normalisePublicTemplateTitle({ tid: 99, title: '订单发货提醒', type: 2, categoryId: 616 })).toEqual({
			tid: 99,
			title: '订单发货提醒',
			type: 'one-time',
			typeCode: 2,
			categoryId: '616',
		});
		expect(normalisePublicTemplateTitle({ tid: '100', title: 'x', type: 3, categoryId: '616' }).tid).toBe(100);
	});

	it('maps a public keyword rule to our rule text, keeping the type', () => {
		expect(normalisePublicTemplateKeyword({ kid: 1, name: '物品名称', example: '名称', rule: 'thing' })).toEqual({
			kid: 1,
			name: '物品名称',
			example: '名称',
			type: 'thing',
			rule: '≤ 20 characters',
		});
		expect(normalisePublicTemplateKeyword({ kid: 2, name: '状态', rule: 'enum_string' })).toMatchObject({ type: 'enum', example: '' });
		expect(normalisePublicTemplateKeyword({ kid: 3, name: '新类型', rule: 'hologram' }).rule).toBe('unknown');
	});
});
