/**
 * Section 8: the reminder on PostgreSQL (example 11) against sending to everyone, at 50 000 users of whom
 * 40% have no send left, in an n8n of its own with the queue suite's PostgreSQL (scripts/queue). Before every
 * run both worlds go back to the same morning: the sandbox's quotas, and in the database the ledger
 * (wechat_subscriptions: one row per user, a send left or none) and the business's user list (bench_users),
 * written with one generate_series statement each.
 */
import {
	chain,
	cpuTimeMs,
	execPostgres,
	manualTrigger,
	type N8nHandle,
	node,
	postgresCredentialData,
	type QueueServices,
	runManually,
	startN8n,
	startQueueServices,
	waitForExecution,
	workflow,
} from '../harness';
import { CREDENTIAL, EXAMPLES, POSTGRES_CREDENTIAL, POSTGRES_REMINDER_TRIGGER, POSTGRES_SCHEMA, WORKFLOW_IDS } from '../harness/examples';
import { BENCH_CONFIG } from './config';
import { benchCredential } from './flows';
import { nodeTimes, summariseReminderRuns } from './reminderComparison';
import type { ReminderComparison, ReminderRun } from './results';
import { EVERYONE_TRIGGER, hasNoSendLeft, REMINDER_TEMPLATE_ID } from './reminderWorkload';
import { startProbedSandbox, type ProbedSandbox } from './sandboxProbe';
import { diffCounts } from './stats';
import { log } from './workload';

const SEND_PATH = '/cgi-bin/message/subscribe/send';
const RUN_TIMEOUT_MS = 30 * 60 * 1000;
export const POSTGRES_EVERYONE_FLOW_ID = 'benchPgEveryone1';
const SEND_NODE = 'Send Appointment Reminder';

/** 28 characters starting with o. */
export const postgresBenchOpenId = (n: number): string => `oPostgresBench${String(n).padStart(14, '0')}`;

/** Sending to everyone: the business's user list, then example 11's own Send node (no ledger). */
export function postgresEveryoneFlow(): object {
	const send = structuredClone(EXAMPLES.postgresDailyReminder.nodes.find((node) => node.name === SEND_NODE));
	if (send === undefined) throw new Error(`example 11 has no node "${SEND_NODE}"`);
	send.position = [440, 0];
	return workflow(
		POSTGRES_EVERYONE_FLOW_ID,
		'Bench: PostgreSQL reminder to everyone, no ledger',
		[
			manualTrigger('b8000000-0000-4000-8000-000000000001', EVERYONE_TRIGGER),
			node('n8n-nodes-base.postgres', 2.6, 'b8000000-0000-4000-8000-000000000002', 'All Users', [220, 0], { operation: 'executeQuery', query: 'SELECT openid FROM bench_users', options: {} }, { credentials: { postgres: POSTGRES_CREDENTIAL } }),
			{ ...send, id: 'b8000000-0000-4000-8000-000000000003' },
		],
		chain(EVERYONE_TRIGGER, 'All Users', SEND_NODE),
	);
}

/** The morning both flows start from, in the database (the SQL) and in the sandbox. */
async function resetState(services: QueueServices, probe: ProbedSandbox, users: number, share: number): Promise<void> {
	for (let n = 0; n < users; n++) probe.sandbox.setSubscription(postgresBenchOpenId(n), REMINDER_TEMPLATE_ID, hasNoSendLeft(n, share) ? 0 : 1);
	const openid = `'oPostgresBench' || lpad(n::text, 14, '0')`;
	const used = `n % 100 < ${Math.round(share * 100)}`;
	await execPostgres(
		services.env,
		`TRUNCATE wechat_subscription_events, wechat_subscriptions, wechat_messages, wechat_delivery_results, bench_users;
INSERT INTO wechat_subscriptions (openid, template_id, remaining, on_at, off_at) SELECT ${openid}, '${REMINDER_TEMPLATE_ID}', CASE WHEN ${used} THEN 0 ELSE 1 END, 1700000000, 0 FROM generate_series(0, ${users - 1}) AS n;
INSERT INTO bench_users (openid) SELECT ${openid} FROM generate_series(0, ${users - 1}) AS n;`,
	);
	// psql -c runs its statements as one transaction; VACUUM must run on its own.
	await execPostgres(services.env, 'VACUUM ANALYZE');
}

async function runOnce(n8n: N8nHandle, probe: ProbedSandbox, workflowId: string, trigger: string): Promise<ReminderRun> {
	const before = probe.sandbox.counters();
	const cpuBefore = cpuTimeMs(n8n.pid);
	const execution = await waitForExecution(n8n, await runManually(n8n, workflowId, trigger), RUN_TIMEOUT_MS);
	const cpu = cpuTimeMs(n8n.pid) - cpuBefore;
	const after = probe.sandbox.counters();
	const requests = diffCounts(after.requests, before.requests);
	return {
		executionMs: Date.parse(execution.stoppedAt ?? '') - Date.parse(execution.startedAt ?? ''),
		n8nCpuMs: Math.round(cpu),
		wechatCalls: Object.values(requests).reduce((sum, count) => sum + count, 0),
		sendCalls: requests[SEND_PATH] ?? 0,
		wasted43101: diffCounts(after.errcodes, before.errcodes)['43101'] ?? 0,
		accepted: after.sendsAccepted - before.sendsAccepted,
		executionStatus: execution.status,
		nodeMs: nodeTimes(execution),
	};
}

export async function comparePostgresRemindersInOwnN8n(packageTarball: string, latencyMs: number): Promise<ReminderComparison> {
	const users = BENCH_CONFIG.postgresReminderUsers;
	const share = BENCH_CONFIG.reminderNoSendLeftShare;
	const probe = await startProbedSandbox({ port: 0, latencyMs });
	const services = await startQueueServices();
	try {
		await execPostgres(services.env, `${POSTGRES_SCHEMA}\nCREATE TABLE IF NOT EXISTS bench_users (openid text PRIMARY KEY);`);
		log('starting an n8n for the PostgreSQL reminder comparison');
		const postgres = { id: POSTGRES_CREDENTIAL.id, name: POSTGRES_CREDENTIAL.name, type: 'postgres', data: postgresCredentialData(services.env) };
		const n8n = await startN8n({
			major: 2,
			packageTarball,
			credentials: [benchCredential(CREDENTIAL.id, probe.sandbox.url), postgres],
			workflows: [EXAMPLES.postgresDailyReminder, postgresEveryoneFlow()],
		});
		try {
			const sides = [
				{ key: 'ledger' as const, label: 'ledger first (example 11)', workflowId: WORKFLOW_IDS.postgresDailyReminder, trigger: POSTGRES_REMINDER_TRIGGER },
				{ key: 'everyone' as const, label: 'send to everyone, no ledger', workflowId: POSTGRES_EVERYONE_FLOW_ID, trigger: EVERYONE_TRIGGER },
			];
			const runs = { ledger: [] as ReminderRun[], everyone: [] as ReminderRun[] };
			for (let round = 0; round < BENCH_CONFIG.rounds; round++) {
				for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
					await resetState(services, probe, users, share);
					const run = await runOnce(n8n, probe, side.workflowId, side.trigger);
					log(`PostgreSQL reminder, ${side.label}: ${run.executionMs} ms, n8n CPU ${run.n8nCpuMs} ms, ${run.sendCalls} sends, ${run.wasted43101} × 43101, ${run.executionStatus}`);
					runs[side.key].push(run);
				}
			}
			const sendable = users - Array.from({ length: users }, (_, n) => n).filter((n) => hasNoSendLeft(n, share)).length;
			return {
				store: 'postgres',
				users,
				noSendLeftShare: share,
				sendable,
				latencyMs,
				ledger: summariseReminderRuns(sides[0].label, runs.ledger),
				everyone: summariseReminderRuns(sides[1].label, runs.everyone),
			};
		} finally {
			await n8n.stop();
		}
	} finally {
		await services.stop();
		await probe.sandbox.close();
	}
}
