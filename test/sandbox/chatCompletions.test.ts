/**
 * The sandbox's OpenAI-compatible chat model (sandbox/chatCompletions.ts) over real HTTP, as n8n's OpenAI Chat
 * Model node (LangChain's ChatOpenAI) calls it: a chat.completion or Server-Sent Events, the reply fixed by the
 * last user message (SANDBOX_RISKY gets a reply the content check flags), the model list, OpenAI's 400 error
 * object, and the requests recorded until a reset.
 */
import { RISKY_REPLY, chatReply } from '../../sandbox/chatCompletions';
import { textRisk } from '../../sandbox/contentSecurity';
import { useSandbox } from '../helpers/sandbox';
import { call, rawRequest, type RawResponse } from './helpers';

const sandbox = useSandbox();
const HEADERS = { 'Content-Type': 'application/json', Authorization: 'Bearer sk-sandbox-dummy' };
const SYSTEM = '你是小程序商城的客服，请用一两句话礼貌地回复用户。';

function chat(body: unknown): Promise<RawResponse> {
	return rawRequest(sandbox.url, 'POST', '/v1/chat/completions', { body: typeof body === 'string' ? body : JSON.stringify(body), headers: HEADERS });
}

function conversation(userText: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		model: 'gpt-4o-mini',
		messages: [
			{ role: 'system', content: SYSTEM },
			{ role: 'user', content: userText },
		],
		temperature: 0.7,
		...extra,
	};
}

/** The `data:` payloads of an SSE body, in order. */
function sseData(text: string): string[] {
	return text
		.split('\n\n')
		.filter((event) => event.trim() !== '')
		.map((event) => {
			expect(event.startsWith('data: ')).toBe(true);
			return event.slice('data: '.length);
		});
}

type Chunk = { id: string; object: string; model: string; choices: Array<{ index: number; delta: { role?: string; content?: string }; finish_reason: string | null }>; usage?: unknown };

describe('POST /v1/chat/completions, not streaming', () => {
	it('answers a chat.completion with the reply to the last user message, the model echoed and token counts', async () => {
		const response = await chat(conversation('我的订单还没发货'));
		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toMatch(/^application\/json/);
		const body = JSON.parse(response.text) as Record<string, unknown>;
		const reply = '您好，已收到您的消息：「我的订单还没发货」。我们会尽快处理，如需人工请回复"人工"。';
		expect(body).toMatchObject({
			id: expect.stringMatching(/^chatcmpl-[0-9a-f]{29}$/),
			object: 'chat.completion',
			created: expect.any(Number),
			model: 'gpt-4o-mini',
			choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop' }],
		});
		const usage = body.usage as { prompt_tokens: number; completion_tokens: number; total_tokens: number };
		expect(Number.isInteger(usage.prompt_tokens) && usage.prompt_tokens > 0).toBe(true);
		expect(usage.completion_tokens).toBe([...reply].length);
		expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
		expect(textRisk(reply)).toBeUndefined();
	});

	it('echoes whatever model is asked for and never calls the tools offered', async () => {
		const tools = [{ type: 'function', function: { name: 'lookup_order', parameters: { type: 'object', properties: {} } } }];
		const body = await call(sandbox.url, 'POST', '/v1/chat/completions', { body: JSON.stringify(conversation('查订单', { model: 'my-local-model', tools, tool_choice: 'auto' })), headers: HEADERS });
		const choice = (body.choices as Array<{ message: Record<string, unknown>; finish_reason: string }>)[0];
		expect(body.model).toBe('my-local-model');
		expect(choice.finish_reason).toBe('stop');
		expect(choice.message.tool_calls).toBeUndefined();
		expect(sandbox.chatCompletions()[0]).toMatchObject({ model: 'my-local-model', toolCount: 1 });
	});

	it('reads the last user message, whose content may be text parts (joined by newlines, other parts ignored)', async () => {
		const body = await call(sandbox.url, 'POST', '/v1/chat/completions', {
			headers: HEADERS,
			body: JSON.stringify({
				model: 'gpt-4o-mini',
				messages: [
					{ role: 'system', content: [{ type: 'text', text: SYSTEM }] },
					{ role: 'user', content: '早先的问题' },
					{ role: 'assistant', content: '早先的回答' },
					{
						role: 'user',
						content: [
							{ type: 'text', text: '第一段' },
							{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
							{ type: 'text', text: '第二段' },
						],
					},
				],
			}),
		});
		const choice = (body.choices as Array<{ message: { content: string } }>)[0];
		expect(choice.message.content).toBe(chatReply('第一段\n第二段'));
		expect(sandbox.chatCompletions()[0]).toMatchObject({ userText: '第一段\n第二段', system: SYSTEM, messageCount: 4 });
	});

	it('answers text containing SANDBOX_RISKY with a reply the content check marks risky', async () => {
		const body = await call(sandbox.url, 'POST', '/v1/chat/completions', { body: JSON.stringify(conversation('请帮我 SANDBOX_RISKY 一下')), headers: HEADERS });
		const content = (body.choices as Array<{ message: { content: string } }>)[0].message.content;
		expect(content).toBe('好的，SANDBOX_RISKY 马上为您处理');
		expect(content).toBe(RISKY_REPLY);
		expect(textRisk(content)?.suggest).toBe('risky');
	});
});

describe('POST /v1/chat/completions with stream: true', () => {
	it('streams chat.completion.chunk events: the role, content deltas that join to the reply, stop, the usage, [DONE]', async () => {
		const response = await chat(conversation('你们几点下班？', { stream: true, stream_options: { include_usage: true } }));
		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
		const data = sseData(response.text);
		expect(data[data.length - 1]).toBe('[DONE]');
		const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as Chunk);
		expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
		expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'gpt-4o-mini')).toBe(true);
		expect(chunks[0].choices[0].delta).toMatchObject({ role: 'assistant', content: '' });

		const usageChunk = chunks[chunks.length - 1];
		expect(usageChunk.choices).toEqual([]);
		expect(usageChunk.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) });
		const stopChunk = chunks[chunks.length - 2];
		expect(stopChunk.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
		expect(chunks.filter((c) => c.choices[0]?.finish_reason === 'stop')).toHaveLength(1);
		expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);

		const deltas = chunks.slice(1, -2).map((c) => c.choices[0].delta.content ?? '');
		expect(deltas.length).toBeGreaterThan(1);
		expect(deltas.join('')).toBe(chatReply('你们几点下班？'));
		expect(sandbox.chatCompletions()[0]).toMatchObject({ stream: true, reply: chatReply('你们几点下班？') });
	});

	it('without include_usage: no usage chunk and no usage field, the stop chunk last before [DONE]', async () => {
		const data = sseData((await chat(conversation('SANDBOX_RISKY', { stream: true }))).text);
		const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as Chunk);
		expect(chunks.every((c) => !('usage' in c))).toBe(true);
		expect(chunks[chunks.length - 1].choices[0].finish_reason).toBe('stop');
		expect(chunks.map((c) => c.choices[0].delta.content ?? '').join('')).toBe(RISKY_REPLY);
	});
});

describe('GET /v1/models', () => {
	it('lists a few models owned by the sandbox, gpt-4o-mini among them', async () => {
		const body = await call(sandbox.url, 'GET', '/v1/models', { headers: { Authorization: 'Bearer anything' } });
		expect(body.object).toBe('list');
		const data = body.data as Array<Record<string, unknown>>;
		expect(data.length).toBeGreaterThanOrEqual(3);
		expect(data).toContainEqual({ id: 'gpt-4o-mini', object: 'model', created: expect.any(Number), owned_by: 'sandbox' });
		expect(data.every((m) => m.object === 'model' && m.owned_by === 'sandbox')).toBe(true);
	});
});

describe('bad requests', () => {
	const refusal = async (body: string) => {
		const response = await chat(body);
		expect(response.status).toBe(400);
		expect(response.headers['content-type']).toMatch(/^application\/json/);
		return (JSON.parse(response.text) as { error: Record<string, unknown> }).error;
	};

	it('answers invalid JSON and an empty body with OpenAI\'s 400 error object, recording nothing', async () => {
		for (const body of ['{"model": "gpt-4o-mini", "messages": [', '', '[1, 2]']) {
			const error = await refusal(body);
			expect(error).toEqual({ message: expect.stringContaining('We could not parse the JSON body'), type: 'invalid_request_error', param: null, code: null });
		}
		expect(sandbox.chatCompletions()).toEqual([]);
	});

	it('400 without a model, without messages, with an empty list or a message without role', async () => {
		expect((await refusal(JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }))).message).toBe('you must provide a model parameter');
		expect(await refusal(JSON.stringify({ model: 'gpt-4o-mini' }))).toMatchObject({ param: 'messages', code: 'missing_required_parameter' });
		expect(await refusal(JSON.stringify({ model: 'gpt-4o-mini', messages: [] }))).toMatchObject({ param: 'messages', code: 'empty_array' });
		expect(await refusal(JSON.stringify({ model: 'gpt-4o-mini', messages: [{ content: 'x' }] }))).toMatchObject({ param: 'messages[0].role' });
		expect(sandbox.chatCompletions()).toEqual([]);
	});
});

describe('recorded requests', () => {
	it('keeps model, last user text, stream flag and reply of each request, on the Sandbox and at GET /__sandbox/chat-completions, until a reset', async () => {
		await chat(conversation('第一条'));
		await chat(conversation('第二条 SANDBOX_RISKY', { model: 'gpt-4.1-mini', stream: true }));
		const recorded = sandbox.chatCompletions();
		expect(recorded).toEqual([
			expect.objectContaining({ seq: 1, model: 'gpt-4o-mini', userText: '第一条', stream: false, reply: chatReply('第一条'), system: SYSTEM, time: expect.any(Number) }),
			expect.objectContaining({ seq: 2, model: 'gpt-4.1-mini', userText: '第二条 SANDBOX_RISKY', stream: true, reply: RISKY_REPLY }),
		]);
		expect(await call(sandbox.url, 'GET', '/__sandbox/chat-completions')).toEqual({ count: 2, completions: recorded });
		expect(sandbox.requests({ path: '/v1/chat/completions' }).map((r) => [r.status, r.errcode])).toEqual([
			[200, 0],
			[200, 0],
		]);

		expect(await call(sandbox.url, 'POST', '/__sandbox/reset')).toEqual({ ok: true });
		expect(sandbox.chatCompletions()).toEqual([]);
		expect(await call(sandbox.url, 'GET', '/__sandbox/chat-completions')).toEqual({ count: 0, completions: [] });
		await chat(conversation('重置之后'));
		expect(sandbox.chatCompletions().map((r) => r.seq)).toEqual([1]);
	});
});
