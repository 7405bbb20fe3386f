/**
 * Section 6 of the benchmark: the state both reminder flows start from, the "send to everyone" flow built
 * from example 3's own nodes, and how the comparison is printed and judged.
 */
import { join } from 'node:path';

import { withSummary } from '../../../bench/performancePage';
import { checkTargets, historyTable, postgresReminderTable, reminderTable } from '../../../bench/report';
import { summariseReminderRuns } from '../../../bench/reminderComparison';
import type { BenchResults, HistoryCase, ReminderComparison, ReminderRun, ReminderSide } from '../../../bench/results';
import { readResults } from '../../../bench/resultsFile';
import { compactionOnlyFlow, EVERYONE_TRIGGER, hasNoSendLeft, historyDay, historyMorning, ledgerFlow, REMINDER_TEMPLATE_ID, reminderState, sendToEveryoneFlow, USERS_TABLE } from '../../../bench/reminderWorkload';
import { computeBalances, readLedgerRow, type LedgerRow } from '../../../nodes/protocol/subscriptionLedger';
import { EXAMPLES } from '../../../harness/examples';

const latest = readResults(join(__dirname, 'fixtures/results-2026-11-25.json'));
const START = '<!-- bench:reminder:start (written by bench/performancePage.ts from bench/results/latest.json) -->';
const END = '<!-- bench:reminder:end -->';
const LATEST_START = '<!-- bench:latest:start (written by bench/performancePage.ts from bench/results/latest.json) -->';
const LATEST_END = '<!-- bench:latest:end -->';

interface Node {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	onError?: string;
}

describe('the reminder state', () => {
	const state = reminderState(2000, 0.4, 1_800_000_000);

	it('gives 40% of the users no send left, spread evenly, the same on both sides', () => {
		const none = state.quotas.filter((q) => q.remaining === 0);
		expect(none).toHaveLength(800);
		expect(state.quotas.slice(0, 100).filter((q) => q.remaining === 0)).toHaveLength(40);
		expect(state.users.map((row) => row.openid)).toEqual(state.quotas.map((q) => q.openid));
		expect(hasNoSendLeft(39, 0.4)).toBe(true);
		expect(hasNoSendLeft(40, 0.4)).toBe(false);
	});

	it("writes yesterday's saved balances and sends, which the package adds up to what the sandbox allows, each dedupeKey once", () => {
		const rows = [...state.saved, ...state.events.map((row, index) => ({ id: index + 1, ...row }))].map((row) => readLedgerRow(row)).filter((row): row is LedgerRow => row !== null);
		const balances = new Map(computeBalances(rows, () => false).map((b) => [b.openid, b.remaining]));
		expect(state.quotas.map((q) => balances.get(q.openid))).toEqual(state.quotas.map((q) => q.remaining));
		expect(new Set(state.events.map((row) => row.dedupeKey)).size).toBe(state.events.length);
		expect(state.events.every((row) => row.templateId === REMINDER_TEMPLATE_ID)).toBe(true);
		expect(state.quotas.every((q) => /^o[A-Za-z0-9_-]{27}$/.test(q.openid))).toBe(true);
	});
});

describe('the ledger flow', () => {
	it('is example 3 as committed but for a compaction that folds everything it read', () => {
		const flow = ledgerFlow() as { nodes: Node[] };
		const changed = flow.nodes.filter((node, i) => JSON.stringify(node) !== JSON.stringify((EXAMPLES.dailyReminder.nodes as unknown as Node[])[i]));
		expect(changed.map((node) => [node.name, node.parameters.foldAfterMinutes])).toEqual([['Compact History', 0]]);
	});
});

describe('sending to everyone', () => {
	const flow = sendToEveryoneFlow() as { nodes: Node[]; connections: Record<string, unknown> };
	const exampleNodes = EXAMPLES.dailyReminder.nodes as unknown as Node[];

	it("sends with example 3's own Send node, parameters and Continue On Fail included", () => {
		const send = flow.nodes.find((node) => node.name === 'Send Appointment Reminder');
		const original = exampleNodes.find((node) => node.name === 'Send Appointment Reminder');
		expect(send?.parameters).toEqual(original?.parameters);
		expect(send?.onError).toBe('continueRegularOutput');
	});

	it("reads every row of the business's user list, with no filter, from a manual trigger", () => {
		const users = flow.nodes.find((node) => node.name === 'All Users');
		expect(users).toMatchObject({ type: 'n8n-nodes-base.dataTable', parameters: { operation: 'get', returnAll: true, filters: {}, dataTableId: { mode: 'name', value: USERS_TABLE.name } } });
		expect(flow.nodes[0]).toMatchObject({ name: EVERYONE_TRIGGER, type: 'n8n-nodes-base.manualTrigger' });
		expect(Object.keys(flow.connections)).toEqual([EVERYONE_TRIGGER, 'All Users']);
	});
});

function reminderRun(partial: Partial<ReminderRun>): ReminderRun {
	return { executionMs: 1000, n8nCpuMs: 800, wechatCalls: 1202, sendCalls: 1200, wasted43101: 0, accepted: 1200, executionStatus: 'success', ...partial };
}

function reminderSide(label: string, runs: ReminderRun[]): ReminderSide {
	const first = runs[0];
	return { label, runs, executionMs: first.executionMs, n8nCpuMs: first.n8nCpuMs, wechatCalls: first.wechatCalls, sendCalls: first.sendCalls, wasted43101: first.wasted43101, accepted: first.accepted };
}

function comparison(ledgerRuns: ReminderRun[]): ReminderComparison {
	return {
		users: 2000,
		noSendLeftShare: 0.4,
		sendable: 1200,
		latencyMs: 20,
		ledger: reminderSide('ledger first (example 3)', ledgerRuns),
		everyone: reminderSide('send to everyone, no ledger', [reminderRun({ wechatCalls: 2001, sendCalls: 2000, wasted43101: 800, executionMs: 4000 })]),
	};
}

describe('the reminder comparison in the report', () => {
	it('prints both flows with calls, sends, 43101 and time', () => {
		const text = reminderTable({ ...latest, reminder: comparison([reminderRun({ executionMs: 9000 })]) });
		expect(text).toContain('2000 users of one one-time template, 40% of them with no send left');
		expect(text).toContain('| ledger first (example 3) | 1202 | 1200 | 0 | 1200 / 1200 | 9000 | 800 | success |');
		expect(text).toContain('| send to everyone, no ledger | 2001 | 2000 | 800 | 1200 / 1200 | 4000 | 800 | success |');
	});

	it('meets its target only within 1.3× of sending to everyone, when every ledger run wasted nothing and reached every user with a send left', () => {
		const target = (runs: ReminderRun[]) => checkTargets({ ...latest, reminder: comparison(runs) }).find((t) => t.target.startsWith('reminder on Data Tables over 2000 users'));
		expect(target([reminderRun({})])).toMatchObject({ met: true, measured: expect.stringMatching(/^0\.25× \(1000 ms against 4000 ms\)/) });
		expect(target([reminderRun({ executionMs: 5200 })])).toMatchObject({ met: true });
		expect(target([reminderRun({ executionMs: 5300 })])).toMatchObject({ met: false });
		expect(target([reminderRun({}), reminderRun({ wasted43101: 1, accepted: 1199 })])).toMatchObject({ met: false });
		expect(target([reminderRun({ accepted: 1190 })])).toMatchObject({ met: false });
		expect(target([reminderRun({ executionStatus: 'error' })])).toMatchObject({ met: false });
		expect(checkTargets(latest).some((t) => t.target.startsWith('reminder on'))).toBe(false);
	});

	it("fills the performance page's reminder block, or marks it not measured in results from before the section", () => {
		const readme = `${LATEST_START}\n${LATEST_END}\n${START}\nstale\n${END}\n`;
		const measured: BenchResults = { ...latest, reminder: comparison([reminderRun({})]) };
		expect(withSummary(readme, measured)).toContain('| send to everyone, no ledger | 2001 | 2000 | 800 |');
		expect(withSummary(readme, measured)).toContain('| reminder to 2000 users, 40% with no send left');
		const before = withSummary(readme, latest);
		expect(before).not.toContain('stale');
		expect(before).toContain('**Not measured yet**');
	});
});

describe("section 7's history", () => {
	const users = 50;
	const ledgerRowsOf = (days: number, morningOf?: number) => {
		let id = 0;
		const rows = Array.from({ length: days }, (_, d) => historyDay(users, d + 1)).flat();
		if (morningOf !== undefined) rows.push(...historyMorning(users, morningOf, days).rows);
		return rows.map((row) => readLedgerRow({ id: ++id, ...row })).filter((row): row is LedgerRow => row !== null);
	};

	it('lives days that each leave every user the one send kept from day 1, so the mornings after 1 and 30 days send as many messages', () => {
		for (const days of [1, 30]) {
			const balances = computeBalances(ledgerRowsOf(days), () => false);
			expect(balances.every((b) => b.remaining === 1)).toBe(true);
			expect(balances).toHaveLength(users);
		}
		const morning = (days: number) => historyMorning(users, days + 1, days);
		const total = (quotas: Map<string, number>) => [...quotas.values()].reduce((sum, q) => sum + q, 0);
		expect(total(morning(1).quotas)).toBe(total(morning(30).quotas));
		expect(total(morning(30).quotas)).toBe(users + users / 5);
		expect(morning(30).rows.length).toBe(users / 5);
	});

	it("each morning's quotas are what the ledger adds up, the morning before's sends included (one to each user with a send left)", () => {
		const rows = ledgerRowsOf(30, 31);
		const first = historyMorning(users, 31, 30).quotas;
		expect(computeBalances(rows, () => false).map((b) => b.remaining)).toEqual(computeBalances(rows, () => false).map((b) => first.get(b.openid)));
		// The first morning's reminder sends once to everyone; then the second morning's accepts.
		let id = rows.length;
		const sent = [...first.keys()].map((openid) => readLedgerRow({ id: ++id, openid, templateId: REMINDER_TEMPLATE_ID, source: 'send', quotaDelta: -1, onAt: 0, offAt: 0, createTime: 0, dedupeKey: `send|${openid}` }));
		const secondMorning = historyMorning(users, 32, 30);
		const accepts = secondMorning.rows.map((row) => readLedgerRow({ id: ++id, ...row }));
		const after = computeBalances([...rows, ...sent, ...accepts].filter((row): row is LedgerRow => row !== null), () => false);
		expect(after.map((b) => b.remaining)).toEqual(after.map((b) => secondMorning.quotas.get(b.openid)));
	});

	it('the compaction-only flow is example 3 cut after its writes: no Send node', () => {
		const flow = compactionOnlyFlow() as { nodes: Node[] };
		expect(flow.nodes.map((node) => node.name)).toEqual(['Every Morning', 'Saved Balances', 'Ledger Events', 'Ledger Rows', 'Compact History', 'Save Balances', 'Drop Older Balances', 'Drop Folded Events']);
	});
});

describe('the history and PostgreSQL sections in the report', () => {
	const historyCase = (days: number, executionMs: number): HistoryCase => ({ days, runs: [{ executionMs, n8nCpuMs: 1, accepted: 100, tableBytes: 1 }], executionMs, n8nCpuMs: 1, tableMb: 1.5 });
	const history = (longMs: number) => ({ users: 20000, latencyMs: 20, short: historyCase(1, 1000), long: historyCase(30, longMs), uncompactedLongMb: 80, capMb: 200 });

	it('meets the history target within 1.2× of the one-day history, and prints the sizes beside the cap', () => {
		const target = (longMs: number) => checkTargets({ ...latest, history: history(longMs) }).find((t) => t.target.startsWith('reminder after 30 days'));
		expect(target(1200)).toMatchObject({ met: true });
		expect(target(1201)).toMatchObject({ met: false });
		expect(historyTable({ ...latest, history: history(1100) })).toContain("The 30 days' events never compacted: 80 MB; n8n's cap for all data tables together: 200 MB");
	});

	it('judges the PostgreSQL reminder within 1.2×, and prints where the ledger run spent its time', () => {
		const postgres = (ledgerMs: number) => ({ ...comparison([reminderRun({ executionMs: ledgerMs, nodeMs: { 'Book In The Ledger': 40, 'Send Appointment Reminder': 900 } })]), store: 'postgres' as const });
		const target = (ledgerMs: number) => checkTargets({ ...latest, reminderPostgres: postgres(ledgerMs) }).find((t) => t.target.startsWith('reminder on PostgreSQL'));
		expect(target(4800)).toMatchObject({ met: true });
		expect(target(4900)).toMatchObject({ met: false });
		const summarised = { ...postgres(1000), ledger: summariseReminderRuns('ledger first (example 11)', [reminderRun({ nodeMs: { 'Book In The Ledger': 40, 'Send Appointment Reminder': 900 } })]) };
		expect(postgresReminderTable({ ...latest, reminderPostgres: summarised })).toContain("time went (n8n's execution time per node, ms): Send Appointment Reminder 900, Book In The Ledger 40.");
	});
});
