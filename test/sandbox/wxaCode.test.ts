/**
 * The sandbox's unlimited mini program code (docs/wechat-protocol.md §15) over real HTTP: a real JPEG
 * (default) or PNG (is_hyaline), width × width, the same bytes for the same request; JSON errcodes for bad
 * input (40169, 40129, 41030, 40097, 85096); and the protocol layer reading both through the client.
 */
import { inflateSync } from 'node:zlib';

import { WeChatClient } from '../../nodes/protocol/client';
import { WeChatApiError } from '../../nodes/protocol/errors';
import type { SendFunction } from '../../nodes/protocol/http';
import { getUnlimitedCode, prepareUnlimitedCode, WXA_CODE_ERRCODES } from '../../nodes/protocol/wxaCode';
import { crc32 } from '../../sandbox/images/png';
import { rejectionOf } from '../helpers/thrown';
import { useSandbox } from '../helpers/sandbox';
import { stableToken } from './helpers';

const sandbox = useSandbox();

interface CodeAnswer {
	status: number;
	contentType: string;
	bytes: Buffer;
}

async function code(body: unknown, token?: string): Promise<CodeAnswer> {
	const response = await fetch(`${sandbox.url}/wxa/getwxacodeunlimit?access_token=${token ?? (await stableToken(sandbox))}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	return { status: response.status, contentType: response.headers.get('content-type') ?? '', bytes: Buffer.from(await response.arrayBuffer()) };
}

async function errcodeOf(body: unknown): Promise<number> {
	const answer = await code(body);
	expect(answer.contentType).toMatch(/^application\/json/);
	return Number((JSON.parse(answer.bytes.toString('utf8')) as { errcode: unknown }).errcode);
}

/** Width and height from a baseline JPEG's SOF0 segment, after checking the markers around it. */
function jpegSize(bytes: Buffer): { width: number; height: number } {
	expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
	expect([...bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
	expect(bytes.subarray(6, 11).toString('latin1')).toBe('JFIF\u0000');
	let offset = 2;
	while (offset < bytes.length) {
		const marker = bytes.readUInt16BE(offset);
		const length = bytes.readUInt16BE(offset + 2);
		if (marker === 0xffc0) return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
		offset += 2 + length;
	}
	throw new Error('no SOF0 segment');
}

/** The chunks of a PNG, each CRC checked; the image data inflated. */
function readPng(bytes: Buffer): { width: number; height: number; colorType: number; alpha: number[]; rows: Buffer } {
	expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
	const chunks: Array<{ type: string; data: Buffer }> = [];
	for (let offset = 8; offset < bytes.length; ) {
		const length = bytes.readUInt32BE(offset);
		const type = bytes.subarray(offset + 4, offset + 8).toString('ascii');
		const data = bytes.subarray(offset + 8, offset + 8 + length);
		expect(bytes.readUInt32BE(offset + 8 + length)).toBe(crc32(bytes.subarray(offset + 4, offset + 8 + length)));
		chunks.push({ type, data });
		offset += 12 + length;
	}
	expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND']);
	const header = chunks[0].data;
	return {
		width: header.readUInt32BE(0),
		height: header.readUInt32BE(4),
		colorType: header[9],
		alpha: [...chunks[2].data],
		rows: inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data))),
	};
}

describe('the image', () => {
	it('is a JPEG by default, served as image/jpeg, 430 × 430', async () => {
		const answer = await code({ scene: 'id=1001' });
		expect(answer.status).toBe(200);
		expect(answer.contentType).toBe('image/jpeg');
		expect(jpegSize(answer.bytes)).toEqual({ width: 430, height: 430 });
	});

	it('is a PNG with a transparent background when is_hyaline (still labelled image/jpeg), width × width', async () => {
		const answer = await code({ scene: 'id=1001', page: 'pages/order/detail', width: 300, is_hyaline: true, line_color: { r: '7', g: '193', b: '96' } });
		expect(answer.contentType).toBe('image/jpeg');
		const png = readPng(answer.bytes);
		expect(png).toMatchObject({ width: 300, height: 300, colorType: 3, alpha: [0, 255] });
		expect(png.rows).toHaveLength(300 * 301);
	});

	it('has the same bytes for the same scene, page and width, and other bytes when one changes', async () => {
		const base = { scene: 'a=1', page: 'pages/index/index', width: 280 };
		const first = (await code(base)).bytes;
		expect((await code(base)).bytes.equals(first)).toBe(true);
		for (const change of [{ scene: 'a=2' }, { page: 'pages/order/list' }, { width: 281 }]) {
			expect((await code({ ...base, ...change })).bytes.equals(first)).toBe(false);
		}
	});

	it('draws a width outside 280–1280 at the nearest bound', async () => {
		expect(jpegSize((await code({ scene: 'a', width: 100 })).bytes).width).toBe(280);
		expect(jpegSize((await code({ scene: 'a', width: 5000 })).bytes).width).toBe(1280);
	});
});

describe('JSON errcodes instead of an image', () => {
	it('40169: scene empty or over 32 characters, or a body that is not JSON', async () => {
		expect((await code({ scene: 'x'.repeat(32) })).status).toBe(200);
		expect(await errcodeOf({ scene: 'x'.repeat(33) })).toBe(40169);
		expect(await errcodeOf({ scene: '' })).toBe(40169);
		expect(await errcodeOf('scene=1')).toBe(40169);
	});

	it("40129: a scene character outside digits, letters and !#$&'()*+,/:;=?@-._~ (such as %)", async () => {
		expect((await code({ scene: "!#$&'()*+,/:;=?@-._~" })).status).toBe(200);
		expect(await errcodeOf({ scene: 'name=%E4' })).toBe(40129);
	});

	it('41030: a page with a leading / or a query, or not released unless check_path is false', async () => {
		expect(await errcodeOf({ scene: 'a', page: '/pages/index/index' })).toBe(41030);
		expect(await errcodeOf({ scene: 'a', page: 'pages/index/index?id=1' })).toBe(41030);
		expect(await errcodeOf({ scene: 'a', page: 'pages/new/page' })).toBe(41030);
		expect((await code({ scene: 'a', page: 'pages/new/page', check_path: false })).status).toBe(200);
	});

	it('40097: env_version not release, trial or develop; 85096: scancode_time; 41001: no token', async () => {
		expect(await errcodeOf({ scene: 'a', env_version: 'release_error' })).toBe(40097);
		expect(await errcodeOf({ scene: 'scancode_time=1' })).toBe(85096);
		const noToken = await fetch(`${sandbox.url}/wxa/getwxacodeunlimit`, { method: 'POST', body: '{"scene":"a"}' });
		expect(((await noToken.json()) as { errcode: number }).errcode).toBe(41001);
	});
});

describe('the protocol layer against the sandbox', () => {
	/** A transport giving the exact bytes and Content-Type, as http.ts asks of one for responseType 'bytes'. */
	const bytesSend: SendFunction = async (request) => {
		const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
		const bytes = Buffer.from(await response.arrayBuffer());
		return { statusCode: response.status, body: bytes.toString('utf8'), bytes, contentType: response.headers.get('content-type') ?? '' };
	};
	const client = () => new WeChatClient({ credentials: sandbox.weChatCredentials(), send: bytesSend, sleep: async () => undefined });

	it('gets a JPEG, and a PNG for a transparent code, telling them by their bytes', async () => {
		const jpeg = await getUnlimitedCode(client(), prepareUnlimitedCode({ scene: 'id=1001', page: 'pages/order/detail' }));
		expect(jpeg).toMatchObject({ mimeType: 'image/jpeg', fileExtension: 'jpg' });
		expect(jpeg.bytes.equals((await code({ scene: 'id=1001', page: 'pages/order/detail' })).bytes)).toBe(true);
		const png = await getUnlimitedCode(client(), prepareUnlimitedCode({ scene: 'id=1001', isHyaline: true, lineColor: { r: 0, g: 0, b: 0 } }));
		expect(png).toMatchObject({ mimeType: 'image/png', fileExtension: 'png' });
	});

	it("surfaces the sandbox's JSON refusal as WeChatApiError with this API's meaning", async () => {
		const error = await rejectionOf(WeChatApiError, getUnlimitedCode(client(), { scene: 'a', page: 'pages/new/page' }));
		expect(error.errcode).toBe(41030);
		expect(error.meaning).toBe(WXA_CODE_ERRCODES[41030].meaning);
	});
});
