import type { WeChatHttpRequest, WeChatHttpResponse } from '../../../nodes/WeChat/http';

export type Responder = (request: WeChatHttpRequest) => WeChatHttpResponse | Promise<WeChatHttpResponse>;

/** A scripted WeChat: records every request and answers through `respond`. */
export class FakeWeChat {
	readonly requests: WeChatHttpRequest[] = [];

	constructor(public respond: Responder) {}

	readonly send = async (request: WeChatHttpRequest): Promise<WeChatHttpResponse> => {
		this.requests.push(request);
		await Promise.resolve();
		return await this.respond(request);
	};

	count(pathPart: string): number {
		return this.requests.filter((r) => r.url.includes(pathPart)).length;
	}
}

export const json = (text: string, statusCode = 200): WeChatHttpResponse => ({ statusCode, body: text });

export function tokenAnswer(token: string, expiresIn = 7200): WeChatHttpResponse {
	return json(JSON.stringify({ access_token: token, expires_in: expiresIn }));
}

export function queryOf(request: WeChatHttpRequest): URLSearchParams {
	return new URL(request.url).searchParams;
}

export const noSleep = async (): Promise<void> => {};
