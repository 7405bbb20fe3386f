import { InvalidInputError, WeChatApiError } from '../../../nodes/protocol/errors';
import { DEFAULT_QUOTA_CGI_PATH, getApiQuota, normaliseCgiPath } from '../../../nodes/protocol/quota';
import { recordingClient } from '../../helpers/recordingClient';
import { rejectionOf, thrownBy } from '../../helpers/thrown';

describe('getApiQuota', () => {
	it('asks quota/get for the path and gives the figures as numbers with clear names', async () => {
		const { client, calls } = recordingClient({ errcode: 0, errmsg: 'ok', quota: { daily_limit: 10000000, used: 3, remain: 9999997 }, rate_limit: { call_count: 3000, refresh_second: 60 } });
		expect(await getApiQuota(client, ` ${DEFAULT_QUOTA_CGI_PATH} `)).toEqual({
			cgiPath: DEFAULT_QUOTA_CGI_PATH,
			dailyLimit: 10000000,
			used: 3,
			remaining: 9999997,
			rateLimitCalls: 3000,
			rateLimitSeconds: 60,
		});
		expect(calls).toEqual([{ method: 'POST', path: '/cgi-bin/openapi/quota/get', json: { cgi_path: DEFAULT_QUOTA_CGI_PATH }, retry: 'idempotent', operation: 'Get API Quota' }]);
	});

	it('reads figures written as strings, and gives null for a missing rate limit', async () => {
		const quota = await getApiQuota(recordingClient({ quota: { daily_limit: '5', used: '1', remain: '4' } }).client, '/cgi-bin/message/custom/send');
		expect(quota).toMatchObject({ dailyLimit: 5, used: 1, remaining: 4, rateLimitCalls: null, rateLimitSeconds: null });
	});

	it('calls an answer without the quota figures a bad response', async () => {
		const error = await rejectionOf(WeChatApiError, getApiQuota(recordingClient({ errcode: 0 }).client, DEFAULT_QUOTA_CGI_PATH));
		expect(error.kind).toBe('bad-response');
	});

	it('refuses a path that is not an API path before asking WeChat', () => {
		for (const bad of ['', 'cgi-bin/message/subscribe/send', 'https://api.weixin.qq.com/cgi-bin/x', '/cgi-bin/x?y=1']) {
			const error = thrownBy(InvalidInputError, () => normaliseCgiPath(bad));
			expect(error.message).toContain('API Path');
			expect(error.fix).toContain(DEFAULT_QUOTA_CGI_PATH);
		}
	});
});
