/**
 * The sandbox's control surface (reset, counters, recorded messages, latency, faults, subscriptions, apps,
 * clock, push). The HTTP API under /__sandbox/ and the programmatic Sandbox object both call this class,
 * so they cannot drift apart.
 */
import { ControlInputError, OPENID, optionalString, parsePushConfig, parseWebhookUrl, record } from './controlInput';
import { snapshotCounters, type SandboxCounters } from './counters';
import { parseDeliveryEventsInput, type DeliveryEventsInput, type DeliveryEventsStatus } from './deliveryEvents';
import { describeMedia, type RecordedReply, type RecordedTransfer, type UserSession } from './customerService';
import type { RecordedChatCompletion } from './chatCompletions';
import type { GeneratedLink, LinkFilter } from './links';
import type { SandboxOrder } from './shipping';
import type { RobotMessage } from './weComRobot';
import { parseFaultSpec, type FaultSpec } from './faults';
import {
	buildEventRequest,
	buildVerificationRequest,
	PUSH_EVENT_SAMPLES,
	readPassiveReply,
	sendPushRequest,
	type BuiltPushRequest,
	type JsonListShape,
	type PushConfig,
	type PushEventSpec,
} from './push';
import { CreateTimes, parsePopupScript, runPopupScript, type PopupScriptResult } from './popups';
import type { RequestFilter, RequestRecord } from './requestLog';
import { originalIdOf } from './seed';
import { publicTitle, type MessageFilter, type RecordedMessage, type SandboxState } from './state';
import { composeAccountTemplate } from './templates';
import type { QuotaRow } from './subscriptionQuota';
import type { IssuedTokenRecord } from './tokens';

export { ControlInputError } from './controlInput';


export interface RegisteredApp {
	appId: string;
	templates: Array<{ priTmplId: string; title: string; type: 2 | 3 }>;
}

export interface PushControlRequest {
	webhookUrl: string;
	config: PushConfig;
	/** A key of PUSH_EVENT_SAMPLES or a spec of your own; not needed when `verify` is true. */
	event?: string | PushEventSpec;
	/** Send the GET URL verification instead of an event. */
	verify?: boolean;
	options?: { timestamp?: string; nonce?: string; echostr?: string; jsonListShape?: JsonListShape };
}

/** What the sandbox made of a webhook's passive reply (anything but `success` or an empty body). */
export interface PushReplyResult {
	/** The reply's MsgType, null when the reply could not be read. */
	msgType: string | null;
	encrypted: boolean;
	/** A transfer_customer_service reply WeChat would act on: the session went to web customer service. */
	transferred: boolean;
	/** Why WeChat would not accept the reply. */
	problem?: string;
}

export interface PushControlResult {
	status: number;
	body: string;
	/** What was sent (query, headers, body), for assertions. */
	request: BuiltPushRequest;
	/** For verify: whether the webhook answered exactly the echostr. */
	verified?: boolean;
	/** For an event push answered with a passive reply. */
	reply?: PushReplyResult;
}

const APP_ID = /^wx[0-9a-f]{16}$/;
const LIST_SHAPES = ['auto', 'array', 'object', 'wrapper'];
const MAX_LATENCY_MS = 600_000;
/** Pushes that are a user's message (not an event), which open the 48-hour reply window. */
const CUSTOMER_SERVICE_MSG_TYPES = new Set(['text', 'image', 'miniprogrampage']);

function parsePushRequest(input: unknown): PushControlRequest {
	const fields = record(input, 'body');
	const webhookUrl = parseWebhookUrl(fields.webhookUrl);
	const request: PushControlRequest = { webhookUrl, config: parsePushConfig(fields.config), verify: fields.verify === true };
	if (fields.event !== undefined) {
		if (typeof fields.event === 'string') request.event = fields.event;
		else request.event = record(fields.event, 'event');
	}
	if (fields.options !== undefined) {
		const o = record(fields.options, 'options');
		const jsonListShape = optionalString(o, 'jsonListShape');
		if (jsonListShape !== undefined && !LIST_SHAPES.includes(jsonListShape)) {
			throw new ControlInputError(`options.jsonListShape must be one of ${LIST_SHAPES.join(', ')}`);
		}
		request.options = {
			timestamp: optionalString(o, 'timestamp'),
			nonce: optionalString(o, 'nonce'),
			echostr: optionalString(o, 'echostr'),
			jsonListShape: jsonListShape as JsonListShape | undefined,
		};
	}
	return request;
}

export class SandboxControl {
	/** CreateTimes of scripted pushes, so two actions of one user never share one (kept across resets). */
	private readonly createTimes = new CreateTimes();

	constructor(private readonly state: SandboxState) {}

	/** Back to the seed state: tokens, templates, subscriptions, messages, counters, faults; latency back to its start value. */
	reset(): void {
		this.state.reset();
	}

	counters(): SandboxCounters {
		return snapshotCounters(this.state.counters);
	}

	messages(filter: MessageFilter = {}): RecordedMessage[] {
		return this.state.listMessages(filter).map((m) => ({ ...m }));
	}

	latency(): number {
		return this.state.latencyMs;
	}

	/** Delay before every WeChat API answer, in milliseconds. */
	setLatency(ms: unknown): number {
		if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_LATENCY_MS) {
			throw new ControlInputError(`ms must be a number from 0 to ${MAX_LATENCY_MS}`);
		}
		this.state.latencyMs = ms;
		return ms;
	}

	/**
	 * Every token issued so far stops working (40001 on its next use): now, or, with `afterSends`, right after
	 * that many more sends have been accepted (a token loss halfway through a batch).
	 */
	invalidateTokens(afterSends?: unknown): { pendingAfterSends?: number[] } {
		if (afterSends === undefined || afterSends === null || afterSends === 0) {
			this.state.tokens.invalidateAll();
			return {};
		}
		if (typeof afterSends !== 'number' || !Number.isInteger(afterSends) || afterSends < 0) {
			throw new ControlInputError('afterSends must be a non-negative integer');
		}
		this.state.invalidateTokensAfterSends(afterSends);
		return { pendingAfterSends: this.state.pendingTokenKills() };
	}

	/** WeChat API calls since the last reset, oldest first, with the fault and answer of each. */
	requests(filter: RequestFilter = {}): RequestRecord[] {
		return this.state.requestLog.list(filter);
	}

	/** Every access token minted since the sandbox started (a reset does not forget them). */
	issuedTokens(): IssuedTokenRecord[] {
		return this.state.tokens.issued();
	}

	addFault(spec: FaultSpec | unknown): FaultSpec[] {
		const parsed = parseFaultSpec(spec);
		if (typeof parsed === 'string') throw new ControlInputError(parsed);
		this.state.faults.add(parsed);
		return this.state.faults.list();
	}

	pendingFaults(): FaultSpec[] {
		return this.state.faults.list();
	}

	clearFaults(): void {
		this.state.faults.clear();
	}

	/**
	 * Sends left for (openid, template); null returns to the default (unlimited, or none for NOSUB ids). Either
	 * way the pair leaves WeChat's model until its next popup or change event.
	 */
	setSubscription(openid: unknown, templateId: unknown, remaining: unknown): { openid: string; templateId: string; remaining: number | null } {
		if (typeof openid !== 'string' || !OPENID.test(openid)) throw new ControlInputError('openid must be a 28-character OpenID starting with o');
		if (typeof templateId !== 'string' || templateId === '') throw new ControlInputError('templateId must be a non-empty string');
		if (remaining !== null && (typeof remaining !== 'number' || !Number.isInteger(remaining) || remaining < 0)) {
			throw new ControlInputError('remaining must be a non-negative integer or null');
		}
		this.state.setSubscription(openid, templateId, remaining);
		return { openid, templateId, remaining };
	}

	/** Starts (or replaces) the subscribe_msg_sent_event pushes that follow accepted sends. */
	configureDeliveryEvents(input: DeliveryEventsInput | unknown): DeliveryEventsStatus {
		this.state.deliveryEvents.configure(parseDeliveryEventsInput(input));
		return this.state.deliveryEvents.status();
	}

	/** No more delivery events; the ones still waiting are dropped, the ones on the wire finish. */
	stopDeliveryEvents(): DeliveryEventsStatus {
		this.state.deliveryEvents.stop();
		return this.state.deliveryEvents.status();
	}

	deliveryEvents(): DeliveryEventsStatus {
		return this.state.deliveryEvents.status();
	}

	/** Resolves once no delivery event is waiting or in flight, or after `timeoutMs` (then `settled: false`). */
	async deliveryEventsSettled(timeoutMs: unknown = 30_000): Promise<DeliveryEventsStatus & { settled: boolean }> {
		if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0 || timeoutMs > MAX_LATENCY_MS) {
			throw new ControlInputError(`timeoutMs must be a number from 0 to ${MAX_LATENCY_MS}`);
		}
		let timer: NodeJS.Timeout | undefined;
		const settled = await Promise.race([
			this.state.deliveryEvents.settled().then(() => true),
			new Promise<boolean>((resolve) => {
				timer = setTimeout(() => resolve(false), timeoutMs);
			}),
		]);
		clearTimeout(timer);
		return { settled, ...this.state.deliveryEvents.status() };
	}

	/** The quota table: every (OpenID, template) pair a popup or change event has touched since the last reset. */
	quotas(filter: { openid?: string; templateId?: string } = {}): QuotaRow[] {
		return this.state.subscriptions
			.rows()
			.filter((row) => (filter.openid === undefined || row.openid === filter.openid) && (filter.templateId === undefined || row.templateId === filter.templateId));
	}

	/**
	 * Gives an account template other keywords of its public title, keeping its priTmplId: what a client that
	 * cached the template list sees after the template changed in the console (its next send of the old
	 * keywords answers 47003).
	 */
	changeTemplateKeywords(priTmplId: unknown, kidList: unknown): { priTmplId: string; content: string } {
		if (typeof priTmplId !== 'string') throw new ControlInputError('priTmplId must be a template id of an app');
		if (!Array.isArray(kidList) || kidList.length < 2 || kidList.length > 5 || !kidList.every((kid) => Number.isInteger(kid))) {
			throw new ControlInputError('kidList must list 2 to 5 keyword ids of the template\'s public title');
		}
		for (const app of this.state.apps.values()) {
			const template = app.templates.get(priTmplId);
			if (!template) continue;
			const title = publicTitle(template.tid);
			if (!title) throw new ControlInputError(`template ${priTmplId} has no public title`);
			try {
				const changed = composeAccountTemplate(title, kidList as number[], priTmplId, template.sceneDesc);
				app.templates.set(priTmplId, changed);
				return { priTmplId, content: changed.content };
			} catch (error) {
				throw new ControlInputError(error instanceof Error ? error.message : String(error));
			}
		}
		throw new ControlInputError(`no app has template ${priTmplId}`);
	}

	registerApp(appId: unknown, appSecret: unknown): RegisteredApp {
		if (typeof appId !== 'string' || !APP_ID.test(appId)) throw new ControlInputError('appId must be wx followed by 16 hex digits');
		if (typeof appSecret !== 'string' || appSecret === '') throw new ControlInputError('appSecret must be a non-empty string');
		const app = this.state.registerApp(appId, appSecret);
		return {
			appId,
			templates: [...app.templates.values()].map((t) => ({ priTmplId: t.priTmplId, title: t.title, type: t.type })),
		};
	}

	now(): number {
		return this.state.clock.now();
	}

	/** The user writes to the mini program now (as a customer-service push does): a fresh 48-hour window and 5 replies. */
	userWrote(openid: unknown): UserSession {
		if (typeof openid !== 'string' || !OPENID.test(openid)) throw new ControlInputError('openid must be a 28-character OpenID starting with o');
		return this.state.customerService.userWrote(openid, this.state.clock.now());
	}

	/** The user's reply window: last message time and replies since, or null when the user never wrote. */
	session(openid: unknown): UserSession | null {
		if (typeof openid !== 'string') throw new ControlInputError('openid must be given');
		return this.state.customerService.session(openid) ?? null;
	}

	/** Customer-service replies accepted since the last reset, oldest first. */
	robotMessages(): RobotMessage[] {
		return this.state.robot.messages.map((message) => ({ ...message }));
	}

	customerMessages(openid?: string): RecordedReply[] {
		return this.state.customerService.replies.filter((r) => openid === undefined || r.openid === openid).map((r) => ({ ...r }));
	}

	/** An uploaded temporary media with its exact bytes (base64) and SHA-256; expired ones are still shown. */
	media(mediaId: unknown): Record<string, unknown> {
		const media = typeof mediaId === 'string' ? this.state.customerService.findMedia(mediaId) : undefined;
		if (!media) throw new ControlInputError('no media with that mediaId since the last reset');
		return describeMedia(media);
	}

	/** Calls to `cgiPath` counted against today's quota (the figure quota/get reports as used). */
	quotaUsed(cgiPath: unknown, appId?: unknown): number {
		if (typeof cgiPath !== 'string') throw new ControlInputError('cgiPath must be given');
		const app = typeof appId === 'string' && appId !== '' ? appId : undefined;
		return this.state.quota.used(app ?? [...this.state.apps.keys()][0], cgiPath, this.state.clock.now());
	}

	advanceClock(ms: unknown): number {
		if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new ControlInputError('advanceMs must be a non-negative number');
		return this.state.clock.advance(ms);
	}

	/** Performs a push (or the URL verification) against a webhook over real HTTP. */
	async push(input: PushControlRequest | unknown): Promise<PushControlResult> {
		const request = parsePushRequest(input);
		const options = request.options ?? {};
		let built: BuiltPushRequest;
		let event: PushEventSpec | undefined;
		if (request.verify) {
			built = buildVerificationRequest(request.config, options);
		} else {
			event = typeof request.event === 'string' ? PUSH_EVENT_SAMPLES[request.event] : request.event;
			if (!event) {
				throw new ControlInputError(`event must be a spec or one of ${Object.keys(PUSH_EVENT_SAMPLES).join(', ')}`);
			}
			built = buildEventRequest(request.config, event, options);
			this.userActed(event);
		}
		this.state.counters.pushes += 1;
		const answer = await sendPushRequest(request.webhookUrl, built);
		const result: PushControlResult = { status: answer.status, body: answer.body, request: built };
		if (request.verify) result.verified = answer.status === 200 && answer.body === built.query.echostr;
		else if (answer.status === 200 && event !== undefined) {
			const reply = this.passiveReply(request.config, built, event, answer.body);
			if (reply) result.reply = reply;
		}
		return result;
	}

	/**
	 * What WeChat does with the webhook's passive reply to `event`: a transfer_customer_service reply to a
	 * user's message, addressed back to that user from the mini program, hands the session to web customer
	 * service (recorded, see transfers()); an event cannot be transferred. Undefined for `success`/empty.
	 */
	private passiveReply(config: PushConfig, built: BuiltPushRequest, event: PushEventSpec, body: string): PushReplyResult | undefined {
		const reading = readPassiveReply(config, built, body);
		if (reading.kind === 'none') return undefined;
		if (reading.kind === 'invalid') return { msgType: null, encrypted: false, transferred: false, problem: reading.problem };
		const { fields, encrypted } = reading;
		const msgType = typeof fields.MsgType === 'string' ? fields.MsgType : null;
		const result: PushReplyResult = { msgType, encrypted, transferred: false };
		if (msgType !== 'transfer_customer_service') return result;
		const createTime = Number(fields.CreateTime);
		if (!CUSTOMER_SERVICE_MSG_TYPES.has(String(event.MsgType))) result.problem = 'only a user message (text, image, miniprogrampage) can be transferred, not an event';
		else if (fields.ToUserName !== event.FromUserName) result.problem = "ToUserName must be the push's FromUserName (the user's OpenID)";
		else if (fields.FromUserName !== event.ToUserName) result.problem = "FromUserName must be the push's ToUserName (the mini program's original id)";
		else if (!Number.isInteger(createTime) || !/^\d+$/.test(String(fields.CreateTime))) result.problem = 'CreateTime must be whole unix seconds';
		if (result.problem) return result;
		this.state.customerService.recordTransfer({
			openid: String(event.FromUserName),
			originalId: String(event.ToUserName),
			createTime,
			format: reading.format,
			encrypted,
			time: this.state.clock.now(),
		});
		return { ...result, transferred: true };
	}

	/** Sessions handed to web customer service by a transfer_customer_service reply since the last reset. */
	transfers(openid?: string): RecordedTransfer[] {
		return this.state.customerService.transfers.filter((t) => openid === undefined || t.openid === openid).map((t) => ({ ...t }));
	}

	/** URL Links, URL Schemes and Short Links generated since the last reset. */
	links(filter: LinkFilter = {}): GeneratedLink[] {
		return this.state.links.list(filter);
	}

	/** The shipping orders (seeded on reset) with their state and shipping. */
	orders(transactionId?: string): SandboxOrder[] {
		return this.state.orders.list(transactionId);
	}

	/** Requests the OpenAI-compatible chat model answered since the last reset, oldest first, with the reply of each. */
	chatCompletions(): RecordedChatCompletion[] {
		return this.state.chatCompletions.list();
	}

	/**
	 * Many users answer subscription popups and change their settings (sandbox/popups.ts): one push per
	 * action, each applied to the quota as it is built, then delivered, repeats included.
	 */
	async popups(input: unknown): Promise<PopupScriptResult> {
		const script = parsePopupScript(input);
		return runPopupScript(script, {
			createTime: (openid) => this.createTimes.next(openid, this.state.clock.now()),
			toUserName: originalIdOf(script.config.appId),
			deliver: (event) => {
				this.userActed(event);
				this.state.counters.pushes += 1;
				return sendPushRequest(script.webhookUrl, buildEventRequest(script.config, event, { jsonListShape: script.jsonListShape }));
			},
		});
	}

	/**
	 * What a push means on WeChat's side happened before it is sent, whatever the webhook answers: the user
	 * did write (a customer-service message opens the reply window), or did answer a popup or change a
	 * setting (the quota changes; the same push delivered again is the same action and counts once).
	 */
	private userActed(event: PushEventSpec): void {
		if (CUSTOMER_SERVICE_MSG_TYPES.has(String(event.MsgType)) && typeof event.FromUserName === 'string') {
			this.state.customerService.userWrote(event.FromUserName, this.state.clock.now());
		}
		this.state.subscriptions.applyPush(event);
	}
}
