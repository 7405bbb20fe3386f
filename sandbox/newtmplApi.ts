import { randomBytes } from 'node:crypto';

import {
	authenticate,
	errorAnswer,
	isAnswer,
	okAnswer,
	readFlexibleBody,
	type ApiAnswer,
	type ApiRequest,
} from './api';
import { MAX_ACCOUNT_TEMPLATES, SANDBOX_CATEGORIES, SANDBOX_PUBLIC_TITLES } from './seed';
import { publicTitle, type AppState, type SandboxState } from './state';
import { composeAccountTemplate, publicViewOf } from './templates';

const DIGITS = /^\d+$/;
const CATEGORY_IDS = new Set(SANDBOX_CATEGORIES.map((c) => c.id));
const MAX_TITLES_PAGE = 30;

function withApp(state: SandboxState, request: ApiRequest, then: (app: AppState) => ApiAnswer): ApiAnswer {
	const auth = authenticate(state, request);
	if (isAnswer(auth)) return auth;
	const app = state.apps.get(auth.appId);
	return app ? then(app) : errorAnswer(state, 40014);
}

/** GET /wxaapi/newtmpl/gettemplate: the account's private templates. */
export function getTemplateList(state: SandboxState, request: ApiRequest): ApiAnswer {
	return withApp(state, request, (app) => okAnswer({ data: [...app.templates.values()].map(publicViewOf) }));
}

/** GET /wxaapi/newtmpl/getcategory: the account's categories. */
export function getCategory(state: SandboxState, request: ApiRequest): ApiAnswer {
	return withApp(state, request, () => okAnswer({ data: SANDBOX_CATEGORIES }));
}

/** GET /wxaapi/newtmpl/getpubtemplatetitles?ids=612,307&start=0&limit=30 */
export function getPubTemplateTitles(state: SandboxState, request: ApiRequest): ApiAnswer {
	return withApp(state, request, () => {
		const q = request.query;
		const ids = q.get('ids');
		if (ids === null || ids.trim() === '') return errorAnswer(state, 200018);
		const categoryIds = ids.split(',').map((id) => id.trim());
		if (!categoryIds.every((id) => DIGITS.test(id) && CATEGORY_IDS.has(Number(id)))) return errorAnswer(state, 200019);
		const start = q.get('start');
		if (start === null || !DIGITS.test(start)) return errorAnswer(state, 200016);
		const limit = q.get('limit');
		if (limit === null || !DIGITS.test(limit) || Number(limit) < 1 || Number(limit) > MAX_TITLES_PAGE) {
			return errorAnswer(state, 200017);
		}
		const wanted = new Set(categoryIds.map(Number));
		const matching = SANDBOX_PUBLIC_TITLES.filter((t) => wanted.has(t.categoryId));
		const page = matching.slice(Number(start), Number(start) + Number(limit));
		return okAnswer({
			count: matching.length,
			// WeChat sends categoryId as a string here.
			data: page.map((t) => ({ tid: t.tid, title: t.title, type: t.type, categoryId: String(t.categoryId) })),
		});
	});
}

/** GET /wxaapi/newtmpl/getpubtemplatekeywords?tid=1001 */
export function getPubTemplateKeywords(state: SandboxState, request: ApiRequest): ApiAnswer {
	return withApp(state, request, () => {
		const tid = request.query.get('tid');
		const title = tid !== null && DIGITS.test(tid) ? publicTitle(Number(tid)) : undefined;
		if (!title) return errorAnswer(state, 200014);
		return okAnswer({
			count: title.keywords.length,
			data: title.keywords.map((k) => ({ kid: k.kid, name: k.name, example: k.example, rule: k.rule })),
		});
	});
}

/** kidList as JSON array, repeated form keys, a JSON text or a comma list; undefined when not integers. */
function readKidList(raw: unknown): number[] | undefined {
	let items: unknown[];
	if (Array.isArray(raw)) items = raw;
	else if (typeof raw === 'number') items = [raw];
	else if (typeof raw === 'string') {
		const text = raw.trim();
		if (text.startsWith('[')) {
			try {
				const parsed: unknown = JSON.parse(text);
				if (!Array.isArray(parsed)) return undefined;
				items = parsed;
			} catch {
				return undefined;
			}
		} else items = text.split(',');
	} else return undefined;
	const kids = items.map((item) => (typeof item === 'string' && DIGITS.test(item.trim()) ? Number(item) : item));
	return kids.every((k): k is number => typeof k === 'number' && Number.isInteger(k)) ? kids : undefined;
}

function sameKeywords(a: readonly number[], b: readonly number[]): boolean {
	return a.length === b.length && [...a].sort((x, y) => x - y).join(',') === [...b].sort((x, y) => x - y).join(',');
}

/** POST /wxaapi/newtmpl/addtemplate, form-urlencoded (`tid=1001&kidList=1&kidList=2&sceneDesc=…`) or JSON. */
export function addTemplate(state: SandboxState, request: ApiRequest): ApiAnswer {
	return withApp(state, request, (app) => {
		const fields = readFlexibleBody(request);
		if (!fields) return errorAnswer(state, 47001);
		const tid = typeof fields.tid === 'number' ? String(fields.tid) : fields.tid;
		const title = typeof tid === 'string' && DIGITS.test(tid) ? publicTitle(Number(tid)) : undefined;
		if (!title) return errorAnswer(state, 200014);
		const kidList = readKidList(fields.kidList);
		const known = new Set(title.keywords.map((k) => k.kid));
		if (
			!kidList ||
			kidList.length < 2 ||
			kidList.length > 5 ||
			new Set(kidList).size !== kidList.length ||
			!kidList.every((kid) => known.has(kid))
		) {
			return errorAnswer(state, 200020);
		}
		const sceneDesc = fields.sceneDesc;
		if (typeof sceneDesc !== 'string' || sceneDesc.trim() === '' || [...sceneDesc].length > 15) {
			return errorAnswer(state, 200021);
		}
		for (const existing of app.templates.values()) {
			if (existing.tid === title.tid && sameKeywords(existing.kidList, kidList)) return errorAnswer(state, 200022);
		}
		if (app.templates.size >= MAX_ACCOUNT_TEMPLATES) return errorAnswer(state, 200012);
		const priTmplId = randomBytes(32).toString('base64url');
		app.templates.set(priTmplId, composeAccountTemplate(title, kidList, priTmplId, sceneDesc));
		return okAnswer({ priTmplId });
	});
}

/** POST /wxaapi/newtmpl/deltemplate `{"priTmplId": "…"}` (form-urlencoded also read). */
export function deleteTemplate(state: SandboxState, request: ApiRequest): ApiAnswer {
	return withApp(state, request, (app) => {
		const fields = readFlexibleBody(request);
		if (!fields) return errorAnswer(state, 47001);
		const priTmplId = fields.priTmplId;
		if (typeof priTmplId !== 'string' || !app.templates.delete(priTmplId)) return errorAnswer(state, 20002);
		return okAnswer();
	});
}
