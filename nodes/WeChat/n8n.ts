/**
 * The glue between n8n's runtime and the protocol layer: credential → client, n8n's HTTP helper →
 * SendFunction, WeChatApiError → n8n error. The only file of nodes/WeChat/ that imports n8n at runtime.
 */
import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { WeChatClient } from './client';
import { checkApiCredentials, readCredentials, type WeChatCredentials } from './credentials';
import { WeChatApiError } from './errors';
import type { SendFunction } from './http';
import { redactSecrets } from './redact';

export const CREDENTIAL_NAME = 'weChatMiniProgramApi';

type ApiContext = IExecuteFunctions | ILoadOptionsFunctions;

export async function readCredentialsFrom(ctx: ApiContext, itemIndex = 0): Promise<WeChatCredentials> {
	const raw = await ctx.getCredentials(CREDENTIAL_NAME, itemIndex);
	const credentials = readCredentials(raw);
	const problem = checkApiCredentials(credentials);
	if (problem) throw new NodeOperationError(ctx.getNode(), problem, { itemIndex });
	return credentials;
}

export async function weChatClientFor(
	ctx: ApiContext,
	options: { itemIndex?: number; timeoutMs?: number; maxTransientRetries?: number } = {},
): Promise<WeChatClient> {
	const credentials = await readCredentialsFrom(ctx, options.itemIndex);
	return new WeChatClient({
		credentials,
		send: sendThroughN8n(ctx),
		sleep,
		timeoutMs: options.timeoutMs,
		maxTransientRetries: options.maxTransientRetries,
	});
}

/** Adapts n8n's HTTP helper: raw text in and out, so 64-bit ids survive and status codes reach us. */
export function sendThroughN8n(ctx: ApiContext): SendFunction {
	return async (request) => {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.url,
			headers: request.headers,
			body: request.body,
			timeout: request.timeoutMs,
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		};
		const response = (await ctx.helpers.httpRequest(options)) as { statusCode?: number; body?: unknown };
		return { statusCode: response.statusCode ?? 200, body: bodyText(response.body) };
	};
}

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	// Some n8n versions parse JSON whatever we ask; 64-bit ids may then have lost digits already.
	return body === undefined || body === null ? '' : JSON.stringify(body);
}

/** Turns any failure of the request path into the n8n error the editor shows, secrets removed. */
export function toNodeError(
	ctx: ApiContext,
	error: unknown,
	itemIndex?: number,
	secrets: ReadonlyArray<string | undefined> = [],
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof WeChatApiError) {
		return new NodeApiError(ctx.getNode(), weChatErrorDetails(error), {
			message: redactSecrets(error.message, secrets),
			description: describeWeChatError(error),
			httpCode: error.httpStatus === undefined ? undefined : String(error.httpStatus),
			itemIndex,
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(ctx.getNode(), redactSecrets(message, secrets), { itemIndex });
}

/** The fields of a WeChat failure that are safe to show and useful to a workflow. */
export function weChatErrorDetails(error: WeChatApiError): JsonObject {
	const details: JsonObject = {
		operation: error.operation,
		kind: error.kind,
		meaning: error.meaning,
		fix: error.fix,
	};
	if (error.errcode !== undefined) details.errcode = error.errcode;
	if (error.errmsg) details.errmsg = error.errmsg;
	if (error.rid) details.rid = error.rid;
	if (error.httpStatus !== undefined) details.httpStatus = error.httpStatus;
	if (error.outcomeUnknown) details.outcomeUnknown = true;
	return details;
}

function describeWeChatError(error: WeChatApiError): string {
	const parts = [`Meaning: ${error.meaning}.`, `Fix: ${error.fix}`];
	if (error.errmsg) parts.push(`WeChat said: ${error.errmsg}`);
	if (error.attempts > 1) parts.push(`Tried ${error.attempts} times.`);
	return parts.join('\n');
}
