import type { ApiRequest } from './apiRequest';
import { errorBody } from './errors';
import type { SandboxState } from './state';

// Re-exported for the handlers, which take it with the answers from here. It lives in its own module so that
// what state.ts imports (the chat log's JSON reader) can read a request without importing this layer.
export type { ApiRequest } from './apiRequest';

/** What the sandbox answers to a WeChat API call (HTTP status, JSON text, the errcode it carries). */
export interface ApiAnswer {
	status: number;
	/** JSON text; bytes for an API whose success is a file (the mini program code's image). */
	body: string | Buffer;
	/** The Content-Type of a file answer; JSON answers leave it to the server. */
	contentType?: string;
	errcode: number;
	/** Runs once the answer has been written (or lost): frees what the call held, e.g. the user's send slot. */
	release?: () => void;
}

export type ApiHandler = (state: SandboxState, request: ApiRequest) => ApiAnswer;

export interface ApiRoute {
	method: 'GET' | 'POST';
	handler: ApiHandler;
}

export function okAnswer(fields: Record<string, unknown> = {}): ApiAnswer {
	return { status: 200, body: JSON.stringify({ errcode: 0, errmsg: 'ok', ...fields }), errcode: 0 };
}

export function errorAnswer(state: SandboxState, errcode: number, detail?: string): ApiAnswer {
	return { status: 200, body: errorBody(errcode, state.clock.now(), detail), errcode };
}

/** Checks `?access_token=` and returns the app it belongs to, or the answer WeChat gives instead. */
export function authenticate(state: SandboxState, request: ApiRequest): { appId: string } | ApiAnswer {
	const check = state.tokens.check(request.query.get('access_token'));
	if (!check.ok) return errorAnswer(state, check.errcode);
	// A call that passed the token check counts against its API's daily quota, as WeChat counts calls.
	state.quota.count(check.appId, request.path, state.clock.now());
	return { appId: check.appId };
}

export function isAnswer(value: { appId: string } | ApiAnswer): value is ApiAnswer {
	return 'status' in value;
}

export type BodyFields = Record<string, unknown>;

/**
 * Reads a body that may be JSON or form-urlencoded (addtemplate and deltemplate accept both), told apart
 * by its first character rather than by Content-Type, since clients label both ways.
 * Repeated form keys (`kidList=1&kidList=2`) become arrays. Returns undefined when it is neither.
 */
export function readFlexibleBody(request: ApiRequest): BodyFields | undefined {
	const text = request.body.trim();
	if (text.startsWith('{')) {
		try {
			const parsed: unknown = JSON.parse(text);
			return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as BodyFields) : undefined;
		} catch {
			return undefined;
		}
	}
	const fields: BodyFields = {};
	for (const [key, value] of new URLSearchParams(text)) {
		const name = key.endsWith('[]') ? key.slice(0, -2) : key;
		const previous = fields[name];
		if (previous === undefined) fields[name] = value;
		else fields[name] = Array.isArray(previous) ? [...(previous as unknown[]), value] : [previous, value];
	}
	return fields;
}
