import type {
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { OFFICIAL_BASE_URL } from '../nodes/protocol/credentials';
import { describeErrcode, STABLE_TOKEN_ERRCODES } from '../nodes/protocol/errors';
import { CREDENTIAL_NAME } from '../nodes/shared/credentialName';

export class WeChatMiniProgramApi implements ICredentialType {
	name = CREDENTIAL_NAME;

	displayName = 'WeChat Mini Program API';

	icon: Icon = { light: 'file:wechat.svg', dark: 'file:wechat.dark.svg' };

	documentationUrl = 'https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/';

	properties: INodeProperties[] = [
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'wx0123456789abcdef',
			description:
				'The AppID (小程序ID) of the mini program: mini program console → Development → Development Management → Development Settings → Developer ID (开发 → 开发管理 → 开发设置 → 开发者ID).',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The AppSecret (小程序密钥) from Development → Development Management → Development Settings → Developer ID (开发 → 开发管理 → 开发设置 → 开发者ID). Generating a new one there invalidates the old one. Also add the egress IP of this n8n host to the IP whitelist (IP白名单) on the same page.',
		},
		{
			displayName: 'Message Push Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for the WeChat Mini Program Trigger. The Token (令牌) you entered under Development → Development Management → Development Settings → Message Push (开发 → 开发管理 → 开发设置 → 消息推送), 3–32 letters and digits.',
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- the AES key decrypts every push: it is a secret
		{
			displayName: 'EncodingAESKey',
			name: 'encodingAESKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for the trigger in compatible or safe mode. The 43-character EncodingAESKey (消息加密密钥) from Development → Development Management → Development Settings → Message Push (开发 → 开发管理 → 开发设置 → 消息推送).',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'options',
			default: OFFICIAL_BASE_URL,
			description:
				'Where WeChat API calls go. Keep the official host unless WeChat support asks for an alternate; choose Custom for a proxy or the local sandbox.',
			options: [
				{ name: 'Official (api.weixin.qq.com)', value: OFFICIAL_BASE_URL },
				{ name: 'Disaster Recovery (api2.weixin.qq.com)', value: 'https://api2.weixin.qq.com' },
				{ name: 'Shanghai (sh.api.weixin.qq.com)', value: 'https://sh.api.weixin.qq.com' },
				{ name: 'Shenzhen (sz.api.weixin.qq.com)', value: 'https://sz.api.weixin.qq.com' },
				{ name: 'Hong Kong (hk.api.weixin.qq.com)', value: 'https://hk.api.weixin.qq.com' },
				{ name: 'Custom', value: 'custom' },
			],
		},
		{
			displayName: 'Custom Base URL',
			name: 'customBaseUrl',
			type: 'string',
			// Required when shown: an empty Custom Base URL would send every call to "/cgi-bin/…" of nothing.
			required: true,
			default: '',
			placeholder: 'http://127.0.0.1:8787',
			description: 'A proxy in front of the WeChat API, or the local sandbox of this package',
			displayOptions: { show: { baseUrl: ['custom'] } },
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl === "custom" ? $credentials.customBaseUrl.replace(/\\/+$/, "") : $credentials.baseUrl}}',
			url: '/cgi-bin/stable_token',
			method: 'POST',
			body: {
				grant_type: 'client_credential',
				appid: '={{$credentials.appId}}',
				secret: '={{$credentials.appSecret}}',
				force_refresh: false,
			},
			json: true,
		},
		// WeChat answers HTTP 200 with an errcode; each errcode the token call can give gets its fix.
		rules: STABLE_TOKEN_ERRCODES.map((errcode) => ({
			type: 'responseSuccessBody' as const,
			properties: {
				key: 'errcode',
				value: errcode,
				message: `WeChat errcode ${errcode}: ${describeErrcode(errcode).meaning}. ${describeErrcode(errcode).fix}`,
			},
		})),
	};
}
