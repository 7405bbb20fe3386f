/**
 * The reliability suites' raw HTTP client sends a request again only when a kept-alive socket was closed by
 * the server before the request reached it; every other transport failure is the answer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { closeAgent, sendRaw, type RawRequest } from '../e2e/support/reliability/http';

/** A server that answers the first request on each connection and destroys the connection on any later one. */
async function serverClosingReusedConnections(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
	let received = 0;
	const perSocket = new WeakMap<object, number>();
	const server = http.createServer((req, res) => {
		received++;
		const seen = (perSocket.get(req.socket) ?? 0) + 1;
		perSocket.set(req.socket, seen);
		if (seen > 1) {
			req.socket.destroy();
			return;
		}
		req.resume();
		req.on('end', () => res.end(`answer ${received}`));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hook`,
		received: () => received,
		close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
	};
}

/** A server that destroys every connection as soon as a request arrives. */
async function serverResettingEverything(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
	let received = 0;
	const server = http.createServer((req) => {
		received++;
		req.socket.destroy();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}/hook`, received: () => received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const post = (url: string): RawRequest => ({ method: 'POST', url, query: [], headers: { 'content-type': 'text/plain' }, body: Buffer.from('hello') });

afterAll(() => closeAgent());

describe('sendRaw', () => {
	test('a request on a kept-alive socket the server closed is sent once more on a new connection', async () => {
		const server = await serverClosingReusedConnections();
		try {
			const first = await sendRaw(post(server.url));
			expect({ status: first.status, body: first.body.toString(), again: first.resentOnNewConnection }).toEqual({ status: 200, body: 'answer 1', again: undefined });
			const second = await sendRaw(post(server.url)); // reuses the kept-alive socket, which the server destroys
			expect({ status: second.status, body: second.body.toString(), error: second.error, again: second.resentOnNewConnection }).toEqual({
				status: 200,
				body: 'answer 3',
				error: undefined,
				again: true,
			});
			expect(server.received()).toBe(3);
		} finally {
			await server.close();
		}
	});

	test('a reset on a new connection is the answer: not sent again', async () => {
		const server = await serverResettingEverything();
		try {
			closeAgent(); // no kept-alive socket from the test before
			const answer = await sendRaw(post(server.url));
			expect(answer.status).toBe(0);
			expect(answer.error).toMatch(/ECONNRESET|socket hang up/);
			expect(answer.resentOnNewConnection).toBeUndefined();
			expect(server.received()).toBe(1);
		} finally {
			await server.close();
		}
	});
});
