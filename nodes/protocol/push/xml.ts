/**
 * A small, strict XML reader for WeChat's push envelopes: elements, nesting, repeated elements,
 * CDATA, the five XML entities and numeric character references, comments, processing
 * instructions and attributes (read and ignored). It refuses DOCTYPE / ENTITY declarations (no
 * entity expansion, no external fetches), mixed content, and input beyond `maxBytes` or nested
 * deeper than `maxDepth`. It never recurses and scans each character a bounded number of times,
 * so any input finishes in linear time. The only error it throws is XmlParseError.
 *
 * Result: `{ rootName: value }`, where an element with child elements becomes an object, any other
 * element the exact text it holds (whitespace kept: WeChat signs exact text), and a repeated
 * element an array of such values.
 */

export interface XmlObject {
	[name: string]: XmlNode | XmlNode[];
}

export type XmlNode = string | XmlObject;

export interface XmlReadOptions {
	/** Refuse input longer than this many UTF-8 bytes. */
	maxBytes?: number;
	/** Refuse elements nested deeper than this (the root element is depth 1). */
	maxDepth?: number;
}

export const XML_DEFAULT_MAX_BYTES = 1_048_576;
export const XML_DEFAULT_MAX_DEPTH = 32;

export class XmlParseError extends Error {
	/** Offset (in UTF-16 code units) where reading stopped. */
	readonly position: number;

	constructor(message: string, position: number) {
		super(`${message} (at offset ${position})`);
		this.name = 'XmlParseError';
		this.position = position;
	}
}

interface OpenElement {
	name: string;
	children: XmlObject | undefined;
	text: string;
	/** True once the element holds CDATA or non-whitespace text. */
	hasSignificantText: boolean;
}

const NAMED_ENTITIES: Record<string, string> = {
	lt: '<',
	gt: '>',
	amp: '&',
	quot: '"',
	apos: "'",
};

function isWhitespace(code: number): boolean {
	return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isNameStart(code: number): boolean {
	return (
		(code >= 0x41 && code <= 0x5a) || // A-Z
		(code >= 0x61 && code <= 0x7a) || // a-z
		code === 0x5f || // _
		code === 0x3a || // :
		code >= 0x80
	);
}

function isNameChar(code: number): boolean {
	return (
		isNameStart(code) ||
		(code >= 0x30 && code <= 0x39) || // 0-9
		code === 0x2d || // -
		code === 0x2e // .
	);
}

/** Own property, set without ever touching a prototype (an element may be named `__proto__`). */
function hasOwn(object: XmlObject, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(object, key);
}

function setOwn(object: XmlObject, key: string, value: XmlNode | XmlNode[]): void {
	Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function addChild(parent: XmlObject, name: string, value: XmlNode): void {
	if (!hasOwn(parent, name)) {
		setOwn(parent, name, value);
		return;
	}
	const existing = parent[name];
	if (Array.isArray(existing)) {
		existing.push(value);
	} else {
		setOwn(parent, name, [existing, value]);
	}
}

function decodeCharacterReference(body: string, position: number): string {
	const hex = body.startsWith('#x') || body.startsWith('#X');
	const digits = hex ? body.slice(2) : body.slice(1);
	const valid = hex ? /^[0-9A-Fa-f]{1,6}$/.test(digits) : /^[0-9]{1,7}$/.test(digits);
	if (!valid) {
		throw new XmlParseError('Invalid character reference', position);
	}
	const codePoint = parseInt(digits, hex ? 16 : 10);
	const isSurrogate = codePoint >= 0xd800 && codePoint <= 0xdfff;
	if (codePoint === 0 || codePoint > 0x10ffff || isSurrogate) {
		throw new XmlParseError('Character reference out of range', position);
	}
	return String.fromCodePoint(codePoint);
}

/** Replaces entity and character references in `raw`, which starts at `offset` in the input. */
function decodeText(raw: string, offset: number): string {
	if (!raw.includes('&')) {
		return raw;
	}
	let out = '';
	let from = 0;
	for (;;) {
		const amp = raw.indexOf('&', from);
		if (amp === -1) {
			return out + raw.slice(from);
		}
		out += raw.slice(from, amp);
		// The longest reference we accept is `&#1114111;` / `&#x10FFFF;`: 10 characters.
		const semicolon = raw.indexOf(';', amp + 1);
		if (semicolon === -1 || semicolon - amp > 10) {
			throw new XmlParseError('Unterminated or unknown entity reference', offset + amp);
		}
		const body = raw.slice(amp + 1, semicolon);
		if (body.startsWith('#')) {
			out += decodeCharacterReference(body, offset + amp);
		} else if (Object.prototype.hasOwnProperty.call(NAMED_ENTITIES, body)) {
			out += NAMED_ENTITIES[body];
		} else {
			throw new XmlParseError('Unknown entity (only the five XML entities are allowed)', offset + amp);
		}
		from = semicolon + 1;
	}
}

class XmlReader {
	private pos = 0;

	private readonly stack: OpenElement[] = [];

	private result: XmlObject | undefined;

	constructor(
		private readonly input: string,
		private readonly maxDepth: number,
	) {}

	read(): XmlObject {
		const { input } = this;
		if (input.charCodeAt(0) === 0xfeff) {
			this.pos = 1;
		}
		while (this.pos < input.length) {
			if (this.stack.length === 0) {
				this.readOutsideRoot();
			} else {
				this.readContent();
			}
		}
		if (this.stack.length > 0) {
			throw new XmlParseError(`Element <${this.stack[this.stack.length - 1].name}> is not closed`, this.pos);
		}
		if (this.result === undefined) {
			throw new XmlParseError('No root element', this.pos);
		}
		return this.result;
	}

	private fail(message: string): never {
		throw new XmlParseError(message, this.pos);
	}

	private startsWith(token: string): boolean {
		return this.input.startsWith(token, this.pos);
	}

	/** Moves past `terminator`, which must occur; returns the text before it. */
	private readUntil(terminator: string, what: string): string {
		const end = this.input.indexOf(terminator, this.pos);
		if (end === -1) {
			this.fail(`Unterminated ${what}`);
		}
		const text = this.input.slice(this.pos, end);
		this.pos = end + terminator.length;
		return text;
	}

	private skipWhitespace(): void {
		while (this.pos < this.input.length && isWhitespace(this.input.charCodeAt(this.pos))) {
			this.pos++;
		}
	}

	/** Prolog and epilog: whitespace, comments and processing instructions; then the root element. */
	private readOutsideRoot(): void {
		this.skipWhitespace();
		if (this.pos >= this.input.length) {
			return;
		}
		if (this.startsWith('<?')) {
			this.pos += 2;
			this.readUntil('?>', 'processing instruction');
		} else if (this.startsWith('<!--')) {
			this.pos += 4;
			this.readUntil('-->', 'comment');
		} else if (this.startsWith('<!')) {
			this.fail('DOCTYPE and other declarations are not allowed');
		} else if (this.result !== undefined) {
			this.fail('Content after the root element');
		} else if (this.startsWith('<')) {
			this.readTag();
		} else {
			this.fail('Expected the root element');
		}
	}

	private readContent(): void {
		const { input } = this;
		const top = this.stack[this.stack.length - 1];
		const lt = input.indexOf('<', this.pos);
		if (lt === -1) {
			this.pos = input.length;
			return;
		}
		if (lt > this.pos) {
			const raw = input.slice(this.pos, lt);
			top.text += decodeText(raw, this.pos);
			if (!top.hasSignificantText && /[^ \t\r\n]/.test(raw)) {
				top.hasSignificantText = true;
			}
			this.pos = lt;
		}
		if (this.startsWith('<![CDATA[')) {
			this.pos += 9;
			top.text += this.readUntil(']]>', 'CDATA section');
			top.hasSignificantText = true;
		} else if (this.startsWith('<!--')) {
			this.pos += 4;
			this.readUntil('-->', 'comment');
		} else if (this.startsWith('<!')) {
			this.fail('DOCTYPE and other declarations are not allowed');
		} else if (this.startsWith('<?')) {
			this.pos += 2;
			this.readUntil('?>', 'processing instruction');
		} else if (this.startsWith('</')) {
			this.readEndTag();
		} else {
			this.readTag();
		}
	}

	private readName(): string {
		const { input } = this;
		const start = this.pos;
		if (start >= input.length || !isNameStart(input.charCodeAt(start))) {
			this.fail('Expected an element or attribute name');
		}
		let end = start + 1;
		while (end < input.length && isNameChar(input.charCodeAt(end))) {
			end++;
		}
		this.pos = end;
		return input.slice(start, end);
	}

	/** A start tag or an empty-element tag, at `<`. */
	private readTag(): void {
		this.pos += 1;
		const name = this.readName();
		for (;;) {
			const hadSpace = this.pos < this.input.length && isWhitespace(this.input.charCodeAt(this.pos));
			this.skipWhitespace();
			if (this.startsWith('/>')) {
				this.pos += 2;
				this.checkDepth(this.stack.length + 1);
				this.closeElement({ name, children: undefined, text: '', hasSignificantText: false });
				return;
			}
			if (this.startsWith('>')) {
				this.pos += 1;
				this.checkDepth(this.stack.length + 1);
				this.stack.push({ name, children: undefined, text: '', hasSignificantText: false });
				return;
			}
			if (!hadSpace) {
				this.fail(`Malformed tag <${name}>`);
			}
			this.skipAttribute();
		}
	}

	private skipAttribute(): void {
		this.readName();
		this.skipWhitespace();
		if (!this.startsWith('=')) {
			this.fail('Expected = after an attribute name');
		}
		this.pos += 1;
		this.skipWhitespace();
		const quote = this.input[this.pos];
		if (quote !== '"' && quote !== "'") {
			this.fail('Attribute values must be quoted');
		}
		this.pos += 1;
		const valueStart = this.pos;
		const value = this.readUntil(quote, 'attribute value');
		if (value.includes('<')) {
			this.fail('< in an attribute value');
		}
		decodeText(value, valueStart);
	}

	private readEndTag(): void {
		this.pos += 2;
		const name = this.readName();
		this.skipWhitespace();
		if (!this.startsWith('>')) {
			this.fail(`Malformed end tag </${name}>`);
		}
		this.pos += 1;
		const open = this.stack.pop();
		if (open === undefined || open.name !== name) {
			this.fail(`End tag </${name}> does not match <${open?.name ?? ''}>`);
		}
		this.closeElement(open);
	}

	private checkDepth(depth: number): void {
		if (depth > this.maxDepth) {
			this.fail(`Elements nested deeper than ${this.maxDepth}`);
		}
	}

	private closeElement(element: OpenElement): void {
		let value: XmlNode;
		if (element.children === undefined) {
			value = element.text;
		} else if (element.hasSignificantText) {
			this.fail(`Element <${element.name}> mixes text and elements`);
		} else {
			value = element.children;
		}
		const parent = this.stack[this.stack.length - 1];
		if (parent === undefined) {
			const root: XmlObject = {};
			setOwn(root, element.name, value);
			this.result = root;
			return;
		}
		if (parent.children === undefined) {
			parent.children = {};
		}
		addChild(parent.children, element.name, value);
	}
}

/** Reads one XML document; throws XmlParseError for anything it does not accept. */
export function readXml(input: string, options: XmlReadOptions = {}): XmlObject {
	const maxBytes = options.maxBytes ?? XML_DEFAULT_MAX_BYTES;
	const maxDepth = options.maxDepth ?? XML_DEFAULT_MAX_DEPTH;
	if (typeof input !== 'string') {
		throw new XmlParseError('Input must be a string', 0);
	}
	// A UTF-16 code unit takes at least one UTF-8 byte: skip the exact count when clearly too long.
	if (input.length > maxBytes || Buffer.byteLength(input, 'utf8') > maxBytes) {
		throw new XmlParseError(`Input larger than ${maxBytes} bytes`, 0);
	}
	return new XmlReader(input, maxDepth).read();
}
