/**
 * The unlimited mini program code (小程序码, getwxacodeunlimit): a round code that opens a page with a `scene`
 * of up to 32 characters. Codes never expire and their number is unlimited (5,000 calls a minute), so the
 * call is retried like a read ('idempotent'). Facts: docs/wechat-protocol.md §15.
 *
 * Success is the image itself, failure JSON: the answer is told apart by client.callForBytes, and the
 * image format by its first bytes, not by Content-Type. The default code is a JPEG served as image/jpeg;
 * a transparent one (is_hyaline) is a PNG, and which Content-Type WeChat gives it is not documented.
 */
import type { WeChatClient } from './client';
import { checkEnvVersion, type EnvVersion } from './envVersion';
import { InvalidInputError, WeChatApiError, type ErrcodeTable } from './errors';

/** scene: at most 32 characters (40169 otherwise). */
export const SCENE_MAX_CHARACTERS = 32;
/** Digits, letters and !#$&'()*+,/:;=?@-._~ : no %, so text outside ASCII cannot be %-encoded into a scene (40129 otherwise). */
const SCENE_CHARACTERS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/;
export const WXA_CODE_MIN_WIDTH = 280;
export const WXA_CODE_MAX_WIDTH = 1280;
/** WeChat's default width in px when none is sent. */
export const WXA_CODE_DEFAULT_WIDTH = 430;

export interface RgbColor {
	r: number;
	g: number;
	b: number;
}

export interface UnlimitedCodeInput {
	/** Read by the page as decodeURIComponent(options.scene), e.g. id=1001&s=sms. */
	scene: string;
	/** e.g. pages/order/detail: no leading /, no query (parameters go in scene). Empty: the home page. */
	page?: string;
	/** Default true: the page must exist in the released version. false allows a page of an unreleased or trial version (at most 60,000 such pages). */
	checkPath?: boolean;
	envVersion?: string;
	/** px, 280 to 1280; WeChat's default 430. */
	width?: number;
	/** Default false. true: WeChat picks the line colour itself (lineColor is ignored). */
	autoColor?: boolean;
	/** Decimal RGB 0–255 of the lines; default black. Only used when autoColor is false. */
	lineColor?: RgbColor;
	/** Transparent background (a PNG); default false (a JPEG). */
	isHyaline?: boolean;
}

/** The JSON body of /wxa/getwxacodeunlimit. */
export interface UnlimitedCodeBody {
	scene: string;
	page?: string;
	check_path?: boolean;
	env_version?: EnvVersion;
	width?: number;
	auto_color?: boolean;
	/** As strings: WeChat's own example and the main SDKs send "0"…"255"; whether numbers work is not documented. */
	line_color?: { r: string; g: string; b: string };
	is_hyaline?: boolean;
}

export interface WxaCodeImage {
	bytes: Buffer;
	mimeType: 'image/png' | 'image/jpeg';
	fileExtension: 'png' | 'jpg';
}

/** Errcodes that mean something else here than elsewhere (the rest are in errors.ts). */
export const WXA_CODE_ERRCODES: ErrcodeTable = {
	40129: {
		meaning: 'scene invalid: it has characters outside digits, letters and !#$&\'()*+,/:;=?@-._~',
		fix: 'Use only those characters in Scene (no %, no Chinese text); encode other values, e.g. as an id the page looks up.',
		handling: 'final',
	},
	41030: {
		meaning: 'page invalid: it has a leading /, a query, or is not a page of the released version',
		fix: 'Give a page of the released version like pages/index/index, or turn off Check Path for an unreleased page.',
		handling: 'final',
	},
	45009: {
		meaning: 'minute limit of 5,000 codes reached',
		fix: 'Wait a minute and run again, with lower Concurrency.',
		handling: 'final',
	},
};

const FIX = 'Correct the field in the node (or the input item) and run again; nothing was sent to WeChat for this item.';

function checkScene(value: string, problems: string[]): string {
	const scene = value ?? '';
	const characters = [...scene].length;
	if (scene === '') problems.push('Scene is empty: give the parameters the page reads, e.g. id=1001 (at most 32 characters).');
	else if (characters > SCENE_MAX_CHARACTERS) {
		problems.push(`Scene has ${characters} characters; WeChat allows at most ${SCENE_MAX_CHARACTERS} (errcode 40169 otherwise).`);
	}
	if (scene !== '' && !SCENE_CHARACTERS.test(scene)) {
		const bad = [...new Set([...scene].filter((c) => !SCENE_CHARACTERS.test(c)))].slice(0, 5).map((c) => JSON.stringify(c)).join(', ');
		problems.push(
			`Scene contains characters WeChat refuses (${bad}): only digits, letters and !#$&'()*+,/:;=?@-._~ are allowed, not % (errcode 40129 otherwise).`,
		);
	}
	return scene;
}

function checkPage(value: string | undefined, problems: string[]): string | undefined {
	const page = (value ?? '').trim();
	if (page === '') return undefined;
	if (page.startsWith('/')) problems.push(`Page "${page}" starts with /: write it as ${page.replace(/^\/+/, '')} (errcode 41030 otherwise).`);
	if (page.includes('?')) problems.push(`Page "${page}" has a query: put the parameters in Scene instead (errcode 41030 otherwise).`);
	else if (/\s/.test(page)) problems.push(`Page "${page}" contains spaces: give a page path like pages/index/index.`);
	return page;
}

function checkWidth(width: number | undefined, problems: string[]): number | undefined {
	if (width === undefined) return undefined;
	if (!Number.isInteger(width) || width < WXA_CODE_MIN_WIDTH || width > WXA_CODE_MAX_WIDTH) {
		problems.push(`Width is ${String(width)}; WeChat draws codes from ${WXA_CODE_MIN_WIDTH} to ${WXA_CODE_MAX_WIDTH} px wide (whole pixels).`);
	}
	return width;
}

function checkColor(color: RgbColor, problems: string[]): { r: string; g: string; b: string } {
	const channel = (name: 'r' | 'g' | 'b'): string => {
		const value = color[name];
		if (!Number.isInteger(value) || value < 0 || value > 255) problems.push(`Line Color ${name} is ${String(value)}; give a whole number from 0 to 255.`);
		return String(value);
	};
	return { r: channel('r'), g: channel('g'), b: channel('b') };
}

/** Checks an unlimited code request and builds its body; throws InvalidInputError listing every problem. */
export function prepareUnlimitedCode(input: UnlimitedCodeInput): UnlimitedCodeBody {
	const problems: string[] = [];
	const body: UnlimitedCodeBody = { scene: checkScene(input.scene, problems) };
	const page = checkPage(input.page, problems);
	if (page !== undefined) body.page = page;
	if (input.checkPath !== undefined) body.check_path = input.checkPath;
	const envVersion = checkEnvVersion(input.envVersion, 'Env Version', problems);
	if (envVersion !== undefined) body.env_version = envVersion;
	const width = checkWidth(input.width, problems);
	if (width !== undefined) body.width = width;
	if (input.autoColor !== undefined) body.auto_color = input.autoColor;
	if (input.lineColor !== undefined && input.autoColor !== true) body.line_color = checkColor(input.lineColor, problems);
	if (input.isHyaline !== undefined) body.is_hyaline = input.isHyaline;
	if (problems.length > 0) throw new InvalidInputError(problems[0], FIX, problems);
	return body;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);

/** PNG or JPEG by their magic bytes (89 50 4E 47 / FF D8 FF); undefined for anything else. */
export function sniffImageType(bytes: Buffer): Pick<WxaCodeImage, 'mimeType' | 'fileExtension'> | undefined {
	if (bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return { mimeType: 'image/png', fileExtension: 'png' };
	if (bytes.subarray(0, JPEG_SIGNATURE.length).equals(JPEG_SIGNATURE)) return { mimeType: 'image/jpeg', fileExtension: 'jpg' };
	return undefined;
}

/** Gets the code image. A JSON answer throws WeChatApiError with its errcode; an answer that is no PNG or JPEG throws a bad-response error. */
export async function getUnlimitedCode(client: Pick<WeChatClient, 'callForBytes'>, body: UnlimitedCodeBody): Promise<WxaCodeImage> {
	const operation = 'Get Unlimited Mini Program Code';
	const file = await client.callForBytes({
		method: 'POST',
		path: '/wxa/getwxacodeunlimit',
		json: body,
		retry: 'idempotent',
		operation,
		errcodes: WXA_CODE_ERRCODES,
	});
	const type = sniffImageType(file.bytes);
	if (type === undefined) {
		const head = file.bytes.subarray(0, 8).toString('hex').replace(/(..)/g, '$1 ').trim();
		throw new WeChatApiError({
			operation,
			kind: 'bad-response',
			explanation: {
				meaning: `the answer is neither a PNG or JPEG image nor WeChat's JSON (Content-Type "${file.contentType}", ${file.bytes.length} bytes starting ${head || '(empty)'})`,
				fix: "Check the credential's API Base URL (a proxy or captive portal may be answering), then run again.",
			},
		});
	}
	return { bytes: file.bytes, ...type };
}
