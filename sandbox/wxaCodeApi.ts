/**
 * POST /wxa/getwxacodeunlimit as WeChat answers it (docs/wechat-protocol.md §15): the image bytes on
 * success, JSON {errcode, errmsg} on failure. 40169 scene empty or over 32 characters (or a body that is
 * not JSON), 40129 a scene character outside digits, letters and !#$&'()*+,/:;=?@-._~, 85096 a scene
 * using scancode_time, 41030 a page with a leading / or a query, or (check_path not false) not one of
 * SANDBOX_PAGES, 40097 env_version, width or line_color not usable. A width outside 280–1280 is drawn
 * at the nearest bound, line_color channels may be numbers or strings.
 */
import { authenticate, errorAnswer, isAnswer, type ApiAnswer, type ApiRequest } from './api';
import { objectField, readJsonFields, stringField } from './jsonRequest';
import { SANDBOX_PAGES } from './seed';
import type { SandboxState } from './state';
import { CODE_CONTENT_TYPE, renderCodeImage } from './wxaCode';

const SCENE_MAX = 32;
const SCENE_CHARACTERS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/;
const ENV_VERSIONS = new Set(['release', 'trial', 'develop']);
const DEFAULT_WIDTH = 430;
const MIN_WIDTH = 280;
const MAX_WIDTH = 1280;

/** A colour channel given as a number or a digit string, clamped to 0–255; undefined when it is neither. */
function channel(value: unknown): number | undefined {
	const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? Math.max(0, Math.min(255, Math.round(n))) : undefined;
}

export function getUnlimitedCode(state: SandboxState, request: ApiRequest): ApiAnswer {
	const auth = authenticate(state, request);
	if (isAnswer(auth)) return auth;
	const body = readJsonFields(request, 40169);
	if (typeof body === 'number') return errorAnswer(state, body);
	const scene = body.scene;
	if (typeof scene !== 'string' || scene === '' || [...scene].length > SCENE_MAX) return errorAnswer(state, 40169);
	if (!SCENE_CHARACTERS.test(scene)) return errorAnswer(state, 40129);
	if (scene.includes('scancode_time')) return errorAnswer(state, 85096);
	const page = stringField(body, 'page');
	if (page !== '') {
		if (page.startsWith('/') || page.includes('?')) return errorAnswer(state, 41030);
		if (body.check_path !== false && !SANDBOX_PAGES.includes(page)) return errorAnswer(state, 41030);
	}
	if (body.env_version !== undefined && !ENV_VERSIONS.has(String(body.env_version))) return errorAnswer(state, 40097);
	let width = DEFAULT_WIDTH;
	if (body.width !== undefined) {
		const given = typeof body.width === 'string' && /^\s*\d+\s*$/.test(body.width) ? Number(body.width) : body.width;
		if (typeof given !== 'number' || !Number.isFinite(given)) return errorAnswer(state, 40097);
		width = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, Math.round(given)));
	}
	const lineColor = { r: 0, g: 0, b: 0 };
	if (body.line_color !== undefined) {
		const color = objectField(body.line_color);
		const r = channel(color?.r);
		const g = channel(color?.g);
		const b = channel(color?.b);
		if (r === undefined || g === undefined || b === undefined) return errorAnswer(state, 40097);
		Object.assign(lineColor, { r, g, b });
	}
	const image = renderCodeImage({ scene, page, width, autoColor: body.auto_color === true, lineColor, hyaline: body.is_hyaline === true });
	return { status: 200, body: image, contentType: CODE_CONTENT_TYPE, errcode: 0 };
}
