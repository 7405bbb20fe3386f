/**
 * A hand-made IExecuteFunctions for unit tests of node code: parameters per item, credentials,
 * and an httpRequest that goes to a function (a scripted WeChat or real HTTP to the sandbox).
 * The proof inside a real n8n is the end-to-end suite; this only isolates node logic.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

import type { WeChatHttpRequest, WeChatHttpResponse } from '../../nodes/WeChat/http';

export type HttpHandler = (request: WeChatHttpRequest) => Promise<WeChatHttpResponse> | WeChatHttpResponse;

export interface ExecuteContextOptions {
	items: IDataObject[];
	/** Node parameters; a function gives per-item values (what an expression would produce). */
	parameters: Record<string, unknown> | ((name: string, itemIndex: number) => unknown);
	credentials: Record<string, unknown>;
	http: HttpHandler;
	continueOnFail?: boolean;
}

export const TEST_NODE: INode = {
	id: 'node-1',
	name: 'WeChat Mini Program',
	type: 'n8n-nodes-wechat-miniprogram.weChatMiniProgram',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** Converts n8n's request options to the protocol layer's request, the way n8n's helper would send it. */
export function toWeChatRequest(options: IHttpRequestOptions): WeChatHttpRequest {
	return {
		method: (options.method ?? 'GET') as 'GET' | 'POST',
		url: options.url,
		headers: options.headers as Record<string, string> | undefined,
		body: typeof options.body === 'string' ? options.body : undefined,
		timeoutMs: options.timeout,
	};
}

export function executeContext(options: ExecuteContextOptions): IExecuteFunctions {
	const parameter = (name: string, itemIndex: number): unknown =>
		typeof options.parameters === 'function' ? options.parameters(name, itemIndex) : options.parameters[name];
	const context = {
		getNode: () => TEST_NODE,
		getInputData: (): INodeExecutionData[] => options.items.map((json) => ({ json })),
		continueOnFail: () => options.continueOnFail === true,
		getCredentials: async () => options.credentials,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown, opts?: { extractValue?: boolean }) => {
			const value = parameter(name, itemIndex);
			if (value === undefined) return fallback;
			if (opts?.extractValue && typeof value === 'object' && value !== null && '__rl' in value) {
				return (value as { __rl: true; value: unknown }).value;
			}
			return value;
		},
		helpers: {
			httpRequest: async (request: IHttpRequestOptions) => {
				const response = await options.http(toWeChatRequest(request));
				return { statusCode: response.statusCode, body: response.body, headers: {} };
			},
		},
	};
	return context as unknown as IExecuteFunctions; // a test double covering only what our nodes call
}

/** A resource-locator value as n8n stores it. */
export function locator(value: string, mode: 'list' | 'id' = 'id') {
	return { __rl: true, mode, value };
}
