import { InvalidInputError } from '../../../nodes/protocol/errors';
import {
	compactLedger,
	computeBalances,
	generationMarker,
	readLedgerRow,
	type Balance,
	type LedgerRow,
	type LongTermLookup,
	type SavedBalanceRow,
} from '../../../nodes/protocol/subscriptionLedger';

const ONE_TIME = 'tplOneTime';
const LONG_TERM = 'tplLongTerm';
const longTermOf: LongTermLookup = (templateId) => (templateId === LONG_TERM ? true : templateId === ONE_TIME ? false : undefined);
const T0 = Date.parse('2026-12-01T09:00:00Z');

let nextId = 1;
type Row = Record<string, unknown> & { id: number; onAt: number; createTime: number; createdAt: string };
/** An event row as n8n's Data Table node outputs it (createdAt an ISO string). */
function event(openid: string, templateId: string, fields: Partial<Record<string, unknown>> = {}): Row {
	const id = nextId++;
	return {
		id,
		openid,
		templateId,
		source: 'popup',
		quotaDelta: 1,
		onAt: 1000 + id,
		offAt: 0,
		createTime: 1000 + id,
		dedupeKey: `key-${id}`,
		createdAt: new Date(T0 + id * 1000).toISOString(),
		updatedAt: new Date(T0 + id * 1000).toISOString(),
		...fields,
	} as Row;
}
const accept = (openid: string, templateId = ONE_TIME, extra: Partial<Record<string, unknown>> = {}) => event(openid, templateId, extra);
const reject = (openid: string, templateId = ONE_TIME) => {
	const row = event(openid, templateId, { quotaDelta: 0 });
	return { ...row, onAt: 0, offAt: row.createTime };
};
const sent = (openid: string, templateId = ONE_TIME) => event(openid, templateId, { source: 'send', quotaDelta: templateId === LONG_TERM ? 0 : -1, onAt: 0, offAt: 0 });
const correction = (openid: string, templateId = ONE_TIME, offAt = 0) => event(openid, templateId, { source: 'correction', quotaDelta: 0, onAt: 0, offAt });
function saved(openid: string, templateId: string, fields: Partial<SavedBalanceRow>): Record<string, unknown> {
	return { id: nextId++, openid, templateId, remaining: 1, switchedOn: true, longTerm: templateId === LONG_TERM, onAt: 500, offAt: 0, foldedThrough: 0, createdAt: new Date(T0).toISOString(), updatedAt: new Date(T0).toISOString(), ...fields };
}

function rows(...items: Array<Record<string, unknown>>): LedgerRow[] {
	return items.map((item) => readLedgerRow(item)).filter((row): row is LedgerRow => row !== null);
}
const balanceOf = (balances: Balance[], openid: string, templateId = ONE_TIME) => balances.find((b) => b.openid === openid && b.templateId === templateId);

beforeEach(() => {
	nextId = 1;
});

describe('computeBalances: what each user can be sent', () => {
	it('accepts add up, a send uses one, and a user with none left is not sendable', () => {
		const balances = computeBalances(rows(accept('a'), accept('a'), sent('a'), accept('b'), sent('b')), longTermOf);
		expect(balanceOf(balances, 'a')).toEqual({ openid: 'a', templateId: ONE_TIME, remaining: 1, switchedOn: true, longTerm: false, sendable: true });
		expect(balanceOf(balances, 'b')).toMatchObject({ remaining: 0, sendable: false });
	});

	it('two accepts of one user written at the same moment (two rows, two keys) both count', () => {
		expect(balanceOf(computeBalances(rows(accept('a'), accept('a')), longTermOf), 'a')?.remaining).toBe(2);
	});

	it('a push written twice (one dedupeKey, two rows) counts once', () => {
		const first = accept('a', ONE_TIME, { dedupeKey: 'same' });
		const repeat = accept('a', ONE_TIME, { dedupeKey: 'same' });
		expect(balanceOf(computeBalances(rows(first, repeat), longTermOf), 'a')?.remaining).toBe(1);
	});

	it('a reject switches off and keeps the unused sends; the later switch wins, off on a tie', () => {
		const balances = computeBalances(rows(accept('a'), reject('a')), longTermOf);
		expect(balanceOf(balances, 'a')).toMatchObject({ remaining: 1, switchedOn: false, sendable: false });
		const tie = accept('b', ONE_TIME, { onAt: 5000, createTime: 5000 });
		const tiedOff = event('b', ONE_TIME, { quotaDelta: 0, onAt: 0, offAt: 5000 });
		expect(balanceOf(computeBalances(rows(tie, tiedOff), longTermOf), 'b')).toMatchObject({ switchedOn: false });
	});

	it('the order of on and off is WeChat CreateTime, not the order the rows were written', () => {
		const lateOff = event('a', ONE_TIME, { quotaDelta: 0, onAt: 0, offAt: 3000 });
		const earlierAccept = accept('a', ONE_TIME, { onAt: 2000 });
		expect(balanceOf(computeBalances(rows(lateOff, earlierAccept), longTermOf), 'a')).toMatchObject({ remaining: 1, switchedOn: false });
	});

	it('a 43101 correction resets the count to zero where it stands; accepts after it count again', () => {
		const balances = computeBalances(rows(accept('a'), accept('a'), correction('a'), accept('a')), longTermOf);
		expect(balanceOf(balances, 'a')).toMatchObject({ remaining: 1, sendable: true });
	});

	it('the count never goes below zero, so it never exceeds what WeChat holds', () => {
		const balances = computeBalances(rows(sent('a'), sent('a'), accept('a')), longTermOf);
		expect(balanceOf(balances, 'a')?.remaining).toBe(1);
	});

	it('a long-term template is sendable while on, with no count; its correction switches it off', () => {
		const on = computeBalances(rows(accept('a', LONG_TERM), sent('a', LONG_TERM), sent('a', LONG_TERM)), longTermOf);
		expect(balanceOf(on, 'a', LONG_TERM)).toEqual({ openid: 'a', templateId: LONG_TERM, remaining: null, switchedOn: true, longTerm: true, sendable: true });
		const off = computeBalances(rows(accept('a', LONG_TERM), correction('a', LONG_TERM, 99_999)), longTermOf);
		expect(balanceOf(off, 'a', LONG_TERM)).toMatchObject({ switchedOn: false, sendable: false });
	});

	it('only the newest generation of saved balances counts, with the events after it', () => {
		const oldGeneration = saved('a', ONE_TIME, { remaining: 5, foldedThrough: 2 });
		const newGeneration = saved('a', ONE_TIME, { remaining: 1, foldedThrough: 4 });
		const folded = event('a', ONE_TIME, { id: 3, dedupeKey: 'folded' });
		const after = event('a', ONE_TIME, { id: 7, dedupeKey: 'after' });
		const staleOnly = saved('gone', ONE_TIME, { remaining: 3, foldedThrough: 2 });
		const balances = computeBalances(rows(oldGeneration, newGeneration, folded, after, staleOnly), longTermOf);
		expect(balanceOf(balances, 'a')?.remaining).toBe(2);
		// A pair only in the older generation had nothing left when the newer one was written.
		expect(balanceOf(balances, 'gone')).toBeUndefined();
	});

	it('a template the account no longer lists keeps the type it was saved with', () => {
		const balances = computeBalances(rows(saved('a', 'tplDeleted', { remaining: null, longTerm: true, foldedThrough: 1 })), longTermOf);
		expect(balanceOf(balances, 'a', 'tplDeleted')).toMatchObject({ longTerm: true, sendable: true });
	});
});

describe('compactLedger: the next generation of saved balances', () => {
	const atMs = (row: Row) => Date.parse(row.createdAt);

	it('folds the events older than the margin, keeps only the pairs with a balance, and names the last id folded', () => {
		const a1 = accept('a');
		const b1 = accept('b');
		const b2 = sent('b');
		const young = accept('c');
		const compaction = compactLedger(rows(a1, b1, b2, young), longTermOf, atMs(young));
		expect(compaction?.foldedThrough).toBe(b2.id);
		expect(compaction?.rows).toEqual([{ openid: 'a', templateId: ONE_TIME, remaining: 1, switchedOn: true, longTerm: false, onAt: a1.onAt, offAt: 0, foldedThrough: b2.id }]);
	});

	it('stops at the first young event even when an older-stamped row follows it (nothing unread is ever deleted)', () => {
		const old1 = accept('a');
		const young = accept('b');
		const olderStampedLater = accept('c', ONE_TIME, { createdAt: new Date(T0).toISOString() });
		const compaction = compactLedger(rows(old1, young, olderStampedLater), longTermOf, atMs(young));
		expect(compaction?.foldedThrough).toBe(old1.id);
		expect(compaction?.rows.map((row) => row.openid)).toEqual(['a']);
	});

	it('never folds one copy of a dedupeKey and leaves the other in the table', () => {
		const a1 = accept('a');
		const first = accept('b', ONE_TIME, { dedupeKey: 'twice' });
		const young = accept('c');
		const second = accept('b', ONE_TIME, { dedupeKey: 'twice' });
		const compaction = compactLedger(rows(a1, first, young, second), longTermOf, atMs(young));
		expect(compaction?.foldedThrough).toBe(a1.id);
	});

	it('returns null when nothing is old enough', () => {
		const young = accept('a');
		expect(compactLedger(rows(young), longTermOf, atMs(young))).toBeNull();
	});

	it('when nobody has a balance left, the generation is one marker row that keeps how far it folded', () => {
		const a = accept('a');
		const used = sent('a');
		const later = accept('z');
		const compaction = compactLedger(rows(a, used, later), longTermOf, atMs(later));
		expect(compaction).toEqual({ foldedThrough: used.id, rows: [generationMarker(used.id)] });
		// After its deletes (events up to `used` gone), the marker keeps the older generation from counting again.
		const stale = saved('a', ONE_TIME, { remaining: 4, foldedThrough: 1 });
		const marker = { id: 99, ...generationMarker(used.id) };
		const balances = computeBalances(rows(stale, marker, later), longTermOf);
		expect(balances.map((b) => b.openid)).toEqual(['z']);
	});

	it('a compaction, its deletes, then compute give the balance compute gave on the rows before', () => {
		const history = [accept('a'), accept('a'), sent('a'), accept('b', LONG_TERM), reject('c'), accept('d'), correction('d'), accept('e')];
		const before = computeBalances(rows(...history), longTermOf);
		const cutoff = atMs(history[5]);
		const compaction = compactLedger(rows(...history), longTermOf, cutoff);
		expect(compaction).not.toBeNull();
		const boundary = compaction?.foldedThrough ?? 0;
		const kept = history.filter((row) => Number(row.id) > boundary);
		const savedRows = (compaction?.rows ?? []).map((row, index) => ({ id: 1000 + index, ...row }));
		const after = computeBalances(rows(...savedRows, ...kept), longTermOf);
		const sendable = (balances: Balance[]) => balances.filter((b) => b.sendable).map((b) => `${b.openid}|${b.templateId}|${String(b.remaining)}`).sort();
		expect(sendable(after)).toEqual(sendable(before));
	});

	it('a run that stopped after writing the new generation (old rows and folded events still there) changes nothing', () => {
		const history = [accept('a'), accept('a'), sent('a'), accept('b')];
		const compaction = compactLedger(rows(...history), longTermOf, Date.now());
		const written = (compaction?.rows ?? []).map((row, index) => ({ id: 100 + index, ...row }));
		const leftovers = [...history, saved('a', ONE_TIME, { remaining: 7, foldedThrough: 1 })];
		expect(computeBalances(rows(...leftovers, ...written), longTermOf)).toEqual(computeBalances(rows(...history), longTermOf));
	});
});

describe('readLedgerRow', () => {
	it('skips an empty item (a Get on an empty table with Always Output Data)', () => {
		expect(readLedgerRow({})).toBeNull();
	});

	it('tells an event from a saved balance, and reads numbers given as text (PostgreSQL ids)', () => {
		expect(readLedgerRow(event('a', ONE_TIME, { id: '42' }))).toMatchObject({ kind: 'event', id: 42 });
		expect(readLedgerRow(saved('a', ONE_TIME, { foldedThrough: 3 }))).toMatchObject({ kind: 'saved', foldedThrough: 3 });
	});

	it('refuses an item of another table, naming the fields to wire', () => {
		expect(() => readLedgerRow({ msgid: '1', status: 'delivered' })).toThrow(InvalidInputError);
		expect(() => readLedgerRow({ msgid: '1', status: 'delivered' })).toThrow(/neither a ledger event/);
	});

	it('refuses a row with a missing or wrong column, naming it', () => {
		expect(() => readLedgerRow({ ...event('a', ONE_TIME), openid: '' })).toThrow(/wechat_subscription_events has no text in openid/);
		expect(() => readLedgerRow({ ...event('a', ONE_TIME), quotaDelta: 'one' })).toThrow(/"one", not a number, in quotaDelta/);
		expect(() => readLedgerRow({ ...saved('a', ONE_TIME, {}), foldedThrough: null })).toThrow(/in foldedThrough/);
	});
});
