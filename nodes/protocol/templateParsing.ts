/**
 * Templates as WeChat describes them, turned into what the nodes use: content → keywords (one
 * implementation shared by the Template Lookup node and the send node's field mapping), and the records
 * of the account's templates and of the public library. Content looks like
 * `商品名称:{{thing1.DATA}}\n发货时间:{{time3.DATA}}`. The calls that fetch them are templateApi.ts.
 */
import { keywordRule, normaliseKeywordType, parseKeywordKey, type TemplateKeyword } from './keywords';

export type { TemplateKeyword } from './keywords';

export type TemplateTypeName = 'one-time' | 'long-term' | 'unknown';

/** WeChat's template `type`: 2 = one-time (一次性订阅), 3 = long-term (长期订阅). */
export function templateTypeName(typeCode: number): TemplateTypeName {
	if (typeCode === 2) return 'one-time';
	if (typeCode === 3) return 'long-term';
	return 'unknown';
}

export interface KeywordEnumValues {
	/** `enum_string2.DATA` */
	keywordCode: string;
	enumValueList: string[];
}

/** An entry of `gettemplate`'s `data[]`, as WeChat sends it. */
export interface RawAccountTemplate {
	priTmplId: string;
	title: string;
	content: string;
	example?: string;
	type: number;
	keywordEnumValueList?: KeywordEnumValues[];
}

/** What the nodes output for an account template. */
export interface AccountTemplate {
	templateId: string;
	title: string;
	type: TemplateTypeName;
	typeCode: number;
	content: string;
	example: string;
	keywords: TemplateKeyword[];
	/** Allowed values per enum keyword key (`enum_string2`), when WeChat sends them. */
	keywordEnumValues?: Record<string, string[]>;
}

// `{{thing1.DATA}}`; WeChat writes exactly this, the tolerance for spaces and case costs nothing.
const PLACEHOLDER = /\{\{\s*([A-Za-z_]+\d+)\s*\.\s*DATA\s*\}\}/gi;
const LINE_BREAK = /\r\n|\r|\n/;
const COLON = /[:：]/;

/** `enum_string2.DATA` → `enum_string2`. */
export function keywordKeyFromCode(keywordCode: string): string {
	return keywordCode.replace(/\.DATA$/i, '').trim();
}

/** Turns `keywordEnumValueList` into `{ enum_string2: ['待发货', '已发货'] }`. */
export function enumValuesByKey(list: KeywordEnumValues[] | undefined): Record<string, string[]> {
	const byKey: Record<string, string[]> = {};
	for (const entry of list ?? []) {
		if (!entry || typeof entry.keywordCode !== 'string' || !Array.isArray(entry.enumValueList)) continue;
		byKey[keywordKeyFromCode(entry.keywordCode)] = entry.enumValueList.map(String);
	}
	return byKey;
}

/**
 * The label is the text before the colon that precedes the placeholder on its line, counting only
 * text after the previous placeholder or colon on that line: `订单:商品名称：{{thing1.DATA}}` → `商品名称`.
 */
function labelBefore(textBeforeOnLine: string): string {
	const trimmed = textBeforeOnLine.trimEnd();
	const last = trimmed.slice(-1);
	if (!COLON.test(last)) return '';
	const beforeColon = trimmed.slice(0, -1);
	const segments = beforeColon.split(COLON);
	return segments[segments.length - 1].trim();
}

/** `商品名称:iPhone 15` lines → Map(label → value); the value keeps any later colons (`时间:15:01`). */
function exampleValuesByLabel(example: string): Map<string, string[]> {
	const byLabel = new Map<string, string[]>();
	for (const line of example.split(LINE_BREAK)) {
		const colon = COLON.exec(line);
		if (!colon) continue;
		const label = line.slice(0, colon.index).trim();
		const value = line.slice(colon.index + 1).trim();
		if (!label) continue;
		const values = byLabel.get(label) ?? [];
		values.push(value);
		byLabel.set(label, values);
	}
	return byLabel;
}

/**
 * Keywords of a template in content order. Labels come from the content; examples from the example
 * text, matched by label (a label that repeats takes the example lines in order).
 */
export function parseTemplateKeywords(
	content: string,
	example?: string,
	enumValueList?: KeywordEnumValues[],
): TemplateKeyword[] {
	const examples = exampleValuesByLabel(example ?? '');
	const enumValues = enumValuesByKey(enumValueList);
	const keywords: TemplateKeyword[] = [];
	const seen = new Set<string>();

	for (const line of content.split(LINE_BREAK)) {
		let lineStart = 0;
		for (const match of line.matchAll(PLACEHOLDER)) {
			const key = match[1];
			const at = match.index ?? 0;
			const label = labelBefore(line.slice(lineStart, at));
			lineStart = at + match[0].length;
			if (seen.has(key)) continue;
			seen.add(key);

			const parsed = parseKeywordKey(key);
			const type = parsed?.type ?? key;
			const keyword: TemplateKeyword = {
				key,
				label,
				type,
				index: parsed?.index ?? 0,
				rule: keywordRule(type),
			};
			const exampleValue = label ? examples.get(label)?.shift() : undefined;
			if (exampleValue !== undefined) keyword.example = exampleValue;
			if (enumValues[key]) keyword.enumValues = enumValues[key];
			keywords.push(keyword);
		}
	}
	return keywords;
}

/** Turns a raw `gettemplate` entry into the item the nodes output. */
export function normaliseAccountTemplate(raw: RawAccountTemplate): AccountTemplate {
	const content = raw.content ?? '';
	const example = raw.example ?? '';
	const typeCode = Number(raw.type);
	const template: AccountTemplate = {
		templateId: String(raw.priTmplId),
		title: raw.title ?? '',
		type: templateTypeName(typeCode),
		typeCode,
		content,
		example,
		keywords: parseTemplateKeywords(content, example, raw.keywordEnumValueList),
	};
	if (Array.isArray(raw.keywordEnumValueList) && raw.keywordEnumValueList.length > 0) {
		template.keywordEnumValues = enumValuesByKey(raw.keywordEnumValueList);
	}
	return template;
}

/** An entry of `getpubtemplatetitles`' `data[]`. `categoryId` arrives as a number or a string. */
export interface RawPublicTemplateTitle {
	tid: number | string;
	title: string;
	type: number;
	categoryId: number | string;
}

export interface PublicTemplateTitle {
	tid: number;
	title: string;
	type: TemplateTypeName;
	typeCode: number;
	categoryId: string;
}

export function normalisePublicTemplateTitle(raw: RawPublicTemplateTitle): PublicTemplateTitle {
	const typeCode = Number(raw.type);
	return {
		tid: Number(raw.tid),
		title: raw.title ?? '',
		type: templateTypeName(typeCode),
		typeCode,
		categoryId: String(raw.categoryId ?? ''),
	};
}

/** An entry of `getpubtemplatekeywords`' `data[]`: `rule` is the keyword type (`thing`, `time`, …). */
export interface RawPublicTemplateKeyword {
	kid: number | string;
	name: string;
	example?: string;
	rule: string;
}

export interface PublicTemplateKeyword {
	kid: number;
	name: string;
	example: string;
	/** The keyword type WeChat gives as `rule`, e.g. `thing`. */
	type: string;
	/** What that type accepts, e.g. `≤ 20 characters`; "unknown" for a type we do not know. */
	rule: string;
}

export function normalisePublicTemplateKeyword(raw: RawPublicTemplateKeyword): PublicTemplateKeyword {
	const type = normaliseKeywordType(String(raw.rule ?? ''));
	return {
		kid: Number(raw.kid),
		name: raw.name ?? '',
		example: raw.example ?? '',
		type,
		rule: keywordRule(type),
	};
}
