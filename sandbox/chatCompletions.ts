/**
 * The sandbox's chat model: just enough of OpenAI's Chat Completions API for n8n's OpenAI Chat Model node
 * (LangChain's ChatOpenAI) with its credential's Base URL set to `<sandbox>/v1`, so the AI-agent demo
 * (agent → content check → reply or hand-off) runs without network. No model: the answer is fixed by the
 * text of the last user message, so tests know it in advance. Text containing SANDBOX_RISKY is answered with
 * a reply containing it (the content check, contentSecurity.ts, marks that reply risky); any other text gets a
 * polite acknowledgement quoting it. It never calls a tool, whatever tools are offered, so an agent stops after
 * one call. The routes are in chatCompletionsApi.ts.
 */
import { createHash } from 'node:crypto';

import { pushBounded } from './boundedHistory';
import { objectField, type JsonFields } from './jsonRequest';

/** The content check's risky marker (CONTENT_MARKERS in contentSecurity.ts). */
export const RISKY_MARKER = 'SANDBOX_RISKY';
/** The reply to a text containing RISKY_MARKER: it contains the marker, so checking the reply flags it. */
export const RISKY_REPLY = `好的，${RISKY_MARKER} 马上为您处理`;

/** The reply to the last user message's text. */
export function chatReply(text: string): string {
	if (text.includes(RISKY_MARKER)) return RISKY_REPLY;
	return `您好，已收到您的消息：「${text}」。我们会尽快处理，如需人工请回复"人工"。`;
}

/** The models GET /v1/models lists: the defaults of the OpenAI Chat Model node in n8n 1.x and 2.x among them. */
export const SANDBOX_CHAT_MODELS: ReadonlyArray<{ id: string; created: number }> = [
	{ id: 'gpt-4o-mini', created: 1721172741 },
	{ id: 'gpt-4o', created: 1715367049 },
	{ id: 'gpt-4.1-mini', created: 1744318173 },
	{ id: 'gpt-5-mini', created: 1754425928 },
];

/** GET /v1/models's body. Any model id is accepted by chat/completions all the same, as OpenAI-compatible servers do. */
export function modelList(): Record<string, unknown> {
	return { object: 'list', data: SANDBOX_CHAT_MODELS.map((m) => ({ id: m.id, object: 'model', created: m.created, owned_by: 'sandbox' })) };
}

/** What the sandbox reads from a chat/completions body. */
export interface ChatRequest {
	model: string;
	stream: boolean;
	/** stream_options.include_usage: a last chunk with the usage (LangChain asks for it when it streams). */
	includeUsage: boolean;
	/** The last user message's text ('' when there is none). */
	userText: string;
	/** The first system (or developer) message's text, e.g. the agent's system message. */
	system?: string;
	messageCount: number;
	/** Tools offered (never called). */
	toolCount: number;
	/** Characters of every message's text, for a token estimate. */
	promptChars: number;
}

/** A refused request, as OpenAI describes it (the API module adds `type: invalid_request_error`). */
export interface ChatRequestError {
	message: string;
	param: string | null;
	code: string | null;
}

export const UNPARSABLE_BODY: ChatRequestError = {
	message:
		"We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
	param: null,
	code: null,
};

/**
 * A message's text: string content as it is; of an array of parts, the text parts joined by newlines (image
 * and other parts carry no text the sandbox answers to).
 */
export function messageText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content
		.map(objectField)
		.flatMap((part) => (part?.type === 'text' && typeof part.text === 'string' ? [part.text] : []))
		.join('\n');
}

/** The request the body describes, or why OpenAI would refuse it (only what the sandbox needs is checked). */
export function readChatRequest(body: JsonFields): ChatRequest | ChatRequestError {
	if (typeof body.model !== 'string' || body.model === '') return { message: 'you must provide a model parameter', param: null, code: null };
	if (!Array.isArray(body.messages)) return { message: "Missing required parameter: 'messages'.", param: 'messages', code: 'missing_required_parameter' };
	const messages = body.messages.map(objectField);
	if (messages.length === 0) {
		return { message: "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", param: 'messages', code: 'empty_array' };
	}
	const badIndex = messages.findIndex((m) => typeof m?.role !== 'string');
	if (badIndex >= 0) return { message: `Missing required parameter: 'messages[${badIndex}].role'.`, param: `messages[${badIndex}].role`, code: 'missing_required_parameter' };
	const typed = messages as JsonFields[];
	const lastUser = [...typed].reverse().find((m) => m.role === 'user');
	const system = typed.find((m) => m.role === 'system' || m.role === 'developer');
	return {
		model: body.model,
		stream: body.stream === true,
		includeUsage: objectField(body.stream_options)?.include_usage === true,
		userText: lastUser ? messageText(lastUser.content) : '',
		...(system ? { system: messageText(system.content) } : {}),
		messageCount: typed.length,
		toolCount: Array.isArray(body.tools) ? body.tools.length : 0,
		promptChars: typed.reduce((sum, m) => sum + [...messageText(m.content)].length, 0),
	};
}

export function isChatRequest(value: ChatRequest | ChatRequestError): value is ChatRequest {
	return 'model' in value;
}

/**
 * Token counts of OpenAI's shape. Estimates only (about one token per CJK character, plus OpenAI's few tokens
 * of overhead per message): n8n shows them, nothing depends on their exact values.
 */
export function usageOf(request: ChatRequest, reply: string): Record<string, unknown> {
	const promptTokens = request.promptChars + 3 * request.messageCount + 3;
	const completionTokens = [...reply].length;
	return {
		prompt_tokens: promptTokens,
		completion_tokens: completionTokens,
		total_tokens: promptTokens + completionTokens,
		prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
		completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
	};
}

/** The id and `created` (unix seconds) shared by a completion or all the chunks of one stream. */
export interface CompletionIds {
	id: string;
	created: number;
}

const SYSTEM_FINGERPRINT = 'fp_sandbox';

/** The non-streaming answer: a chat.completion object. */
export function completionBody(request: ChatRequest, reply: string, ids: CompletionIds): Record<string, unknown> {
	return {
		id: ids.id,
		object: 'chat.completion',
		created: ids.created,
		model: request.model,
		choices: [{ index: 0, message: { role: 'assistant', content: reply, refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
		usage: usageOf(request, reply),
		service_tier: 'default',
		system_fingerprint: SYSTEM_FINGERPRINT,
	};
}

/** Code points per content delta: several deltas, so a client that joins them is tested as it would be by OpenAI. */
const DELTA_CODE_POINTS = 8;

/** The reply cut into content deltas, never inside a surrogate pair. */
export function contentDeltas(reply: string): string[] {
	const points = [...reply];
	const deltas: string[] = [];
	for (let start = 0; start < points.length; start += DELTA_CODE_POINTS) deltas.push(points.slice(start, start + DELTA_CODE_POINTS).join(''));
	return deltas;
}

/**
 * The streaming answer as Server-Sent Events, in OpenAI's order: a chunk with the assistant role and empty
 * content, the content deltas, a chunk with finish_reason stop and an empty delta, with include_usage a last
 * chunk with no choices and the usage (the others then carry `usage: null`), then `data: [DONE]`. All at
 * once: a client reads events, not packets.
 */
export function completionStream(request: ChatRequest, reply: string, ids: CompletionIds): string {
	const chunk = (choices: unknown[], usage?: Record<string, unknown>) => ({
		id: ids.id,
		object: 'chat.completion.chunk',
		created: ids.created,
		model: request.model,
		service_tier: 'default',
		system_fingerprint: SYSTEM_FINGERPRINT,
		choices,
		...(request.includeUsage ? { usage: usage ?? null } : {}),
	});
	const choice = (delta: Record<string, unknown>, finishReason: 'stop' | null = null) => ({ index: 0, delta, logprobs: null, finish_reason: finishReason });
	const chunks = [
		chunk([choice({ role: 'assistant', content: '', refusal: null })]),
		...contentDeltas(reply).map((content) => chunk([choice({ content })])),
		chunk([choice({}, 'stop')]),
	];
	if (request.includeUsage) chunks.push(chunk([], usageOf(request, reply)));
	return `${chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('')}data: [DONE]\n\n`;
}

/** One chat request the sandbox answered. */
export interface RecordedChatCompletion {
	/** 1, 2, 3, … (starts over on reset). */
	seq: number;
	/** The completion's id (`chatcmpl-…`). */
	id: string;
	/** Sandbox clock, unix ms. */
	time: number;
	model: string;
	userText: string;
	system?: string;
	stream: boolean;
	reply: string;
	messageCount: number;
	toolCount: number;
}

/** Recorded requests kept in memory; older ones are dropped a tenth at a time. */
export const CHAT_HISTORY_LIMIT = 10_000;

/** The chat requests answered since the last reset, for tests that check what an agent asked. */
export class ChatCompletionLog {
	private records: RecordedChatCompletion[] = [];

	private nextSeq = 1;

	/** Records an answered request; its seq gives the completion a fresh id. */
	record(request: ChatRequest, reply: string, time: number): RecordedChatCompletion {
		const seq = this.nextSeq++;
		const id = `chatcmpl-${createHash('sha256').update(`${seq}\u0000${time}\u0000${request.userText}`).digest('hex').slice(0, 29)}`;
		const { model, userText, system, stream, messageCount, toolCount } = request;
		const entry: RecordedChatCompletion = { seq, id, time, model, userText, ...(system !== undefined ? { system } : {}), stream, reply, messageCount, toolCount };
		pushBounded(this.records, entry, CHAT_HISTORY_LIMIT);
		return { ...entry };
	}

	list(): RecordedChatCompletion[] {
		return this.records.map((r) => ({ ...r }));
	}

	clear(): void {
		this.records = [];
		this.nextSeq = 1;
	}
}
