/**
 * The account's API quota (openapi/quota/get): how many calls of one API the mini program has today and
 * per minute (docs/wechat-protocol.md §12). A read: safe to retry.
 */
import type { WeChatClient } from './client';
import { InvalidInputError, WeChatApiError } from './errors';

export const DEFAULT_QUOTA_CGI_PATH = '/cgi-bin/message/subscribe/send';

/** One API's quota, numbers as numbers, with names that say what they count. */
export interface ApiQuota {
	/** The API asked about, as given to WeChat. */
	cgiPath: string;
	/** Calls allowed a day (quota.daily_limit). */
	dailyLimit: number;
	/** Calls made today (quota.used). */
	used: number;
	/** Calls left today (quota.remain). */
	remaining: number;
	/** Calls allowed per rate window (rate_limit.call_count). */
	rateLimitCalls: number | null;
	/** Length of the rate window in seconds (rate_limit.refresh_second). */
	rateLimitSeconds: number | null;
}

/** The path as WeChat wants it: starting with a slash, no host, no query. */
export function normaliseCgiPath(input: string): string {
	const path = input.trim();
	if (!/^\/[A-Za-z0-9_/.-]+$/.test(path)) {
		throw new InvalidInputError(
			`API Path "${input}" is not an API path`,
			`Give the path of the API as it appears in its URL, without host or query, e.g. ${DEFAULT_QUOTA_CGI_PATH}.`,
		);
	}
	return path;
}

function count(value: unknown): number | null {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

export async function getApiQuota(client: Pick<WeChatClient, 'call'>, cgiPathInput: string): Promise<ApiQuota> {
	const cgiPath = normaliseCgiPath(cgiPathInput);
	const answer = await client.call<{ quota?: Record<string, unknown>; rate_limit?: Record<string, unknown> }>({
		method: 'POST',
		path: '/cgi-bin/openapi/quota/get',
		json: { cgi_path: cgiPath },
		retry: 'idempotent',
		operation: 'Get API Quota',
	});
	const dailyLimit = count(answer.quota?.daily_limit);
	const used = count(answer.quota?.used);
	const remaining = count(answer.quota?.remain);
	if (dailyLimit === null || used === null || remaining === null) {
		throw new WeChatApiError({ operation: 'Get API Quota', kind: 'bad-response' });
	}
	return {
		cgiPath,
		dailyLimit,
		used,
		remaining,
		rateLimitCalls: count(answer.rate_limit?.call_count),
		rateLimitSeconds: count(answer.rate_limit?.refresh_second),
	};
}
