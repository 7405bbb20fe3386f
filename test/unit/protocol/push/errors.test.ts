import { CONSOLE_PUSH_SETTINGS, HTTP_STATUS_BY_REASON, PushRejectedError, type PushRejectionReason } from '../../../../nodes/protocol/push/errors';

describe('PushRejectedError', () => {
	it('carries its reason and message, and is an Error', () => {
		const error = new PushRejectedError('bad_signature', 'The signature does not match the Token');
		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('PushRejectedError');
		expect(error.reason).toBe('bad_signature');
		expect(error.message).toBe('The signature does not match the Token');
	});
});

describe('HTTP_STATUS_BY_REASON', () => {
	it('answers 401 to what fails authentication, 400 to an unreadable body, 500 to our own configuration', () => {
		const expected: Record<PushRejectionReason, number> = {
			bad_signature: 401,
			bad_app_id: 401,
			stale_timestamp: 401,
			malformed: 400,
			not_configured: 500,
			mode_mismatch: 500,
		};
		expect(HTTP_STATUS_BY_REASON).toEqual(expected);
	});
});

describe('CONSOLE_PUSH_SETTINGS', () => {
	it('names the console page in English and Chinese', () => {
		expect(CONSOLE_PUSH_SETTINGS).toBe('Development Management → Development Settings → Message Push (开发管理 → 开发设置 → 消息推送)');
	});
});
