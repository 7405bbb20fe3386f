/** A tiny webhook for the sandbox's push tests: records what arrives and answers as each test sets it. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { decryptPushMessage, type PushConfig } from '../../sandbox/push';

export interface ReceivedPush {
	method: string;
	url: URL;
	body: string;
}

export interface TestWebhook {
	/** The URL to give the sandbox. */
	url: string;
	received: ReceivedPush[];
	/** What the webhook answers (default 200 `success`), after `delayMs`; a test may make it fail or slow. */
	answer: { status: number; body: string; delayMs?: number };
	/** The most pushes it was answering at once. */
	maxInFlight: number;
	close(): Promise<void>;
}

/** The webhook's answer until a test sets another: what WeChat expects from a server that took a push. */
function acceptingAnswer(): TestWebhook['answer'] {
	return { status: 200, body: 'success' };
}

/**
 * The webhook for a test file or describe block: listening before its tests (`url` is set then), closed
 * after them, and before each test back to nothing received, the accepting answer and no pushes in flight,
 * so each test sees only its own pushes. Call `useWebhook()` where `useSandbox()` is called.
 */
export function useWebhook(): TestWebhook {
	const webhook: TestWebhook = { url: '', received: [], answer: acceptingAnswer(), maxInFlight: 0, close: () => Promise.resolve() };
	beforeAll(async () => {
		await listen(webhook);
	});
	afterAll(async () => {
		await webhook.close();
	});
	beforeEach(() => {
		webhook.received.length = 0;
		webhook.answer = acceptingAnswer();
		webhook.maxInFlight = 0;
	});
	return webhook;
}

/** Starts the server behind `webhook` on a free loopback port and fills in its url and close. */
async function listen(webhook: TestWebhook): Promise<void> {
	let inFlight = 0;
	const server = http.createServer((req, res) => {
		inFlight += 1;
		webhook.maxInFlight = Math.max(webhook.maxInFlight, inFlight);
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			webhook.received.push({ method: req.method ?? '', url: new URL(req.url ?? '/', 'http://webhook'), body: Buffer.concat(chunks).toString('utf8') });
			const { status, body, delayMs = 0 } = webhook.answer;
			setTimeout(() => {
				inFlight -= 1;
				res.writeHead(status, { 'Content-Type': 'text/plain' });
				res.end(body);
			}, delayMs);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	webhook.url = `http://127.0.0.1:${port}/webhook/quota`;
	webhook.close = () =>
		new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
}

/** The message a received push carries, as JSON (plaintext or safe mode, JSON format). */
export function pushedMessage(config: PushConfig, push: ReceivedPush): Record<string, unknown> {
	const body = JSON.parse(push.body) as Record<string, unknown>;
	if (config.mode === 'plaintext') return body;
	return JSON.parse(decryptPushMessage(config.encodingAESKey, String(body.Encrypt)).message) as Record<string, unknown>;
}
