/**
 * Templates: content → keywords (one implementation shared by the Template Lookup node and the send
 * node's field mapping), and the /wxaapi/newtmpl calls that list, search, add and delete them.
 * Content looks like `商品名称:{{thing1.DATA}}\n发货时间:{{time3.DATA}}`.
 */
import type { WeChatClient } from './client';
import { ERRCODE, InvalidInputError, templateNotFoundError, WeChatApiError } from './errors';
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

// ---- The template API calls (/wxaapi/newtmpl/*), through the one request path -----------------

/** The part of WeChatClient these calls need; tests hand in a fake. */
export type TemplateApiClient = Pick<WeChatClient, 'call'>;

const NEWTMPL = '/wxaapi/newtmpl';

/** Most titles one getpubtemplatetitles call returns (its `limit` must be 1–30). */
export const PUBLIC_TITLES_PAGE_SIZE = 30;

function dataArray<T>(body: { data?: unknown }): T[] {
	return Array.isArray(body.data) ? (body.data as T[]) : [];
}

/** `gettemplate`: every template added to this mini program's account. */
export async function listAccountTemplates(client: TemplateApiClient, operation: string): Promise<AccountTemplate[]> {
	const body = await client.call<{ data?: unknown }>({
		method: 'GET',
		path: `${NEWTMPL}/gettemplate`,
		retry: 'idempotent',
		operation,
	});
	return dataArray<RawAccountTemplate>(body).map(normaliseAccountTemplate);
}

/** One account template by its priTmplId; throws templateNotFoundError when the account has none. */
export async function requireAccountTemplate(
	client: TemplateApiClient,
	templateId: string,
	operation: string,
): Promise<AccountTemplate> {
	const wanted = templateId.trim();
	const template = (await listAccountTemplates(client, operation)).find((t) => t.templateId === wanted);
	if (!template) throw templateNotFoundError(wanted);
	return template;
}

export interface TemplateCategory {
	id: number;
	name: string;
}

/** `getcategory`: the service categories of this mini program (they scope the public library). */
export async function listCategories(client: TemplateApiClient, operation: string): Promise<TemplateCategory[]> {
	const body = await client.call<{ data?: unknown }>({
		method: 'GET',
		path: `${NEWTMPL}/getcategory`,
		retry: 'idempotent',
		operation,
	});
	return dataArray<{ id: number | string; name?: string }>(body).map((c) => ({ id: Number(c.id), name: c.name ?? '' }));
}

export interface PublicTemplateSearch {
	/** Category ids (from getcategory); WeChat requires at least one. */
	categoryIds: Array<string | number>;
	/** Kept when the title contains it (case-insensitive). WeChat has no server-side search. */
	keyword?: string;
	returnAll: boolean;
	/** How many titles to return when returnAll is false. */
	limit: number;
}

/**
 * `getpubtemplatetitles`, paged for the caller: `start` advances until `count` (or an empty page),
 * `limit` ≤ 30 per call. Without a keyword and without Return All, asks for no more than needed;
 * with a keyword, keeps paging until `limit` titles match or the library ends.
 */
export async function searchPublicTemplates(
	client: TemplateApiClient,
	search: PublicTemplateSearch,
	operation: string,
): Promise<PublicTemplateTitle[]> {
	const ids = search.categoryIds.map((id) => String(id).trim()).join(',');
	const keyword = (search.keyword ?? '').trim().toLowerCase();
	const wanted = search.returnAll ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(search.limit));
	const found: PublicTemplateTitle[] = [];
	if (wanted === 0) return found;
	for (let start = 0; ; ) {
		const limit = keyword || search.returnAll ? PUBLIC_TITLES_PAGE_SIZE : Math.min(PUBLIC_TITLES_PAGE_SIZE, wanted - found.length);
		const body = await client.call<{ count?: unknown; data?: unknown }>({
			method: 'GET',
			path: `${NEWTMPL}/getpubtemplatetitles`,
			query: { ids, start, limit },
			retry: 'idempotent',
			operation,
		});
		const page = dataArray<RawPublicTemplateTitle>(body);
		for (const raw of page) {
			const title = normalisePublicTemplateTitle(raw);
			if (keyword && !title.title.toLowerCase().includes(keyword)) continue;
			found.push(title);
			if (found.length >= wanted) return found;
		}
		start += page.length;
		if (page.length === 0 || start >= Number(body.count ?? 0)) return found;
	}
}

/** `getpubtemplatekeywords`: the keywords a public template offers, to pick `kidList` from. */
export async function listPublicTemplateKeywords(
	client: TemplateApiClient,
	tid: number | string,
	operation: string,
): Promise<PublicTemplateKeyword[]> {
	const body = await client.call<{ data?: unknown }>({
		method: 'GET',
		path: `${NEWTMPL}/getpubtemplatekeywords`,
		query: { tid: String(tid).trim() },
		retry: 'idempotent',
		operation,
	});
	return dataArray<RawPublicTemplateKeyword>(body).map(normalisePublicTemplateKeyword);
}

export interface AddTemplateInput {
	tid: number | string;
	/** Keyword ids of the public template, in the order the message shows them. */
	kidList: number[];
	/** Where the message is sent, e.g. 下单后通知发货 (≤ 15 characters). */
	sceneDesc: string;
}

export const KID_LIST_MIN = 2;
export const KID_LIST_MAX = 5;
export const SCENE_DESC_MAX_CHARACTERS = 15;

/** Throws InvalidInputError for what WeChat would reject (200014/200020/200021), before calling it. */
export function assertAddTemplateInput(input: AddTemplateInput): void {
	const problem = addTemplateInputProblem(input);
	if (problem) throw new InvalidInputError(problem.message, problem.fix);
}

function addTemplateInputProblem(input: AddTemplateInput): { message: string; fix: string } | null {
	if (!/^\d+$/.test(String(input.tid).trim())) {
		return { message: `Public template ID "${input.tid}" is not a number`, fix: 'Take the tid from Template Lookup → Public Template → Search Public Templates.' };
	}
	const { kidList } = input;
	if (kidList.length < KID_LIST_MIN || kidList.length > KID_LIST_MAX) {
		return { message: `Keyword IDs: give ${KID_LIST_MIN} to ${KID_LIST_MAX} (kid), got ${kidList.length}`, fix: 'Take them from Template Lookup → Public Template → Get Public Template Keywords.' };
	}
	if (kidList.some((kid) => !Number.isInteger(kid) || kid <= 0)) {
		return { message: `Keyword IDs must be positive whole numbers, got ${kidList.join(', ')}`, fix: 'Use the kid values of Template Lookup → Public Template → Get Public Template Keywords.' };
	}
	if (new Set(kidList).size !== kidList.length) {
		return { message: `Keyword IDs: each may appear once, got ${kidList.join(', ')}`, fix: 'Remove the repeated keyword IDs.' };
	}
	const sceneLength = [...input.sceneDesc.trim()].length;
	if (sceneLength > SCENE_DESC_MAX_CHARACTERS) {
		return { message: `Scene Description has ${sceneLength} characters; WeChat allows at most ${SCENE_DESC_MAX_CHARACTERS}`, fix: 'Shorten the scene description.' };
	}
	return null;
}

// 200014 "tid invalid or missing" is also what WeChat answers when it cannot read the body format
// (the official page says form-urlencoded, the SDKs send JSON), hence one retry as JSON.
function isTidRejected(error: unknown): boolean {
	return error instanceof WeChatApiError && error.errcode === ERRCODE.tidInvalid;
}

function priTmplIdOf(body: { priTmplId?: unknown }, operation: string): string {
	if (typeof body.priTmplId !== 'string' || !body.priTmplId) {
		throw new WeChatApiError({ operation, kind: 'bad-response' });
	}
	return body.priTmplId;
}

/** `addtemplate`: adds a public template with the chosen keywords to the account; returns its priTmplId. */
export async function addTemplateToAccount(
	client: TemplateApiClient,
	input: AddTemplateInput,
	operation: string,
): Promise<string> {
	const payload = { tid: String(input.tid).trim(), kidList: input.kidList, sceneDesc: input.sceneDesc.trim() };
	const add = async (encoding: 'form' | 'json'): Promise<string> => {
		const body = await client.call<{ priTmplId?: unknown }>({
			method: 'POST',
			path: `${NEWTMPL}/addtemplate`,
			...(encoding === 'form' ? { form: payload } : { json: payload }),
			retry: 'not-accepted-only',
			operation,
		});
		return priTmplIdOf(body, operation);
	};
	let formError: unknown;
	try {
		return await add('form');
	} catch (error) {
		formError = error;
	}
	if (!isTidRejected(formError)) throw formError;
	return await add('json');
}

/** `deltemplate`: removes a template from the account (users' acceptances of it are lost). */
export async function deleteAccountTemplate(client: TemplateApiClient, templateId: string, operation: string): Promise<void> {
	await client.call({
		method: 'POST',
		path: `${NEWTMPL}/deltemplate`,
		json: { priTmplId: templateId.trim() },
		retry: 'not-accepted-only',
		operation,
	});
}
