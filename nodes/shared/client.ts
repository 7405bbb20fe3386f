/**
 * From an n8n context to a protocol client: reads the credential, and adapts n8n's HTTP helper to
 * the protocol layer's SendFunction (so n8n's proxy handling applies to every WeChat call).
 */
import { sleep, type IExecuteFunctions, type IHttpRequestOptions, type ILoadOptionsFunctions } from 'n8n-workflow';

import { WeChatClient } from '../protocol/client';
import { assertApiCredentials, readCredentials, type WeChatCredentials } from '../protocol/credentials';
import type { SendFunction } from '../protocol/http';
import { CREDENTIAL_NAME } from './credentialName';

export type ApiContext = IExecuteFunctions | ILoadOptionsFunctions;

/** The credential of the node, checked: throws InvalidInputError naming the field to fix. */
export async function readCredentialsFrom(ctx: ApiContext, itemIndex = 0): Promise<WeChatCredentials> {
	const credentials = readCredentials(await ctx.getCredentials(CREDENTIAL_NAME, itemIndex));
	assertApiCredentials(credentials);
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

/**
 * Adapts n8n's HTTP helper: raw text back, so 64-bit ids survive and status codes reach us. The request
 * body goes as given: text (JSON, a form) or a Buffer (a multipart upload), which n8n's helper sends as
 * those exact bytes with our Content-Type (test/integration/sendInN8nCore.test.ts proves it). A request
 * for bytes (an API that answers with a file, e.g. the mini program code) gets the answer's exact bytes
 * and Content-Type: decoding an image as text would corrupt it.
 */
export function sendThroughN8n(ctx: ApiContext): SendFunction {
	return async (request) => {
		const wantsBytes = request.responseType === 'bytes';
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.url,
			headers: request.headers,
			body: request.body,
			timeout: request.timeoutMs,
			encoding: wantsBytes ? 'arraybuffer' : 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		};
		const response = (await ctx.helpers.httpRequest(options)) as { statusCode?: number; body?: unknown; headers?: Record<string, unknown> };
		const statusCode = response.statusCode ?? 200;
		if (!wantsBytes) return { statusCode, body: bodyText(response.body) };
		const bytes = bodyBytes(response.body);
		const contentType = response.headers?.['content-type'];
		return { statusCode, body: '', bytes, contentType: typeof contentType === 'string' ? contentType : undefined };
	};
}

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	// Some n8n versions parse JSON whatever we ask; 64-bit ids may then have lost digits already.
	return body === undefined || body === null ? '' : JSON.stringify(body);
}

/** An arraybuffer answer as a Buffer (n8n gives an ArrayBuffer or a Buffer, depending on the version). */
function bodyBytes(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (typeof body === 'string') return Buffer.from(body, 'binary');
	return Buffer.alloc(0);
}
