/** Raw HTTP for the reliability tests: exact bytes out, the whole answer back, bounded concurrency. */
import http from 'node:http';

import { isShedAnswer, shedPauseMs } from '../../../../harness';

export interface RawRequest {
	method: string;
	/** Full URL without the query. */
	url: string;
	query: Array<[string, string]>;
	headers: Record<string, string>;
	body: Buffer;
}

export interface RawAnswer {
	/** 0 when no HTTP answer came (connection error before a status line). */
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
	/** A transport error, if the exchange did not complete. */
	error?: string;
	ms: number;
	/**
	 * True when a kept-alive socket was closed by the server before our request reached it, and the request
	 * was sent again on a new connection (the answer is the new connection's).
	 */
	resentOnNewConnection?: boolean;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function urlWithQuery(url: string, query: Array<[string, string]>): string {
	const target = new URL(url);
	for (const [name, value] of query) target.searchParams.append(name, value);
	return target.toString();
}

/**
 * Sends one request; never rejects (transport errors come back in `error`).
 *
 * A kept-alive socket the server closes for idleness at the moment we reuse it fails with ECONNRESET, EPIPE
 * or "socket hang up" before any answer: the server never read the request (Node's HTTP documentation
 * describes this race and this remedy). Only that case is sent again, once, on a new connection; a reset on
 * a new connection, or after a status line, is the answer.
 */
export async function sendRaw(request: RawRequest, timeoutMs = 60_000): Promise<RawAnswer> {
	const first = await exchange(request, timeoutMs, agent);
	if (!first.closedBeforeUse) return first.answer;
	const second = await exchange(request, timeoutMs, false);
	return { ...second.answer, resentOnNewConnection: true };
}

const IDLE_CLOSE_ERRORS = new Set(['ECONNRESET', 'EPIPE']);

interface Exchanged {
	answer: RawAnswer;
	/** The request failed on a reused socket before any byte of an answer: the server had closed it. */
	closedBeforeUse: boolean;
}

function exchange(request: RawRequest, timeoutMs: number, via: http.Agent | false): Promise<Exchanged> {
	const started = Date.now();
	return new Promise((resolve) => {
		let settled = false;
		let status = 0;
		let headers: http.IncomingHttpHeaders = {};
		const chunks: Buffer[] = [];
		const finish = (error?: NodeJS.ErrnoException) => {
			if (settled) return;
			settled = true;
			const closedBeforeUse =
				error !== undefined && status === 0 && req.reusedSocket && (IDLE_CLOSE_ERRORS.has(error.code ?? '') || error.message === 'socket hang up');
			resolve({ answer: { status, headers, body: Buffer.concat(chunks), error: error?.message, ms: Date.now() - started }, closedBeforeUse });
		};
		const outgoing: Record<string, string | number> = { ...request.headers };
		if (request.method !== 'GET' || request.body.length > 0) outgoing['content-length'] = request.body.length;
		const req = http.request(urlWithQuery(request.url, request.query), { method: request.method, headers: outgoing, agent: via }, (res) => {
			status = res.statusCode ?? 0;
			headers = res.headers;
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => finish());
			res.on('error', (error) => finish(error));
			res.on('aborted', () => finish(new Error('response aborted')));
		});
		req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		// A server that answers early (413) may close while we still write: keep the answer we got.
		req.on('error', (error) => finish(error));
		req.end(request.body);
	});
}

/** Frees the keep-alive sockets (end of a test file). */
export function closeAgent(): void {
	agent.destroy();
}

export interface Resent {
	answer: RawAnswer;
	/** How many times n8n answered 503 "Database is not ready!" before this answer. */
	shed: number;
}

/**
 * Sends like WeChat's servers do when n8n sheds load: a 503 "Database is not ready!" (n8n's database ping
 * failed, so its middleware refused the request before any webhook code ran) is sent again after a pause,
 * up to `maxResends` times. Any other answer, or none, is final.
 */
export async function sendResendingWhenShed(request: RawRequest, timeoutMs = 60_000, maxResends = 30): Promise<Resent> {
	let shed = 0;
	for (;;) {
		const answer = await sendRaw(request, timeoutMs);
		if (!isShedAnswer(answer.status, answer.body.toString('utf8')) || shed >= maxResends) return { answer, shed };
		shed++;
		await new Promise((resolve) => setTimeout(resolve, shedPauseMs(shed)));
	}
}

/** Runs tasks one at a time, in the order they were queued (a single lane among concurrent workers). */
export class SingleLane {
	private tail: Promise<unknown> = Promise.resolve();

	run<T>(task: () => Promise<T>): Promise<T> {
		const result = this.tail.then(task, task);
		this.tail = result.catch(() => undefined);
		return result;
	}
}
