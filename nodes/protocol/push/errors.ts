/**
 * Why a push or a URL verification was refused. The node maps each reason to an HTTP status
 * (see HTTP_STATUS_BY_REASON) and answers without starting an execution.
 *
 * Messages name what was wrong, never a secret (Token, EncodingAESKey) nor decrypted content,
 * so they are safe to log.
 */
export type PushRejectionReason =
	| 'bad_signature'
	| 'bad_app_id'
	| 'malformed'
	| 'stale_timestamp'
	| 'not_configured'
	| 'mode_mismatch';

/** Where the mini program console keeps the Message Push settings (URL, Token, EncodingAESKey, mode, format). */
export const CONSOLE_PUSH_SETTINGS =
	'Development Management → Development Settings → Message Push (开发管理 → 开发设置 → 消息推送)';

export class PushRejectedError extends Error {
	readonly reason: PushRejectionReason;

	constructor(reason: PushRejectionReason, message: string) {
		super(message);
		this.name = 'PushRejectedError';
		this.reason = reason;
	}
}

/**
 * 401 for everything that fails authentication (a forged or replayed request, a push meant for
 * another App ID); 400 for a body we cannot read; 500 when our own credential is incomplete, so
 * the console's "URL verification failed" points at n8n's side.
 *
 * `mode_mismatch` (an authenticated push in an encryption mode the trigger is not set to) is 500
 * too: WeChat's request is valid and it is our configuration that is wrong, exactly as with
 * `not_configured`, so no 4xx that would blame the sender. WeChat retries a push that is not
 * answered `success`, which is fine: each retry is refused the same way, starts nothing and logs
 * the fix again.
 */
export const HTTP_STATUS_BY_REASON: Record<PushRejectionReason, number> = {
	bad_signature: 401,
	bad_app_id: 401,
	stale_timestamp: 401,
	malformed: 400,
	not_configured: 500,
	mode_mismatch: 500,
};
