/**
 * Section 6's workload: one day's reminder to N users of one one-time template, of whom a share have no
 * send left (they accepted once and that send was used yesterday). The same state is given to both sides
 * before every run: the sandbox's quota table (what WeChat knows), and the tables as yesterday's reminder
 * left them: wechat_subscriptions holding yesterday's compaction (every user one send left) and
 * wechat_subscription_events holding yesterday's sends; bench_users is the business's own list of users.
 *
 * The two flows:
 *  - the ledger flow: example 3 as committed, its compaction margin set to 0 (the bench cannot date rows a
 *    day back, and in production yesterday's rows are a day old, past the 10 minutes): compute who can be
 *    sent, send, book each send, compact;
 *  - sending to everyone: Manual Trigger → every row of bench_users → example 3's own Send node, with no
 *    ledger in front of it (what a workflow without the lifecycle does).
 */
import { SANDBOX_TEMPLATE_IDS } from '../sandbox/seed';
import { DATA_TABLES, EXAMPLES, WORKFLOW_IDS, type DataTableSpec } from '../harness/examples';
import { chain, manualTrigger, type SavedNode, workflow } from '../harness';

export const REMINDER_TEMPLATE_ID = SANDBOX_TEMPLATE_IDS.appointmentStatus;
export const LEDGER_FLOW_ID = WORKFLOW_IDS.dailyReminder;
export const EVERYONE_FLOW_ID = 'benchEveryone001';
export const EVERYONE_TRIGGER = 'Send To Everyone';
/** Example 3's Send node for the one-time template: the node both flows send with. */
const SEND_NODE = 'Send Appointment Reminder';
/** The business's own list of its users: what a reminder without a ledger sends to. */
export const USERS_TABLE: DataTableSpec = { name: 'bench_users', columns: [{ name: 'openid', type: 'string' }] };

/** 28 characters starting with o, like a real OpenID. */
export const reminderOpenId = (n: number): string => `oReminderBench${String(n).padStart(14, '0')}`;

/** Whether user n has used the one send an accept gave (evenly spread: the first `share` of every 100). */
export function hasNoSendLeft(n: number, noSendLeftShare: number): boolean {
	return n % 100 < Math.round(noSendLeftShare * 100);
}

export interface ReminderState {
	/** What the sandbox (WeChat) allows: sends left per user for the template. */
	quotas: Array<{ openid: string; remaining: number }>;
	/** Rows of wechat_subscriptions as yesterday's compaction wrote them (before yesterday's sends). */
	saved: Array<Record<string, unknown>>;
	/** Rows of wechat_subscription_events: yesterday's sends, booked after that compaction read the table. */
	events: Array<Record<string, unknown>>;
	/** Rows of bench_users. */
	users: Array<Record<string, unknown>>;
}

/** The morning both flows start from; `nowSeconds` dates the accepts two days back and the used sends one day back. */
export function reminderState(users: number, noSendLeftShare: number, nowSeconds: number): ReminderState {
	const acceptedAt = nowSeconds - 2 * 86_400;
	const usedAt = nowSeconds - 86_400;
	const state: ReminderState = { quotas: [], saved: [], events: [], users: [] };
	for (let n = 0; n < users; n++) {
		const openid = reminderOpenId(n);
		const used = hasNoSendLeft(n, noSendLeftShare);
		state.quotas.push({ openid, remaining: used ? 0 : 1 });
		state.users.push({ openid });
		// Generation 0: the events table is created afresh before each run, so every event id is above it.
		state.saved.push({ openid, templateId: REMINDER_TEMPLATE_ID, remaining: 1, switchedOn: true, longTerm: false, onAt: acceptedAt, offAt: 0, foldedThrough: 0 });
		if (used) {
			state.events.push({
				openid,
				templateId: REMINDER_TEMPLATE_ID,
				source: 'send',
				quotaDelta: -1,
				onAt: 0,
				offAt: 0,
				createTime: usedAt,
				dedupeKey: `send|bench-${openid}`,
			});
		}
	}
	return state;
}

function exampleNode(name: string): SavedNode {
	const node = EXAMPLES.dailyReminder.nodes.find((candidate) => candidate.name === name);
	if (!node) throw new Error(`example 3 has no node "${name}"`);
	return structuredClone(node);
}

/** Example 3 as committed, with its compaction folding everything it read (see the header). */
export function ledgerFlow(): object {
	const workflow = structuredClone(EXAMPLES.dailyReminder);
	const compact = workflow.nodes.find((node) => node.name === 'Compact History');
	if (compact === undefined) throw new Error('example 3 has no node "Compact History"');
	compact.parameters = { ...compact.parameters, foldAfterMinutes: 0 };
	return workflow;
}

/**
 * Sending to everyone, built from example 3's own nodes so that both flows read and send alike: its
 * "Ledger Events" Data Table node pointed at bench_users (every user, no filter), and its Send node.
 */
export function sendToEveryoneFlow(): object {
	const allUsers = exampleNode('Ledger Events');
	allUsers.name = 'All Users';
	allUsers.parameters = { ...allUsers.parameters, dataTableId: { __rl: true, mode: 'name', value: USERS_TABLE.name } };
	allUsers.position = [220, 0];
	const send = exampleNode(SEND_NODE);
	send.position = [440, 0];
	return workflow(
		EVERYONE_FLOW_ID,
		'Bench: reminder to everyone, no ledger',
		[manualTrigger('b6000000-0000-4000-8000-000000000001', EVERYONE_TRIGGER), { ...allUsers, id: 'b6000000-0000-4000-8000-000000000002' }, { ...send, id: 'b6000000-0000-4000-8000-000000000003' }],
		chain(EVERYONE_TRIGGER, 'All Users', SEND_NODE),
	);
}

/** The tables the two flows read and write, created afresh before each run. */
export const REMINDER_TABLES = [DATA_TABLES.subscriptionEvents, DATA_TABLES.subscriptions, DATA_TABLES.messages, USERS_TABLE];

/** Example 3's compaction alone (trigger, the two reads, Compact History and the writes after it): a day's end. */
export const COMPACTION_FLOW_ID = 'benchCompactOnly';

export function compactionOnlyFlow(): object {
	const keep = ['Every Morning', 'Saved Balances', 'Ledger Events', 'Ledger Rows', 'Compact History', 'Save Balances', 'Drop Older Balances', 'Drop Folded Events'];
	const workflow = ledgerFlow() as { nodes: SavedNode[]; connections: Record<string, { main: Array<Array<{ node: string }>> }> };
	const connections = Object.fromEntries(
		Object.entries(workflow.connections)
			.filter(([from]) => keep.includes(from))
			.map(([from, outputs]) => [from, { main: outputs.main.map((links) => links.filter((l) => keep.includes(l.node))) }]),
	);
	return { ...workflow, id: COMPACTION_FLOW_ID, name: 'Bench: compaction only', nodes: workflow.nodes.filter((node) => keep.includes(node.name)), connections };
}

/** Section 7's users: 28 characters starting with o. */
export const historyOpenId = (n: number): string => `oHistoryBench${String(n).padStart(15, '0')}`;

const HISTORY_START = 1_700_000_000;
const DAY = 86_400;

function historyRow(openid: string, day: number, source: 'popup' | 'send', key: string): Record<string, unknown> {
	const time = HISTORY_START + day * DAY;
	return {
		openid,
		templateId: REMINDER_TEMPLATE_ID,
		source,
		quotaDelta: source === 'popup' ? 1 : -1,
		onAt: source === 'popup' ? time : 0,
		offAt: 0,
		createTime: time,
		dedupeKey: `${openid}|${time}|${source}|${key}`,
	};
}

/**
 * One day of section 7's history as booked: on day 1 every user accepts once (a send they keep); each day a
 * fifth of the users (by n % 5) accepts once more and is sent that send the same day.
 */
export function historyDay(users: number, day: number): Array<Record<string, unknown>> {
	const rows: Array<Record<string, unknown>> = [];
	for (let n = 0; n < users; n++) {
		const openid = historyOpenId(n);
		if (day === 1) rows.push(historyRow(openid, day, 'popup', 'first'));
		if (n % 5 !== day % 5) continue;
		rows.push(historyRow(openid, day, 'popup', 'daily'), historyRow(openid, day, 'send', 'daily'));
	}
	return rows;
}

/**
 * A measured morning after `daysLived` days (day = daysLived + 1, + 2, …, each after the previous morning's
 * reminder ran): the day's fifth accepts; what the sandbox then allows. As many messages go out whatever the
 * history's length: only how much was folded differs.
 */
export function historyMorning(users: number, day: number, daysLived: number): { rows: Array<Record<string, unknown>>; quotas: Map<string, number> } {
	const rows: Array<Record<string, unknown>> = [];
	const quotas = new Map<string, number>();
	const firstMorning = daysLived + 1;
	for (let n = 0; n < users; n++) {
		const openid = historyOpenId(n);
		const acceptsToday = n % 5 === day % 5;
		if (acceptsToday) rows.push(historyRow(openid, day, 'popup', 'morning'));
		// Each morning's reminder sends one message to everyone with a send left, so what is left the next
		// morning: on the first, the send kept since day 1; later, yesterday's accept (a user accepts every 5th day).
		const leftOver = day === firstMorning ? 1 : n % 5 === (day - 1) % 5 ? 1 : 0;
		quotas.set(openid, leftOver + (acceptsToday ? 1 : 0));
	}
	return { rows, quotas };
}
