/**
 * A stand-in for n8n's IWebhookFunctions around one request: the request carries the exact bytes
 * as `rawBody` (a Buffer), its headers and query, and a decoy `body` shaped like n8n's own
 * pre-parse (XML tag names lower-cased), which the trigger must not rely on. The response object
 * records status, type, headers (names lower-cased) and body.
 */
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { WeChatMiniProgramTrigger } from '../../../nodes/WeChatMiniProgramTrigger/WeChatMiniProgramTrigger.node';
import type { BuiltPushRequest } from '../../../sandbox/push';

export interface RecordedResponse {
	status?: number;
	type?: string;
	headers: Record<string, string>;
	body?: string;
	ended: boolean;
	sends: number;
}

export interface LogLine {
	level: string;
	message: string;
}

export interface WebhookRun {
	result: IWebhookResponseData;
	response: RecordedResponse;
	logs: LogLine[];
}

export interface RunOptions {
	parameters?: Record<string, unknown>;
	credentials?: Record<string, unknown> | Error;
	/** Replaces the request object's body fields, e.g. to drop rawBody. */
	requestOverrides?: Record<string, unknown>;
	webhookName?: string;
}

/** What n8n would have put in `req.body`: for XML, xml2js-like with lower-cased names. */
function decoyParsedBody(request: BuiltPushRequest): unknown {
	const contentType = request.headers['Content-Type'] ?? '';
	if (contentType.includes('xml')) {
		return { xml: { tousername: 'lower-cased-by-n8n', encrypt: 'not-the-real-one' } };
	}
	if (contentType.includes('json')) {
		return { ToUserName: 'parsed-by-n8n' };
	}
	return request.body;
}

export async function runWebhook(request: BuiltPushRequest, options: RunOptions): Promise<WebhookRun> {
	const response: RecordedResponse = { headers: {}, ended: false, sends: 0 };
	const logs: LogLine[] = [];
	const res = {
		get headersSent() {
			return response.sends > 0;
		},
		status(code: number) {
			response.status = code;
			return res;
		},
		type(type: string) {
			response.type = type;
			return res;
		},
		setHeader(name: string, value: unknown) {
			response.headers[name.toLowerCase()] = String(value);
			return res;
		},
		send(body: unknown) {
			response.sends++;
			response.body = String(body);
			return res;
		},
		end() {
			response.ended = true;
			return res;
		},
	};
	const req = {
		method: request.method,
		headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v])),
		query: request.query,
		rawBody: Buffer.from(request.body, 'utf8'),
		body: decoyParsedBody(request),
		...options.requestOverrides,
	};
	const log = (level: string) => (message: string) => logs.push({ level, message });
	const parameters = options.parameters ?? {};
	const ctx = {
		getResponseObject: () => res,
		getRequestObject: () => req,
		getQueryData: () => request.query,
		getHeaderData: () => req.headers,
		getWebhookName: () => options.webhookName ?? (request.method === 'GET' ? 'setup' : 'default'),
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getCredentials: async (type: string) => {
			if (type !== 'weChatMiniProgramApi') throw new Error(`unexpected credential type ${type}`);
			if (options.credentials instanceof Error) throw options.credentials;
			return options.credentials ?? {};
		},
		logger: { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') },
	} as unknown as IWebhookFunctions;

	const node = new WeChatMiniProgramTrigger();
	const result = await node.webhook.call(ctx);
	return { result, response, logs };
}
