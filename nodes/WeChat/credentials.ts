/** The credential's fields as the protocol layer uses them, with the base URL resolved. */
export interface WeChatCredentials {
	appId: string;
	appSecret: string;
	/** No trailing slash. */
	baseUrl: string;
	token?: string;
	encodingAESKey?: string;
}

export const OFFICIAL_BASE_URL = 'https://api.weixin.qq.com';

export function readCredentials(raw: Record<string, unknown>): WeChatCredentials {
	const text = (name: string): string => (typeof raw[name] === 'string' ? (raw[name] as string).trim() : '');
	const chosen = text('baseUrl') || OFFICIAL_BASE_URL;
	const baseUrl = (chosen === 'custom' ? text('customBaseUrl') : chosen).replace(/\/+$/, '');
	return {
		appId: text('appId'),
		appSecret: text('appSecret'),
		baseUrl,
		token: text('token') || undefined,
		encodingAESKey: text('encodingAESKey') || undefined,
	};
}

/** Names the credential field to fix when a required value is missing or malformed; null when fine. */
export function checkApiCredentials(credentials: WeChatCredentials): string | null {
	if (!credentials.appId) return 'The credential has no App ID: copy it from Development Management → Development Settings → Developer ID (开发管理 → 开发设置 → 开发者ID).';
	if (!credentials.appSecret) return 'The credential has no App Secret: copy it from Development Management → Development Settings → Developer ID (开发管理 → 开发设置 → 开发者ID).';
	if (!/^https?:\/\/[^\s/]+/i.test(credentials.baseUrl))
		return 'The credential\'s API Base URL must start with http:// or https:// (choose "Official" unless you use a proxy or the sandbox).';
	return null;
}
