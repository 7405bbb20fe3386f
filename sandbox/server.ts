/**
 * The local WeChat: plain node:http, answering the mini program server APIs the way WeChat does, plus the
 * control API under /__sandbox/. Cheap per request on purpose: it is the baseline of the benchmarks.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

import { errorAnswer, type ApiAnswer } from './api';
import { SandboxClock } from './clock';
import { ControlInputError, SandboxControl, type PushControlRequest, type PushControlResult, type RegisteredApp } from './control';
import { countErrcode, type SandboxCounters } from './counters';
import type { RecordedChatCompletion } from './chatCompletions';
import type { RecordedReply, RecordedTransfer, UserSession } from './customerService';
import type { GeneratedLink, LinkFilter } from './links';
import type { SandboxOrder } from './shipping';
import type { DeliveryEventsInput, DeliveryEventsStatus } from './deliveryEvents';
import type { FaultSpec } from './faults';
import type { PopupScriptInput, PopupScriptResult } from './popups';
import { touserOf, type RequestFilter, type RequestRecord } from './requestLog';
import { WECHAT_ROUTES } from './routes';
import { SANDBOX_APP_ID, SANDBOX_APP_SECRET } from './seed';
import { SandboxState, type MessageFilter, type RecordedMessage } from './state';
import type { QuotaRow } from './subscriptionQuota';
import type { IssuedTokenRecord } from './tokens';
import type { RobotMessage } from './weComRobot';

export interface SandboxOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** Delay before every WeChat API answer (default 0). */
	latencyMs?: number;
	/** The clock the sandbox starts from (default Date.now); `advanceClock` moves it on. */
	now?: () => number;
}

export interface Sandbox {
	/** e.g. `http://127.0.0.1:8787`: the base URL to give the credential as custom base URL. */
	readonly url: string;
	readonly host: string;
	readonly port: number;
	/** The seeded app. */
	readonly appId: string;
	readonly appSecret: string;
	close(): Promise<void>;
	reset(): void;
	counters(): SandboxCounters;
	messages(filter?: MessageFilter): RecordedMessage[];
	latency(): number;
	setLatency(ms: number): void;
	/** Kills every token issued so far: now, or right after `afterSends` more accepted sends. */
	invalidateTokens(afterSends?: number): void;
	/** WeChat API calls since the last reset, with the fault and answer of each. */
	requests(filter?: RequestFilter): RequestRecord[];
	/** Every access token minted since start-up (kept across resets). */
	issuedTokens(): IssuedTokenRecord[];
	addFault(spec: FaultSpec): void;
	pendingFaults(): FaultSpec[];
	clearFaults(): void;
	/** null returns (openid, template) to the default: unlimited, or none for OpenIDs containing NOSUB. */
	setSubscription(openid: string, templateId: string, remaining: number | null): void;
	/** Every accepted send is followed by its subscribe_msg_sent_event push (see README); replaces an earlier setting. */
	configureDeliveryEvents(input: DeliveryEventsInput): DeliveryEventsStatus;
	/** No more delivery events; waiting ones are dropped. */
	stopDeliveryEvents(): DeliveryEventsStatus;
	/** Counts (pending, sent, failed, dropped) and every delivery event since configure or reset. */
	deliveryEvents(): DeliveryEventsStatus;
	/** Resolves once no delivery event is waiting or in flight (or after timeoutMs, default 30 s, with settled false). */
	deliveryEventsSettled(timeoutMs?: number): Promise<DeliveryEventsStatus & { settled: boolean }>;
	/** The quota table: every (OpenID, template) pair touched by a popup or change event since the last reset. */
	quotas(filter?: { openid?: string; templateId?: string }): QuotaRow[];
	registerApp(appId: string, appSecret: string): RegisteredApp;
	/** Another set of its title's keywords for an account template, same priTmplId (a change in the console). */
	changeTemplateKeywords(priTmplId: string, kidList: number[]): { priTmplId: string; content: string };
	/** The sandbox clock (unix ms). */
	now(): number;
	advanceClock(ms: number): number;
	push(request: PushControlRequest): Promise<PushControlResult>;
	/** Many users answer subscription popups / switch templates off in settings, one push per action (see README). */
	popups(script: PopupScriptInput): Promise<PopupScriptResult>;
	/** The user writes now (as a text push does): opens the 48-hour reply window with 5 replies. */
	userWrote(openid: string): UserSession;
	/** The user's reply window, or null when the user never wrote. */
	session(openid: string): UserSession | null;
	/** Customer-service replies accepted since the last reset. */
	customerMessages(openid?: string): RecordedReply[];
	/** Messages posted to the WeCom group robot (example 8's alerts) since the last reset. */
	robotMessages(): RobotMessage[];
	/** An uploaded temporary media: exact bytes as base64, sha256, size, type, createdAt, expiresAt. */
	media(mediaId: string): Record<string, unknown>;
	/** Today's calls to an API counted against its quota (what quota/get reports as used). */
	quotaUsed(cgiPath: string, appId?: string): number;
	/** Sessions handed to web customer service by a transfer_customer_service reply to a pushed user message. */
	transfers(openid?: string): RecordedTransfer[];
	/** URL Links, URL Schemes and Short Links generated since the last reset. */
	links(filter?: LinkFilter): GeneratedLink[];
	/** The shipping orders (seeded on reset, see README) with their state and shipping. */
	orders(transactionId?: string): SandboxOrder[];
	/** Requests to the OpenAI-compatible chat model (`/v1/chat/completions`) since the last reset, with the replies given. */
	chatCompletions(): RecordedChatCompletion[];
}

export const CONTROL_PREFIX = '/__sandbox';
const JSON_CONTENT_TYPE = 'application/json; encoding=utf-8';
const MAX_BODY_BYTES = 1_048_576;
const HTTP_500_PAGE =
	'<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n<center><h1>500 Internal Server Error</h1></center>\r\n</body>\r\n</html>\r\n';

type ControlRoute = (control: SandboxControl, body: unknown, query: URLSearchParams) => unknown;

function field(body: unknown, key: string): unknown {
	return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
}

const CONTROL_ROUTES: Readonly<Record<string, ControlRoute>> = {
	'GET /__sandbox/': () => ({
		endpoints: [
			'POST /__sandbox/reset',
			'GET  /__sandbox/counters',
			'GET  /__sandbox/messages?openid=&templateId=',
			'POST /__sandbox/latency {ms}',
			'POST /__sandbox/invalidate-tokens {afterSends?}',
			'GET  /__sandbox/requests?path=&touser=',
			'GET  /__sandbox/tokens',
			'GET  /__sandbox/faults',
			"POST /__sandbox/faults {mode: 'errcode'|'http500'|'hang'|'reset', errcode?, count, path?, afterProcessing?, skip?, afterBytes?}",
			'POST /__sandbox/faults/clear',
			'POST /__sandbox/subscriptions {openid, templateId, remaining (null = default)}',
			'GET  /__sandbox/quotas?openid=&templateId=',
			'POST /__sandbox/delivery-events {webhookUrl, config, failFor?, failFraction?, errorCode?, errorStatus?, delayMs?, attempts?, concurrency?, jsonListShape?}',
			'GET  /__sandbox/delivery-events',
			'DELETE /__sandbox/delivery-events',
			'POST /__sandbox/delivery-events/wait {timeoutMs?}',
			'POST /__sandbox/apps {appId, appSecret}',
			'POST /__sandbox/templates/keywords {priTmplId, kidList}',
			'GET  /__sandbox/clock',
			'POST /__sandbox/clock {advanceMs}',
			'POST /__sandbox/push {webhookUrl, config, event, verify?, options?}',
			'POST /__sandbox/popups {webhookUrl, config, users: [{openid, accept?, reject?, popups?, concurrent?, switchOff?, deliveries?}] or {count, first?, accept?, …}, concurrency?, jsonListShape?}',
			'POST /__sandbox/user-message {openid}',
			'GET  /__sandbox/session?openid=',
			'GET  /__sandbox/custom-messages?openid=',
			'GET  /__sandbox/media?mediaId=',
			'GET  /__sandbox/quota?cgiPath=&appId=',
			'GET  /__sandbox/robot-messages',
			'GET  /__sandbox/transfers?openid=',
			'GET  /__sandbox/links?kind=&link=',
			'GET  /__sandbox/orders?transactionId=',
			'GET  /__sandbox/chat-completions',
		],
	}),
	'POST /__sandbox/reset': (c) => {
		c.reset();
		return { ok: true };
	},
	'GET /__sandbox/counters': (c) => c.counters(),
	'GET /__sandbox/messages': (c, _body, q) => {
		const messages = c.messages({ openid: q.get('openid') ?? undefined, templateId: q.get('templateId') ?? undefined });
		return { count: messages.length, messages };
	},
	'GET /__sandbox/latency': (c) => ({ ms: c.latency() }),
	'POST /__sandbox/latency': (c, body) => ({ ms: c.setLatency(field(body, 'ms')) }),
	'POST /__sandbox/invalidate-tokens': (c, body) => ({ ok: true, ...c.invalidateTokens(field(body, 'afterSends')) }),
	'GET /__sandbox/requests': (c, _body, q) => {
		const requests = c.requests({ path: q.get('path') ?? undefined, touser: q.get('touser') ?? undefined });
		return { count: requests.length, requests };
	},
	'GET /__sandbox/tokens': (c) => {
		const tokens = c.issuedTokens();
		return { count: tokens.length, tokens };
	},
	'GET /__sandbox/faults': (c) => ({ pending: c.pendingFaults() }),
	'POST /__sandbox/faults': (c, body) => ({ pending: c.addFault(body) }),
	'POST /__sandbox/faults/clear': (c) => {
		c.clearFaults();
		return { pending: [] };
	},
	'POST /__sandbox/subscriptions': (c, body) =>
		c.setSubscription(field(body, 'openid'), field(body, 'templateId'), field(body, 'remaining')),
	'POST /__sandbox/delivery-events': (c, body) => c.configureDeliveryEvents(body),
	'GET /__sandbox/delivery-events': (c) => c.deliveryEvents(),
	'DELETE /__sandbox/delivery-events': (c) => c.stopDeliveryEvents(),
	'POST /__sandbox/delivery-events/wait': (c, body) => c.deliveryEventsSettled(field(body, 'timeoutMs') ?? 30_000),
	'GET /__sandbox/quotas': (c, _body, q) => {
		const quotas = c.quotas({ openid: q.get('openid') ?? undefined, templateId: q.get('templateId') ?? undefined });
		return { count: quotas.length, quotas };
	},
	'POST /__sandbox/apps': (c, body) => c.registerApp(field(body, 'appId'), field(body, 'appSecret')),
	'POST /__sandbox/templates/keywords': (c, body) => c.changeTemplateKeywords(field(body, 'priTmplId'), field(body, 'kidList')),
	'GET /__sandbox/clock': (c) => ({ now: c.now() }),
	'POST /__sandbox/clock': (c, body) => ({ now: c.advanceClock(field(body, 'advanceMs')) }),
	'POST /__sandbox/push': (c, body) => c.push(body),
	'POST /__sandbox/popups': (c, body) => c.popups(body),
	'POST /__sandbox/user-message': (c, body) => c.userWrote(field(body, 'openid')),
	'GET /__sandbox/session': (c, _body, q) => ({ session: c.session(q.get('openid') ?? undefined) }),
	'GET /__sandbox/custom-messages': (c, _body, q) => {
		const messages = c.customerMessages(q.get('openid') ?? undefined);
		return { count: messages.length, messages };
	},
	'GET /__sandbox/media': (c, _body, q) => c.media(q.get('mediaId') ?? undefined),
	'GET /__sandbox/robot-messages': (c) => {
		const messages = c.robotMessages();
		return { count: messages.length, messages };
	},
	'GET /__sandbox/quota': (c, _body, q) => ({ used: c.quotaUsed(q.get('cgiPath') ?? undefined, q.get('appId') ?? undefined) }),
	'GET /__sandbox/transfers': (c, _body, q) => {
		const transfers = c.transfers(q.get('openid') ?? undefined);
		return { count: transfers.length, transfers };
	},
	'GET /__sandbox/links': (c, _body, q) => {
		const links = c.links({ kind: q.get('kind') ?? undefined, link: q.get('link') ?? undefined });
		return { count: links.length, links };
	},
	'GET /__sandbox/orders': (c, _body, q) => {
		const orders = c.orders(q.get('transactionId') ?? undefined);
		return { count: orders.length, orders };
	},
	'GET /__sandbox/chat-completions': (c) => {
		const completions = c.chatCompletions();
		return { count: completions.length, completions };
	},
};

/** An upload may carry a 2 MB image (and more, to be refused with 40006 rather than 47001). */
const MAX_UPLOAD_BYTES = 4 * 1_048_576;

function readBody(req: IncomingMessage, done: (body: string, tooLarge: boolean, raw: Buffer) => void, limit = MAX_BODY_BYTES): void {
	const chunks: Buffer[] = [];
	let size = 0;
	req.on('data', (chunk: Buffer) => {
		size += chunk.length;
		if (size <= limit) chunks.push(chunk);
	});
	req.on('end', () => {
		const raw = Buffer.concat(chunks);
		done(raw.toString('utf8'), size > limit, raw);
	});
	req.on('error', () => undefined);
}

/**
 * Starts the local WeChat: a fresh state (seeded app, templates, clock), an HTTP server answering the
 * WeChat APIs and the control API, listening on `options.port` (0: a free one).
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const host = options.host ?? '127.0.0.1';
	const state = new SandboxState(new SandboxClock(options.now));
	const control = new SandboxControl(state);
	if (options.latencyMs !== undefined) state.defaultLatencyMs = control.setLatency(options.latencyMs);
	const responder = new Responder(state);
	const server = createSandboxServer(state, control, responder);
	const sockets = trackConnections(server);
	const port = await listen(server, options.port ?? 0, host);
	return sandboxHandle({ host, port, control, close: closeOnce(server, sockets, responder, () => state.deliveryEvents.stop()) });
}

function writeAnswer(res: ServerResponse, answer: ApiAnswer, contentType: string, record?: RequestRecord): void {
	if (!res.destroyed && !res.writableEnded) {
		if (record) {
			record.status = answer.status;
			if (answer.status === 200) record.errcode = answer.errcode;
		}
		res.writeHead(answer.status, { 'Content-Type': answer.contentType ?? contentType, 'Content-Length': Buffer.byteLength(answer.body) });
		res.end(answer.body);
	}
	answer.release?.();
}

/**
 * Sends WeChat API answers the way the sandbox is set to: after its latency, or broken by a fault.
 * Keeps the latency timers it has pending, so that close() can drop them.
 */
class Responder {
	private readonly timers = new Set<NodeJS.Timeout>();

	constructor(private readonly state: SandboxState) {}

	/** Runs `action` after the configured latency (at once when there is none). */
	afterLatency(action: () => void): void {
		const latency = this.state.latencyMs;
		if (latency <= 0) {
			action();
			return;
		}
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			action();
		}, latency);
		this.timers.add(timer);
	}

	/** Answers after the configured latency; counts the errcode it carries. */
	deliver(res: ServerResponse, answer: ApiAnswer, contentType = JSON_CONTENT_TYPE, record?: RequestRecord): void {
		if (answer.status === 200) countErrcode(this.state.counters, answer.errcode);
		this.afterLatency(() => writeAnswer(res, answer, contentType, record));
	}

	/** The first `bytes` bytes of an answer as it would go over the wire, then a destroyed socket. */
	cutAnswer(req: IncomingMessage, answer: ApiAnswer, bytes: number): void {
		const head =
			`HTTP/1.1 ${answer.status} ${http.STATUS_CODES[answer.status] ?? ''}\r\n` +
			`Content-Type: ${answer.contentType ?? JSON_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(answer.body)}\r\nConnection: keep-alive\r\n\r\n`;
		const body = typeof answer.body === 'string' ? Buffer.from(answer.body, 'utf8') : answer.body;
		const wire = Buffer.concat([Buffer.from(head, 'latin1'), body]);
		this.afterLatency(() => {
			if (req.socket.destroyed) return;
			req.socket.write(wire.subarray(0, Math.min(bytes, wire.length - 1)), () => req.socket.destroy());
		});
	}

	/** A fault that makes the answer go wrong: HTML 500, no answer at all, or a dropped connection (maybe after part of the answer). */
	breakAnswer(req: IncomingMessage, res: ServerResponse, fault: FaultSpec, record: RequestRecord, answer?: ApiAnswer): void {
		if (fault.mode === 'reset' && fault.afterBytes !== undefined && answer !== undefined) this.cutAnswer(req, answer, fault.afterBytes);
		else if (fault.mode === 'reset') req.socket.destroy();
		else if (fault.mode === 'http500') this.deliver(res, { status: 500, body: HTTP_500_PAGE, errcode: -1 }, 'text/html', record);
		// 'hang': never answer; close() destroys the socket.
	}

	/** Drops every answer still waiting for its latency. */
	cancelPending(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}
}

/** One WeChat API call: counted and logged, then answered, unless a queued fault for its path says otherwise. */
function handleApi(state: SandboxState, responder: Responder, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): void {
	state.counters.requests[path] = (state.counters.requests[path] ?? 0) + 1;
	const record = state.requestLog.open(req.method ?? 'GET', path, state.clock.now());
	const fault = state.faults.take(path);
	if (fault) {
		state.counters.faultsApplied[fault.mode] += 1;
		record.fault = fault.mode;
	}
	if (fault && (fault.mode === 'errcode' || !fault.afterProcessing)) {
		// Read the body anyway (only to log its recipient): the call itself is not performed.
		readBody(req, (body) => {
			record.touser = touserOf(body);
			if (fault.mode === 'errcode') responder.deliver(res, errorAnswer(state, fault.errcode ?? -1), JSON_CONTENT_TYPE, record);
			else responder.breakAnswer(req, res, fault, record);
		});
		return;
	}
	readBody(req, (body, tooLarge, raw) => {
		record.touser = touserOf(body);
		record.performed = true;
		const route = WECHAT_ROUTES[path];
		let answer: ApiAnswer;
		if (!route) answer = { status: 404, body: '{"errcode":404,"errmsg":"not found"}', errcode: 404 };
		else if (req.method !== route.method) answer = errorAnswer(state, route.method === 'POST' ? 43002 : 43001);
		else if (tooLarge) answer = errorAnswer(state, 47001);
		else answer = route.handler(state, { method: req.method, path, query, body, raw, contentType: req.headers['content-type'] });
		if (fault) {
			answer.release?.();
			responder.breakAnswer(req, res, fault, record, answer);
			return;
		}
		responder.deliver(res, answer, JSON_CONTENT_TYPE, record);
	}, path === '/cgi-bin/media/upload' ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES);
}

/** One call of the control API under /__sandbox/: JSON in, JSON out, never delayed or faulted. */
function handleControl(control: SandboxControl, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): void {
	const key = `${req.method ?? 'GET'} ${path === CONTROL_PREFIX ? `${CONTROL_PREFIX}/` : path}`;
	const route = CONTROL_ROUTES[key];
	readBody(req, (text) => {
		const reply = (status: number, value: unknown) => {
			const body = JSON.stringify(value);
			if (res.destroyed) return;
			res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
			res.end(body);
		};
		if (!route) {
			reply(404, { error: `no control endpoint ${key}; GET ${CONTROL_PREFIX}/ lists them` });
			return;
		}
		let body: unknown = {};
		if (text.trim() !== '') {
			try {
				body = JSON.parse(text);
			} catch {
				reply(400, { error: 'body must be JSON' });
				return;
			}
		}
		Promise.resolve()
			.then(() => route(control, body, query))
			.then(
				(value) => reply(200, value),
				(error: unknown) => {
					if (error instanceof ControlInputError) reply(400, { error: error.message });
					else reply(502, { error: error instanceof Error ? error.message : String(error) });
				},
			);
	});
}

/** The HTTP server: paths under /__sandbox go to the control API, every other path is a WeChat API call. */
function createSandboxServer(state: SandboxState, control: SandboxControl, responder: Responder): http.Server {
	const server = http.createServer((req, res) => {
		const rawUrl = req.url ?? '/';
		const q = rawUrl.indexOf('?');
		const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
		const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
		if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) handleControl(control, req, res, path, query);
		else handleApi(state, responder, req, res, path, query);
	});
	// Outlive typical client keep-alive pools so a reused socket is rarely closed under a request.
	server.keepAliveTimeout = 30_000;
	return server;
}

/** The open connections, so close() can end kept-alive and hanging ones instead of waiting for them. */
function trackConnections(server: http.Server): Set<Socket> {
	const sockets = new Set<Socket>();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	return sockets;
}

/** Listens on `host:port` and resolves with the port actually bound (a free one for port 0). */
async function listen(server: http.Server, port: number, host: string): Promise<number> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('sandbox is not listening on a TCP port');
	return address.port;
}

/** close(): drops pending answers and delivery events, stops listening and destroys every open socket; later calls do nothing. */
function closeOnce(server: http.Server, sockets: Set<Socket>, responder: Responder, stopPushes: () => void): () => Promise<void> {
	let closed = false;
	return () => {
		if (closed) return Promise.resolve();
		closed = true;
		responder.cancelPending();
		// Delivery events still waiting would otherwise fire into a test that has moved on.
		stopPushes();
		return new Promise<void>((resolve) => {
			server.close(() => resolve());
			for (const socket of sockets) socket.destroy();
		});
	};
}

/** The Sandbox callers get: where it listens, and the control API as methods. */
function sandboxHandle({ host, port, control, close }: { host: string; port: number; control: SandboxControl; close: () => Promise<void> }): Sandbox {
	const urlHost = host.includes(':') ? `[${host}]` : host;
	return {
		url: `http://${urlHost}:${port}`,
		host,
		port,
		appId: SANDBOX_APP_ID,
		appSecret: SANDBOX_APP_SECRET,
		close,
		reset: () => control.reset(),
		counters: () => control.counters(),
		messages: (filter) => control.messages(filter),
		latency: () => control.latency(),
		setLatency: (ms) => {
			control.setLatency(ms);
		},
		invalidateTokens: (afterSends) => {
			control.invalidateTokens(afterSends);
		},
		requests: (filter) => control.requests(filter),
		issuedTokens: () => control.issuedTokens(),
		addFault: (spec) => {
			control.addFault(spec);
		},
		pendingFaults: () => control.pendingFaults(),
		clearFaults: () => control.clearFaults(),
		setSubscription: (openid, templateId, remaining) => {
			control.setSubscription(openid, templateId, remaining);
		},
		quotas: (filter) => control.quotas(filter),
		configureDeliveryEvents: (input) => control.configureDeliveryEvents(input),
		stopDeliveryEvents: () => control.stopDeliveryEvents(),
		deliveryEvents: () => control.deliveryEvents(),
		deliveryEventsSettled: (timeoutMs) => control.deliveryEventsSettled(timeoutMs),
		registerApp: (appId, appSecret) => control.registerApp(appId, appSecret),
		changeTemplateKeywords: (priTmplId, kidList) => control.changeTemplateKeywords(priTmplId, kidList),
		now: () => control.now(),
		advanceClock: (ms) => control.advanceClock(ms),
		push: (request) => control.push(request),
		popups: (script) => control.popups(script),
		userWrote: (openid) => control.userWrote(openid),
		session: (openid) => control.session(openid),
		customerMessages: (openid) => control.customerMessages(openid),
		robotMessages: () => control.robotMessages(),
		media: (mediaId) => control.media(mediaId),
		quotaUsed: (cgiPath, appId) => control.quotaUsed(cgiPath, appId),
		transfers: (openid) => control.transfers(openid),
		links: (filter) => control.links(filter),
		orders: (transactionId) => control.orders(transactionId),
		chatCompletions: () => control.chatCompletions(),
	};
}
