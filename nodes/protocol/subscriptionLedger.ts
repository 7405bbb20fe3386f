/**
 * The subscription ledger (docs/subscription-lifecycle.md) as arithmetic over table rows: WeChat keeps a
 * quota per (user, template) that no API reads back (docs/wechat-protocol.md §3), so the ledger counts it
 * from the pushes and the send results, and a reminder sends only where a send is left.
 *
 * Two kinds of row come in, one per ledger table:
 * - events (wechat_subscription_events): one per user action or send result, only ever appended, each with
 *   its dedupeKey and the increasing `id` the table gave it;
 * - saved balances (wechat_subscriptions): one per (user, template) with something to send, written by
 *   compaction: the events up to id `foldedThrough` added up.
 *
 * Rules, each chosen so that no accept is lost and the tables stay small:
 * - Only the newest generation of saved balances counts (the highest `foldedThrough`), with the events
 *   after it. A compaction writes a whole generation in one insert, then deletes the older generation and
 *   the events it folded; a run that stops in between leaves rows the next one ignores.
 * - Each dedupeKey counts once (two deliveries of one push, both written). Events apply in id order; a
 *   `correction` (WeChat answered 43101) sets the count to 0, anything else adds its quotaDelta, and the
 *   count never goes below 0: so the ledger's count never exceeds WeChat's (a send WeChat accepted from a
 *   count of 0 means WeChat had one we did not know of).
 * - On or off is whichever switch WeChat stamped later (CreateTime), off on a tie.
 * - Compaction folds only events older than a margin (10 minutes by default), through the last id before
 *   the first younger one: an insert that was still running when the rows were read has a younger time, so
 *   nothing unread is ever deleted, and WeChat's retries of a push (within seconds) are over before the
 *   push's key leaves the table.
 * - A (user, template) with nothing to send (a one-time template with none left, a long-term one switched
 *   off) is not saved: a later accept brings it back, and nothing it held could make it sendable again.
 *   When nobody has anything left, the generation is one marker row (empty openid and templateId) that
 *   only records how far the events were folded, so that their deletion stays safe.
 */
import { InvalidInputError } from './errors';

export interface LedgerEvent {
	kind: 'event';
	id: number;
	openid: string;
	templateId: string;
	source: string;
	quotaDelta: number;
	onAt: number;
	offAt: number;
	dedupeKey: string;
	/** When the table stored the row (epoch ms); null when the row does not say. */
	createdAt: number | null;
}

export interface SavedBalance {
	kind: 'saved';
	openid: string;
	templateId: string;
	remaining: number | null;
	switchedOn: boolean;
	longTerm: boolean;
	onAt: number;
	offAt: number;
	foldedThrough: number;
}

export type LedgerRow = LedgerEvent | SavedBalance;

/** What one user can be sent of one template, now. */
export interface Balance {
	openid: string;
	templateId: string;
	/** Sends left of a one-time template; null for a long-term one (no limit while on). */
	remaining: number | null;
	switchedOn: boolean;
	longTerm: boolean;
	/** Switched on, and a send left or long-term: a send would be accepted as far as the ledger knows. */
	sendable: boolean;
}

/** A row of wechat_subscriptions as compaction writes it (the columns, in the table's order). */
export interface SavedBalanceRow {
	openid: string;
	templateId: string;
	remaining: number | null;
	switchedOn: boolean;
	longTerm: boolean;
	onAt: number;
	offAt: number;
	foldedThrough: number;
}

/** Whether a template of the account is long-term; undefined when the account does not list it. */
export type LongTermLookup = (templateId: string) => boolean | undefined;

/** Events younger than this stay in the table at compaction (see the header). */
export const DEFAULT_FOLD_MARGIN_MINUTES = 10;

const WIRING_FIX =
	'Connect the rows of wechat_subscriptions and wechat_subscription_events (Data Table → Get, all rows) to this node, both through one Merge node (Append)';

/** One input item as a ledger row; null for an empty item (a Data Table Get on an empty table). */
export function readLedgerRow(json: Record<string, unknown>): LedgerRow | null {
	if (Object.keys(json).length === 0) return null;
	if ('foldedThrough' in json) return readSavedBalance(json);
	if ('dedupeKey' in json) return readEvent(json);
	throw new InvalidInputError(
		'The item is neither a ledger event (no dedupeKey) nor a saved balance (no foldedThrough)',
		`${WIRING_FIX}. Fields of the item: ${Object.keys(json).slice(0, 12).join(', ')}`,
	);
}

function readEvent(json: Record<string, unknown>): LedgerEvent {
	return {
		kind: 'event',
		id: positiveInteger(json, 'id', 'wechat_subscription_events'),
		openid: text(json, 'openid', 'wechat_subscription_events'),
		templateId: text(json, 'templateId', 'wechat_subscription_events'),
		source: typeof json.source === 'string' ? json.source : '',
		quotaDelta: numberOrZero(json, 'quotaDelta', 'wechat_subscription_events'),
		onAt: numberOrZero(json, 'onAt', 'wechat_subscription_events'),
		offAt: numberOrZero(json, 'offAt', 'wechat_subscription_events'),
		dedupeKey: text(json, 'dedupeKey', 'wechat_subscription_events'),
		createdAt: timeOrNull(json.createdAt),
	};
}

function readSavedBalance(json: Record<string, unknown>): SavedBalance {
	if (json.openid === '' && json.templateId === '') return { ...generationMarker(positiveInteger(json, 'foldedThrough', 'wechat_subscriptions')), kind: 'saved' };
	const remaining = json.remaining === null || json.remaining === undefined ? null : numberOrZero(json, 'remaining', 'wechat_subscriptions');
	return {
		kind: 'saved',
		openid: text(json, 'openid', 'wechat_subscriptions'),
		templateId: text(json, 'templateId', 'wechat_subscriptions'),
		remaining,
		switchedOn: json.switchedOn === true,
		longTerm: json.longTerm === true,
		onAt: numberOrZero(json, 'onAt', 'wechat_subscriptions'),
		offAt: numberOrZero(json, 'offAt', 'wechat_subscriptions'),
		foldedThrough: positiveInteger(json, 'foldedThrough', 'wechat_subscriptions'),
	};
}

function columnError(table: string, column: string, problem: string): InvalidInputError {
	return new InvalidInputError(`A row of ${table} has ${problem} in ${column}`, `Give ${table} the columns of the lifecycle tables (docs/subscription-lifecycle.md in the package's GitHub repository, linked from the README). ${WIRING_FIX}`);
}

function text(json: Record<string, unknown>, column: string, table: string): string {
	const value = json[column];
	if (typeof value !== 'string' || value === '') throw columnError(table, column, 'no text');
	return value;
}

function numberOrZero(json: Record<string, unknown>, column: string, table: string): number {
	const value = json[column];
	if (value === null || value === undefined || value === '') return 0;
	const number = typeof value === 'number' ? value : Number(value);
	if (!Number.isFinite(number)) throw columnError(table, column, `"${String(value)}", not a number,`);
	return number;
}

function positiveInteger(json: Record<string, unknown>, column: string, table: string): number {
	const value = json[column];
	const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
	if (!Number.isSafeInteger(number) || number < 0) throw columnError(table, column, value === undefined ? 'nothing' : `"${String(value)}", not a whole number,`);
	return number;
}

function timeOrNull(value: unknown): number | null {
	if (value instanceof Date) return value.getTime();
	if (typeof value !== 'string' && typeof value !== 'number') return null;
	const time = typeof value === 'number' ? value : Date.parse(value);
	return Number.isFinite(time) ? time : null;
}

interface PairState {
	openid: string;
	templateId: string;
	count: number;
	onAt: number;
	offAt: number;
	savedLongTerm: boolean | undefined;
}

const pairKey = (openid: string, templateId: string) => `${openid}\u0000${templateId}`;

/** The newest generation of saved balances, and the events after it (each dedupeKey once, in id order). */
interface LedgerStart {
	generation: number;
	pairs: Map<string, PairState>;
	events: LedgerEvent[];
}

function ledgerStart(rows: readonly LedgerRow[]): LedgerStart {
	let generation = 0;
	for (const row of rows) if (row.kind === 'saved' && row.foldedThrough > generation) generation = row.foldedThrough;
	const pairs = new Map<string, PairState>();
	const events: LedgerEvent[] = [];
	for (const row of rows) {
		if (row.kind === 'event') {
			if (row.id > generation) events.push(row);
			continue;
		}
		const key = pairKey(row.openid, row.templateId);
		if (row.foldedThrough !== generation || pairs.has(key) || row.openid === '') continue;
		pairs.set(key, { openid: row.openid, templateId: row.templateId, count: row.remaining ?? 0, onAt: row.onAt, offAt: row.offAt, savedLongTerm: row.longTerm });
	}
	events.sort((a, b) => a.id - b.id);
	const seen = new Set<string>();
	const unique: LedgerEvent[] = [];
	for (const event of events) {
		if (seen.has(event.dedupeKey)) continue;
		seen.add(event.dedupeKey);
		unique.push(event);
	}
	return { generation, pairs, events: unique };
}

function apply(pairs: Map<string, PairState>, event: LedgerEvent): void {
	const key = pairKey(event.openid, event.templateId);
	let state = pairs.get(key);
	if (!state) {
		state = { openid: event.openid, templateId: event.templateId, count: 0, onAt: 0, offAt: 0, savedLongTerm: undefined };
		pairs.set(key, state);
	}
	state.count = event.source === 'correction' ? 0 : Math.max(0, state.count + event.quotaDelta);
	state.onAt = Math.max(state.onAt, event.onAt);
	state.offAt = Math.max(state.offAt, event.offAt);
}

function balanceOf(state: PairState, longTermOf: LongTermLookup): Balance {
	const longTerm = longTermOf(state.templateId) ?? state.savedLongTerm ?? false;
	const switchedOn = state.onAt > state.offAt;
	const remaining = longTerm ? null : state.count;
	return { openid: state.openid, templateId: state.templateId, remaining, switchedOn, longTerm, sendable: switchedOn && (longTerm || state.count > 0) };
}

/** Whether a (user, template) is worth keeping: something to send now, or after a switch back on. */
function hasBalance(balance: Balance): boolean {
	return balance.longTerm ? balance.switchedOn : (balance.remaining ?? 0) > 0;
}

/** Every (user, template) in the rows, as it stands after all of them. */
export function computeBalances(rows: readonly LedgerRow[], longTermOf: LongTermLookup): Balance[] {
	const start = ledgerStart(rows);
	for (const event of start.events) apply(start.pairs, event);
	return [...start.pairs.values()].map((state) => balanceOf(state, longTermOf));
}

export interface Compaction {
	/** The highest event id folded in: delete the events up to it, and the saved balances below it. */
	foldedThrough: number;
	/** The new generation of wechat_subscriptions: one row per (user, template) with a balance, or the marker. */
	rows: SavedBalanceRow[];
}

/**
 * The next generation of saved balances: the newest one plus the events older than `foldBeforeMs`, through
 * the last id before the first younger event (and never between two rows of one dedupeKey). Null when no
 * event is old enough to fold.
 */
export function compactLedger(rows: readonly LedgerRow[], longTermOf: LongTermLookup, foldBeforeMs: number): Compaction | null {
	const start = ledgerStart(rows);
	const foldedThrough = foldBoundary(start, rowsOfEvents(rows, start.generation), foldBeforeMs);
	if (foldedThrough === start.generation) return null;
	for (const event of start.events) if (event.id <= foldedThrough) apply(start.pairs, event);
	const saved: SavedBalanceRow[] = [];
	for (const state of start.pairs.values()) {
		const balance = balanceOf(state, longTermOf);
		if (!hasBalance(balance)) continue;
		saved.push({
			openid: state.openid,
			templateId: state.templateId,
			remaining: balance.remaining,
			switchedOn: balance.switchedOn,
			longTerm: balance.longTerm,
			onAt: state.onAt,
			offAt: state.offAt,
			foldedThrough,
		});
	}
	return { foldedThrough, rows: saved.length > 0 ? saved : [generationMarker(foldedThrough)] };
}

/** The one row of a generation in which nobody has a balance: it keeps `foldedThrough` on record. */
export function generationMarker(foldedThrough: number): SavedBalanceRow {
	return { openid: '', templateId: '', remaining: 0, switchedOn: false, longTerm: false, onAt: 0, offAt: 0, foldedThrough };
}

/** Every event after the generation, duplicates included, in id order. */
function rowsOfEvents(rows: readonly LedgerRow[], generation: number): LedgerEvent[] {
	return rows.filter((row): row is LedgerEvent => row.kind === 'event' && row.id > generation).sort((a, b) => a.id - b.id);
}

function foldBoundary(start: LedgerStart, events: readonly LedgerEvent[], foldBeforeMs: number): number {
	let boundary = start.generation;
	for (const event of events) {
		if (event.createdAt === null || event.createdAt >= foldBeforeMs) break;
		boundary = event.id;
	}
	// A dedupeKey with rows on both sides would count again once its older row is deleted: fold neither.
	for (;;) {
		const later = new Set(events.filter((event) => event.id > boundary).map((event) => event.dedupeKey));
		const split = events.find((event) => event.id <= boundary && later.has(event.dedupeKey));
		if (split === undefined) return boundary;
		boundary = Math.max(start.generation, split.id - 1);
	}
}
