/**
 * POST /wxa/msg_sec_check as WeChat answers it (docs/wechat-protocol.md §17), with the rules of
 * contentSecurity.ts. Version 2: 47001 content missing or over 2,500 characters (WeChat documents no
 * errcode for the length; the sandbox's choice), 40129 scene not 1–4, 40003 an OpenID that is not one,
 * 61010 an inactive user; a risky text is errcode 0 with result.suggest risky or review. Without version
 * (or version 1), the old check: 87014 for a risky text, else ok. Other versions: 47001.
 */
import { authenticate, errorAnswer, isAnswer, okAnswer, type ApiAnswer, type ApiRequest } from './api';
import { isActiveUser, NORMAL_LABEL, textRisk, traceIdFor } from './contentSecurity';
import { readJsonFields, stringField } from './jsonRequest';
import type { SandboxState } from './state';

const OPENID = /^o[A-Za-z0-9_-]{27}$/;
const CONTENT_MAX = 2500;

export function checkTextContent(state: SandboxState, request: ApiRequest): ApiAnswer {
	const auth = authenticate(state, request);
	if (isAnswer(auth)) return auth;
	const body = readJsonFields(request);
	if (typeof body === 'number') return errorAnswer(state, body);
	const content = body.content;
	if (typeof content !== 'string') return errorAnswer(state, 47001);
	const risk = textRisk(content);
	if (body.version === undefined || body.version === 1) return risk ? errorAnswer(state, 87014) : okAnswer();
	if (body.version !== 2 || [...content].length > CONTENT_MAX) return errorAnswer(state, 47001);
	if (typeof body.scene !== 'number' || ![1, 2, 3, 4].includes(body.scene)) return errorAnswer(state, 40129);
	const openid = stringField(body, 'openid');
	if (!OPENID.test(openid)) return errorAnswer(state, 40003);
	if (!isActiveUser(openid)) return errorAnswer(state, 61010);
	const suggest = risk?.suggest ?? 'pass';
	const label = risk?.label ?? NORMAL_LABEL;
	const detail: Array<Record<string, unknown>> = [{ strategy: 'content_model', errcode: 0, suggest, label, prob: 90 }];
	if (risk) detail.push({ strategy: 'keyword', errcode: 0, suggest, label, level: 20, keyword: risk.word });
	return okAnswer({ detail, result: { suggest, label }, trace_id: traceIdFor(openid, content) });
}
