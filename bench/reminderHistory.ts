/**
 * Section 7: does a month of history slow the reminder down? 20 000 users of one one-time template live a
 * number of days (1 or 30): each day a fifth of them accept once and that send is used the same day. The
 * rows go in as the ledger and the reminder would have booked them, and after each day the reminder's own
 * compaction (example 3's Compact History and the two deletes, in a workflow of those nodes alone) folds
 * them. Then come the measured mornings: the day's accepts, and example 3 run as committed (compaction
 * margin 0, see reminderWorkload.ts). Both histories run in one n8n, each on fresh tables; the sizes of the
 * tables are printed beside n8n's cap, with the size of the same 30 days never compacted.
 */
import {
	cpuTimeMs,
	createDataTables,
	dataTableSizes,
	deleteDataTable,
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
import type { HistoryCase, HistoryComparison } from './results';
import { COMPACTION_FLOW_ID, compactionOnlyFlow, historyDay, historyMorning, LEDGER_FLOW_ID, ledgerFlow, REMINDER_TABLES, REMINDER_TEMPLATE_ID } from './reminderWorkload';
import { startProbedSandbox, type ProbedSandbox } from './sandboxProbe';
import { median, round } from './stats';
import { log } from './workload';

const RUN_TIMEOUT_MS = 20 * 60 * 1000;
const MB = 1024 * 1024;
/** n8n 2.40.7's default N8N_DATA_TABLES_MAX_SIZE_BYTES (all data tables together; 1.123.81: 50 MB). */
const N8N_DEFAULT_CAP_MB = 200;

async function runToEnd(n8n: N8nHandle, workflowId: string, trigger: string) {
	const execution = await waitForExecution(n8n, await runManually(n8n, workflowId, trigger), RUN_TIMEOUT_MS);
	if (execution.status !== 'success') throw new Error(`${workflowId} ended ${execution.status}: ${execution.data.resultData.error?.message ?? ''}`);
	return execution;
}

/** Lives `days` days on fresh tables, then measures `mornings` reminder runs. */
async function liveHistory(n8n: N8nHandle, probe: ProbedSandbox, projectId: string, days: number): Promise<HistoryCase> {
	const users = BENCH_CONFIG.historyUsers;
	const ids = await createDataTables(n8n, projectId, REMINDER_TABLES);
	const events = ids[DATA_TABLES.subscriptionEvents.name];
	const started = Date.now();
	for (let day = 1; day <= days; day++) {
		await insertDataTableRows(n8n, projectId, events, historyDay(users, day));
		await runToEnd(n8n, COMPACTION_FLOW_ID, REMINDER_TRIGGER);
	}
	log(`history of ${days} day(s) for ${users} users lived in ${Math.round((Date.now() - started) / 1000)} s`);
	const runs: HistoryCase['runs'] = [];
	for (let morning = 1; morning <= BENCH_CONFIG.rounds; morning++) {
		const day = days + morning;
		const { rows, quotas } = historyMorning(users, day, days);
		for (const [openid, remaining] of quotas) probe.sandbox.setSubscription(openid, REMINDER_TEMPLATE_ID, remaining);
		await insertDataTableRows(n8n, projectId, events, rows);
		const sizes = await dataTableSizes(n8n);
		const tableBytes = Object.values(ids).reduce((sum, id) => sum + (sizes.byTable[id] ?? 0), 0);
		const cpuBefore = cpuTimeMs(n8n.pid);
		const accepted = probe.sandbox.counters().sendsAccepted;
		const execution = await runToEnd(n8n, LEDGER_FLOW_ID, REMINDER_TRIGGER);
		const executionMs = Date.parse(execution.stoppedAt ?? '') - Date.parse(execution.startedAt ?? '');
		const run = { executionMs, n8nCpuMs: Math.round(cpuTimeMs(n8n.pid) - cpuBefore), accepted: probe.sandbox.counters().sendsAccepted - accepted, tableBytes };
		log(`${days}-day history, morning ${morning}: ${run.executionMs} ms, n8n CPU ${run.n8nCpuMs} ms, ${run.accepted} sent, tables ${round(tableBytes / MB, 2)} MB before the run`);
		runs.push(run);
	}
	for (const id of Object.values(ids)) await deleteDataTable(n8n, projectId, id);
	return {
		days,
		runs,
		executionMs: round(median(runs.map((r) => r.executionMs)), 0),
		n8nCpuMs: round(median(runs.map((r) => r.n8nCpuMs)), 0),
		tableMb: round(median(runs.map((r) => r.tableBytes)) / MB, 2),
	};
}

/** The longest history's rows as they would stand without compaction, measured the way n8n measures them. */
async function uncompacted(n8n: N8nHandle, projectId: string, days: number): Promise<{ mb: number; bytesPerRow: number }> {
	const ids = await createDataTables(n8n, projectId, [{ ...DATA_TABLES.subscriptionEvents, name: 'bench_uncompacted_history' }]);
	const id = ids.bench_uncompacted_history;
	let rows = 0;
	for (let day = 1; day <= days; day++) {
		const dayRows = historyDay(BENCH_CONFIG.historyUsers, day);
		rows += dayRows.length;
		await insertDataTableRows(n8n, projectId, id, dayRows);
	}
	const bytes = (await dataTableSizes(n8n)).byTable[id] ?? 0;
	await deleteDataTable(n8n, projectId, id);
	return { mb: round(bytes / MB, 2), bytesPerRow: round(bytes / rows, 0) };
}

export async function measureHistoryInOwnN8n(packageTarball: string, latencyMs: number): Promise<HistoryComparison> {
	const probe = await startProbedSandbox({ port: 0, latencyMs });
	try {
		log('starting an n8n for the history comparison');
		const n8n = await startN8n({ major: 2, packageTarball, credentials: [benchCredential(CREDENTIAL.id, probe.sandbox.url)], workflows: [ledgerFlow(), compactionOnlyFlow()] });
		try {
			const projectId = await personalProjectId(n8n);
			const [shortest, longest] = BENCH_CONFIG.historyDays;
			const short = await liveHistory(n8n, probe, projectId, shortest);
			const long = await liveHistory(n8n, probe, projectId, longest);
			const raw = await uncompacted(n8n, projectId, longest);
			return { users: BENCH_CONFIG.historyUsers, latencyMs, short, long, uncompactedLongMb: raw.mb, eventRowBytes: raw.bytesPerRow, capMb: N8N_DEFAULT_CAP_MB };
		} finally {
			await n8n.stop();
		}
	} finally {
		await probe.sandbox.close();
	}
}
