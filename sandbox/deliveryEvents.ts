/**
 * Delivery results (subscribe_msg_sent_event, docs/wechat-protocol.md §10): once configured, every
 * subscription message the sandbox accepts is followed by a push to the configured webhook saying whether
 * it reached the user, with the send's msgid as MsgID. WeChat reports delivery after it has answered the
 * send, so the push starts only after the send's answer went out, and never holds up the send API.
 * Failures are chosen per OpenID or as an evenly spread share, so a test knows exactly which ones fail.
 */
import { pushBounded } from './boundedHistory';
import {
	ControlInputError,
	integerIn,
	optionalString,
	parsePushConfig,
	parseWebhookUrl,
	record,
	stringList,
} from './controlInput';
import { buildEventRequest, sendPushRequest, type JsonListShape, type PushConfig } from './push';
import { originalIdOf } from './seed';

/** The body of POST /__sandbox/delivery-events, as a caller writes it. */
export interface DeliveryEventsInput {
	webhookUrl: string;
	config: PushConfig;
	/** OpenIDs whose every delivery fails. */
	failFor?: string[];
	/** The share (0–1) of the other deliveries that fail, spread evenly: 0.25 fails the 4th, 8th, … */
	failFraction?: number;
	/** What a failure reports (default 10005 / `fail`). */
	errorCode?: number;
	errorStatus?: string;
	/** Wait after the send's answer before pushing, 0–60 000 ms (default 0). */
	delayMs?: number;
	/** Pushes of one event while the webhook does not answer `success`, 1–3 (default 1; WeChat tries up to 3 times). */
	attempts?: number;
	/** Delivery pushes in flight at once, 1–32 (default 4). */
	concurrency?: number;
	jsonListShape?: JsonListShape;
}

type DeliveryEventsConfig = Required<Omit<DeliveryEventsInput, 'jsonListShape'>> & { jsonListShape?: JsonListShape };

/** What an accepted send leaves for its delivery event. */
export interface AcceptedSend {
	appId: string;
	openid: string;
	templateId: string;
	msgid: string;
}

/** One delivery event: what it reports and what became of its push. */
export interface DeliveryEventRecord {
	openid: string;
	templateId: string;
	/** The send's msgid, as a string (MsgID in the push). */
	msgid: string;
	errorCode: number;
	errorStatus: string;
	/** pending: waiting or in flight; sent: the webhook answered `success`; failed: it never did; dropped: stopped first. */
	state: 'pending' | 'sent' | 'failed' | 'dropped';
	attempts: number;
	/** The webhook's last answer, or why there was none. */
	status?: number;
	error?: string;
}

export interface DeliveryEventsStatus {
	active: boolean;
	pending: number;
	sent: number;
	failed: number;
	dropped: number;
	/** Events since the last configure or reset, oldest first (the last 100 000). */
	events: DeliveryEventRecord[];
}

const EVENT_HISTORY_LIMIT = 100_000;
const LIST_SHAPES = ['auto', 'array', 'object', 'wrapper'];

export function parseDeliveryEventsInput(input: unknown): DeliveryEventsConfig {
	const fields = record(input, 'body');
	const failFraction = fields.failFraction ?? 0;
	if (typeof failFraction !== 'number' || !(failFraction >= 0 && failFraction <= 1)) {
		throw new ControlInputError('failFraction must be a number from 0 to 1');
	}
	const jsonListShape = optionalString(fields, 'jsonListShape');
	if (jsonListShape !== undefined && !LIST_SHAPES.includes(jsonListShape)) {
		throw new ControlInputError(`jsonListShape must be one of ${LIST_SHAPES.join(', ')}`);
	}
	const errorCode = integerIn(fields, 'errorCode', 1, 2 ** 31 - 1, 10005);
	return {
		webhookUrl: parseWebhookUrl(fields.webhookUrl),
		config: parsePushConfig(fields.config),
		failFor: stringList(fields, 'failFor'),
		failFraction,
		errorCode,
		errorStatus: optionalString(fields, 'errorStatus') ?? 'fail',
		delayMs: integerIn(fields, 'delayMs', 0, 60_000, 0),
		attempts: integerIn(fields, 'attempts', 1, 3, 1),
		concurrency: integerIn(fields, 'concurrency', 1, 32, 4),
		jsonListShape: jsonListShape as JsonListShape | undefined,
	};
}

function acknowledged(answer: { status: number; body: string }): boolean {
	return answer.status === 200 && (answer.body === 'success' || answer.body === '');
}

export class DeliveryEventPusher {
	private config: DeliveryEventsConfig | undefined;
	private failFor = new Set<string>();
	/** Events not in failFor since configure: the ordinal that spreads failFraction evenly. */
	private ordinal = 0;
	private events: DeliveryEventRecord[] = [];
	/** Events waiting for their delay or for a free slot, with what they need to be pushed. */
	private readonly timers = new Set<NodeJS.Timeout>();
	private queue: Array<{ event: DeliveryEventRecord; send: AcceptedSend; config: DeliveryEventsConfig }> = [];
	private inFlight = 0;
	/** Every event not yet finished, of any configuration (a reset does not stop a push already on the wire). */
	private unfinished = 0;
	private waiters: Array<() => void> = [];

	constructor(private readonly now: () => number) {}

	/** Starts (or replaces) the configuration; the list of events starts empty. */
	configure(config: DeliveryEventsConfig): void {
		this.dropWaiting();
		this.config = config;
		this.failFor = new Set(config.failFor);
		this.ordinal = 0;
		this.events = [];
	}

	/** No more delivery events; those still waiting for their delay or a slot are dropped. */
	stop(): void {
		this.config = undefined;
		this.dropWaiting();
	}

	/** Back to nothing configured and no events (sandbox reset). */
	clear(): void {
		this.stop();
		this.events = [];
	}

	/** After an accepted send's answer went out: its delivery event, when configured. */
	afterSend(send: AcceptedSend): void {
		const config = this.config;
		if (!config) return;
		const fails = this.failFor.has(send.openid) || this.spreadFailure(config.failFraction);
		const event: DeliveryEventRecord = {
			openid: send.openid,
			templateId: send.templateId,
			msgid: send.msgid,
			errorCode: fails ? config.errorCode : 0,
			errorStatus: fails ? config.errorStatus : 'success',
			state: 'pending',
			attempts: 0,
		};
		pushBounded(this.events, event, EVENT_HISTORY_LIMIT);
		this.unfinished += 1;
		const enqueue = () => {
			this.queue.push({ event, send, config });
			this.pump();
		};
		if (config.delayMs === 0) {
			enqueue();
			return;
		}
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			enqueue();
		}, config.delayMs);
		this.timers.add(timer);
	}

	status(): DeliveryEventsStatus {
		const count = (state: DeliveryEventRecord['state']) => this.events.filter((e) => e.state === state).length;
		return {
			active: this.config !== undefined,
			pending: this.unfinished,
			sent: count('sent'),
			failed: count('failed'),
			dropped: count('dropped'),
			events: this.events.map((e) => ({ ...e })),
		};
	}

	/** Resolves once no delivery event is waiting or in flight (at once when none is). */
	settled(): Promise<void> {
		if (this.unfinished === 0) return Promise.resolve();
		return new Promise((resolve) => this.waiters.push(resolve));
	}

	/** The n-th event fails when n × fraction passes a whole number: exactly that share, evenly spread. */
	private spreadFailure(fraction: number): boolean {
		if (fraction <= 0) return false;
		this.ordinal += 1;
		return Math.floor(this.ordinal * fraction) > Math.floor((this.ordinal - 1) * fraction);
	}

	private pump(): void {
		while (this.queue.length > 0 && this.inFlight < this.queue[0].config.concurrency) {
			const next = this.queue.shift();
			if (!next) return;
			this.inFlight += 1;
			void this.push(next.event, next.send, next.config).finally(() => {
				this.inFlight -= 1;
				this.finish();
				this.pump();
			});
		}
	}

	/** Pushes one event, again while the webhook does not acknowledge it, up to `attempts` times in all. */
	private async push(event: DeliveryEventRecord, send: AcceptedSend, config: DeliveryEventsConfig): Promise<void> {
		const spec = {
			ToUserName: originalIdOf(send.appId),
			FromUserName: send.openid,
			CreateTime: Math.floor(this.now() / 1000),
			MsgType: 'event',
			Event: 'subscribe_msg_sent_event',
			List: [{ TemplateId: send.templateId, MsgID: send.msgid, ErrorCode: event.errorCode, ErrorStatus: event.errorStatus }],
		};
		while (event.attempts < config.attempts) {
			event.attempts += 1;
			try {
				const answer = await sendPushRequest(config.webhookUrl, buildEventRequest(config.config, spec, { jsonListShape: config.jsonListShape }));
				event.status = answer.status;
				delete event.error;
				if (acknowledged(answer)) {
					event.state = 'sent';
					return;
				}
			} catch (error) {
				event.error = error instanceof Error ? error.message : String(error);
			}
		}
		event.state = 'failed';
	}

	private dropWaiting(): void {
		for (const timer of this.timers) clearTimeout(timer);
		const dropped = this.timers.size + this.queue.length;
		this.timers.clear();
		for (const { event } of this.queue) event.state = 'dropped';
		this.queue = [];
		// Events still waiting for their delay are marked by the list: whatever is pending and not in flight.
		for (const event of this.events) if (event.state === 'pending' && event.attempts === 0) event.state = 'dropped';
		for (let i = 0; i < dropped; i++) this.finish();
	}

	private finish(): void {
		this.unfinished -= 1;
		if (this.unfinished > 0) return;
		const waiters = this.waiters;
		this.waiters = [];
		for (const resolve of waiters) resolve();
	}
}
