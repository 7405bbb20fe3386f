import { assertApiCredentials, OFFICIAL_BASE_URL, readCredentials, type WeChatCredentials } from '../../../nodes/protocol/credentials';
import { InvalidInputError } from '../../../nodes/protocol/errors';
import { thrownBy } from '../../helpers/thrown';

const GOOD: WeChatCredentials = { appId: 'wx0123456789abcdef', appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', baseUrl: OFFICIAL_BASE_URL };

const refusal = (credentials: WeChatCredentials): InvalidInputError => thrownBy(InvalidInputError, () => assertApiCredentials(credentials));

describe('readCredentials', () => {
	it('reads the fields, trimmed, with the official base URL when none is chosen', () => {
		expect(readCredentials({ appId: ' wx0123456789abcdef ', appSecret: '\tsecret-value\n' })).toEqual({
			appId: 'wx0123456789abcdef',
			appSecret: 'secret-value',
			baseUrl: 'https://api.weixin.qq.com',
			token: undefined,
			encodingAESKey: undefined,
		});
	});

	it('keeps a chosen base URL and resolves "custom" to the custom one, without trailing slashes', () => {
		expect(readCredentials({ baseUrl: 'https://api2.weixin.qq.com/' }).baseUrl).toBe('https://api2.weixin.qq.com');
		expect(readCredentials({ baseUrl: 'custom', customBaseUrl: ' http://127.0.0.1:8787// ' }).baseUrl).toBe('http://127.0.0.1:8787');
		// "custom" without a custom URL leaves nothing, which assertApiCredentials then refuses.
		expect(readCredentials({ baseUrl: 'custom' }).baseUrl).toBe('');
	});

	it('reads the push Token and EncodingAESKey when set, and leaves them out when empty', () => {
		const key = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
		expect(readCredentials({ token: ' SimToken2024 ', encodingAESKey: key })).toMatchObject({ token: 'SimToken2024', encodingAESKey: key });
		expect(readCredentials({ token: '  ', encodingAESKey: '' })).toMatchObject({ token: undefined, encodingAESKey: undefined });
	});

	it('treats fields that are not strings as missing', () => {
		expect(readCredentials({ appId: 12345, appSecret: null, baseUrl: 42, token: {} })).toEqual({
			appId: '',
			appSecret: '',
			baseUrl: OFFICIAL_BASE_URL,
			token: undefined,
			encodingAESKey: undefined,
		});
	});
});

describe('assertApiCredentials', () => {
	it('accepts a complete credential with an http(s) base URL', () => {
		expect(() => assertApiCredentials(GOOD)).not.toThrow();
		expect(() => assertApiCredentials({ ...GOOD, baseUrl: 'http://127.0.0.1:8787' })).not.toThrow();
	});

	it('names the App ID when it is missing, and where to copy it from', () => {
		const error = refusal({ ...GOOD, appId: '' });
		expect(error.message).toBe('The credential has no App ID');
		expect(error.fix).toContain('Developer ID (开发管理 → 开发设置 → 开发者ID)');
		expect(error.problems).toEqual([error.message]);
	});

	it('names the App Secret when it is missing', () => {
		const error = refusal({ ...GOOD, appSecret: '' });
		expect(error.message).toBe('The credential has no App Secret');
		expect(error.fix).toContain('Developer ID');
	});

	it.each(['', 'api.weixin.qq.com', 'ftp://api.weixin.qq.com', 'https://', 'https:// spaced'])(
		'names the API Base URL when it is %j',
		(baseUrl) => {
			const error = refusal({ ...GOOD, baseUrl });
			expect(error.message).toBe("The credential's API Base URL must start with http:// or https://");
			expect(error.fix).toContain('Official');
		},
	);

	it('checks the App ID first, then the App Secret, then the base URL', () => {
		expect(refusal({ appId: '', appSecret: '', baseUrl: '' }).message).toContain('App ID');
		expect(refusal({ ...GOOD, appSecret: '', baseUrl: '' }).message).toContain('App Secret');
	});
});
