/**
 * Not WeChat's: an OpenAI-compatible chat model for the AI-agent demo (rules in chatCompletions.ts).
 * POST /v1/chat/completions answers a chat.completion, or with `stream: true` Server-Sent Events, and records
 * the request; GET /v1/models lists a few models. Errors are OpenAI's: an HTTP 400 with
 * `{error: {message, type, param, code}}`. The API key is not checked: the demo's credential holds a dummy one.
 */
import type { ApiAnswer, ApiRequest } from './api';
import {
	completionBody,
	completionStream,
	chatReply,
	isChatRequest,
	modelList,
	readChatRequest,
	UNPARSABLE_BODY,
	type ChatRequestError,
} from './chatCompletions';
import { readJsonFields } from './jsonRequest';
import type { SandboxState } from './state';

/** OpenAI answers JSON as plain application/json (the WeChat answers' `encoding=utf-8` is WeChat's quirk). */
const JSON_TYPE = 'application/json';
const EVENT_STREAM_TYPE = 'text/event-stream; charset=utf-8';

/** An OpenAI error answer. `errcode` is only for the request log, which records it for HTTP 200 answers alone. */
function openAiError(error: ChatRequestError, status = 400): ApiAnswer {
	const body = JSON.stringify({ error: { message: error.message, type: 'invalid_request_error', param: error.param, code: error.code } });
	return { status, body, contentType: JSON_TYPE, errcode: status };
}

/** POST /v1/chat/completions: the reply to the last user message, whole or streamed; recorded for chatCompletions(). */
export function createChatCompletion(state: SandboxState, request: ApiRequest): ApiAnswer {
	const body = readJsonFields(request);
	if (typeof body === 'number') return openAiError(UNPARSABLE_BODY);
	const chat = readChatRequest(body);
	if (!isChatRequest(chat)) return openAiError(chat);
	const reply = chatReply(chat.userText);
	const recorded = state.chatCompletions.record(chat, reply, state.clock.now());
	const ids = { id: recorded.id, created: Math.floor(recorded.time / 1000) };
	if (chat.stream) return { status: 200, body: completionStream(chat, reply, ids), contentType: EVENT_STREAM_TYPE, errcode: 0 };
	return { status: 200, body: JSON.stringify(completionBody(chat, reply, ids)), contentType: JSON_TYPE, errcode: 0 };
}

/** GET /v1/models: what n8n's model list (and the credential test) reads. */
export function listModels(): ApiAnswer {
	return { status: 200, body: JSON.stringify(modelList()), contentType: JSON_TYPE, errcode: 0 };
}
