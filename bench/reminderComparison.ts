/**
 * Section 6: the lifecycle's reminder (example 3, ledger first) against sending the same reminder to
 * everyone, in one n8n started for it, from the same state before every run (bench/reminderWorkload.ts),
 * interleaved round by round so that the machine's load falls on both alike. Counts what WeChat saw: every
 * API call, the send calls, and the ones answered 43101; times the execution as n8n records it.
 */
import {
	cpuTimeMs,
	createDataTables,
	deleteDataTable,
	type Execution,
	insertDataTableRows,
	type N8nHandle,
	personalProjectId,
	runManually,
	startN8n,
	waitForExecution,
} from '../harness';
import { CREDENTIAL, DATA_TABLES, REMINDER_TRIGGER } from '../harness/examples';
import { BENCH_CONFIG } from './config';
import { benchCredential } from './flows';
import type { ReminderComparison, ReminderRun, ReminderSide } from './results';
import { startProbedSandbox, type ProbedSandbox } from './sandboxProbe';
import { EVERYONE_FLOW_ID, EVERYONE_TRIGGER, ledgerFlow, LEDGER_FLOW_ID, REMINDER_TABLES, REMINDER_TEMPLATE_ID, reminderState, sendToEveryoneFlow, USERS_TABLE, type ReminderState } from './reminderWorkload';
import { diffCounts, median, round } from './stats';
import { log } from './workload';

const SEND_PATH = '/cgi-bin/message/subscribe/send';
const RUN_TIMEOUT_MS = 20 * 60 * 1000;

interface Side {
	key: 'ledger' | 'everyone';
	label: string;
	workflowId: string;
	trigger: string;
}

const SIDES: Side[] = [
	{ key: 'ledger', label: 'ledger first (example 3)', workflowId: LEDGER_FLOW_ID, trigger: REMINDER_TRIGGER },
	{ key: 'everyone', label: 'send to everyone, no ledger', workflowId: EVERYONE_FLOW_ID, trigger: EVERYONE_TRIGGER },
];

/** Puts both sides of the world back to the morning's state: the sandbox's quotas and fresh data tables. */
async function resetState(n8n: N8nHandle, probe: ProbedSandbox, projectId: string, tableIds: Record<string, string>, state: ReminderState): Promise<Record<string, string>> {
	for (const { openid, remaining } of state.quotas) probe.sandbox.setSubscription(openid, REMINDER_TEMPLATE_ID, remaining);
	for (const id of Object.values(tableIds)) await deleteDataTable(n8n, projectId, id);
	const ids = await createDataTables(n8n, projectId, REMINDER_TABLES);
	await insertDataTableRows(n8n, projectId, ids[DATA_TABLES.subscriptionEvents.name], state.events);
	await insertDataTableRows(n8n, projectId, ids[DATA_TABLES.subscriptions.name], state.saved);
	await insertDataTableRows(n8n, projectId, ids[USERS_TABLE.name], state.users);
	return ids;
}

/** Each node's execution time in one execution, summed over its runs (ms). */
export function nodeTimes(execution: Execution): Record<string, number> {
	return Object.fromEntries(Object.entries(execution.data.resultData.runData).map(([node, runs]) => [node, runs.reduce((sum, run) => sum + (run.executionTime ?? 0), 0)]));
}

async function runOnce(n8n: N8nHandle, probe: ProbedSandbox, side: Side): Promise<ReminderRun> {
	const before = probe.sandbox.counters();
	const cpuBefore = cpuTimeMs(n8n.pid);
	const executionId = await runManually(n8n, side.workflowId, side.trigger);
	const execution = await waitForExecution(n8n, executionId, RUN_TIMEOUT_MS);
	const cpu = cpuTimeMs(n8n.pid) - cpuBefore;
	const after = probe.sandbox.counters();
	const requests = diffCounts(after.requests, before.requests);
	const errcodes = diffCounts(after.errcodes, before.errcodes);
	const started = Date.parse(execution.startedAt ?? '');
	const stopped = Date.parse(execution.stoppedAt ?? '');
	return {
		executionMs: stopped - started,
		n8nCpuMs: Math.round(cpu),
		wechatCalls: Object.values(requests).reduce((sum, count) => sum + count, 0),
		sendCalls: requests[SEND_PATH] ?? 0,
		wasted43101: errcodes['43101'] ?? 0,
		accepted: after.sendsAccepted - before.sendsAccepted,
		executionStatus: execution.status,
		nodeMs: nodeTimes(execution),
	};
}

/** A side's figures: the medians over its runs, per node too. */
export function summariseReminderRuns(label: string, runs: ReminderRun[]): ReminderSide {
	const mid = (pick: (run: ReminderRun) => number) => round(median(runs.map(pick)), 0);
	const nodes = [...new Set(runs.flatMap((run) => Object.keys(run.nodeMs ?? {})))];
	return {
		label,
		runs,
		executionMs: mid((r) => r.executionMs),
		n8nCpuMs: mid((r) => r.n8nCpuMs),
		wechatCalls: mid((r) => r.wechatCalls),
		sendCalls: mid((r) => r.sendCalls),
		wasted43101: mid((r) => r.wasted43101),
		accepted: mid((r) => r.accepted),
		nodeMs: Object.fromEntries(nodes.map((node) => [node, mid((r) => r.nodeMs?.[node] ?? 0)])),
	};
}

/** `n8n` holds both flows and the credential of `probe`'s sandbox; the tables are created here. */
export async function compareReminders(n8n: N8nHandle, probe: ProbedSandbox): Promise<ReminderComparison> {
	const users = BENCH_CONFIG.reminderUsers;
	const share = BENCH_CONFIG.reminderNoSendLeftShare;
	const state = reminderState(users, share, Math.floor(probe.sandbox.now() / 1000));
	const sendable = state.quotas.filter((q) => q.remaining > 0).length;
	const projectId = await personalProjectId(n8n);
	let tableIds: Record<string, string> = {};
	const runs = new Map<Side['key'], ReminderRun[]>(SIDES.map((side) => [side.key, []]));
	for (let roundIndex = 0; roundIndex < BENCH_CONFIG.rounds; roundIndex++) {
		const order = roundIndex % 2 === 0 ? SIDES : [...SIDES].reverse();
		for (const side of order) {
			tableIds = await resetState(n8n, probe, projectId, tableIds, state);
			const run = await runOnce(n8n, probe, side);
			log(`reminder, ${side.label}: ${run.executionMs} ms, n8n CPU ${run.n8nCpuMs} ms, ${run.wechatCalls} WeChat calls (${run.sendCalls} sends, ${run.wasted43101} × 43101), ${run.accepted} accepted, ${run.executionStatus}`);
			runs.get(side.key)?.push(run);
		}
	}
	const side = (key: Side['key']) => summariseReminderRuns(SIDES.find((s) => s.key === key)?.label ?? key, runs.get(key) ?? []);
	return { store: 'dataTables', users, noSendLeftShare: share, sendable, latencyMs: BENCH_CONFIG.latencyMs, ledger: side('ledger'), everyone: side('everyone') };
}

/**
 * The section as the benchmark runs it: a sandbox and an n8n of its own (its data tables and the reminder's
 * items stay out of the other sections), both stopped afterwards whatever happens.
 */
export async function compareRemindersInOwnN8n(packageTarball: string, latencyMs: number): Promise<ReminderComparison> {
	const probe = await startProbedSandbox({ port: 0, latencyMs });
	try {
		log('starting an n8n for the reminder comparison');
		const n8n = await startN8n({
			major: 2,
			packageTarball,
			credentials: [benchCredential(CREDENTIAL.id, probe.sandbox.url)],
			workflows: [ledgerFlow(), sendToEveryoneFlow()],
		});
		try {
			return await compareReminders(n8n, probe);
		} finally {
			await n8n.stop();
		}
	} finally {
		await probe.sandbox.close();
	}
}
