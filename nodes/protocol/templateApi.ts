/**
 * The template API calls (/wxaapi/newtmpl/*: list, search, add and delete templates), through the one
 * request path (client.ts); what they answer is parsed by templateParsing.ts.
 */
import type { WeChatClient } from './client';
import { ERRCODE, InvalidInputError, templateNotFoundError, WeChatApiError } from './errors';
import { normaliseAccountTemplate, normalisePublicTemplateKeyword, normalisePublicTemplateTitle, type AccountTemplate, type PublicTemplateKeyword, type PublicTemplateTitle, type RawAccountTemplate, type RawPublicTemplateKeyword, type RawPublicTemplateTitle } from './templateParsing';

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
