import { pushBounded } from './boundedHistory';
import { createHash } from 'node:crypto';

import { ChatCompletionLog } from './chatCompletions';
import { SandboxClock } from './clock';
import { emptyCounters, type SandboxCounters } from './counters';
import { CustomerServiceState } from './customerService';
import { DeliveryEventPusher } from './deliveryEvents';
import { FaultQueue } from './faults';
import { LinkStore } from './links';
import { QuotaCounter } from './quotaCounter';
import { RequestLog } from './requestLog';
import { ShippingOrders } from './shipping';
import { SubscriptionQuotas, type TemplateKind } from './subscriptionQuota';
import {
	SANDBOX_ACCOUNT_TEMPLATES,
	SANDBOX_APP_ID,
	SANDBOX_APP_SECRET,
	SANDBOX_PUBLIC_TITLES,
	type PublicTemplateTitle,
} from './seed';
import { composeAccountTemplate, type AccountTemplate } from './templates';
import { TokenStore } from './tokens';
import { WeComRobotState } from './weComRobot';

export interface AppState {
	appId: string;
	appSecret: string;
	/** priTmplId → template, in the order they were added. */
	templates: Map<string, AccountTemplate>;
}

export interface RecordedMessage {
	appId: string;
	openid: string;
	templateId: string;
	data: Record<string, { value: string }>;
	page?: string;
	miniprogramState: string;
	lang: string;
	/** The 64-bit msgid, as a string (its exact digits). */
	msgid: string;
	/** Sandbox clock, unix milliseconds. */
	time: number;
}

export interface MessageFilter {
	openid?: string;
	templateId?: string;
}

/** The first msgid after a reset: above 2^53, so a client that reads it with JSON.parse gets it wrong. */
export const FIRST_MSGID = 1864323726461255681n;

/** Recorded messages kept in memory; older ones are dropped (counters still count them). */
export const MESSAGE_HISTORY_LIMIT = 100_000;

const TITLES_BY_TID = new Map<number, PublicTemplateTitle>(SANDBOX_PUBLIC_TITLES.map((t) => [t.tid, t]));

export function publicTitle(tid: number): PublicTemplateTitle | undefined {
	return TITLES_BY_TID.get(tid);
}

/** The seeded templates for an app; other apps get their own ids so one app's ids are 40037 for another. */
function seedTemplatesFor(appId: string): Map<string, AccountTemplate> {
	const templates = new Map<string, AccountTemplate>();
	for (const seed of SANDBOX_ACCOUNT_TEMPLATES) {
		const title = TITLES_BY_TID.get(seed.tid);
		if (!title) throw new Error(`seed template names unknown tid ${seed.tid}`);
		const priTmplId =
			appId === SANDBOX_APP_ID
				? seed.priTmplId
				: createHash('sha256').update(`${appId}:${seed.priTmplId}`).digest('base64url').slice(0, 43);
		templates.set(priTmplId, composeAccountTemplate(title, seed.kidList, priTmplId, seed.sceneDesc));
	}
	return templates;
}

/** Everything the emulated WeChat remembers. */
export class SandboxState {
	readonly tokens: TokenStore;
	readonly faults = new FaultQueue();
	apps = new Map<string, AppState>();
	/** Sends left per (OpenID, template): the defaults, explicit counts and, once touched by a push, WeChat's model. */
	readonly subscriptions = new SubscriptionQuotas((templateId) => this.templateKind(templateId));
	messages: RecordedMessage[] = [];
	/** OpenIDs with a send in progress (for 43108). */
	readonly sendingTo = new Set<string>();
	counters: SandboxCounters = emptyCounters();
	readonly requestLog = new RequestLog();
	/** Users' reply windows, replies accepted, temporary media. */
	readonly customerService = new CustomerServiceState();
	/** subscribe_msg_sent_event pushes after accepted sends, when configured. */
	readonly deliveryEvents = new DeliveryEventPusher(() => this.clock.now());
	/** Calls per API and day, for quota/get. */
	readonly quota = new QuotaCounter();
	/** Messages posted to the WeCom group robot (example 8's alerts). */
	readonly robot = new WeComRobotState();
	/** URL Links, URL Schemes and Short Links generated. */
	readonly links = new LinkStore();
	/** WeChat Pay orders under shipping management, seeded. */
	readonly orders = new ShippingOrders();
	/** Requests to the OpenAI-compatible chat model (the AI-agent demo's), with the replies given. */
	readonly chatCompletions = new ChatCompletionLog();
	/** Values of counters.sendsAccepted at which every issued token dies (invalidate-tokens with afterSends). */
	private tokenKillPoints: number[] = [];
	latencyMs = 0;
	/** The latency a reset returns to (the one the sandbox was started with). */
	defaultLatencyMs = 0;
	private nextMsgid = FIRST_MSGID;

	constructor(readonly clock: SandboxClock) {
		this.tokens = new TokenStore(clock);
		this.reset();
	}

	/** Back to the seed: one app, its templates, no tokens, no messages, zero counters, start latency, no faults. */
	reset(): void {
		this.tokens.clear();
		this.faults.clear();
		this.apps = new Map();
		this.registerApp(SANDBOX_APP_ID, SANDBOX_APP_SECRET);
		this.subscriptions.clear();
		this.messages = [];
		this.counters = emptyCounters();
		this.requestLog.clear();
		this.customerService.clear();
		this.quota.clear();
		this.robot.clear();
		this.links.clear();
		this.orders.clear();
		this.chatCompletions.clear();
		this.deliveryEvents.clear();
		this.tokenKillPoints = [];
		this.latencyMs = this.defaultLatencyMs;
		this.nextMsgid = FIRST_MSGID;
	}

	/** Adds a mini program (seeded with its own copies of the templates), or changes the secret of a known one. */
	registerApp(appId: string, appSecret: string): AppState {
		const existing = this.apps.get(appId);
		if (existing) {
			existing.appSecret = appSecret;
			return existing;
		}
		const app: AppState = { appId, appSecret, templates: seedTemplatesFor(appId) };
		this.apps.set(appId, app);
		return app;
	}

	/** null clears the explicit count (back to the default). */
	setSubscription(openid: string, templateId: string, remaining: number | null): void {
		this.subscriptions.setExplicit(openid, templateId, remaining);
	}

	/** Uses one send of (openid, template) if the user has one; false means 43101 (rules in subscriptionQuota.ts). */
	consumeSubscription(openid: string, template: AccountTemplate): boolean {
		return this.subscriptions.consume(openid, template.priTmplId, template.type === 3 ? 'long-term' : 'one-time');
	}

	/** A template id's kind in whichever app has it (ids are unique across apps), undefined if none does. */
	templateKind(templateId: string): TemplateKind | undefined {
		for (const app of this.apps.values()) {
			const template = app.templates.get(templateId);
			if (template) return template.type === 3 ? 'long-term' : 'one-time';
		}
		return undefined;
	}

	takeMsgid(): string {
		const msgid = this.nextMsgid;
		this.nextMsgid += 1n;
		return msgid.toString();
	}

	recordMessage(message: RecordedMessage): void {
		pushBounded(this.messages, message, MESSAGE_HISTORY_LIMIT);
		this.counters.sendsAccepted += 1;
		if (this.tokenKillPoints.length > 0 && this.tokenKillPoints[0] <= this.counters.sendsAccepted) {
			this.tokenKillPoints = this.tokenKillPoints.filter((point) => point > this.counters.sendsAccepted);
			this.tokens.invalidateAll();
		}
	}

	/** Every token issued by then dies right after the `afterSends`-th send accepted from now on. */
	invalidateTokensAfterSends(afterSends: number): void {
		this.tokenKillPoints = [...this.tokenKillPoints, this.counters.sendsAccepted + afterSends].sort((a, b) => a - b);
	}

	/** Points still waiting, as the number of further accepted sends each needs. */
	pendingTokenKills(): number[] {
		return this.tokenKillPoints.map((point) => point - this.counters.sendsAccepted);
	}

	listMessages(filter: MessageFilter = {}): RecordedMessage[] {
		return this.messages.filter(
			(m) =>
				(filter.openid === undefined || m.openid === filter.openid) &&
				(filter.templateId === undefined || m.templateId === filter.templateId),
		);
	}
}
