import { InvalidInputError } from './errors';

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

const DEVELOPER_ID_PAGE =
	'Development Management → Development Settings → Developer ID (开发管理 → 开发设置 → 开发者ID)';

/** Throws InvalidInputError naming the credential field to fix when a required value is missing or malformed. */
export function assertApiCredentials(credentials: WeChatCredentials): void {
	if (!credentials.appId) throw new InvalidInputError('The credential has no App ID', `Copy it from ${DEVELOPER_ID_PAGE}.`);
	if (!credentials.appSecret) throw new InvalidInputError('The credential has no App Secret', `Copy it from ${DEVELOPER_ID_PAGE}.`);
	if (!/^https?:\/\/[^\s/]+/i.test(credentials.baseUrl)) {
		throw new InvalidInputError(
			"The credential's API Base URL must start with http:// or https://",
			'Choose "Official" unless you use a proxy or the sandbox.',
		);
	}
}
