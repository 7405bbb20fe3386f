/**
 * The one transport contract of the protocol layer. Nodes adapt `this.helpers.httpRequest` to it;
 * tests hand in a plain function. Answers travel as text so 64-bit ids survive (see json64.ts); a request
 * body is text (JSON, a form) or bytes (a multipart upload, whose file must arrive byte for byte).
 */
export interface WeChatHttpRequest {
	method: 'GET' | 'POST';
	url: string;
	headers?: Record<string, string>;
	body?: string | Buffer;
	timeoutMs?: number;
}

export interface WeChatHttpResponse {
	statusCode: number;
	body: string;
}

export type SendFunction = (request: WeChatHttpRequest) => Promise<WeChatHttpResponse>;

/** Waits `ms` milliseconds; injected so retries back off in production and run instantly in tests. */
export type SleepFunction = (ms: number) => Promise<void>;
