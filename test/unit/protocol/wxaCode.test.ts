import { WeChatClient } from '../../../nodes/protocol/client';
import { InvalidInputError, WeChatApiError } from '../../../nodes/protocol/errors';
import type { WeChatHttpRequest, WeChatHttpResponse } from '../../../nodes/protocol/http';
import { StableTokenCache } from '../../../nodes/protocol/token';
import { getUnlimitedCode, prepareUnlimitedCode, sniffImageType, WXA_CODE_ERRCODES } from '../../../nodes/protocol/wxaCode';
import { rejectionOf, thrownBy } from '../../helpers/thrown';

const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const JPEG_BYTES = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);

/** A WeChat that hands out a token, then answers the code call with `answer`; records every request. */
function wechat(answer: (request: WeChatHttpRequest) => WeChatHttpResponse) {
	const requests: WeChatHttpRequest[] = [];
	const client = new WeChatClient({
		credentials: { appId: 'wx1234567890abcdef', appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', baseUrl: 'https://api.weixin.qq.com' },
		send: async (request) => {
			requests.push(request);
			if (request.url.includes('/cgi-bin/stable_token')) return { statusCode: 200, body: '{"access_token":"TOKEN-1","expires_in":7200}' };
			return answer(request);
		},
		sleep: async () => undefined,
		tokenCache: new StableTokenCache(),
	});
	return { client, requests };
}

const image = (bytes: Buffer, contentType = 'image/jpeg'): WeChatHttpResponse => ({ statusCode: 200, body: '', bytes, contentType });
const jsonError = (errcode: number, contentType = 'application/json; charset=UTF-8'): WeChatHttpResponse => {
	const text = JSON.stringify({ errcode, errmsg: 'invalid scene rid: 6655a1b2-3c4d5e6f-7a8b9c0d' });
	return { statusCode: 200, body: text, bytes: Buffer.from(text), contentType };
};

describe('prepareUnlimitedCode: the body WeChat documents', () => {
	it('maps every option; line_color travels as strings, as in WeChat\'s example', () => {
		expect(
			prepareUnlimitedCode({
				scene: 'id=1001&s=sms',
				page: 'pages/order/detail',
				checkPath: false,
				envVersion: 'develop',
				width: 280,
				autoColor: false,
				lineColor: { r: 7, g: 193, b: 96 },
				isHyaline: true,
			}),
		).toEqual({
			scene: 'id=1001&s=sms',
			page: 'pages/order/detail',
			check_path: false,
			env_version: 'develop',
			width: 280,
			auto_color: false,
			line_color: { r: '7', g: '193', b: '96' },
			is_hyaline: true,
		});
	});

	it('sends only what was given (WeChat\'s defaults: home page, check_path true, release, 430 px); no line_color with auto_color', () => {
		expect(prepareUnlimitedCode({ scene: 'a' })).toEqual({ scene: 'a' });
		expect(prepareUnlimitedCode({ scene: 'a', autoColor: true, lineColor: { r: 1, g: 2, b: 3 } })).toEqual({ scene: 'a', auto_color: true });
	});
});

describe('prepareUnlimitedCode: refusals before calling WeChat', () => {
	const problemsOf = (input: Parameters<typeof prepareUnlimitedCode>[0]) => thrownBy(InvalidInputError, () => prepareUnlimitedCode(input)).problems;

	it('scene: required, 32 characters pass, 33 are refused', () => {
		expect(prepareUnlimitedCode({ scene: 'x'.repeat(32) }).scene).toHaveLength(32);
		expect(problemsOf({ scene: 'x'.repeat(33) })).toEqual(['Scene has 33 characters; WeChat allows at most 32 (errcode 40169 otherwise).']);
		expect(problemsOf({ scene: '' })[0]).toContain('Scene is empty');
	});

	it("scene: digits, letters and !#$&'()*+,/:;=?@-._~ only; not % (so no %-encoded text)", () => {
		expect(prepareUnlimitedCode({ scene: "!#$&'()*+,/:;=?@-._~aZ9" }).scene).toBeDefined();
		expect(problemsOf({ scene: 'name=%E4%BD%A0' })[0]).toBe(
			`Scene contains characters WeChat refuses ("%"): only digits, letters and !#$&'()*+,/:;=?@-._~ are allowed, not % (errcode 40129 otherwise).`,
		);
		expect(problemsOf({ scene: '你好' })[0]).toContain('("你", "好")');
	});

	it('page: no leading /, no query', () => {
		expect(problemsOf({ scene: 'a', page: '/pages/index/index' })[0]).toContain('write it as pages/index/index');
		expect(problemsOf({ scene: 'a', page: 'pages/index/index?id=1' })[0]).toContain('put the parameters in Scene');
	});

	it('width: 280 to 1280 whole pixels', () => {
		expect(prepareUnlimitedCode({ scene: 'a', width: 1280 }).width).toBe(1280);
		for (const width of [279, 1281, 430.5]) expect(problemsOf({ scene: 'a', width })[0]).toContain('from 280 to 1280 px');
	});

	it('env_version and line_color channels', () => {
		expect(problemsOf({ scene: 'a', envVersion: 'release_error' })).toEqual(['Env Version "release_error" is not one of release, trial, develop.']);
		expect(problemsOf({ scene: 'a', lineColor: { r: 256, g: 0, b: -1 } })).toHaveLength(2);
	});
});

describe('sniffImageType', () => {
	it('tells PNG (89 50 4E 47) and JPEG (FF D8 FF) by their magic bytes, nothing else', () => {
		expect(sniffImageType(PNG_BYTES)).toEqual({ mimeType: 'image/png', fileExtension: 'png' });
		expect(sniffImageType(JPEG_BYTES)).toEqual({ mimeType: 'image/jpeg', fileExtension: 'jpg' });
		expect(sniffImageType(Buffer.from('GIF89a'))).toBeUndefined();
		expect(sniffImageType(Buffer.from([0xff, 0xd8]))).toBeUndefined();
		expect(sniffImageType(Buffer.alloc(0))).toBeUndefined();
	});
});

describe('getUnlimitedCode over the client', () => {
	it('POSTs the JSON body to /wxa/getwxacodeunlimit asking the transport for bytes; returns the image as sent', async () => {
		const { client, requests } = wechat(() => image(JPEG_BYTES));
		const result = await getUnlimitedCode(client, prepareUnlimitedCode({ scene: 'id=1' }));
		expect(result).toEqual({ bytes: JPEG_BYTES, mimeType: 'image/jpeg', fileExtension: 'jpg' });
		const call = requests[1];
		expect(call.url).toBe('https://api.weixin.qq.com/wxa/getwxacodeunlimit?access_token=TOKEN-1');
		expect(call.responseType).toBe('bytes');
		expect(call.body).toBe('{"scene":"id=1"}');
	});

	it('believes the bytes, not the header: a PNG labelled image/jpeg is a PNG', async () => {
		const { client } = wechat(() => image(PNG_BYTES, 'image/jpeg'));
		expect(await getUnlimitedCode(client, prepareUnlimitedCode({ scene: 'a', isHyaline: true }))).toMatchObject({ mimeType: 'image/png', fileExtension: 'png' });
	});

	it('JSON instead of an image (Content-Type application/json; charset=UTF-8) is WeChat\'s errcode, with this API\'s meaning', async () => {
		const { client, requests } = wechat(() => jsonError(40129));
		const error = await rejectionOf(WeChatApiError, getUnlimitedCode(client, { scene: 'a' }));
		expect(error.errcode).toBe(40129);
		expect(error.meaning).toBe(WXA_CODE_ERRCODES[40129].meaning);
		expect(error.rid).toBe('6655a1b2-3c4d5e6f-7a8b9c0d');
		expect(requests).toHaveLength(2); // final: not retried
	});

	it('JSON with a misleading image Content-Type is still read as JSON (a body starting with {)', async () => {
		const { client } = wechat(() => jsonError(40097, 'image/jpeg'));
		expect((await rejectionOf(WeChatApiError, getUnlimitedCode(client, { scene: 'a' }))).meaning).toContain('invalid arguments');
	});

	it('a transport that gives only text still surfaces a JSON error', async () => {
		const { client } = wechat(() => ({ statusCode: 200, body: '{"errcode":41030,"errmsg":"invalid page"}' }));
		expect((await rejectionOf(WeChatApiError, getUnlimitedCode(client, { scene: 'a', page: 'pages/x' }))).errcode).toBe(41030);
	});

	it('a transport that gives an image as text is named as the bug it is', async () => {
		const { client } = wechat(() => ({ statusCode: 200, body: '\ufffd\ufffd\ufffd\ufffdJFIF' }));
		const error = await rejectionOf(WeChatApiError, getUnlimitedCode(client, { scene: 'a' }));
		expect(error.kind).toBe('bad-response');
		expect(error.fix).toContain('must honour responseType "bytes"');
	});

	it('JSON without errcode, where an image was expected, is a bad response', async () => {
		const { client } = wechat(() => ({ statusCode: 200, body: '', bytes: Buffer.from('{"errcode":0}'), contentType: 'application/json' }));
		expect((await rejectionOf(WeChatApiError, getUnlimitedCode(client, { scene: 'a' }))).kind).toBe('bad-response');
	});

	it('neither an image nor JSON: a clear error naming what came back', async () => {
		const { client } = wechat(() => image(Buffer.from('<html>portal</html>'), 'text/html'));
		const error = await rejectionOf(WeChatApiError, getUnlimitedCode(client, { scene: 'a' }));
		expect(error.kind).toBe('bad-response');
		expect(error.message).toContain('neither a PNG or JPEG image nor WeChat\'s JSON (Content-Type "text/html", 19 bytes starting 3c 68 74 6d 6c 3e 70 6f)');
		expect(error.fix).toContain('API Base URL');
	});

	it('a stale token is refreshed once, as for JSON calls', async () => {
		let calls = 0;
		const { client } = wechat(() => (++calls === 1 ? jsonError(40001) : image(JPEG_BYTES)));
		expect((await getUnlimitedCode(client, { scene: 'a' })).mimeType).toBe('image/jpeg');
		expect(calls).toBe(2);
	});
});
