/**
 * Who may be sent which subscription message: WeChat's per-(OpenID, template) quota (docs/wechat-protocol.md §3,
 * §10). Pure bookkeeping, no HTTP: the push simulator feeds it the user's actions, the send API asks it.
 *
 * Two regimes live side by side, per pair:
 * - untouched pairs keep the sandbox's convenient defaults, which tests, the demo and the benchmarks have
 *   always relied on: unlimited sends, none for OpenIDs containing NOSUB, or an explicit count set through
 *   the control API (one-time templates use it up, long-term ones only need it above zero);
 * - a pair touched by a popup or settings-change event follows WeChat's model from then on: each accept
 *   adds one send, each one-time send uses one, a reject switches the template off until the next accept,
 *   a long-term template sends without limit while on.
 * Why not a global "strict" switch: touching a pair is already the opt-in, so every existing test keeps its
 * defaults without a flag, and a scenario that needs untouched pairs to be refused too uses NOSUB OpenIDs,
 * whose default is already "never subscribed". One rule, no mode to forget to reset.
 */

export type TemplateKind = 'one-time' | 'long-term';

/** One row of the quota table, as GET /__sandbox/quotas shows it. */
export interface QuotaRow {
	openid: string;
	templateId: string;
	/** Sends left of a one-time template; null for a long-term one (unlimited while on). */
	remaining: number | null;
	/** false after a reject (popup or settings) until the next accept. */
	on: boolean;
	longTerm: boolean;
}

/** The subscription events that change the quota, in WeChat's field names (one push). */
export interface SubscriptionPush {
	FromUserName?: unknown;
	CreateTime?: unknown;
	Event?: unknown;
	List?: unknown;
}

/** What applying a push did: changed the table, was a repeat of a push already applied, or is no subscription event. */
export type PushEffect = 'applied' | 'repeat' | 'ignored';

const POPUP_EVENT = 'subscribe_msg_popup_event';
const CHANGE_EVENT = 'subscribe_msg_change_event';

interface TrackedPair {
	/** Sends left of a one-time template (kept while off: the accepts the user gave are not taken back). */
	remaining: number;
	on: boolean;
	longTerm: boolean;
}

function pairKey(openid: string, templateId: string): string {
	return `${openid}\u0000${templateId}`;
}

/** The template entries of a push: `List` as an array or a single object (both occur, §10). */
function entriesOf(list: unknown): Array<Record<string, unknown>> {
	const items = Array.isArray(list) ? (list as unknown[]) : [list];
	return items.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null);
}

/** JSON with object keys sorted at every level: the same message gives the same text. */
function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (typeof value === 'object' && value !== null) {
		const fields = value as Record<string, unknown>;
		return `{${Object.keys(fields).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson(fields[key])}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

export class SubscriptionQuotas {
	/** Pairs under WeChat's model. */
	private tracked = new Map<string, TrackedPair & { openid: string; templateId: string }>();
	/** Explicit counts of untouched pairs (POST /__sandbox/subscriptions). */
	private explicit = new Map<string, number>();
	/**
	 * User actions already applied, by the push's whole content (keys sorted): WeChat delivers one push again
	 * as the same message, while two actions of one user in the same second (another template, another
	 * answer) differ in their List. The trigger's dedupeKey tells them apart the same way (§10).
	 */
	private appliedActions = new Set<string>();

	/** @param kindOf the kind of a template id, undefined when no app has it (then treated as one-time). */
	constructor(private readonly kindOf: (templateId: string) => TemplateKind | undefined) {}

	clear(): void {
		this.tracked = new Map();
		this.explicit = new Map();
		this.appliedActions = new Set();
	}

	/**
	 * The control API's explicit count: the pair returns to the untouched regime with `remaining` sends
	 * (null: the default). A later popup or change event starts WeChat's model from that count.
	 */
	setExplicit(openid: string, templateId: string, remaining: number | null): void {
		const key = pairKey(openid, templateId);
		this.tracked.delete(key);
		if (remaining === null) this.explicit.delete(key);
		else this.explicit.set(key, remaining);
	}

	/**
	 * Applies a user's popup answer or settings change, once per user action: a repeat of an action already
	 * applied (the same push delivered again) changes nothing.
	 */
	applyPush(push: SubscriptionPush): PushEffect {
		const event = push.Event;
		if (event !== POPUP_EVENT && event !== CHANGE_EVENT) return 'ignored';
		if (typeof push.FromUserName !== 'string') return 'ignored';
		const openid = push.FromUserName;
		const action = canonicalJson(push);
		if (this.appliedActions.has(action)) return 'repeat';
		this.appliedActions.add(action);
		for (const entry of entriesOf(push.List)) {
			const templateId = entry.TemplateId;
			const status = entry.SubscribeStatusString;
			if (typeof templateId !== 'string' || typeof status !== 'string') continue;
			// Every accept… variant (acceptWithAudio, acceptWithAlert) is an accept (§10).
			if (status.startsWith('accept')) this.accept(openid, templateId, event === POPUP_EVENT);
			else if (status === 'reject') this.switchOff(openid, templateId);
			// ban, filter and unknown values: WeChat's own decisions, not the user's; left as they are.
		}
		return 'applied';
	}

	/**
	 * A popup accept switches the template on and adds one send. An accept in settings (WeChat pushes only
	 * switch-offs today) switches it on again without adding a send: only the popup grants one.
	 */
	private accept(openid: string, templateId: string, addsSend: boolean): void {
		const pair = this.touch(openid, templateId);
		pair.on = true;
		if (addsSend) pair.remaining += 1;
	}

	private switchOff(openid: string, templateId: string): void {
		this.touch(openid, templateId).on = false;
	}

	/** The tracked pair, created on first touch from the pair's explicit count (or nothing). */
	private touch(openid: string, templateId: string): TrackedPair {
		const key = pairKey(openid, templateId);
		let pair = this.tracked.get(key);
		if (!pair) {
			const remaining = this.explicit.get(key) ?? 0;
			this.explicit.delete(key);
			pair = { openid, templateId, remaining, on: false, longTerm: this.kindOf(templateId) === 'long-term' };
			this.tracked.set(key, pair);
		}
		return pair;
	}

	/** Uses one send of (openid, template) if the user has one; false means 43101. */
	consume(openid: string, templateId: string, kind: TemplateKind): boolean {
		const key = pairKey(openid, templateId);
		const pair = this.tracked.get(key);
		if (pair) {
			pair.longTerm = kind === 'long-term';
			if (!pair.on) return false;
			if (pair.longTerm) return true;
			if (pair.remaining <= 0) return false;
			pair.remaining -= 1;
			return true;
		}
		if (openid.includes('NOSUB')) return false;
		const remaining = this.explicit.get(key);
		if (remaining === undefined) return true;
		if (remaining <= 0) return false;
		if (kind === 'one-time') this.explicit.set(key, remaining - 1);
		return true;
	}

	/** Every touched pair, in the order first touched. */
	rows(): QuotaRow[] {
		return [...this.tracked.values()].map((pair) => ({
			openid: pair.openid,
			templateId: pair.templateId,
			remaining: pair.longTerm ? null : pair.remaining,
			on: pair.on,
			longTerm: pair.longTerm,
		}));
	}
}
