/**
 * The one transport contract of the protocol layer. Nodes adapt `this.helpers.httpRequest` to it;
 * tests hand in a plain function. Answers travel as text so 64-bit ids survive (see json64.ts); a request
 * body is text (JSON, a form) or bytes (a multipart upload, whose file must arrive byte for byte).
 * A request with `responseType: 'bytes'` (an API that answers with a file, e.g. the unlimited mini program
 * code) needs the answer's exact bytes and Content-Type: text decoding would corrupt an image.
 */
export interface WeChatHttpRequest {
	method: 'GET' | 'POST';
	url: string;
	headers?: Record<string, string>;
	body?: string | Buffer;
	timeoutMs?: number;
	/** 'bytes': the caller needs `WeChatHttpResponse.bytes` and `contentType`. Absent means text. */
	responseType?: 'text' | 'bytes';
}

export interface WeChatHttpResponse {
	statusCode: number;
	/** The answer as UTF-8 text (for a 'bytes' request, a transport may leave it empty when it gives `bytes`). */
	body: string;
	/** The exact bytes of the answer; required for a request with responseType 'bytes'. */
	bytes?: Buffer;
	/** The answer's Content-Type header, when the transport has it. */
	contentType?: string;
}

export type SendFunction = (request: WeChatHttpRequest) => Promise<WeChatHttpResponse>;

/** Waits `ms` milliseconds; injected so retries back off in production and run instantly in tests. */
export type SleepFunction = (ms: number) => Promise<void>;
