import { errorAnswer, type ApiAnswer, type ApiRequest } from './api';
import type { SandboxState } from './state';

function tokenAnswer(accessToken: string, expiresIn: number): ApiAnswer {
	// A success of the token endpoints carries no errcode at all.
	return { status: 200, body: JSON.stringify({ access_token: accessToken, expires_in: expiresIn }), errcode: 0 };
}

/** The errcode for bad credentials, or undefined when they name a known app and its secret. */
function credentialError(state: SandboxState, grantType: unknown, appId: unknown, secret: unknown): number | undefined {
	if (grantType !== 'client_credential') return 40002;
	if (typeof appId !== 'string' || appId === '') return 41002;
	if (typeof secret !== 'string' || secret === '') return 41004;
	const app = state.apps.get(appId);
	if (!app) return 40013;
	if (app.appSecret !== secret) return 40125;
	return undefined;
}

/** GET /cgi-bin/token: every call mints a new token; the previous one dies 5 minutes later. */
export function getAccessToken(state: SandboxState, request: ApiRequest): ApiAnswer {
	state.counters.tokenCalls.token += 1;
	const q = request.query;
	const appId = q.get('appid');
	const error = credentialError(state, q.get('grant_type'), appId, q.get('secret'));
	if (error !== undefined) return errorAnswer(state, error);
	const issued = state.tokens.issuePlain(appId as string);
	state.counters.tokensIssued.token += 1;
	return tokenAnswer(issued.accessToken, issued.expiresIn);
}

/** POST /cgi-bin/stable_token: one shared token per app; force_refresh replaces it for everyone. */
export function getStableAccessToken(state: SandboxState, request: ApiRequest): ApiAnswer {
	state.counters.tokenCalls.stableToken += 1;
	if (request.body.trim() === '') return errorAnswer(state, 44002);
	let body: unknown;
	try {
		body = JSON.parse(request.body);
	} catch {
		return errorAnswer(state, 47001);
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return errorAnswer(state, 47001);
	const fields = body as Record<string, unknown>;
	const error = credentialError(state, fields.grant_type, fields.appid, fields.secret);
	if (error !== undefined) return errorAnswer(state, error);
	const forceRefresh = fields.force_refresh === true;
	if (forceRefresh) state.counters.stableForceRefreshes += 1;
	const issued = state.tokens.issueStable(fields.appid as string, forceRefresh);
	if (issued.minted) state.counters.tokensIssued.stableToken += 1;
	return tokenAnswer(issued.accessToken, issued.expiresIn);
}
