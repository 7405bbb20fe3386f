/**
 * Property tests for the XML reader with a seeded PRNG, so every run checks the same cases and a
 * failure names a reproducible case. Properties:
 * - on any input, readXml returns a tree or throws XmlParseError, nothing else (no TypeError,
 *   RangeError or stack overflow), and returns (no hang: jest's timeout bounds each block);
 * - a document serialised from a random tree reads back as that tree.
 * The number of cases is fixed and counted; how long they took is printed, never asserted.
 */
import { XmlParseError, readXml, type XmlNode, type XmlObject } from '../../../../nodes/protocol/push/xml';
import { prng } from '../../../helpers/prng';
import { XML_SAMPLES } from '../../../helpers/push/samples';

const SEED = 0x5eed_c0de;

const random = prng(SEED);
const int = (max: number) => Math.floor(random() * max);
const pick = <T>(items: readonly T[]): T => items[int(items.length)];

interface Tally {
	cases: number;
	parsed: number;
	refused: number;
	ms: number;
}
const tallies: Record<string, Tally> = {};

/** Runs one case: the only failure allowed is XmlParseError. Returns the tree or undefined. */
function check(block: string, input: string, options?: Parameters<typeof readXml>[1]): XmlObject | undefined {
	const tally = (tallies[block] ??= { cases: 0, parsed: 0, refused: 0, ms: 0 });
	tally.cases++;
	try {
		const tree = readXml(input, options);
		tally.parsed++;
		return tree;
	} catch (error) {
		if (!(error instanceof XmlParseError)) {
			throw new Error(`${block}: ${String(error)} on input ${JSON.stringify(input.slice(0, 300))}`);
		}
		tally.refused++;
		return undefined;
	}
}

function timed(block: string, run: () => void): void {
	const start = performance.now();
	run();
	const tally = (tallies[block] ??= { cases: 0, parsed: 0, refused: 0, ms: 0 });
	tally.ms += performance.now() - start;
}

const XMLISH_TOKENS = [
	'<', '>', '</', '/>', '<xml>', '</xml>', '<a>', '</a>', '<List>', '</List>', '<![CDATA[', ']]>', '<!--', '-->',
	'<?', '?>', '<!DOCTYPE', '<!ENTITY', '&', ';', '&amp;', '&lt;', '&#', '&#x', '1F600', 'x', '=', '"', "'", ' ', '\n',
	'\t', 'a', 'b', '中', '😀', '\u0000', '\uFEFF', '\uD800', '[', ']', '!', '?', '-', '#', 'SYSTEM', '__proto__',
];

const SAMPLES = Object.values(XML_SAMPLES);

function randomBytesString(length: number): string {
	const bytes = Buffer.alloc(length);
	for (let i = 0; i < length; i++) bytes[i] = int(256);
	return random() < 0.5 ? bytes.toString('latin1') : bytes.toString('utf8');
}

function mutate(input: string): string {
	const at = int(input.length + 1);
	switch (int(9)) {
		case 0:
			return input.slice(0, at); // truncation
		case 1:
			return input.slice(at); // cut the head
		case 2: {
			// duplicate a bracket
			const bracket = pick(['<', '>', '/', '[', ']']);
			const index = input.indexOf(bracket, at);
			return index === -1 ? input + bracket : input.slice(0, index) + bracket + input.slice(index);
		}
		case 3: {
			// remove a bracket
			const bracket = pick(['<', '>', '/', '[', ']', '!', '&', ';']);
			const index = input.indexOf(bracket, at);
			return index === -1 ? input : input.slice(0, index) + input.slice(index + 1);
		}
		case 4:
			return input.slice(0, at) + pick(XMLISH_TOKENS) + input.slice(at); // insert a token
		case 5: {
			// swap two slices
			const other = int(input.length + 1);
			const [from, to] = at < other ? [at, other] : [other, at];
			return input.slice(to) + input.slice(from, to) + input.slice(0, from);
		}
		case 6: {
			// flip one character
			if (input.length === 0) return input;
			const index = Math.min(at, input.length - 1);
			return input.slice(0, index) + String.fromCharCode(input.charCodeAt(index) ^ (1 << int(8))) + input.slice(index + 1);
		}
		case 7: {
			// repeat a slice
			const length = int(64);
			return input.slice(0, at + length) + input.slice(at, at + length).repeat(1 + int(20)) + input.slice(at + length);
		}
		default:
			return input.slice(0, at) + randomBytesString(int(16)) + input.slice(at); // splice in garbage
	}
}

/** A random tree and its serialisation (entity-escaped or CDATA text, random whitespace). */
function randomDocument(depth: number): { tree: XmlObject; xml: string } {
	const names = ['xml', 'List', 'TemplateId', 'a', 'b.c', 'd-e', '_f', 'g:h', '名字'];
	const textChars = ['a', 'Z', '0', ' ', '\n', '<', '>', '&', '"', "'", ']', '中', '😀', ';', '#'];
	const randomText = () => Array.from({ length: int(12) }, () => pick(textChars)).join('');
	const escape = (text: string) =>
		text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, pick(['>', '&gt;'])).replace(/"/g, pick(['"', '&quot;']));
	const space = () => pick(['', ' ', '\n  ', '\r\n', '\t']);

	function element(level: number): { value: XmlNode; xml: (name: string) => string } {
		if (level >= depth || random() < 0.35) {
			const text = randomText();
			const cdata = !text.includes(']]>') && random() < 0.5;
			const body = cdata ? `<![CDATA[${text}]]>` : escape(text);
			const empty = text === '' && random() < 0.5;
			return { value: text, xml: (name) => (empty ? `<${name}/>` : `<${name}>${body}</${name}>`) };
		}
		const children: XmlObject = {};
		const parts: string[] = [];
		const count = 1 + int(4);
		for (let i = 0; i < count; i++) {
			const name = pick(names);
			const child = element(level + 1);
			const existing = children[name];
			if (existing === undefined) children[name] = child.value;
			else if (Array.isArray(existing)) existing.push(child.value);
			else children[name] = [existing, child.value];
			parts.push(space() + child.xml(name));
		}
		const xml = (name: string) => `<${name}>${parts.join('')}${space()}</${name}>`;
		return { value: children, xml };
	}

	const root = element(0);
	const prolog = random() < 0.3 ? '<?xml version="1.0" encoding="UTF-8"?>\n' : '';
	return { tree: { xml: root.value }, xml: prolog + root.xml('xml') };
}

describe('XML reader fuzzing (seeded)', () => {
	afterAll(() => {
		const total = Object.values(tallies).reduce(
			(sum, t) => ({ cases: sum.cases + t.cases, ms: sum.ms + t.ms }),
			{ cases: 0, ms: 0 },
		);
		const lines = Object.entries(tallies).map(
			([block, t]) => `${block}: ${t.cases} cases (${t.parsed} parsed, ${t.refused} refused) in ${t.ms.toFixed(0)} ms`,
		);
		// The figures for the report; deliberately not asserted.
		console.log(`XML fuzz, seed ${SEED.toString(16)}:\n${lines.join('\n')}\ntotal: ${total.cases} cases in ${total.ms.toFixed(0)} ms`);
	});

	it('random bytes: 20 000 inputs of 0–512 bytes, half wrapped in <xml>', () => {
		timed('random bytes', () => {
			for (let i = 0; i < 20_000; i++) {
				const bytes = randomBytesString(int(513));
				// Half inside a root element, so the reader gets past the first byte.
				check('random bytes', i % 2 === 0 ? bytes : `<xml>${bytes}</xml>`);
			}
		});
		expect(tallies['random bytes'].cases).toBe(20_000);
	});

	it('random XML-ish token soup: 20 000 inputs of 0–80 tokens', () => {
		timed('token soup', () => {
			for (let i = 0; i < 20_000; i++) {
				check('token soup', Array.from({ length: int(81) }, () => pick(XMLISH_TOKENS)).join(''));
			}
		});
		expect(tallies['token soup'].cases).toBe(20_000);
		expect(tallies['token soup'].parsed).toBeGreaterThan(0);
	});

	it('mutations of every WeChat sample: 5 000 per sample, 1–4 mutations each', () => {
		timed('mutated samples', () => {
			for (const sample of SAMPLES) {
				for (let i = 0; i < 5_000; i++) {
					let input = sample;
					for (let m = 1 + int(4); m > 0; m--) input = mutate(input);
					check('mutated samples', input);
				}
			}
		});
		expect(tallies['mutated samples'].cases).toBe(5_000 * SAMPLES.length);
		expect(tallies['mutated samples'].parsed).toBeGreaterThan(0);
		expect(tallies['mutated samples'].refused).toBeGreaterThan(0);
	});

	it('random trees read back as the tree they were written from: 10 000 documents', () => {
		timed('round trip', () => {
			for (let i = 0; i < 10_000; i++) {
				const { tree, xml } = randomDocument(1 + int(6));
				const read = check('round trip', xml);
				if (read === undefined) throw new Error(`refused a well-formed document: ${JSON.stringify(xml)}`);
				expect(read).toEqual(tree);
			}
		});
		expect(tallies['round trip'].refused).toBe(0);
	});

	it('deep nesting up to 100 000 levels, closed, unclosed and self-closed: 300 inputs', () => {
		timed('deep nesting', () => {
			for (let i = 0; i < 300; i++) {
				const depth = i < 100 ? 1 + int(64) : 1 + int(100_000);
				const name = pick(['a', 'List', 'xml']);
				const open = `<${name}>`.repeat(depth);
				const input = pick([
					open + `</${name}>`.repeat(depth),
					open,
					open + '<x/>' + `</${name}>`.repeat(depth),
					open + `</${name}>`.repeat(Math.max(0, depth - 1 - int(3))),
				]);
				const tree = check('deep nesting', input, { maxBytes: 2_000_000 });
				if (tree !== undefined && depth > 32) throw new Error(`accepted depth ${depth} beyond the bound`);
			}
		});
		expect(tallies['deep nesting'].cases).toBe(300);
	});

	it('huge inputs exactly at and one byte over the 1 MiB bound: 40 inputs', () => {
		const bound = 1_048_576;
		const shapes = [
			'x', // one long text
			'<List><a>1</a></List>', // many repeated elements
			'&amp;', // many entities
			'<!-- c -->', // many comments
			'<![CDATA[]]>', // many CDATA sections
		];
		timed('huge inputs', () => {
			for (let round = 0; round < 4; round++) {
				for (const unit of shapes) {
					const body = unit.repeat(Math.floor((bound - 11) / unit.length));
					const exact = `<xml>${body}</xml>`.padEnd(bound, ' '); // trailing whitespace is allowed
					if (check('huge inputs', exact) === undefined) throw new Error(`refused ${unit} at the bound`);
					if (check('huge inputs', `${exact} `) !== undefined) throw new Error('accepted input beyond the bound');
				}
			}
		});
		expect(tallies['huge inputs'].cases).toBe(40);
	});

	it('entity and DOCTYPE payloads are refused, or kept as literal CDATA text: 5 000 inputs', () => {
		const payloads = [
			'<!DOCTYPE x [<!ENTITY e "boom">]>',
			'<!DOCTYPE x SYSTEM "http://example.com/x.dtd">',
			'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>',
			'<!ENTITY xxe SYSTEM "file:///etc/passwd">',
			'<!ELEMENT a ANY>',
			'<!ATTLIST a b CDATA #IMPLIED>',
			'<!doctype x>',
		];
		const references = ['&e;', '&xxe;', '&lol2;', '&#x0;', '&#1114112;', '&#xD800;', '&nbsp;', '&', '&#65;', '&amp;'];
		timed('entity payloads', () => {
			for (let i = 0; i < 5_000; i++) {
				const sample = pick(SAMPLES);
				const at = sample.indexOf('>', int(sample.length)) + 1 || sample.length;
				const withDeclaration = random() < 0.5;
				const insert = withDeclaration ? pick(payloads) : pick(references);
				const input = random() < 0.3 && withDeclaration ? insert + sample : sample.slice(0, at) + insert + sample.slice(at);
				const tree = check('entity payloads', input);
				// Accepted only when the insert landed inside CDATA and was read back as plain text.
				if (tree !== undefined && withDeclaration && !JSON.stringify(tree).includes(JSON.stringify(insert).slice(1, -1))) {
					throw new Error(`accepted a declaration: ${JSON.stringify(input.slice(0, 200))}`);
				}
				if (tree !== undefined && /boom|passwd|lollol/.test(JSON.stringify(tree))) {
					throw new Error('expanded an entity');
				}
			}
		});
		expect(tallies['entity payloads'].cases).toBe(5_000);
	});
});
