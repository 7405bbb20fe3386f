/**
 * API quotas: every call that passes the token check counts against its path's daily quota (WeChat counts
 * calls, not successes), per app and per day of Beijing time, when WeChat's quotas reset. quota/get
 * answers from these counts (docs/wechat-protocol.md §12).
 */
import { authenticate, errorAnswer, isAnswer, okAnswer, type ApiAnswer, type ApiRequest } from './api';
import type { SandboxState } from './state';

export interface PathQuota {
	dailyLimit: number;
	/** rate_limit: calls per window, and the window in seconds. */
	callCount: number;
	refreshSecond: number;
}

/** The sandbox's figures per API (subscribe/send as docs/wechat-protocol.md §7; the others illustrative). */
export const QUOTA_TABLE: Readonly<Record<string, PathQuota>> = {
	'/cgi-bin/message/subscribe/send': { dailyLimit: 10_000_000, callCount: 500_000, refreshSecond: 60 },
	'/cgi-bin/message/custom/send': { dailyLimit: 500_000, callCount: 10_000, refreshSecond: 60 },
	'/cgi-bin/message/custom/typing': { dailyLimit: 500_000, callCount: 10_000, refreshSecond: 60 },
	'/cgi-bin/media/upload': { dailyLimit: 100_000, callCount: 1_000, refreshSecond: 60 },
	'/cgi-bin/openapi/quota/get': { dailyLimit: 1_000, callCount: 100, refreshSecond: 60 },
	'/wxaapi/newtmpl/gettemplate': { dailyLimit: 100_000, callCount: 1_000, refreshSecond: 60 },
	'/wxaapi/newtmpl/getcategory': { dailyLimit: 100_000, callCount: 1_000, refreshSecond: 60 },
	'/wxaapi/newtmpl/getpubtemplatetitles': { dailyLimit: 100_000, callCount: 1_000, refreshSecond: 60 },
	'/wxaapi/newtmpl/getpubtemplatekeywords': { dailyLimit: 100_000, callCount: 1_000, refreshSecond: 60 },
	'/wxaapi/newtmpl/addtemplate': { dailyLimit: 1_000, callCount: 100, refreshSecond: 60 },
	'/wxaapi/newtmpl/deltemplate': { dailyLimit: 1_000, callCount: 100, refreshSecond: 60 },
};

/** APIs that exist but a mini program may not call (Official Account ones): quota/get answers 76022. */
export const NO_PERMISSION_PATHS: ReadonlySet<string> = new Set(['/cgi-bin/message/template/send', '/cgi-bin/message/mass/sendall']);

/** POST /cgi-bin/openapi/quota/get {cgi_path}. */
export function getApiQuota(state: SandboxState, request: ApiRequest): ApiAnswer {
	const auth = authenticate(state, request);
	if (isAnswer(auth)) return auth;
	let body: unknown;
	try {
		body = JSON.parse(request.body);
	} catch {
		return errorAnswer(state, request.body.trim() === '' ? 44002 : 47001);
	}
	const cgiPath = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).cgi_path : undefined;
	if (typeof cgiPath !== 'string') return errorAnswer(state, 47001);
	if (NO_PERMISSION_PATHS.has(cgiPath)) return errorAnswer(state, 76022);
	const quota = QUOTA_TABLE[cgiPath];
	if (!quota) return errorAnswer(state, 76021);
	// This call itself has already been counted (under its own path) by the token check.
	const used = state.quota.used(auth.appId, cgiPath, state.clock.now());
	return okAnswer({
		quota: { daily_limit: quota.dailyLimit, used, remain: Math.max(0, quota.dailyLimit - used) },
		rate_limit: { call_count: quota.callCount, refresh_second: quota.refreshSecond },
	});
}
