/**
 * The one hand-written n8n context of the tests: it plays IExecuteFunctions, ILoadOptionsFunctions and
 * IWebhookFunctions, covering only what our nodes call (parameters, credentials, input items,
 * continue-on-fail, logger, helpers.httpRequest; request and response for a webhook).
 *
 * HTTP goes where the test says: by default real HTTP the way n8n's helper does it (through axios,
 * honouring encoding 'text', json, returnFullResponse, ignoreHttpStatusErrors, timeout, a string
 * body), so node code can talk to the sandbox; or a protocol-layer `send` stub (httpThroughSend),
 * for unit tests that script WeChat's answers exactly. Every exchange can be recorded.
 *
 * n8n's own ExecuteContext (expressions, resource locators, n8n's HTTP helper) is in
 * n8nCoreContext.ts; the proof inside a real n8n is the end-to-end suite.
 */
import axios from 'axios';
import type {
	IBinaryData,
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { SendFunction } from '../../nodes/protocol/http';

/** The credential type every WeChat node must ask for (written out, so a renamed constant fails here). */
export const CREDENTIAL_TYPE = 'weChatMiniProgramApi';

export const TEST_NODE: INode = {
	id: 'node-1',
	name: 'WeChat Mini Program',
	type: 'n8n-nodes-wechat-miniprogram.weChatMiniProgram',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** n8n's `helpers.httpRequest`. */
export type N8nHttpRequest = (options: IHttpRequestOptions) => Promise<unknown>;

/** One HTTP exchange through the context's helper. */
export interface HttpExchange {
	options: IHttpRequestOptions;
	status: number;
	body: string;
}

/** One getNodeParameter call. */
export interface ParameterRead {
	name: string;
	itemIndex: number;
}

export interface LogLine {
	level: string;
	message: string;
}

export interface FakeContextOptions {
	/** Node parameters; a function gives per-item values (what an expression would produce). */
	parameters?: Record<string, unknown> | ((name: string, itemIndex: number) => unknown);
	/**
	 * The decrypted credential fields, or a function giving them per item index (n8n resolves a
	 * credential per item); an Error (given or thrown) makes getCredentials reject with it.
	 */
	credentials?: Record<string, unknown> | Error | ((itemIndex: number | undefined) => Record<string, unknown>);
	/** Input items (execute); default one empty item. */
	items?: IDataObject[];
	/** Binary properties per input item (index-aligned with items), data base64 as n8n keeps small files. */
	binary?: Array<IBinaryKeyData | undefined>;
	continueOnFail?: boolean;
	/** getParentNodes: the nodes before this one (name and type), as n8n lists them. */
	parentNodes?: Array<{ name: string; type: string }>;
	/** `$('Node').item.json` of the workflow data proxy, by node name; a missing name throws as an unpaired item does. */
	pairedItems?: Record<string, IDataObject>;
	/** Filled with every sendResponse call (the answer to the webhook request that started the execution). */
	responses?: unknown[];
	node?: INode;
	/**
	 * The parameters as saved in the workflow (what `getNode().parameters` shows, e.g. "={{ $json.openid }}"
	 * for an expression), for code that looks at the saved form; default those of `node`.
	 */
	nodeParameters?: INodeParameters;
	/** Filled with every getNodeParameter call (execute and webhook contexts), to count reads per parameter and item. */
	parameterReads?: ParameterRead[];
	/** Where helpers.httpRequest goes; default real HTTP (realHttpRequest). */
	http?: N8nHttpRequest;
	/** Filled with every HTTP exchange, to check what went over the wire. */
	exchanges?: HttpExchange[];
	/** Filled with every logger call. */
	logs?: LogLine[];
}

/** What n8n's httpRequest does with the options our glue uses, over real HTTP (axios, as n8n uses). */
export async function realHttpRequest(options: IHttpRequestOptions): Promise<unknown> {
	const asText = options.encoding === 'text' || options.json === false;
	const response = await axios.request({
		method: options.method ?? 'GET',
		url: options.url,
		headers: options.headers as Record<string, string> | undefined,
		data: options.body,
		timeout: options.timeout,
		responseType: options.encoding === 'arraybuffer' ? 'arraybuffer' : asText ? 'text' : 'json',
		// axios would otherwise parse JSON text even when asked for text in some versions.
		transformResponse: asText ? [(data: unknown) => data] : undefined,
		validateStatus: options.ignoreHttpStatusErrors ? () => true : (status) => status >= 200 && status < 300,
	});
	if (options.returnFullResponse) {
		return { body: response.data, headers: response.headers, statusCode: response.status, statusMessage: response.statusText };
	}
	return response.data;
}

/**
 * n8n's helper answered by a protocol-layer send stub: the request as the stub's WeChatHttpRequest,
 * the stub's status and text back as n8n's full response.
 */
export function httpThroughSend(send: SendFunction): N8nHttpRequest {
	return async (options) => {
		const response = await send({
			method: (options.method ?? 'GET') as 'GET' | 'POST',
			url: options.url,
			headers: options.headers as Record<string, string> | undefined,
			body: typeof options.body === 'string' || Buffer.isBuffer(options.body) ? options.body : undefined,
			timeoutMs: options.timeout,
		});
		return { statusCode: response.statusCode, body: response.body, headers: {} };
	};
}

/** A resource-locator value as n8n stores it. */
export function locator(value: string, mode: 'list' | 'id' = 'id') {
	return { __rl: true, mode, value };
}

function readParameter(value: unknown, fallback: unknown, options?: { extractValue?: boolean }): unknown {
	if (value === undefined) return fallback;
	if (options?.extractValue && typeof value === 'object' && value !== null && '__rl' in value) {
		return (value as { __rl: true; value?: unknown }).value;
	}
	return value;
}

/** The parts every kind of context shares. */
function common(options: FakeContextOptions) {
	const parameter = (name: string, itemIndex: number): unknown => {
		const { parameters = {} } = options;
		return typeof parameters === 'function' ? parameters(name, itemIndex) : parameters[name];
	};
	const http = options.http ?? realHttpRequest;
	const log = (level: string) => (message: string) => options.logs?.push({ level, message });
	return {
		parameter,
		getNode: (): INode => {
			const node = options.node ?? TEST_NODE;
			return options.nodeParameters ? { ...node, parameters: options.nodeParameters } : node;
		},
		getCredentials: async (type: string, itemIndex?: number) => {
			if (type !== CREDENTIAL_TYPE) throw new Error(`unexpected credential type ${type}`);
			const { credentials = {} } = options;
			if (credentials instanceof Error) throw credentials;
			return typeof credentials === 'function' ? credentials(itemIndex) : credentials;
		},
		logger: { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') },
		helpers: {
			httpRequest: async (request: IHttpRequestOptions) => {
				const answer = await http(request);
				if (options.exchanges) {
					const full = request.returnFullResponse ? (answer as { statusCode?: number; body?: unknown }) : { statusCode: 200, body: answer };
					options.exchanges.push({ options: request, status: full.statusCode ?? 200, body: String(full.body) });
				}
				return answer;
			},
		},
	};
}

export function fakeExecuteContext(options: FakeContextOptions = {}): IExecuteFunctions {
	const { parameter, ...shared } = common(options);
	const binaryOf = (itemIndex: number, name: string): IBinaryData => {
		const binary = options.binary?.[itemIndex]?.[name];
		// n8n's assertBinaryData throws when the item has no such property.
		if (!binary) throw new Error(`This operation expects the node's input data to contain a binary file '${name}', but none was found [item ${itemIndex}]`);
		return binary;
	};
	const context = {
		...shared,
		helpers: {
			...shared.helpers,
			assertBinaryData: binaryOf,
			getBinaryDataBuffer: async (itemIndex: number, name: string) => Buffer.from(binaryOf(itemIndex, name).data, 'base64'),
			// As n8n's default (in-memory) binary mode stores it: base64 with the name, type and size.
			prepareBinaryData: async (bytes: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData> => ({
				data: bytes.toString('base64'),
				mimeType: mimeType ?? 'application/octet-stream',
				...(fileName === undefined ? {} : { fileName, fileExtension: fileName.split('.').pop() }),
				fileSize: `${bytes.length} B`,
			}),
		},
		getParentNodes: () => options.parentNodes ?? [],
		getWorkflowDataProxy: () => ({
			$: (name: string) => {
				const json = options.pairedItems?.[name];
				if (json === undefined) throw new Error(`no paired item in node "${name}"`);
				return { item: { json } };
			},
		}),
		sendResponse: async (response: unknown) => {
			options.responses?.push(response);
		},
		getInputData: (): INodeExecutionData[] =>
			(options.items ?? [{}]).map((json, i) => (options.binary?.[i] ? { json, binary: options.binary[i] } : { json })),
		continueOnFail: () => options.continueOnFail === true,
		getExecutionId: () => 'fake-execution',
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown, opts?: { extractValue?: boolean }) => {
			options.parameterReads?.push({ name, itemIndex });
			return readParameter(parameter(name, itemIndex), fallback, opts);
		},
	};
	return context as unknown as IExecuteFunctions; // a test double covering only what our nodes call
}

export function fakeLoadOptionsContext(options: FakeContextOptions = {}): ILoadOptionsFunctions {
	const { parameter, ...shared } = common(options);
	const context = {
		...shared,
		getNodeParameter: (name: string, fallback?: unknown, opts?: { extractValue?: boolean }) =>
			readParameter(parameter(name, 0), fallback, opts),
	};
	return context as unknown as ILoadOptionsFunctions; // a test double covering only what our methods call
}

/** A request as it reaches a webhook: query, headers and the exact body text. */
export interface WebhookRequest {
	method: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	body: string;
}

export interface RecordedResponse {
	status?: number;
	type?: string;
	/** Names lower-cased. */
	headers: Record<string, string>;
	body?: string;
	ended: boolean;
	sends: number;
}

export interface FakeWebhookOptions extends Omit<FakeContextOptions, 'items' | 'continueOnFail'> {
	request: WebhookRequest;
	/** Replaces fields of the request object, e.g. to drop rawBody. */
	requestOverrides?: Record<string, unknown>;
	/** Default: 'setup' for GET, 'default' otherwise. */
	webhookName?: string;
}

export interface FakeWebhook {
	context: IWebhookFunctions;
	response: RecordedResponse;
	logs: LogLine[];
}

/** What n8n would have put in `req.body`: for XML, xml2js-like with lower-cased names; code must not rely on it. */
function decoyParsedBody(request: WebhookRequest): unknown {
	const contentType = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
	if (contentType.includes('xml')) {
		return { xml: { tousername: 'lower-cased-by-n8n', encrypt: 'not-the-real-one' } };
	}
	if (contentType.includes('json')) {
		return { ToUserName: 'parsed-by-n8n' };
	}
	return request.body;
}

/**
 * A webhook context around one request: the request object carries the exact bytes as `rawBody`
 * (a Buffer), its headers (names lower-cased) and query, and a decoy `body` shaped like n8n's own
 * pre-parse. The response object records status, type, headers (names lower-cased) and body.
 */
export function fakeWebhookContext(options: FakeWebhookOptions): FakeWebhook {
	const logs = options.logs ?? [];
	const { parameter, ...shared } = common({ ...options, logs });
	const { request } = options;
	const response: RecordedResponse = { headers: {}, ended: false, sends: 0 };
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
	const context = {
		...shared,
		getResponseObject: () => res,
		getRequestObject: () => req,
		getQueryData: () => request.query,
		getHeaderData: () => req.headers,
		getWebhookName: () => options.webhookName ?? (request.method === 'GET' ? 'setup' : 'default'),
		getNodeParameter: (name: string, fallback?: unknown) => {
			options.parameterReads?.push({ name, itemIndex: 0 });
			return readParameter(parameter(name, 0), fallback);
		},
	};
	return { context: context as unknown as IWebhookFunctions, response, logs };
}
