/**
 * The one request path to WeChat: token, call, errcode check, one retry on a stale token,
 * bounded back-off on transient refusals. Nodes never build URLs or read errcode themselves.
 * Most APIs answer JSON (`call`); a few answer a file, e.g. the unlimited mini program code, whose
 * success is image bytes and whose failure is JSON (`callForBytes`).
 */
import type { WeChatCredentials } from './credentials';
import { describeErrcode, WeChatApiError, type ErrcodeTable, type FailureKind } from './errors';
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
	/** This API's own errcode meanings where a number means something else than in the shared table (errors.ts). */
	errcodes?: ErrcodeTable;
	/** For 'not-accepted-only' calls: what to do before trying again when WeChat may have acted (default: check before sending again). */
	outcomeUnknownFix?: string;
}

export type WeChatResponse = Record<string, unknown>;

/** A file WeChat answered with (callForBytes): its exact bytes and the Content-Type WeChat gave it. */
export interface WeChatFileAnswer {
	bytes: Buffer;
	/** As sent by WeChat, '' when absent; not to be trusted for the format (see wxaCode.ts). */
	contentType: string;
}

/** What a call expects when it succeeds: a JSON object, or a file. */
type Expect = 'json' | 'bytes';

type Answer = { json: WeChatResponse } | { file: WeChatFileAnswer };

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
	| { ok: true; answer: Answer }
	| {
			ok: false;
			kind: FailureKind;
			errcode?: number;
			errmsg?: string;
			httpStatus?: number;
			surelyNotAccepted: boolean;
			explanation?: { meaning: string; fix: string };
	  };

/** A transport that ignored responseType 'bytes' and decoded a file as text: the file is lost. */
const TEXT_FOR_BYTES = {
	meaning: 'the HTTP transport returned a file (an image) as text, which corrupts it',
	fix: 'This is a bug in the node: its transport must honour responseType "bytes"; please report it.',
};

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
		const answer = await this.callExpecting(call, 'json');
		if (!('json' in answer)) throw new WeChatApiError({ operation: call.operation, kind: 'bad-response' });
		return answer.json as T;
	}

	/**
	 * Calls a business API whose success is a file, not JSON. A JSON answer (told by a Content-Type starting
	 * with application/json, or a body starting with `{`) is WeChat's failure and throws WeChatApiError like
	 * `call`; anything else comes back as bytes for the caller to check. The transport must honour
	 * `responseType: 'bytes'` (http.ts).
	 */
	async callForBytes(call: WeChatCall): Promise<WeChatFileAnswer> {
		const answer = await this.callExpecting(call, 'bytes');
		if (!('file' in answer)) throw new WeChatApiError({ operation: call.operation, kind: 'bad-response' });
		return answer.file;
	}

	private async callExpecting(call: WeChatCall, expect: Expect): Promise<Answer> {
		const token = await this.accessToken();
		const first = await this.exchange(call, token, expect);
		if (!(first instanceof WeChatApiError)) return first;
		if (first.errcode === undefined || describeErrcode(first.errcode, call.errcodes).handling !== 'stale-token') throw first;
		// The token died under us: drop it unless someone already replaced it, then retry once.
		this.tokens.invalidate(this.tokenKey, token);
		const second = await this.exchange(call, await this.accessToken(), expect);
		if (second instanceof WeChatApiError) throw second;
		return second;
	}

	/** A valid stable access token, from the cache when it has one. */
	async accessToken(): Promise<string> {
		const token = await this.tokens.get(this.tokenKey, async () => {
			const { appId, appSecret } = this.options.credentials;
			const answer = await this.exchange(
				{
					method: 'POST',
					path: '/cgi-bin/stable_token',
					json: { grant_type: 'client_credential', appid: appId, secret: appSecret, force_refresh: false },
					retry: 'idempotent',
					operation: 'Get access token',
				},
				undefined,
				'json',
			);
			if (answer instanceof WeChatApiError) throw answer;
			const body = 'json' in answer ? answer.json : {};
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
	private async exchange(call: WeChatCall, token: string | undefined, expect: Expect): Promise<Answer | WeChatApiError> {
		const request = this.buildRequest(call, token);
		if (expect === 'bytes') request.responseType = 'bytes';
		const maxRetries = this.options.maxTransientRetries ?? 3;
		for (let attempt = 1; ; attempt++) {
			const outcome = await this.attempt(request, expect, call.errcodes);
			if (outcome.ok) return outcome.answer;
			const retryable = isTransient(outcome, call.errcodes) && (call.retry === 'idempotent' || outcome.surelyNotAccepted);
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
				errcodes: call.errcodes,
				outcomeUnknownFix: call.outcomeUnknownFix,
				explanation: outcome.explanation,
			});
		}
	}

	private async attempt(request: WeChatHttpRequest, expect: Expect, errcodes: ErrcodeTable | undefined): Promise<Outcome> {
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
		let text = response.body;
		if (expect === 'bytes') {
			const file = fileAnswer(response);
			if (file === undefined) return { ok: false, kind: 'bad-response', surelyNotAccepted: false, explanation: TEXT_FOR_BYTES };
			if (!isJsonAnswer(file)) return { ok: true, answer: { file } };
			text = file.bytes.toString('utf8');
		}
		let body: WeChatResponse;
		try {
			body = readJsonObject(text);
		} catch {
			return { ok: false, kind: 'bad-response', surelyNotAccepted: false };
		}
		const errcode = Number(body.errcode ?? 0);
		// JSON where a file was expected, without an errcode: not an answer the caller can use.
		if (errcode === 0 && expect === 'bytes') return { ok: false, kind: 'bad-response', surelyNotAccepted: false };
		if (errcode === 0) return { ok: true, answer: { json: body } };
		const errmsg = String(body.errmsg ?? '');
		// An errcode is WeChat's own refusal: it says whether anything happened.
		return {
			ok: false,
			kind: 'errcode',
			errcode,
			errmsg,
			surelyNotAccepted: describeErrcode(errcode, errcodes).handling === 'transient-refused',
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

/**
 * The answer of a 'bytes' request. A transport that gave only text cannot have kept an image intact,
 * but its text is still good enough to read a JSON error from.
 */
function fileAnswer(response: WeChatHttpResponse): WeChatFileAnswer | undefined {
	const contentType = response.contentType ?? '';
	if (response.bytes !== undefined) return { bytes: response.bytes, contentType };
	return response.body.trimStart().startsWith('{') ? { bytes: Buffer.from(response.body, 'utf8'), contentType } : undefined;
}

/**
 * WeChat's failure answer to a file API: JSON `{errcode, errmsg}`. Told by a Content-Type that starts with
 * application/json (a prefix: WeChat adds `; charset=UTF-8`, which an exact match missed in WxJava#375) or,
 * whatever the header says, by a body that starts with `{` (no image format starts with that byte).
 */
function isJsonAnswer(file: WeChatFileAnswer): boolean {
	if (file.contentType.trim().toLowerCase().startsWith('application/json')) return true;
	for (const byte of file.bytes) {
		if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
		return byte === 0x7b; // '{'
	}
	return false;
}

function isTransient(outcome: Extract<Outcome, { ok: false }>, errcodes: ErrcodeTable | undefined): boolean {
	switch (outcome.kind) {
		case 'errcode':
			return describeErrcode(outcome.errcode ?? 0, errcodes).handling === 'transient-refused';
		case 'http-status':
			return (outcome.httpStatus ?? 0) >= 500;
		case 'network':
			return true;
		case 'bad-response':
			return false;
	}
}
