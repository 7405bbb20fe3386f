/**
 * The one request path to WeChat: token, call, errcode check, one retry on a stale token,
 * bounded back-off on transient refusals. Nodes never build URLs or read errcode themselves.
 */
import type { WeChatCredentials } from './credentials';
import { describeErrcode, WeChatApiError, type FailureKind } from './errors';
import type { SendFunction, SleepFunction, WeChatHttpRequest, WeChatHttpResponse } from './http';
import { readJsonObject } from './json64';
import { redactSecrets } from './redact';
import { sharedTokenCache, tokenCacheKey, type StableTokenCache } from './token';

export type RetryPolicy =
	/** Reads (and the token call): any transient failure may be retried. */
	| 'idempotent'
	/** Calls that change something (a send, addtemplate): retried only when WeChat surely did not act. */
	| 'not-accepted-only';

export interface WeChatCall {
	method: 'GET' | 'POST';
	/** e.g. '/cgi-bin/message/subscribe/send' */
	path: string;
	/** access_token is added by the client. */
	query?: Record<string, string | number | undefined>;
	json?: unknown;
	/** A form-urlencoded body; arrays repeat the key. */
	form?: Record<string, string | number | Array<string | number>>;
	/** A body already encoded (a multipart upload, multipart.ts), sent as these bytes with this Content-Type. */
	raw?: { body: Buffer; contentType: string };
	retry: RetryPolicy;
	/** Human name used in errors, e.g. 'Send Subscription Message'. */
	operation: string;
}

export type WeChatResponse = Record<string, unknown>;

export interface WeChatClientOptions {
	credentials: WeChatCredentials;
	send: SendFunction;
	sleep: SleepFunction;
	tokenCache?: StableTokenCache;
	/** Per HTTP request; default 10 s. */
	timeoutMs?: number;
	/** Retries after a transient failure; default 3. */
	maxTransientRetries?: number;
	/** First back-off step in ms; doubles each retry, plus jitter. Default 300. */
	backoffBaseMs?: number;
	/** Upper bound of one back-off wait; default 5 s. */
	backoffMaxMs?: number;
	/** [0, 1) source for jitter; injectable for tests. */
	random?: () => number;
}

/** Connection failures where the request never reached WeChat: safe to retry even for a send. */
const NOT_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

type Outcome =
	| { ok: true; body: WeChatResponse }
	| { ok: false; kind: FailureKind; errcode?: number; errmsg?: string; httpStatus?: number; surelyNotAccepted: boolean };

export class WeChatClient {
	private readonly tokenKey: string;

	private readonly tokens: StableTokenCache;

	/** Tokens this client has held, so no message can carry them. */
	private readonly seenTokens = new Set<string>();

	constructor(private readonly options: WeChatClientOptions) {
		const { baseUrl, appId, appSecret } = options.credentials;
		this.tokenKey = tokenCacheKey(baseUrl, appId, appSecret);
		this.tokens = options.tokenCache ?? sharedTokenCache;
	}

	/** Names this app's account in per-process caches (base URL, App ID, secret hash), as the token cache does. */
	get cacheKey(): string {
		return this.tokenKey;
	}

	/** Calls a business API with the access token; throws WeChatApiError when it fails. */
	async call<T extends object = WeChatResponse>(call: WeChatCall): Promise<T> {
		const token = await this.accessToken();
		const first = await this.exchange(call, token);
		if (!(first instanceof WeChatApiError)) return first as T;
		if (first.errcode === undefined || describeErrcode(first.errcode).handling !== 'stale-token') throw first;
		// The token died under us: drop it unless someone already replaced it, then retry once.
		this.tokens.invalidate(this.tokenKey, token);
		const second = await this.exchange(call, await this.accessToken());
		if (second instanceof WeChatApiError) throw second;
		return second as T;
	}

	/** A valid stable access token, from the cache when it has one. */
	async accessToken(): Promise<string> {
		const token = await this.tokens.get(this.tokenKey, async () => {
			const { appId, appSecret } = this.options.credentials;
			const body = await this.exchange({
				method: 'POST',
				path: '/cgi-bin/stable_token',
				json: { grant_type: 'client_credential', appid: appId, secret: appSecret, force_refresh: false },
				retry: 'idempotent',
				operation: 'Get access token',
			});
			if (body instanceof WeChatApiError) throw body;
			const accessToken = body.access_token;
			const expiresIn = Number(body.expires_in);
			if (typeof accessToken !== 'string' || !accessToken || !Number.isFinite(expiresIn)) {
				throw new WeChatApiError({ operation: 'Get access token', kind: 'bad-response' });
			}
			return { accessToken, expiresIn };
		});
		this.seenTokens.add(token);
		return token;
	}

	/** One logical request: sends it, retrying transient failures within the call's policy. */
	private async exchange(call: WeChatCall, token?: string): Promise<WeChatResponse | WeChatApiError> {
		const request = this.buildRequest(call, token);
		const maxRetries = this.options.maxTransientRetries ?? 3;
		for (let attempt = 1; ; attempt++) {
			const outcome = await this.attempt(request);
			if (outcome.ok) return outcome.body;
			const retryable = isTransient(outcome) && (call.retry === 'idempotent' || outcome.surelyNotAccepted);
			if (retryable && attempt <= maxRetries) {
				await this.options.sleep(this.backoffMs(attempt));
				continue;
			}
			return new WeChatApiError({
				operation: call.operation,
				kind: outcome.kind,
				errcode: outcome.errcode,
				errmsg: outcome.errmsg === undefined ? undefined : this.redact(outcome.errmsg),
				httpStatus: outcome.httpStatus,
				// An errcode is WeChat's refusal; only a lost or garbled answer leaves a change in doubt.
				outcomeUnknown: call.retry === 'not-accepted-only' && outcome.kind !== 'errcode' && !outcome.surelyNotAccepted,
				attempts: attempt,
			});
		}
	}

	private async attempt(request: WeChatHttpRequest): Promise<Outcome> {
		let response: WeChatHttpResponse;
		try {
			response = await this.options.send(request);
		} catch (error) {
			const code = (error as { code?: unknown }).code;
			const message = error instanceof Error ? error.message : String(error);
			return {
				ok: false,
				kind: 'network',
				errmsg: typeof code === 'string' ? `${code}: ${message}` : message,
				surelyNotAccepted: typeof code === 'string' && NOT_CONNECTED_CODES.has(code),
			};
		}
		if (response.statusCode !== 200) {
			return { ok: false, kind: 'http-status', httpStatus: response.statusCode, surelyNotAccepted: false };
		}
		let body: WeChatResponse;
		try {
			body = readJsonObject(response.body);
		} catch {
			return { ok: false, kind: 'bad-response', surelyNotAccepted: false };
		}
		const errcode = Number(body.errcode ?? 0);
		if (errcode === 0) return { ok: true, body };
		const errmsg = String(body.errmsg ?? '');
		// An errcode is WeChat's own refusal: it says whether anything happened.
		return {
			ok: false,
			kind: 'errcode',
			errcode,
			errmsg,
			surelyNotAccepted: describeErrcode(errcode).handling === 'transient-refused',
		};
	}

	private buildRequest(call: WeChatCall, token?: string): WeChatHttpRequest {
		const query = new URLSearchParams();
		if (token !== undefined) query.set('access_token', token);
		for (const [name, value] of Object.entries(call.query ?? {})) {
			if (value !== undefined) query.set(name, String(value));
		}
		const queryText = query.toString();
		const request: WeChatHttpRequest = {
			method: call.method,
			url: `${this.options.credentials.baseUrl}${call.path}${queryText ? `?${queryText}` : ''}`,
			timeoutMs: this.options.timeoutMs ?? 10_000,
		};
		if (call.raw) {
			request.body = call.raw.body;
			request.headers = { 'Content-Type': call.raw.contentType };
		} else if (call.form) {
			const form = new URLSearchParams();
			for (const [name, value] of Object.entries(call.form)) {
				for (const one of Array.isArray(value) ? value : [value]) form.append(name, String(one));
			}
			request.body = form.toString();
			request.headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
		} else if (call.json !== undefined) {
			request.body = JSON.stringify(call.json);
			request.headers = { 'Content-Type': 'application/json' };
		}
		return request;
	}

	private backoffMs(attempt: number): number {
		const base = this.options.backoffBaseMs ?? 300;
		const max = this.options.backoffMaxMs ?? 5000;
		const exponential = Math.min(max, base * 2 ** (attempt - 1));
		const random = this.options.random ?? Math.random;
		// Full jitter over the upper half keeps parallel items from retrying in lock-step.
		return Math.round(exponential / 2 + (random() * exponential) / 2);
	}

	private redact(text: string): string {
		const { appSecret, token, encodingAESKey } = this.options.credentials;
		return redactSecrets(text, [appSecret, token, encodingAESKey, ...this.seenTokens]);
	}
}

function isTransient(outcome: Extract<Outcome, { ok: false }>): boolean {
	switch (outcome.kind) {
		case 'errcode':
			return describeErrcode(outcome.errcode ?? 0).handling === 'transient-refused';
		case 'http-status':
			return (outcome.httpStatus ?? 0) >= 500;
		case 'network':
			return true;
		case 'bad-response':
			return false;
	}
}
