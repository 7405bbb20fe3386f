import { authenticate, errorAnswer, isAnswer, type ApiAnswer, type ApiRequest } from './api';
import { isValidKeywordValue } from './keywordRules';
import { SANDBOX_PAGES } from './seed';
import type { RecordedMessage, SandboxState } from './state';

const OPENID = /^o[A-Za-z0-9_-]{27}$/;
const MINIPROGRAM_STATES = new Set(['developer', 'trial', 'formal']);
const LANGS = new Set(['zh_CN', 'en_US', 'zh_HK', 'zh_TW']);
const PAGES = new Set(SANDBOX_PAGES);

/** `pages/order/detail?id=1` is valid when `pages/order/detail` is a page of the released version. */
function isKnownPage(page: string): boolean {
	const path = page.split('?', 1)[0].replace(/^\//, '');
	return PAGES.has(path);
}

function keywordValue(data: unknown, key: string): unknown {
	if (typeof data !== 'object' || data === null) return undefined;
	const entry = (data as Record<string, unknown>)[key];
	if (typeof entry !== 'object' || entry === null) return undefined;
	return (entry as Record<string, unknown>).value;
}

/**
 * POST /cgi-bin/message/subscribe/send. Checks in WeChat's order of concern: token, body, touser, template,
 * state/lang/page, every keyword value, a send already in progress to the same user, the user's subscription.
 * The msgid is written unquoted: it is 64-bit, as WeChat writes it.
 */
export function sendSubscribeMessage(state: SandboxState, request: ApiRequest): ApiAnswer {
	const auth = authenticate(state, request);
	if (isAnswer(auth)) return auth;
	const app = state.apps.get(auth.appId);
	if (!app) return errorAnswer(state, 40014);
	if (request.body.trim() === '') return errorAnswer(state, 44002);
	let parsed: unknown;
	try {
		parsed = JSON.parse(request.body);
	} catch {
		return errorAnswer(state, 47001);
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return errorAnswer(state, 47001);
	const body = parsed as Record<string, unknown>;

	const openid = body.touser;
	if (typeof openid !== 'string' || !OPENID.test(openid)) return errorAnswer(state, 40003);
	const templateId = body.template_id;
	const template = typeof templateId === 'string' ? app.templates.get(templateId) : undefined;
	if (!template) return errorAnswer(state, 40037);

	const miniprogramState = body.miniprogram_state ?? 'formal';
	if (typeof miniprogramState !== 'string' || !MINIPROGRAM_STATES.has(miniprogramState)) {
		return errorAnswer(state, 47003, 'argument invalid! miniprogram_state invalid');
	}
	const lang = body.lang ?? 'zh_CN';
	if (typeof lang !== 'string' || !LANGS.has(lang)) return errorAnswer(state, 47003, 'argument invalid! lang invalid');
	const page = body.page;
	if (page !== undefined && page !== '' && (typeof page !== 'string' || !isKnownPage(page))) {
		return errorAnswer(state, 41030);
	}

	for (const keyword of template.keywords) {
		const value = keywordValue(body.data, keyword.key);
		if (typeof value !== 'string' || !isValidKeywordValue(keyword.type, value, keyword.enumValues)) {
			return errorAnswer(state, 47003, `argument invalid! data.${keyword.key}.value invalid`);
		}
	}

	if (state.sendingTo.has(openid)) return errorAnswer(state, 43108);
	if (!state.consumeSubscription(openid, template)) return errorAnswer(state, 43101);

	const msgid = state.takeMsgid();
	const message: RecordedMessage = {
		appId: app.appId,
		openid,
		templateId: template.priTmplId,
		data: body.data as RecordedMessage['data'],
		miniprogramState,
		lang,
		msgid,
		time: state.clock.now(),
	};
	if (typeof page === 'string' && page !== '') message.page = page;
	state.recordMessage(message);
	state.sendingTo.add(openid);
	return {
		status: 200,
		body: `{"errcode":0,"errmsg":"ok","msgid":${msgid}}`,
		errcode: 0,
		release: () => {
			state.sendingTo.delete(openid);
			// WeChat reports delivery after it answered the send (also when that answer was lost on the way).
			state.deliveryEvents.afterSend(message);
		},
	};
}
