/**
 * The subscription lifecycle on PostgreSQL (examples 9–12, docs/subscription-lifecycle.md) inside a real n8n,
 * per major (N8N_E2E_MAJORS), against the PostgreSQL the queue-mode suite also starts (Debian's, on
 * loopback), with n8n's own Postgres node and a Postgres credential pointing at it:
 *  - example 9 creates the tables;
 *  - 165 sandbox users answer popups through example 10 (accepts and rejects, double and simultaneous
 *    accepts, switch-offs, pushes delivered twice, one push per template in the same second): the ledger
 *    equals the sandbox's quota table row for row;
 *  - example 11 runs twice: each run sends exactly where a send is left (no 43101), books every send in one
 *    statement per Send node, and the ledger still equals the sandbox; it keeps one day of dedupe keys;
 *  - example 12 records one delivery result per message; its report counts what the sandbox counted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	activateWorkflow,
	type N8nHandle,
	type N8nMajor,
	nodeOutput,
	parseMajors,
	postgresCredentialData,
	queryPostgres,
	type QueueServices,
	runManually,
	startN8n,
	startQueueServices,
	triggerUrl,
	waitForExecution,
	waitForExecutionTotal as waitForExecutionTotalIn,
} from '../../harness';
import {
	bindAlertUrl,
	EXAMPLES,
	POSTGRES_CREDENTIAL,
	POSTGRES_REMINDER_TRIGGER,
	POSTGRES_REPORT_TRIGGER,
	POSTGRES_SETUP_TRIGGER,
	WEBHOOK_IDS,
	WORKFLOW_IDS,
} from '../../harness/examples';
import type { PopupUserInput } from '../../sandbox/popups';
import { SANDBOX_ROBOT_KEY, SANDBOX_TEMPLATE_IDS } from '../../sandbox/seed';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { QuotaRow } from '../../sandbox/subscriptionQuota';
import { exampleCredential, pushConfig } from './support/nodesFixture';
import { withN8nLogTail } from './support/n8nLogTail';
import { usePackedRepository } from './support/packedRepository';

const majors = parseMajors(process.env.N8N_E2E_MAJORS);
const START_TIMEOUT_MS = 25 * 60 * 1000;
const ONE_TIME = SANDBOX_TEMPLATE_IDS.appointmentStatus;
const LONG_TERM = SANDBOX_TEMPLATE_IDS.parkingFee;
const USERS = 165;
const SEND_PATH = '/cgi-bin/message/subscribe/send';

const postgresOpenId = (n: number) => `oPostgresUser${String(n).padStart(15, '0')}`;

/** Eleven kinds of user, by n % 11, as in the Data Table suite. */
function userScript(n: number): PopupUserInput {
	const openid = postgresOpenId(n);
	switch (n % 11) {
		case 0:
			return { openid, accept: [ONE_TIME] };
		case 1:
			return { openid, accept: [ONE_TIME], popups: 2 };
		case 2:
			return { openid, accept: [ONE_TIME, LONG_TERM] };
		case 3:
			return { openid, reject: [ONE_TIME] };
		case 4:
			return { openid, accept: [ONE_TIME], switchOff: [ONE_TIME] };
		case 5:
			return { openid, accept: [ONE_TIME], deliveries: 2 };
		case 6:
			return { openid, accept: [ONE_TIME], popups: 2, concurrent: true };
		case 7:
			return { openid, accept: [LONG_TERM], reject: [ONE_TIME] };
		case 8:
			return { openid, accept: [LONG_TERM], switchOff: [LONG_TERM] };
		case 9:
			return { openid, accept: [ONE_TIME, LONG_TERM], popups: 2, concurrent: true, deliveries: 2 };
		default:
			return { openid, accept: [ONE_TIME, LONG_TERM], onePushPerTemplate: true };
	}
}

const pairOf = (row: { openid: string; templateId: string }) => `${row.openid}|${row.templateId}`;
const sendable = (q: QuotaRow) => q.on && (q.longTerm || (q.remaining ?? 0) > 0);

const packedTarball = usePackedRepository('lifecycle-postgres-e2e-pack-');

describe.each(majors.map((major) => [major] as [N8nMajor]))('%i.x: the subscription lifecycle on PostgreSQL', (major) => {
	let sandbox: Sandbox;
	let services: QueueServices | undefined;
	let n8n: N8nHandle | undefined;
	let scratchDir: string;
	let ledgerExecutions = 0;
	const started = (): N8nHandle => {
		if (n8n === undefined) throw new Error('n8n did not start');
		return n8n;
	};
	const database = (): QueueServices => {
		if (services === undefined) throw new Error('PostgreSQL did not start');
		return services;
	};
	const log = (message: string) => process.stderr.write(`[lifecycle-postgres-e2e] n8n ${major}.x: ${message}\n`);
	const withLogs = <T>(work: () => Promise<T>): Promise<T> => withN8nLogTail(started, work);
	const select = (sql: string) => queryPostgres(database().env, sql);

	/** The ledger in PostgreSQL says what the sandbox's quota table says, pair for pair. */
	async function expectLedgerEqualsSandbox(): Promise<void> {
		const rows = await select('SELECT openid, template_id AS "templateId", remaining, on_at > off_at AS "on" FROM wechat_subscriptions');
		const ledger = new Map(rows.map((row) => [pairOf(row as { openid: string; templateId: string }), row]));
		const differences = sandbox.quotas().flatMap((q) => {
			const row = ledger.get(pairOf(q));
			// A long-term template has no count: the ledger's remaining there is the accepts it saw.
			const same = row !== undefined && row.on === q.on && (q.longTerm || row.remaining === q.remaining);
			return same ? [] : [`${pairOf(q)}: sandbox ${JSON.stringify(q)}, ledger ${JSON.stringify(row)}`];
		});
		expect(differences).toEqual([]);
		expect(rows).toHaveLength(sandbox.quotas().length);
	}

	beforeAll(async () => {
		scratchDir = mkdtempSync(join(tmpdir(), `lifecycle-postgres-e2e-${major}-`));
		sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
		services = await startQueueServices();
		await select('SELECT 1 AS ready');
		const startedAt = Date.now();
		const postgres = { id: POSTGRES_CREDENTIAL.id, name: POSTGRES_CREDENTIAL.name, type: 'postgres', data: postgresCredentialData(services.env) };
		n8n = await startN8n({ major, packageTarball: packedTarball(), credentials: [exampleCredential(sandbox), postgres] });
		const workflows = [
			EXAMPLES.postgresSetup,
			EXAMPLES.postgresSubscriptionLedger,
			EXAMPLES.postgresDailyReminder,
			EXAMPLES.postgresDeliveryTracking,
			bindAlertUrl(EXAMPLES.alertOnFailure, `${sandbox.url}/cgi-bin/webhook/send?key=${SANDBOX_ROBOT_KEY}`),
		];
		const file = join(scratchDir, 'postgres-workflows.json');
		writeFileSync(file, JSON.stringify(workflows));
		await n8n.cli('import:workflow', `--input=${file}`);
		for (const id of [WORKFLOW_IDS.postgresSubscriptionLedger, WORKFLOW_IDS.postgresDeliveryTracking]) await activateWorkflow(n8n, id);
		if (major === 2) await activateWorkflow(n8n, WORKFLOW_IDS.alertOnFailure);
		await n8n.waitForWebhook(triggerUrl(n8n.baseUrl, WEBHOOK_IDS.postgresSubscriptionLedger), { method: 'POST' });
		await n8n.waitForWebhook(triggerUrl(n8n.baseUrl, WEBHOOK_IDS.postgresDeliveryTracking), { method: 'POST' });
		sandbox.configureDeliveryEvents({ webhookUrl: triggerUrl(n8n.baseUrl, WEBHOOK_IDS.postgresDeliveryTracking), config: pushConfig(sandbox, 'safe', 'json'), failFraction: 0.25 });
		log(`ready in ${Date.now() - startedAt} ms (PostgreSQL on ${services.env.DB_POSTGRESDB_PORT})`);
	}, START_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await services?.stop();
		await sandbox?.close();
		if (scratchDir !== undefined) rmSync(scratchDir, { recursive: true, force: true });
	});

	test('example 9 creates the tables', async () => {
		const execution = await withLogs(async () => waitForExecution(started(), await runManually(started(), WORKFLOW_IDS.postgresSetup, POSTGRES_SETUP_TRIGGER), 60_000));
		expect(execution.status).toBe('success');
		const tables = await select("SELECT tablename FROM pg_tables WHERE tablename LIKE 'wechat_%' ORDER BY tablename");
		expect(tables.map((row) => row.tablename)).toEqual(['wechat_delivery_results', 'wechat_messages', 'wechat_subscription_events', 'wechat_subscriptions']);
	}, 5 * 60 * 1000);

	test('165 users answer popups: the ledger equals the sandbox, repeats, simultaneous accepts and same-second pushes included', async () => {
		const result = await sandbox.popups({
			webhookUrl: triggerUrl(started().baseUrl, WEBHOOK_IDS.postgresSubscriptionLedger),
			config: pushConfig(sandbox, 'safe', 'json'),
			users: Array.from({ length: USERS }, (_, n) => userScript(n)),
			concurrency: 4,
		});
		expect(result.failed).toBe(0);
		ledgerExecutions += result.answered;
		await withLogs(() => waitForExecutionTotalIn(started(), WORKFLOW_IDS.postgresSubscriptionLedger, ledgerExecutions, 10 * 60 * 1000));
		const keys = await select('SELECT dedupe_key FROM wechat_subscription_events');
		expect(keys).toHaveLength(result.deliveries.filter((d) => d.delivery === 1).reduce((sum, d) => sum + d.templates.length, 0));
		await expectLedgerEqualsSandbox();
		log(`popups: ${result.pushes} actions, ${result.answered} deliveries`);
	}, 15 * 60 * 1000);

	test('the reminder runs twice: each run sends exactly where a send is left, books every send in one statement per Send node', async () => {
		for (const run of [1, 2]) {
			const expected = sandbox.quotas().filter(sendable).map(pairOf).sort();
			const before = sandbox.requests({ path: SEND_PATH }).length;
			const errors43101 = sandbox.counters().errcodes['43101'] ?? 0;
			const executionId = await withLogs(() => runManually(started(), WORKFLOW_IDS.postgresDailyReminder, POSTGRES_REMINDER_TRIGGER));
			const execution = await withLogs(() => waitForExecution(started(), executionId, 5 * 60 * 1000));
			expect({ run, status: execution.status, error: execution.data.resultData.error?.message }).toEqual({ run, status: 'success', error: undefined });
			const calls = sandbox.requests({ path: SEND_PATH }).slice(before);
			expect(calls.map((call) => call.errcode)).toEqual(calls.map(() => 0));
			expect((sandbox.counters().errcodes['43101'] ?? 0) - errors43101).toBe(0);
			expect(sandbox.messages().slice(-calls.length).map(pairOf).sort()).toEqual(expected);
			// One statement per Send node that sent: the count it reports is every send it booked.
			const booked = (execution.data.resultData.runData['Book In The Ledger'] ?? []).map((_, index) => nodeOutput(execution, 'Book In The Ledger', 0, index)[0]);
			expect(booked.reduce((sum, row) => sum + Number(row.applied), 0)).toBe(calls.length);
			await expectLedgerEqualsSandbox();
			log(`reminder run ${run}: ${calls.length} sends in ${booked.length} booking statements`);
		}
		const [{ oldest }] = await select("SELECT count(*) FILTER (WHERE created_at < now() - interval '1 day')::int AS oldest FROM wechat_subscription_events");
		expect(oldest).toBe(0);
	}, 15 * 60 * 1000);

	test('every message has one delivery result; the report counts what the sandbox counted', async () => {
		const status = await sandbox.deliveryEventsSettled(60_000);
		expect(status.settled).toBe(true);
		await withLogs(() => waitForExecutionTotalIn(started(), WORKFLOW_IDS.postgresDeliveryTracking, status.events.filter((e) => e.state === 'sent').length, 5 * 60 * 1000));
		const results = await select('SELECT msgid, status, error_code AS "errorCode" FROM wechat_delivery_results');
		const messages = sandbox.messages();
		expect(results.map((row) => String(row.msgid)).sort()).toEqual(messages.map((m) => m.msgid).sort());
		const byMsgid = new Map(results.map((row) => [String(row.msgid), row]));
		for (const event of status.events) expect(byMsgid.get(event.msgid)).toMatchObject({ status: event.errorCode === 0 ? 'delivered' : 'failed', errorCode: event.errorCode });

		const execution = await withLogs(async () => waitForExecution(started(), await runManually(started(), WORKFLOW_IDS.postgresDeliveryTracking, POSTGRES_REPORT_TRIGGER), 60_000));
		expect(nodeOutput(execution, 'Report')).toEqual([
			{
				sent: messages.length,
				delivered: status.events.filter((e) => e.errorCode === 0).length,
				failed: status.events.filter((e) => e.errorCode !== 0).length,
				notSubscribed: 0,
				refused: 0,
				awaitingResult: 0,
			},
		]);
	}, 10 * 60 * 1000);
});
