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

export interface TwoLaneOptions {
	/** Most tasks of the parallel lane in flight at once. */
	parallel: number;
	/** Most prepared tasks waiting for the serial lane (bounds how long a prepared request ages before it is sent). */
	serialBacklog: number;
}

/**
 * Prepares `count` tasks one after another (a request is made just before it can be sent, so its
 * timestamps are fresh) and runs each in one of two lanes: `serial(task)` ones one at a time, in order,
 * the others up to `parallel` at once. A task waiting for the serial lane never holds up the parallel
 * one: only the preparing of the next task waits, and only while the serial backlog is full. Results in
 * preparation order.
 */
export async function runInTwoLanes<T, R>(
	count: number,
	prepare: (index: number) => Promise<T>,
	serial: (task: T) => boolean,
	run: (task: T) => Promise<R>,
	options: TwoLaneOptions,
): Promise<R[]> {
	const results = new Array<R>(count);
	const failures: unknown[] = [];
	let parallelInFlight = 0;
	let serialWaiting = 0;
	let serialTail: Promise<void> = Promise.resolve();
	const pending = new Set<Promise<void>>();
	let wake: () => void = () => undefined;
	// Only this loop waits, and it checks and starts waiting in one synchronous step, so no wake is missed.
	const changed = () => new Promise<void>((resolve) => (wake = resolve));
	const track = (work: Promise<void>) => {
		const tracked = work.catch((error: unknown) => void failures.push(error)).finally(() => {
			pending.delete(tracked);
			wake();
		});
		pending.add(tracked);
	};
	for (let index = 0; index < count && failures.length === 0; index++) {
		const task = await prepare(index);
		if (serial(task)) {
			while (serialWaiting > options.serialBacklog) await changed();
			serialWaiting++;
			serialTail = serialTail.then(async () => {
				try {
					results[index] = await run(task);
				} finally {
					serialWaiting--;
				}
			});
			track(serialTail);
			serialTail = serialTail.catch(() => undefined);
		} else {
			while (parallelInFlight >= options.parallel) await changed();
			parallelInFlight++;
			track(
				(async () => {
					try {
						results[index] = await run(task);
					} finally {
						parallelInFlight--;
					}
				})(),
			);
		}
	}
	await Promise.all(pending);
	if (failures.length > 0) throw failures[0];
	return results;
}
