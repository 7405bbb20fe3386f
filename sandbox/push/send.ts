/** Delivers a built push request over real HTTP(S), as WeChat's servers do. */
import http from 'node:http';
import https from 'node:https';

import type { BuiltPushRequest } from './types';

/** WeChat waits 5 s for an answer; we give the webhook a little more before calling it a failure. */
export const PUSH_TIMEOUT_MS = 15_000;

export function sendPushRequest(webhookUrl: string, request: BuiltPushRequest): Promise<{ status: number; body: string }> {
	const url = new URL(webhookUrl);
	for (const [key, value] of Object.entries(request.query)) url.searchParams.set(key, value);
	const transport = url.protocol === 'https:' ? https : http;
	const body = Buffer.from(request.body, 'utf8');
	const headers: Record<string, string | number> = { ...request.headers };
	if (request.method === 'POST') headers['Content-Length'] = body.length;
	return new Promise((resolve, reject) => {
		const req = transport.request(url, { method: request.method, headers, timeout: PUSH_TIMEOUT_MS }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', reject);
		});
		req.on('timeout', () => req.destroy(new Error(`push to ${url.origin}${url.pathname} timed out`)));
		req.on('error', reject);
		req.end(request.method === 'POST' ? body : undefined);
	});
}
