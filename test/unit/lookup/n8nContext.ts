/**
 * Stand-ins for n8n's IExecuteFunctions / ILoadOptionsFunctions whose `helpers.httpRequest` does real
 * HTTP with axios, honouring the options our glue passes (encoding 'text', json, returnFullResponse,
 * ignoreHttpStatusErrors, timeout, a string body), so node code talks to the sandbox over loopback.
 */
import axios from 'axios';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

export const LOOKUP_NODE: INode = {
	id: 'lookup-1',
	name: 'WeChat Template Lookup',
	type: 'n8n-nodes-wechat-miniprogram.weChatTemplateLookup',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export interface RecordedRequest {
	options: IHttpRequestOptions;
	status: number;
	body: string;
}

/** What n8n's httpRequest does with the options our glue uses, through axios. */
export async function httpRequestViaAxios(options: IHttpRequestOptions, log?: RecordedRequest[]): Promise<unknown> {
	const asText = options.encoding === 'text' || options.json === false;
	const response = await axios.request({
		method: options.method ?? 'GET',
		url: options.url,
		headers: options.headers as Record<string, string> | undefined,
		data: options.body,
		timeout: options.timeout,
		responseType: asText ? 'text' : 'json',
		// axios would otherwise parse JSON text even when asked for text in some versions.
		transformResponse: asText ? [(data: unknown) => data] : undefined,
		validateStatus: options.ignoreHttpStatusErrors ? () => true : (status) => status >= 200 && status < 300,
	});
	log?.push({ options, status: response.status, body: String(response.data) });
	if (options.returnFullResponse) {
		return { body: response.data, headers: response.headers, statusCode: response.status, statusMessage: response.statusText };
	}
	return response.data;
}

/** A resource-locator value as n8n stores it. */
export function locator(value: string, mode: 'list' | 'id' = 'list') {
	return { __rl: true, mode, value };
}

function readParameter(value: unknown, fallback: unknown, options?: { extractValue?: boolean }): unknown {
	if (value === undefined) return fallback;
	if (options?.extractValue && typeof value === 'object' && value !== null && '__rl' in value) {
		return (value as { __rl: true; value?: unknown }).value;
	}
	return value;
}

export interface ContextOptions {
	credentials: Record<string, unknown>;
	/** Node parameters; a function gives per-item values (what an expression would produce). */
	parameters: Record<string, unknown> | ((name: string, itemIndex: number) => unknown);
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** Filled with every HTTP exchange, to check what went over the wire. */
	log?: RecordedRequest[];
}

export function executeContext(options: ContextOptions): IExecuteFunctions {
	const parameter = (name: string, itemIndex: number): unknown =>
		typeof options.parameters === 'function' ? options.parameters(name, itemIndex) : options.parameters[name];
	const context = {
		getNode: () => LOOKUP_NODE,
		getInputData: (): INodeExecutionData[] => (options.items ?? [{}]).map((json) => ({ json })),
		continueOnFail: () => options.continueOnFail === true,
		getCredentials: async () => options.credentials,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown, opts?: { extractValue?: boolean }) =>
			readParameter(parameter(name, itemIndex), fallback, opts),
		helpers: { httpRequest: (request: IHttpRequestOptions) => httpRequestViaAxios(request, options.log) },
	};
	return context as unknown as IExecuteFunctions; // a test double covering only what our nodes call
}

export function loadOptionsContext(options: Omit<ContextOptions, 'items' | 'continueOnFail'>): ILoadOptionsFunctions {
	const parameters = options.parameters;
	const context = {
		getNode: () => LOOKUP_NODE,
		getCredentials: async () => options.credentials,
		getNodeParameter: (name: string, fallback?: unknown, opts?: { extractValue?: boolean }) =>
			readParameter(typeof parameters === 'function' ? parameters(name, 0) : parameters[name], fallback, opts),
		helpers: { httpRequest: (request: IHttpRequestOptions) => httpRequestViaAxios(request, options.log) },
	};
	return context as unknown as ILoadOptionsFunctions; // a test double covering only what our methods call
}
