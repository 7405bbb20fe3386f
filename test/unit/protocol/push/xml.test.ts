import { XmlParseError, readXml } from '../../../../nodes/protocol/push/xml';
import { POPUP_XML, XML_SAMPLES } from '../../../helpers/push/samples';
import { thrownBy } from '../../../helpers/thrown';

const parseError = (input: string, options?: Parameters<typeof readXml>[1]): XmlParseError => thrownBy(XmlParseError, () => readXml(input, options));

describe('readXml on WeChat samples', () => {
	it('reads the official popup example: repeated <List> becomes an array, CDATA and numbers as text', () => {
		expect(readXml(POPUP_XML)).toEqual({
			xml: {
				ToUserName: 'gh_123456789abc',
				FromUserName: 'otFpruAK8D-E6EfStSYonYSBZ8_4',
				CreateTime: '1610969440',
				MsgType: 'event',
				Event: 'subscribe_msg_popup_event',
				SubscribeMsgPopupEvent: {
					List: [
						{
							TemplateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc',
							SubscribeStatusString: 'accept',
							PopupScene: '2',
						},
						{
							TemplateId: '9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI',
							SubscribeStatusString: 'reject',
							PopupScene: '2',
						},
					],
				},
			},
		});
	});

	it.each(Object.entries(XML_SAMPLES))('reads sample %s into an object under <xml>', (_name, sample) => {
		const tree = readXml(sample);
		expect(Object.keys(tree)).toEqual(['xml']);
		expect(typeof tree.xml).toBe('object');
		expect((tree.xml as Record<string, unknown>).ToUserName).toEqual(expect.any(String));
	});

	it('keeps a 19-digit MsgId exact, as text', () => {
		const tree = readXml(XML_SAMPLES.sent) as { xml: { SubscribeMsgSentEvent: { List: { MsgID: string } } } };
		expect(tree.xml.SubscribeMsgSentEvent.List.MsgID).toBe('1700827132819554304');
	});

	it('keeps CDATA literally (markup and entity text inside it are not interpreted)', () => {
		const text = readXml(XML_SAMPLES.text) as { xml: { Content: string } };
		expect(text.xml.Content).toBe('this is a test & <more>');
		const card = readXml(XML_SAMPLES.miniprogrampage) as { xml: { Title: string; PagePath: string } };
		expect(card.xml.Title).toBe('Order &amp; detail');
		expect(card.xml.PagePath).toBe('pages/order/detail?id=1&from=card');
	});

	it('reads the decrypted V5 message written on one line', () => {
		expect(readXml(XML_SAMPLES.v5)).toEqual({
			xml: {
				URL: 'http://wechat.laravel.so/server',
				ToUserName: 'asdasdasd',
				FromUserName: 'asdasdasdsadasd',
				CreateTime: '1234567898',
				MsgType: 'text',
				Content: 'hello',
				MsgId: '12345',
			},
		});
	});
});

describe('readXml: text, entities, whitespace', () => {
	it('decodes the five XML entities and numeric character references', () => {
		expect(readXml('<a>&lt;&gt;&amp;&quot;&apos; &#65;&#x42;&#x1F600;</a>')).toEqual({ a: '<>&"\' AB😀' });
	});

	it.each(['&nbsp;', '&foo;', '& ', '&amp', '&#;', '&#x;', '&#xZZ;', '&#0;', '&#xD800;', '&#x110000;', '&#99999999;'])(
		'refuses the reference %j',
		(reference) => {
			expect(parseError(`<a>x${reference}y</a>`).message).toMatch(/entity|reference/i);
		},
	);

	it('keeps the exact text of a leaf element, whitespace included (WeChat signs exact text)', () => {
		expect(readXml('<xml><Encrypt> abc \n</Encrypt></xml>')).toEqual({ xml: { Encrypt: ' abc \n' } });
		expect(readXml('<xml><Encrypt>\n<![CDATA[abc]]>\n</Encrypt></xml>')).toEqual({ xml: { Encrypt: '\nabc\n' } });
	});

	it('joins text, CDATA and references inside one element', () => {
		expect(readXml('<a>x<![CDATA[<y>]]>&amp;z</a>')).toEqual({ a: 'x<y>&z' });
	});

	it('ignores whitespace between child elements, and reads empty elements as empty text', () => {
		expect(readXml('<a>\n\t<b/>\r\n <c></c> <d>1</d>\n</a>')).toEqual({ a: { b: '', c: '', d: '1' } });
	});

	it('refuses text mixed with child elements', () => {
		expect(parseError('<a>text<b>1</b></a>').message).toMatch(/mixes/);
		expect(parseError('<a><b>1</b><![CDATA[x]]></a>').message).toMatch(/mixes/);
	});

	it('makes an array of any repeated element, in document order, and keeps single ones plain', () => {
		expect(readXml('<a><i>1</i><j>x</j><i>2</i><i><k>3</k></i></a>')).toEqual({
			a: { i: ['1', '2', { k: '3' }], j: 'x' },
		});
	});
});

describe('readXml: prolog, comments, attributes', () => {
	it('accepts an XML declaration, a BOM, comments and processing instructions', () => {
		expect(
			readXml('\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><a><!-- in --><?pi x?><b>1</b></a>\n<!-- end -->\n'),
		).toEqual({ a: { b: '1' } });
	});

	it('reads attributes and ignores them', () => {
		expect(readXml(`<a x="1" y='2&amp;'><b z = "3"/></a>`)).toEqual({ a: { b: '' } });
	});

	it.each(['<a x=1></a>', '<a x></a>', '<a x="1></a>', '<a x="<"></a>', '<a x="1"y="2"></a>', '<a/ >', '<a x="&bad;"></a>'])(
		'refuses the malformed tag %j',
		(input) => {
			expect(() => readXml(input)).toThrow(XmlParseError);
		},
	);

	it('accepts names with digits, dots, hyphens, underscores and colons, and non-ASCII names', () => {
		expect(readXml('<a><b.c-d_e:f1>1</b.c-d_e:f1><名字>2</名字></a>')).toEqual({ a: { 'b.c-d_e:f1': '1', 名字: '2' } });
	});
});

describe('readXml refuses', () => {
	it.each([
		['a DOCTYPE', '<?xml version="1.0"?><!DOCTYPE xml><xml><a>1</a></xml>'],
		['an internal ENTITY declaration', '<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>'],
		['an external entity (XXE)', '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>'],
		[
			'billion laughs',
			'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>',
		],
		['a declaration inside the root', '<xml><!ENTITY e "x"><a>1</a></xml>'],
		['a DOCTYPE after the root', '<xml><a>1</a></xml><!DOCTYPE x>'],
	])('%s', (_label, input) => {
		expect(parseError(input).message).toMatch(/DOCTYPE|declaration/);
	});

	it.each([
		['an empty input', ''],
		['whitespace only', '  \n '],
		['text without elements', 'hello'],
		['JSON', '{"a":1}'],
		['an unclosed root', '<xml><a>1</a>'],
		['an unclosed child', '<xml><a>1</xml>'],
		['mismatched tags', '<a><b></a></b>'],
		['an end tag with no start', '</a>'],
		['a stray end tag', '<a></a></b>'],
		['two roots', '<a/><b/>'],
		['text after the root', '<a/>x'],
		['an unterminated CDATA', '<a><![CDATA[x</a>'],
		['an unterminated comment', '<a><!-- x</a>'],
		['an unterminated processing instruction', '<?xml <a/>'],
		['a tag that never ends', '<a'],
		['a tag name starting with a digit', '<1a></1a>'],
		['a lone <', '<a><</a>'],
		['an empty end tag', '<a></>'],
	])('%s', (_label, input) => {
		expect(() => readXml(input)).toThrow(XmlParseError);
	});

	it('input beyond maxBytes, counted in UTF-8 bytes', () => {
		const ascii = `<a>${'x'.repeat(93)}</a>`; // 100 bytes
		expect(readXml(ascii, { maxBytes: 100 })).toEqual({ a: 'x'.repeat(93) });
		expect(parseError(`${ascii} `, { maxBytes: 100 }).message).toMatch(/larger than 100 bytes/);
		const chinese = `<a>${'中'.repeat(31)}</a>`; // 7 + 93 bytes, 38 code units
		expect(readXml(chinese, { maxBytes: 100 })).toEqual({ a: '中'.repeat(31) });
		expect(() => readXml(`<a>${'中'.repeat(32)}</a>`, { maxBytes: 100 })).toThrow(/larger than/);
	});

	it('nesting beyond maxDepth, also for self-closing elements', () => {
		const nest = (depth: number, leaf = 'x') => '<e>'.repeat(depth - 1) + `<e>${leaf}</e>` + '</e>'.repeat(depth - 1);
		expect(() => readXml(nest(8), { maxDepth: 8 })).not.toThrow();
		expect(parseError(nest(9), { maxDepth: 8 }).message).toMatch(/deeper than 8/);
		expect(() => readXml(`${'<e>'.repeat(8)}<f/>${'</e>'.repeat(8)}`, { maxDepth: 8 })).toThrow(/deeper/);
	});

	it('a very deep document quickly and without a stack overflow (default bounds)', () => {
		const deep = '<e>'.repeat(200_000) + '</e>'.repeat(200_000);
		expect(() => readXml(deep, { maxBytes: 2_000_000 })).toThrow(/deeper than 32/);
	});

	it('a non-string input with its own error', () => {
		expect(() => readXml(42 as unknown as string)).toThrow(XmlParseError);
	});
});

describe('readXml does not pollute prototypes', () => {
	it('keeps an element named __proto__ as an own field', () => {
		const tree = readXml('<a><__proto__><polluted>yes</polluted></__proto__><constructor>1</constructor></a>') as {
			a: Record<string, unknown>;
		};
		expect(Object.getPrototypeOf(tree.a)).toBe(Object.prototype);
		expect(Object.prototype.hasOwnProperty.call(tree.a, '__proto__')).toBe(true);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(tree.a.constructor).toBe('1');
	});

	it('makes an array of a repeated __proto__ element', () => {
		const tree = readXml('<a><__proto__>1</__proto__><__proto__>2</__proto__></a>') as { a: Record<string, unknown> };
		expect(Object.getOwnPropertyDescriptor(tree.a, '__proto__')?.value).toEqual(['1', '2']);
	});
});

describe('XmlParseError', () => {
	it('carries the position where reading stopped', () => {
		const error = parseError('<a><b></c></a>');
		expect(error.position).toBeGreaterThan(0);
		expect(error.message).toMatch(/at offset \d+/);
		expect(error.name).toBe('XmlParseError');
	});
});
