/** Raw HTTP for the sandbox tests: bodies as text, so the unquoted 64-bit msgid can be checked as written. */
import http from 'node:http';

import type { Sandbox } from '../../sandbox/server';
import { SANDBOX_OPENIDS, SANDBOX_TEMPLATE_IDS } from '../../sandbox/seed';

export interface RawResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
}

export interface RequestOptions {
	body?: string;
	headers?: Record<string, string>;
	timeoutMs?: number;
}

export function rawRequest(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<RawResponse> {
	const body = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8');
	const headers: Record<string, string | number> = { ...options.headers };
	if (body) headers['Content-Length'] = body.length;
	return new Promise((resolve, reject) => {
		const req = http.request(`${baseUrl}${path}`, { method, headers, agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', reject);
		});
		if (options.timeoutMs !== undefined) {
			req.setTimeout(options.timeoutMs, () => req.destroy(new Error('client timeout')));
		}
		req.on('error', reject);
		req.end(body);
	});
}

/** A parsed JSON answer (fine for everything but the msgid). */
export async function call(
	baseUrl: string,
	method: string,
	path: string,
	options: RequestOptions = {},
): Promise<Record<string, unknown>> {
	const response = await rawRequest(baseUrl, method, path, options);
	return JSON.parse(response.text) as Record<string, unknown>;
}

export function postJson(baseUrl: string, path: string, value: unknown): Promise<Record<string, unknown>> {
	return call(baseUrl, 'POST', path, { body: JSON.stringify(value), headers: { 'Content-Type': 'application/json' } });
}

export async function stableToken(sandbox: Sandbox, forceRefresh = false): Promise<string> {
	const answer = await postJson(sandbox.url, '/cgi-bin/stable_token', {
		grant_type: 'client_credential',
		appid: sandbox.appId,
		secret: sandbox.appSecret,
		force_refresh: forceRefresh,
	});
	if (typeof answer.access_token !== 'string') throw new Error(`no token: ${JSON.stringify(answer)}`);
	return answer.access_token;
}

/** A valid send of the seeded 订单发货通知 to alice; `overrides` replace top-level fields. */
export function orderShippedSend(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		touser: SANDBOX_OPENIDS.alice,
		template_id: SANDBOX_TEMPLATE_IDS.orderShipped,
		page: 'pages/order/detail?id=1001',
		data: {
			thing1: { value: 'iPhone 15 Pro 256G' },
			character_string2: { value: 'TS20240501123456' },
			time3: { value: '2024-05-01 15:01' },
			thing4: { value: '顺丰速运' },
			character_string5: { value: 'SF1234567890123' },
		},
		...overrides,
	};
}

export function sendRaw(sandbox: Sandbox, token: string, body: unknown): Promise<RawResponse> {
	return rawRequest(sandbox.url, 'POST', `/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, {
		body: typeof body === 'string' ? body : JSON.stringify(body),
		headers: { 'Content-Type': 'application/json' },
	});
}

export async function send(sandbox: Sandbox, token: string, body: unknown): Promise<Record<string, unknown>> {
	return JSON.parse((await sendRaw(sandbox, token, body)).text) as Record<string, unknown>;
}

export const RID_SUFFIX = / rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;
