/**
 * The subscription lifecycle (docs/subscription-lifecycle.md) inside a real n8n, per major (N8N_E2E_MAJORS):
 * the data tables created over the editor's REST routes, examples 3, 6 and 7 imported (by table name on
 * 2.x as committed; with the created ids on 1.x, which has no by-name mode) and activated, then:
 *  - 200 sandbox users answer popups through the ledger's trigger: accepts and rejects mixed, double
 *    accepts (one after the other and at the same moment), accepts then a switch-off in settings, long-term
 *    accepts, and pushes delivered twice;
 *  - the reminder runs twice: each run sends exactly to the pairs the sandbox's quota table allows, no send
 *    is answered 43101, and a ledger row is written only where a balance changed; afterwards
 *    wechat_subscriptions equals the sandbox's quota table row for row;
 *  - every message's delivery event (a quarter failing) sets its wechat_deliveries row exactly once, and the
 *    report's counts equal the sandbox's;
 *  - a screenshot of the ledger table in the editor (Chromium), kept in N8N_E2E_SCREENSHOT_DIR when set.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import {
	createDataTables,
	dataTableRows,
	executedNodes,
	nodeOutput,
	openEditor,
	parseMajors,
	personalProjectId,
	startN8n,
	waitForExecutionTotal as waitForExecutionTotalIn,
	type N8nHandle,
	type N8nMajor,
} from '../../harness';
import { bindDataTables, DATA_TABLES, EXAMPLES, WEBHOOK_IDS, WORKFLOW_IDS } from '../../scripts/build-examples';
import { SANDBOX_TEMPLATE_IDS } from '../../sandbox/seed';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { activateWorkflow, runManually, waitForExecution } from './support/n8nRest';
import { pushConfig, sandboxCredential, triggerUrl } from './support/nodesFixture';
import { withN8nLogTail } from './support/n8nLogTail';
import { usePackedRepository } from './support/packedRepository';

const majors = parseMajors(process.env.N8N_E2E_MAJORS);
const START_TIMEOUT_MS = 25 * 60 * 1000;
const ONE_TIME = SANDBOX_TEMPLATE_IDS.appointmentStatus;
const LONG_TERM = SANDBOX_TEMPLATE_IDS.parkingFee;
const USERS = 200;
const SEND_PATH = '/cgi-bin/message/subscribe/send';

const lifecycleOpenId = (n: number) => `oLifecycleUser${String(n).padStart(14, '0')}`;

/** Ten kinds of user, by n % 10: what each does in the popups. */
function userScript(n: number) {
	const openid = lifecycleOpenId(n);
	switch (n % 10) {
		case 0:
			return { openid, accept: [ONE_TIME] };
		case 1:
			return { openid, accept: [ONE_TIME], popups: 2 }; // accepts twice, one after the other
		case 2:
			return { openid, accept: [ONE_TIME, LONG_TERM] };
		case 3:
			return { openid, reject: [ONE_TIME] };
		case 4:
			return { openid, accept: [ONE_TIME], switchOff: [ONE_TIME] }; // then switches it off in settings
		case 5:
			return { openid, accept: [ONE_TIME], deliveries: 2 }; // WeChat delivers the push twice
		case 6:
			return { openid, accept: [ONE_TIME], popups: 2, concurrent: true }; // two accepts at the same moment
		case 7:
			return { openid, accept: [LONG_TERM], reject: [ONE_TIME] };
		case 8:
			return { openid, accept: [LONG_TERM], switchOff: [LONG_TERM] };
		default:
			return { openid, accept: [ONE_TIME, LONG_TERM], popups: 2, concurrent: true, deliveries: 2 };
	}
}

interface LedgerRow {
	openid: string;
	templateId: string;
	remaining: number | null;
	on: boolean;
	longTerm: boolean;
}

const byPair = (a: { openid: string; templateId: string }, b: { openid: string; templateId: string }) =>
	`${a.openid}|${a.templateId}`.localeCompare(`${b.openid}|${b.templateId}`);

const packedTarball = usePackedRepository('lifecycle-e2e-pack-');

describe.each(majors.map((major) => [major] as [N8nMajor]))('%i.x: subscription ledger, reminder and delivery tracking', (major) => {
	let sandbox: Sandbox;
	let n8n: N8nHandle | undefined;
	let scratchDir: string;
	let projectId: string;
	let tableIds: Record<string, string>;
	const started = (): N8nHandle => {
		if (n8n === undefined) throw new Error('n8n did not start');
		return n8n;
	};
	const log = (message: string) => process.stderr.write(`[lifecycle-e2e] n8n ${major}.x: ${message}\n`);

	const waitForExecutionTotal = (workflowId: string, count: number, timeoutMs: number) => waitForExecutionTotalIn(started(), workflowId, count, timeoutMs);

	const rows = async (table: { name: string }) => await dataTableRows(started(), projectId, tableIds[table.name]);

	async function ledger(): Promise<LedgerRow[]> {
		return (await rows(DATA_TABLES.subscriptions))
			.map((row) => ({
				openid: String(row.openid),
				templateId: String(row.templateId),
				remaining: (row.remaining as number | null) ?? null,
				on: row.switchedOn === true,
				longTerm: row.longTerm === true,
			}))
			.sort(byPair);
	}

	const sandboxQuotas = (): LedgerRow[] => sandbox.quotas().map((q) => ({ ...q })).sort(byPair);
	const sendable = (rowsToSend: LedgerRow[]) => rowsToSend.filter((q) => q.on && (q.longTerm || (q.remaining ?? 0) > 0)).map((q) => `${q.openid}|${q.templateId}`).sort();

	beforeAll(async () => {
		scratchDir = mkdtempSync(join(tmpdir(), `lifecycle-e2e-${major}-`));
		sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
		const startedAt = Date.now();
		// n8n 1.123.81 runs SQLite on one connection unless told otherwise (DB_SQLITE_POOL_SIZE 0); there,
		// Data Table writes from executions running at once fail with TransactionNotStartedError / QueryFailedError
		// and executions hang (seen: 348 of 360 ledger executions, 8 never finished). 2.40.7's default is 3.
		const env: Record<string, string> = major === 1 ? { DB_SQLITE_POOL_SIZE: '3' } : {};
		n8n = await startN8n({ major, packageTarball: packedTarball(), credentials: [sandboxCredential(sandbox)], env });
		projectId = await personalProjectId(n8n);
		tableIds = await createDataTables(n8n, projectId, Object.values(DATA_TABLES));
		const lifecycle = [EXAMPLES.subscriptionLedger, EXAMPLES.dailyReminder, EXAMPLES.deliveryTracking];
		// 2.x finds the tables by name, as the committed files say; 1.x needs their ids.
		const workflows = major === 1 ? lifecycle.map((workflow) => bindDataTables(workflow, tableIds)) : lifecycle;
		const file = join(scratchDir, 'lifecycle-workflows.json');
		writeFileSync(file, JSON.stringify(workflows));
		await n8n.cli('import:workflow', `--input=${file}`);
		for (const id of [WORKFLOW_IDS.subscriptionLedger, WORKFLOW_IDS.deliveryTracking]) await activateWorkflow(n8n, id);
		await n8n.waitForWebhook(triggerUrl(n8n.baseUrl, WEBHOOK_IDS.subscriptionLedger), { method: 'POST' });
		await n8n.waitForWebhook(triggerUrl(n8n.baseUrl, WEBHOOK_IDS.deliveryTracking), { method: 'POST' });
		// Every accepted send is followed by its delivery event; every fourth one reports a failure.
		sandbox.configureDeliveryEvents({ webhookUrl: triggerUrl(n8n.baseUrl, WEBHOOK_IDS.deliveryTracking), config: pushConfig(sandbox, 'safe', 'xml'), failFraction: 0.25 });
		log(`ready in ${Date.now() - startedAt} ms (tables ${JSON.stringify(tableIds)})`);
	}, START_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.close();
		if (scratchDir !== undefined) rmSync(scratchDir, { recursive: true, force: true });
	});

	const withLogs = <T>(work: () => Promise<T>): Promise<T> => withN8nLogTail(started, work);

	test('200 users answer popups: every action recorded once, repeats and simultaneous accepts included', async () => {
		const phaseStart = Date.now();
		const result = await sandbox.popups({
			webhookUrl: triggerUrl(started().baseUrl, WEBHOOK_IDS.subscriptionLedger),
			config: pushConfig(sandbox, 'safe', 'xml'),
			users: Array.from({ length: USERS }, (_, n) => userScript(n)),
			concurrency: 4,
		});
		expect(result.failed).toBe(0);
		await withLogs(() => waitForExecutionTotal(WORKFLOW_IDS.subscriptionLedger, result.answered, 10 * 60 * 1000));
		log(`popups: ${result.pushes} actions, ${result.answered} deliveries, recorded in ${Date.now() - phaseStart} ms`);

		const events = await rows(DATA_TABLES.subscriptionEvents);
		const keys = events.map((row) => String(row.dedupeKey));
		// One row per template entry of each user action: repeats skipped (or, if two slipped in together, counted once by the reminder).
		const expectedEntries = result.deliveries
			.filter((d) => d.delivery === 1)
			.reduce((sum, d) => {
				const user = userScript(Number(d.openid.slice(-14)));
				return sum + (d.event === 'subscribe_msg_change_event' ? (user.switchOff?.length ?? 0) : (user.accept?.length ?? 0) + (user.reject?.length ?? 0));
			}, 0);
		expect(new Set(keys).size).toBe(expectedEntries);
		// Two accepts of one user at the same moment are two rows (kind 6: n % 10 === 6).
		const simultaneous = events.filter((row) => row.openid === lifecycleOpenId(6) && row.templateId === ONE_TIME);
		expect(simultaneous.map((row) => row.quotaDelta)).toEqual([1, 1]);
	}, 15 * 60 * 1000);

	let firstRunSends = 0;

	test('the reminder runs twice: each run sends exactly where a send is left, and nothing is answered 43101', async () => {
		for (const run of [1, 2]) {
			const expected = sendable(sandboxQuotas());
			const before = sandbox.requests({ path: SEND_PATH }).length;
			const beforeCounters = sandbox.counters();
			const executionId = await withLogs(() => runManually(started(), WORKFLOW_IDS.dailyReminder, 'Every Morning'));
			const execution = await withLogs(() => waitForExecution(started(), executionId, 5 * 60 * 1000));
			expect({ run, status: execution.status, error: execution.data.resultData.error?.message }).toEqual({ run, status: 'success', error: undefined });
			const calls = sandbox.requests({ path: SEND_PATH }).slice(before);
			const messages = calls.length === 0 ? [] : sandbox.messages().slice(-calls.length);
			expect(calls.map((call) => call.errcode)).toEqual(calls.map(() => 0));
			expect((sandbox.counters().errcodes['43101'] ?? 0) - (beforeCounters.errcodes['43101'] ?? 0)).toBe(0);
			expect(messages.map((m) => `${m.openid}|${m.templateId}`).sort()).toEqual(expected);
			const sent = [...nodeOutput(execution, 'Send Appointment Reminder'), ...nodeOutput(execution, 'Send Parking Reminder')];
			expect(sent.every((item) => item.success === true)).toBe(true);
			// The ledger table is written only where a balance changed: every pair on the first run (the table
			// was empty), none on the second (the first run's sends were booked in both tables already).
			// (A node that gets no item does not run at all: then nothing was written.)
			const saved = executedNodes(execution).includes('Save Ledger') ? nodeOutput(execution, 'Save Ledger').map((row) => `${String(row.openid)}|${String(row.templateId)}`).sort() : [];
			expect({ run, saved }).toEqual({ run, saved: run === 1 ? sandboxQuotas().map((q) => `${q.openid}|${q.templateId}`).sort() : [] });
			log(`reminder run ${run}: ${calls.length} sends, ${saved.length} ledger rows written`);
			if (run === 1) firstRunSends = calls.length;
		}
		expect(firstRunSends).toBeGreaterThan(0);
		expect(await ledger()).toEqual(sandboxQuotas());
	}, 15 * 60 * 1000);

	test('every message gets exactly one delivery result, and the report counts what the sandbox counted', async () => {
		const status = await sandbox.deliveryEventsSettled(60000);
		expect(status.settled).toBe(true);
		const events = status.events;
		await withLogs(() => waitForExecutionTotal(WORKFLOW_IDS.deliveryTracking, events.filter((e) => e.state === 'sent').length, 5 * 60 * 1000));
		const deliveries = await rows(DATA_TABLES.deliveries);
		const messages = sandbox.messages();
		expect(deliveries.map((row) => String(row.msgid)).sort()).toEqual(messages.map((m) => m.msgid).sort());
		const byMsgid = new Map(deliveries.map((row) => [String(row.msgid), row]));
		for (const event of events) {
			expect(byMsgid.get(event.msgid)).toMatchObject({
				status: event.errorCode === 0 ? 'delivered' : 'failed',
				errorCode: event.errorCode,
				errorStatus: event.errorStatus,
				openid: event.openid,
				templateId: event.templateId,
			});
			expect(String(byMsgid.get(event.msgid)?.businessKey)).toContain(event.openid);
		}

		const executionId = await runManually(started(), WORKFLOW_IDS.deliveryTracking, 'Open The Report');
		const execution = await withLogs(() => waitForExecution(started(), executionId, 120000));
		const [report] = nodeOutput(execution, 'Report');
		expect(report).toEqual({
			sent: messages.length,
			delivered: events.filter((e) => e.errorCode === 0).length,
			failed: events.filter((e) => e.errorCode !== 0).length,
			notSubscribed: sandbox.counters().errcodes['43101'] ?? 0,
			awaitingResult: 0,
		});
	}, 10 * 60 * 1000);

	test('the ledger table in the editor (Chromium)', async () => {
		const editor = await openEditor(started(), WORKFLOW_IDS.dailyReminder, { viewport: { width: 1440, height: 900 }, timeoutMs: 120000 });
		try {
			await editor.page.goto(`${started().baseUrl}/projects/${projectId}/datatables/${tableIds[DATA_TABLES.subscriptions.name]}`, { timeout: 120000 });
			await editor.page.getByText(lifecycleOpenId(0)).first().waitFor({ state: 'visible', timeout: 120000 });
			await editor.page.waitForTimeout(1000);
			const dir = process.env.N8N_E2E_SCREENSHOT_DIR;
			const target = dir === undefined || dir === '' ? scratchDir : major === 2 ? resolve(dir) : resolve(dir, `n8n-${major}`);
			const path = await editor.screenshot(join(target, 'ledger-table.png'));
			expect(statSync(path).size).toBeGreaterThan(20000);
			log(`screenshot ${path}`);
		} finally {
			await editor.close();
		}
	}, 6 * 60 * 1000);
});
