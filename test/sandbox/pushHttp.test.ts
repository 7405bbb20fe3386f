import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { buildEventRequest, decryptPushMessage, pushSignature, renderXml, sendPushRequest, PUSH_EVENT_SAMPLES, type PushConfig } from '../../sandbox/push';
import { useSandbox } from '../helpers/sandbox';
import { postJson, rawRequest } from './helpers';

interface Received {
	method: string;
	url: URL;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** A tiny webhook: records what arrives; answers the echostr of a verification, `success` otherwise. */
async function startWebhook(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
	const received: Received[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://webhook');
			received.push({ method: req.method ?? '', url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(200, { 'Content-Type': 'text/plain' });
			res.end(req.method === 'GET' ? (url.searchParams.get('echostr') ?? '') : 'success');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook/abc/wechat?existing=1`,
		received,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

const CONFIG: PushConfig = {
	token: 'AAAAA',
	encodingAESKey: 'A'.repeat(43),
	appId: 'wxba5fad812f8e6fb9',
	mode: 'safe',
	format: 'xml',
};

describe('push over real HTTP', () => {
	let webhook: Awaited<ReturnType<typeof startWebhook>>;
	const sandbox = useSandbox();

	beforeAll(async () => {
		webhook = await startWebhook();
	});
	beforeEach(() => {
		webhook.received.length = 0;
	});
	afterAll(async () => {
		await webhook.close();
	});

	it('sendPushRequest POSTs the built request, keeping the webhook’s own query', async () => {
		const request = buildEventRequest(CONFIG, PUSH_EVENT_SAMPLES.popup, { timestamp: '1714112445', nonce: '415670741' });
		const answer = await sendPushRequest(webhook.url, request);
		expect(answer).toEqual({ status: 200, body: 'success' });
		const [got] = webhook.received;
		expect(got.method).toBe('POST');
		expect(got.url.pathname).toBe('/webhook/abc/wechat');
		expect(Object.fromEntries(got.url.searchParams)).toEqual({ existing: '1', ...request.query });
		expect(got.headers['content-type']).toBe('text/xml');
		expect(got.headers['content-length']).toBe(String(Buffer.byteLength(request.body)));
		expect(got.body).toBe(request.body);
	});

	it('POST /__sandbox/push sends a named sample and reports the answer and the request', async () => {
		const result = await postJson(sandbox.url, '/__sandbox/push', {
			webhookUrl: webhook.url,
			config: { ...CONFIG, format: 'json', mode: 'compatible' },
			event: 'sentMulti',
		});
		expect(result.status).toBe(200);
		expect(result.body).toBe('success');
		const [got] = webhook.received;
		expect(got.headers['content-type']).toBe('application/json');
		const body = JSON.parse(got.body) as Record<string, unknown>;
		expect(Array.isArray(body.List)).toBe(true);
		const encrypted = body.Encrypt as string;
		expect(got.url.searchParams.get('msg_signature')).toBe(
			pushSignature([CONFIG.token, got.url.searchParams.get('timestamp') ?? '', got.url.searchParams.get('nonce') ?? '', encrypted]),
		);
		expect(sandbox.counters().pushes).toBe(1);
	});

	it('POST /__sandbox/push takes a spec of one’s own and options', async () => {
		const event = { ...PUSH_EVENT_SAMPLES.popupSingle, CreateTime: 1714112999 };
		const result = await postJson(sandbox.url, '/__sandbox/push', {
			webhookUrl: webhook.url,
			config: CONFIG,
			event,
			options: { timestamp: '1714112999', nonce: '42' },
		});
		expect(result.status).toBe(200);
		const [got] = webhook.received;
		expect(got.url.searchParams.get('timestamp')).toBe('1714112999');
		const encrypted = (/<Encrypt><!\[CDATA\[([^\]]+)\]\]>/.exec(got.body) as RegExpExecArray)[1];
		expect(decryptPushMessage(CONFIG.encodingAESKey, encrypted).message).toBe(renderXml(event));
	});

	it('verify sends the GET verification and says whether the echostr came back', async () => {
		const result = await sandbox.push({ webhookUrl: webhook.url, config: CONFIG, verify: true, options: { echostr: '4375120948345356249' } });
		expect(result).toMatchObject({ status: 200, body: '4375120948345356249', verified: true });
		expect(webhook.received[0].method).toBe('GET');
		expect(webhook.received[0].url.searchParams.get('signature')).toBe(
			pushSignature([CONFIG.token, result.request.query.timestamp, result.request.query.nonce]),
		);
	});

	it('refuses unknown samples and bad configs with 400', async () => {
		const cases = [
			{ webhookUrl: webhook.url, config: CONFIG, event: 'nope' },
			{ webhookUrl: webhook.url, config: { ...CONFIG, encodingAESKey: 'short' }, event: 'popup' },
			{ webhookUrl: webhook.url, config: { ...CONFIG, mode: 'secret' }, event: 'popup' },
			{ webhookUrl: 'ftp://x', config: CONFIG, event: 'popup' },
		];
		for (const body of cases) {
			const response = await rawRequest(sandbox.url, 'POST', '/__sandbox/push', { body: JSON.stringify(body) });
			expect(response.status).toBe(400);
		}
		expect(webhook.received).toHaveLength(0);
	});

	it('reports an unreachable webhook as 502', async () => {
		const response = await rawRequest(sandbox.url, 'POST', '/__sandbox/push', {
			body: JSON.stringify({ webhookUrl: 'http://127.0.0.1:1/hook', config: CONFIG, event: 'popup' }),
		});
		expect(response.status).toBe(502);
		expect(response.text).toMatch(/ECONNREFUSED/);
	});
});
