/**
 * /cgi-bin/message/custom/send, /cgi-bin/message/custom/typing and /cgi-bin/media/upload as WeChat answers
 * them (docs/wechat-protocol.md §12): replies within 48 hours of the user's last message, at most 5 per
 * user message, text at most 2048 bytes of UTF-8 (45002); images uploaded as temporary media valid for 3 days.
 */
import { authenticate, errorAnswer, isAnswer, okAnswer, type ApiAnswer, type ApiRequest } from './api';
import { MEDIA_MAX_BYTES, TEXT_MAX_BYTES } from './customerService';
import { parseMultipart } from './multipart';
import type { SandboxState } from './state';

const OPENID = /^o[A-Za-z0-9_-]{27}$/;
const IMAGE_TYPES = new Set(['image/jpeg', 'image/jpg', 'image/png', 'image/gif']);

function jsonBody(request: ApiRequest): Record<string, unknown> | number {
	if (request.body.trim() === '') return 44002;
	try {
		const parsed: unknown = JSON.parse(request.body);
		return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : 47001;
	} catch {
		return 47001;
	}
}

function object(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

const filled = (value: unknown): boolean => typeof value === 'string' && value !== '';

/** The message part of a custom/send body, checked: an errcode when WeChat would refuse it. */
function checkMessage(state: SandboxState, appId: string, msgtype: unknown, body: Record<string, unknown>): number | Record<string, unknown> {
	const now = state.clock.now();
	const part = typeof msgtype === 'string' ? object(body[msgtype]) : undefined;
	switch (msgtype) {
		case 'text':
			if (!part || !filled(part.content)) return 47001;
			return Buffer.byteLength(String(part.content), 'utf8') > TEXT_MAX_BYTES ? 45002 : part;
		case 'image':
			if (!part || !filled(part.media_id)) return 47001;
			return state.customerService.usableMedia(part.media_id, appId, now) ? part : 40007;
		case 'link':
			return part && filled(part.title) && filled(part.description) && filled(part.url) && filled(part.thumb_url) ? part : 47001;
		case 'miniprogrampage':
			if (!part || !filled(part.title) || !filled(part.pagepath) || !filled(part.thumb_media_id)) return 47001;
			return state.customerService.usableMedia(part.thumb_media_id, appId, now) ? part : 40007;
		default:
			return 40008;
	}
}

/** POST /cgi-bin/message/custom/send: token, body, touser, message, then the window and the reply count. */
export function sendCustomMessage(state: SandboxState, request: ApiRequest): ApiAnswer {
	const auth = authenticate(state, request);
	if (isAnswer(auth)) return auth;
	const body = jsonBody(request);
	if (typeof body === 'number') return errorAnswer(state, body);
	const openid = body.touser;
	if (typeof openid !== 'string' || !OPENID.test(openid)) return errorAnswer(state, 40003);
	const message = checkMessage(state, auth.appId, body.msgtype, body);
	if (typeof message === 'number') return errorAnswer(state, message);
	const now = state.clock.now();
	const allowed = state.customerService.checkReply(openid, now);
	if (!allowed.ok) return errorAnswer(state, allowed.errcode);
	state.customerService.recordReply({ appId: auth.appId, openid, msgtype: String(body.msgtype), message, time: now });
	return okAnswer();
}

/** POST /cgi-bin/message/custom/typing: accepted within the user's 48-hour window. */
export function setTyping(state: SandboxState, request: ApiRequest): ApiAnswer {
	const auth = authenticate(state, request);
	if (isAnswer(auth)) return auth;
	const body = jsonBody(request);
	if (typeof body === 'number') return errorAnswer(state, body);
	const openid = body.touser;
	if (typeof openid !== 'string' || !OPENID.test(openid)) return errorAnswer(state, 40003);
	if (body.command !== 'Typing' && body.command !== 'CancelTyping') return errorAnswer(state, 45072);
	if (!state.customerService.windowOpen(openid, state.clock.now())) return errorAnswer(state, 45015);
	return okAnswer();
}

/** POST /cgi-bin/media/upload?type=image, multipart with the file in field `media`. */
export function uploadTempMedia(state: SandboxState, request: ApiRequest): ApiAnswer {
	const auth = authenticate(state, request);
	if (isAnswer(auth)) return auth;
	if (request.query.get('type') !== 'image') return errorAnswer(state, 40004);
	if (request.raw.length === 0) return errorAnswer(state, 44002);
	const parts = parseMultipart(request.raw, request.contentType);
	if (!parts) return errorAnswer(state, 47001);
	const media = parts.find((part) => part.name === 'media' && part.fileName !== undefined);
	if (!media) return errorAnswer(state, 41005);
	const contentType = (media.contentType ?? '').toLowerCase();
	if (!IMAGE_TYPES.has(contentType)) return errorAnswer(state, 40005);
	if (media.data.length === 0 || media.data.length > MEDIA_MAX_BYTES) return errorAnswer(state, 40006);
	const now = state.clock.now();
	const stored = state.customerService.storeMedia({
		appId: auth.appId,
		type: 'image',
		fileName: media.fileName ?? '',
		contentType,
		data: media.data,
		createdAt: now,
	});
	return okAnswer({ type: 'image', media_id: stored.mediaId, created_at: Math.floor(now / 1000) });
}
