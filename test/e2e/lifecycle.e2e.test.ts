/**
 * The subscription lifecycle (docs/subscription-lifecycle.md) inside a real n8n, per major (N8N_E2E_MAJORS):
 * the data tables created over the editor's REST routes, examples 3, 6, 7 and 8 imported (by table name on
 * 2.x as committed; with the created ids on 1.x, which has no by-name mode), 6 and 7 activated, n8n's
 * data-table cap set small (N8N_DATA_TABLES_MAX_SIZE_BYTES), then:
 *  - 220 sandbox users answer popups through the ledger's trigger: accepts and rejects mixed, double accepts
 *    (one after the other and at the same moment), accepts then a switch-off in settings, long-term
 *    accepts, pushes delivered twice, and one push per template in the same second (their keys differ);
 *  - the reminder runs twice (its compaction margin set to 0, so each run folds what it read): each run
 *    sends exactly to the pairs the sandbox's quota table allows, no send is answered 43101, every write is
 *    one bulk insert per node, and the ledger (saved balances plus the events since) equals the sandbox's
 *    quota table; the second run while more users accept (nothing inserted meanwhile is lost); afterwards
 *    the tables hold one generation of balances and only the last run's events;
 *  - the reminder built on two other templates (as a user picks their own) sends exactly those;
 *  - every message's delivery result is one row of wechat_delivery_results, and the report's counts equal
 *    the sandbox's;
 *  - at the cap, a push that cannot be booked is answered `success` to WeChat and becomes a failed
 *    execution, example 8 posts the alert to the sandbox's WeCom robot, and once space is freed the
 *    execution's Retry books it;
 *  - a screenshot of the ledger table in the editor (Chromium), kept in N8N_E2E_SCREENSHOT_DIR when set.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import {
	activateWorkflow,
	createDataTables,
	dataTableRows,
	deleteDataTable,
	executedNodes,
	executionCount,
	insertDataTableRows,
	type N8nHandle,
	type N8nMajor,
	nodeOutput,
	openEditor,
	parseMajors,
	personalProjectId,
	retryExecution,
	runManually,
	startN8n,
	triggerUrl,
	waitForExecution,
	waitForExecutionTotal as waitForExecutionTotalIn,
} from '../../harness';
import { computeBalances, readLedgerRow, type Balance, type LedgerRow } from '../../nodes/protocol/subscriptionLedger';
import { lifecycleExamples } from '../../harness/examples/lifecycle';
import { bindAlertUrl, bindDataTables, CREDENTIAL, DATA_TABLES, EXAMPLES, NO_SEND_LEFT_TRIGGER, SUBSCRIBE_PAGE, TRIGGER_TYPE_VERSION, WEBHOOK_IDS, WORKFLOW_IDS } from '../../harness/examples';
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
/** The two templates of the reminder a user builds on their own templates. */
const OWN_ONE_TIME = SANDBOX_TEMPLATE_IDS.paymentSucceeded;
const OWN_LONG_TERM = SANDBOX_TEMPLATE_IDS.examResult;
const LONG_TERM_TEMPLATES = new Set<string>([LONG_TERM, OWN_LONG_TERM]);
const USERS = 220;
const SEND_PATH = '/cgi-bin/message/subscribe/send';
/** Small enough to reach with a few filler rows, roomy for everything else the suite writes (about 1 MB). */
const DATA_TABLE_CAP_BYTES = 4 * 1024 * 1024;
const OWN_TEMPLATES_REMINDER_ID = 'wxLifecycleOwnTp';
const FILLER_TABLE = { name: 'lifecycle_cap_filler', columns: [{ name: 'blob', type: 'string' as const }] };

const lifecycleOpenId = (n: number) => `oLifecycleUser${String(n).padStart(14, '0')}`;

/** Eleven kinds of user, by n % 11: what each does in the popups. */
function userScript(n: number): PopupUserInput {
	const openid = lifecycleOpenId(n);
	switch (n % 11) {
		case 0:
			return { openid, accept: [ONE_TIME, OWN_ONE_TIME] };
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
			return { openid, accept: [ONE_TIME, OWN_LONG_TERM], popups: 2, concurrent: true }; // two accepts at the same moment
		case 7:
			return { openid, accept: [LONG_TERM], reject: [ONE_TIME] };
		case 8:
			return { openid, accept: [LONG_TERM], switchOff: [LONG_TERM] };
		case 9:
			return { openid, accept: [ONE_TIME, LONG_TERM], popups: 2, concurrent: true, deliveries: 2 };
		default:
			// The same second, a push per template: the keys must tell them apart (issue: an accept lost).
			return { openid, accept: [ONE_TIME, LONG_TERM, OWN_ONE_TIME], onePushPerTemplate: true };
	}
}

const pairOf = (row: { openid: string; templateId: string }) => `${row.openid}|${row.templateId}`;
const hasBalance = (q: { remaining: number | null; longTerm: boolean; on?: boolean; switchedOn?: boolean }) => (q.longTerm ? (q.on ?? q.switchedOn) === true : (q.remaining ?? 0) > 0);
const sendable = (q: QuotaRow) => q.on && (q.longTerm || (q.remaining ?? 0) > 0);

const packedTarball = usePackedRepository('lifecycle-e2e-pack-');

describe.each(majors.map((major) => [major] as [N8nMajor]))('%i.x: subscription ledger, reminder, delivery tracking and the cap', (major) => {
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
	const withLogs = <T>(work: () => Promise<T>): Promise<T> => withN8nLogTail(started, work);

	/** The ledger as the reminder reads it: the saved balances plus the events since, added up by the package. */
	async function ledger(): Promise<Map<string, Balance>> {
		const ledgerRows = [...(await rows(DATA_TABLES.subscriptions)), ...(await rows(DATA_TABLES.subscriptionEvents))]
			.map((row) => readLedgerRow(row))
			.filter((row): row is LedgerRow => row !== null);
		return new Map(computeBalances(ledgerRows, (templateId) => LONG_TERM_TEMPLATES.has(templateId)).map((balance) => [pairOf(balance), balance]));
	}

	/** Every pair of the sandbox's quota table: the ledger has its balance, or knows it has none. */
	async function expectLedgerEqualsSandbox(): Promise<void> {
		const balances = await ledger();
		const differences = sandbox.quotas().flatMap((q) => {
			const balance = balances.get(pairOf(q));
			if (balance === undefined) return hasBalance(q) ? [`${pairOf(q)}: sandbox ${JSON.stringify(q)}, not in the ledger`] : [];
			if (!hasBalance(q) && !hasBalance(balance)) return [];
			const same = balance.remaining === q.remaining && balance.switchedOn === q.on && balance.longTerm === q.longTerm;
			return same ? [] : [`${pairOf(q)}: sandbox ${JSON.stringify(q)}, ledger ${JSON.stringify(balance)}`];
		});
		expect(differences).toEqual([]);
	}

	beforeAll(async () => {
		scratchDir = mkdtempSync(join(tmpdir(), `lifecycle-e2e-${major}-`));
		sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
		const startedAt = Date.now();
		// n8n 1.123.81 runs SQLite on one connection unless told otherwise (DB_SQLITE_POOL_SIZE 0); there,
		// Data Table writes from executions running at once fail with TransactionNotStartedError / QueryFailedError
		// and executions hang (seen: 348 of 360 ledger executions, 8 never finished). 2.40.7's default is 3.
		const env: Record<string, string> = { N8N_DATA_TABLES_MAX_SIZE_BYTES: String(DATA_TABLE_CAP_BYTES), ...(major === 1 ? { DB_SQLITE_POOL_SIZE: '3' } : {}) };
		n8n = await startN8n({ major, packageTarball: packedTarball(), credentials: [exampleCredential(sandbox)], env });
		projectId = await personalProjectId(n8n);
		tableIds = await createDataTables(n8n, projectId, [...Object.values(DATA_TABLES), FILLER_TABLE]);
		// The user's own templates: the same reminder built on two other templates of the account.
		const ownTemplates = lifecycleExamples({
			credential: CREDENTIAL,
			workflowIds: { ...WORKFLOW_IDS, dailyReminder: OWN_TEMPLATES_REMINDER_ID },
			webhookIds: WEBHOOK_IDS,
			triggerTypeVersion: TRIGGER_TYPE_VERSION,
			reminders: {
				appointment: {
					templateId: OWN_ONE_TIME,
					title: '支付成功通知',
					values: { amount1: '¥18.00', date2: '2024-05-01', character_string3: 'PAY20240501', number4: '1', phone_number5: '400-820-8820' },
					labels: { amount1: '支付金额', date2: '支付时间', character_string3: '订单号', number4: '商品数量', phone_number5: '客服电话' },
				},
				parking: {
					templateId: OWN_LONG_TERM,
					title: '考试成绩通知',
					values: { thing1: '期末考试', letter2: 'A', symbol3: '+', date4: '2024-05-01', name5: '王五' },
					labels: { thing1: '考试名称', letter2: '等级', symbol3: '变化', date4: '考试日期', name5: '考生姓名' },
				},
			},
		}).dailyReminder;
		// Each run folds what it read, so the suite sees compaction without waiting the shipped 10 minutes.
		const foldNow = <T extends { nodes: unknown[] }>(workflow: T): T => ({
			...workflow,
			nodes: workflow.nodes.map((node) => ((node as { name: string }).name === 'Compact History' ? { ...(node as object), parameters: { resource: 'subscriptionLedger', operation: 'compact', foldAfterMinutes: 0 } } : node)),
		});
		const lifecycle = [
			EXAMPLES.subscriptionLedger,
			foldNow(EXAMPLES.dailyReminder),
			foldNow(ownTemplates),
			EXAMPLES.deliveryTracking,
			bindAlertUrl(EXAMPLES.alertOnFailure, `${sandbox.url}/cgi-bin/webhook/send?key=${SANDBOX_ROBOT_KEY}`),
			EXAMPLES.noSendLeft,
		];
		// 2.x finds the tables by name, as the committed files say; 1.x needs their ids.
		const workflows = major === 1 ? lifecycle.map((workflow) => bindDataTables(workflow, tableIds)) : lifecycle;
		const file = join(scratchDir, 'lifecycle-workflows.json');
		writeFileSync(file, JSON.stringify(workflows));
		await n8n.cli('import:workflow', `--input=${file}`);
		for (const id of [WORKFLOW_IDS.subscriptionLedger, WORKFLOW_IDS.deliveryTracking]) await activateWorkflow(n8n, id);
		// n8n 2.x runs an error workflow only when it is published; 1.x runs it as saved (and cannot activate
		// a workflow whose only trigger is the Error Trigger).
		if (major === 2) await activateWorkflow(n8n, WORKFLOW_IDS.alertOnFailure);
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

	const popups = async (users: PopupUserInput[]) =>
		await sandbox.popups({ webhookUrl: triggerUrl(started().baseUrl, WEBHOOK_IDS.subscriptionLedger), config: pushConfig(sandbox, 'safe', 'xml'), users, concurrency: 4 });

	/** Ledger executions so far: one per push delivery the trigger answered. */
	let ledgerExecutions = 0;

	test('220 users answer popups: every action recorded once, repeats, simultaneous accepts and same-second pushes included', async () => {
		const phaseStart = Date.now();
		const result = await popups(Array.from({ length: USERS }, (_, n) => userScript(n)));
		expect(result.failed).toBe(0);
		ledgerExecutions += result.answered;
		await withLogs(() => waitForExecutionTotal(WORKFLOW_IDS.subscriptionLedger, ledgerExecutions, 10 * 60 * 1000));
		log(`popups: ${result.pushes} actions, ${result.answered} deliveries, recorded in ${Date.now() - phaseStart} ms`);

		const events = await rows(DATA_TABLES.subscriptionEvents);
		// One row per template entry of each push: repeats skipped (two arriving together may both be written,
		// and then count once).
		const expectedEntries = result.deliveries.filter((d) => d.delivery === 1).reduce((sum, d) => sum + d.templates.length, 0);
		expect(new Set(events.map((row) => String(row.dedupeKey))).size).toBe(expectedEntries);
		// Two accepts of one user at the same moment are two rows (kind 6).
		expect(events.filter((row) => row.openid === lifecycleOpenId(6) && row.templateId === ONE_TIME).map((row) => row.quotaDelta)).toEqual([1, 1]);
		// Kind 10: three pushes in one second, one template each, all three recorded.
		const sameSecond = result.deliveries.filter((d) => d.openid === lifecycleOpenId(10));
		expect(new Set(sameSecond.map((d) => d.createTime)).size).toBe(1);
		expect(events.filter((row) => row.openid === lifecycleOpenId(10)).map((row) => row.templateId).sort()).toEqual([ONE_TIME, LONG_TERM, OWN_ONE_TIME].sort());
		await expectLedgerEqualsSandbox();
	}, 15 * 60 * 1000);

	/**
	 * Runs a reminder once from its schedule trigger; checks it sent exactly where the sandbox allowed when it
	 * started. `mayAlsoSend` names pairs that may gain a send during the run (users accepting meanwhile): the
	 * reminder rightly sends to them when their accept is booked before it reads the ledger, and not otherwise.
	 */
	async function runReminder(workflowId: string, templates: readonly string[], label: string, mayAlsoSend: ReadonlySet<string> = new Set()): Promise<number> {
		const expected = sandbox.quotas().filter((q) => templates.includes(q.templateId) && sendable(q)).map(pairOf).sort();
		const before = sandbox.requests({ path: SEND_PATH }).length;
		const beforeCounters = sandbox.counters();
		const executionId = await withLogs(() => runManually(started(), workflowId, 'Every Morning'));
		const execution = await withLogs(() => waitForExecution(started(), executionId, 5 * 60 * 1000));
		expect({ label, status: execution.status, error: execution.data.resultData.error?.message }).toEqual({ label, status: 'success', error: undefined });
		const calls = sandbox.requests({ path: SEND_PATH }).slice(before);
		const messages = calls.length === 0 ? [] : sandbox.messages().slice(-calls.length);
		expect(calls.map((call) => call.errcode)).toEqual(calls.map(() => 0));
		expect((sandbox.counters().errcodes['43101'] ?? 0) - (beforeCounters.errcodes['43101'] ?? 0)).toBe(0);
		expect(messages.map(pairOf).filter((pair) => !mayAlsoSend.has(pair)).sort()).toEqual(expected.filter((pair) => !mayAlsoSend.has(pair)));
		// Every send booked by one bulk insert per Send node: as many ledger rows and message rows as sends.
		const runsOf = (node: string) => execution.data.resultData.runData[node]?.length ?? 0;
		const inserted = (node: string) =>
			Array.from({ length: runsOf(node) }, (_, run) => nodeOutput(execution, node, 0, run)).flat().reduce((sum, item) => sum + Number(item.insertedRows ?? item.count ?? 0), 0);
		expect({ label, ledgerRows: inserted('Book In The Ledger'), messageRows: inserted('Record The Messages') }).toEqual({ label, ledgerRows: calls.length, messageRows: calls.length });
		expect(executedNodes(execution)).toEqual(expect.arrayContaining(['Compact History', 'Save Balances', 'Drop Older Balances', 'Drop Folded Events']));
		log(`${label}: ${calls.length} sends, ${nodeOutput(execution, 'Compact History').length} balances saved`);
		return calls.length;
	}

	test('the reminder runs twice, more users accepting during the second: each run sends exactly where a send is left, compacts, and loses nothing', async () => {
		expect(await runReminder(WORKFLOW_IDS.dailyReminder, [ONE_TIME, LONG_TERM], 'reminder run 1')).toBeGreaterThan(0);
		await expectLedgerEqualsSandbox();

		// Run 2, while 20 more users accept: what is inserted during the compaction stays for the next run.
		const latecomers = Array.from({ length: 20 }, (_, k) => ({ openid: lifecycleOpenId(USERS + k), accept: [ONE_TIME] }));
		const latecomerPairs = new Set(latecomers.map((user) => pairOf({ openid: user.openid, templateId: ONE_TIME })));
		// Settled, not all: a failed check of the run must not leave the latecomers' pushes uncounted for the
		// tests after it (they wait for the ledger's execution total).
		const [secondRun, lateRun] = await Promise.allSettled([runReminder(WORKFLOW_IDS.dailyReminder, [ONE_TIME, LONG_TERM], 'reminder run 2', latecomerPairs), popups(latecomers)]);
		if (lateRun.status === 'fulfilled') ledgerExecutions += lateRun.value.answered;
		if (secondRun.status === 'rejected') throw secondRun.reason;
		if (lateRun.status === 'rejected') throw lateRun.reason;
		const [secondRunSends, late] = [secondRun.value, lateRun.value];
		expect(late.failed).toBe(0);
		await withLogs(() => waitForExecutionTotal(WORKFLOW_IDS.subscriptionLedger, ledgerExecutions, 5 * 60 * 1000));
		expect(secondRunSends).toBeGreaterThan(0); // the long-term template, sent again while on
		await expectLedgerEqualsSandbox();

		// Bounded tables: one generation of saved balances, none without a balance; the events are those
		// written since the second run's read (its sends and the latecomers), not the day's history.
		const saved = await rows(DATA_TABLES.subscriptions);
		expect(new Set(saved.map((row) => row.foldedThrough)).size).toBe(1);
		expect(saved.filter((row) => !hasBalance({ remaining: row.remaining as number | null, longTerm: row.longTerm === true, switchedOn: row.switchedOn === true }))).toEqual([]);
		const events = await rows(DATA_TABLES.subscriptionEvents);
		expect(events.length).toBeLessThanOrEqual(secondRunSends + latecomers.length);
		const latecomerIds = new Set(latecomers.map((user) => user.openid));
		expect(events.filter((row) => row.source === 'popup' && !latecomerIds.has(String(row.openid)))).toEqual([]);
	}, 20 * 60 * 1000);

	test('example 14 after the reminder: a URL Link to the subscribe page for each user the ledger knows has no send left of the reminder', async () => {
		const balances = await ledger();
		const expected = sandbox
			.quotas()
			.filter((q) => q.templateId === ONE_TIME && !sendable(q) && balances.has(pairOf(q)))
			.map((q) => q.openid)
			.sort();
		expect(expected.length).toBeGreaterThan(0);
		const linksBefore = sandbox.links({ kind: 'url_link' }).length;
		const executionId = await withLogs(() => runManually(started(), WORKFLOW_IDS.noSendLeft, NO_SEND_LEFT_TRIGGER));
		const execution = await withLogs(() => waitForExecution(started(), executionId, 120000));
		expect(execution.status).toBe('success');
		const messages = nodeOutput(execution, 'Message For Another Channel');
		expect(messages.map((item) => String(item.openid)).sort()).toEqual(expected);
		const created = new Map(sandbox.links({ kind: 'url_link' }).slice(linksBefore).map((l) => [l.link, l]));
		for (const item of messages) {
			expect(created.get(String(item.urlLink))).toMatchObject({ path: SUBSCRIBE_PAGE, query: `template=${ONE_TIME}&from=no_send_left`, envVersion: 'release' });
			expect(String(item.text)).toContain(String(item.urlLink));
		}
		log(`no send left: ${messages.length} links`);
	}, 5 * 60 * 1000);

	test("the reminder built on the user's own two templates sends exactly those, where the ledger allows", async () => {
		expect(await runReminder(OWN_TEMPLATES_REMINDER_ID, [OWN_ONE_TIME, OWN_LONG_TERM], 'own templates')).toBeGreaterThan(0);
		await expectLedgerEqualsSandbox();
	}, 10 * 60 * 1000);

	test('every message gets exactly one delivery result, and the report counts what the sandbox counted', async () => {
		const status = await sandbox.deliveryEventsSettled(60000);
		expect(status.settled).toBe(true);
		const events = status.events;
		await withLogs(() => waitForExecutionTotal(WORKFLOW_IDS.deliveryTracking, events.filter((e) => e.state === 'sent').length, 5 * 60 * 1000));
		const results = await rows(DATA_TABLES.deliveryResults);
		const messages = sandbox.messages();
		expect(results.map((row) => String(row.msgid)).sort()).toEqual(messages.map((m) => m.msgid).sort());
		const byMsgid = new Map(results.map((row) => [String(row.msgid), row]));
		for (const event of events) {
			expect(byMsgid.get(event.msgid)).toMatchObject({ status: event.errorCode === 0 ? 'delivered' : 'failed', errorCode: event.errorCode, errorStatus: event.errorStatus, openid: event.openid, templateId: event.templateId });
		}
		const sent = await rows(DATA_TABLES.messages);
		expect(sent.map((row) => String(row.msgid)).sort()).toEqual(messages.map((m) => m.msgid).sort());

		const executionId = await runManually(started(), WORKFLOW_IDS.deliveryTracking, 'Open The Report');
		const execution = await withLogs(() => waitForExecution(started(), executionId, 120000));
		const [report] = nodeOutput(execution, 'Report');
		expect(report).toEqual({
			sent: messages.length,
			delivered: events.filter((e) => e.errorCode === 0).length,
			failed: events.filter((e) => e.errorCode !== 0).length,
			notSubscribed: 0,
			refused: 0,
			awaitingResult: 0,
		});
	}, 10 * 60 * 1000);

	test("at n8n's data-table cap a push that cannot be booked is a failed execution and an alert, and its Retry books it once space is freed", async () => {
		// Fill the tables up to the cap, as a year of history would without compaction.
		const filler = Array.from({ length: 400 }, (_, k) => ({ blob: `${k}`.padEnd(2000, 'x') }));
		let refused: Error | undefined;
		for (let chunk = 0; chunk < 40 && refused === undefined; chunk++) {
			await insertDataTableRows(started(), projectId, tableIds[FILLER_TABLE.name], filler).catch((error: unknown) => {
				refused = error as Error;
			});
		}
		expect(refused?.message).toMatch(/size limit/i);

		expect(await executionCount(started(), WORKFLOW_IDS.subscriptionLedger, ['error'])).toBe(0);
		const user = { openid: lifecycleOpenId(USERS + 100), accept: [ONE_TIME] };
		const answered = await popups([user]);
		// WeChat got `success`: the push will not come again. n8n keeps it, as a failed execution.
		expect(answered).toMatchObject({ answered: 1, failed: 0 });
		ledgerExecutions += 1;
		await withLogs(() => waitForExecutionTotal(WORKFLOW_IDS.subscriptionLedger, ledgerExecutions, 120_000));
		const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_IDS.subscriptionLedger, status: ['error'] }));
		const listed = await started().rest<{ data: { results: Array<{ id: string | number }> } }>('GET', `/rest/executions?filter=${filter}&limit=10`);
		expect(listed.body.data.results).toHaveLength(1);
		const failed = await waitForExecution(started(), String(listed.body.data.results[0].id), 60_000);
		expect(failed.data.resultData.error?.message).toMatch(/size limit/i);
		expect(failed.data.resultData.lastNodeExecuted).toBe('Record The Action');

		// The alert: example 8 ran and posted to the WeCom robot, naming the workflow and the execution.
		const deadline = Date.now() + 60_000;
		while (sandbox.robotMessages().length === 0 && Date.now() < deadline) await new Promise((resolveDelay) => setTimeout(resolveDelay, 250));
		const [alert] = sandbox.robotMessages();
		expect(alert?.content).toContain(`WeChat: subscription ledger failed (execution ${failed.id}, node Record The Action)`);
		expect(alert?.content).toMatch(/size limit/i);

		// Free the space (here: drop the filler; in production: compaction, or a larger cap), then Retry.
		await deleteDataTable(started(), projectId, tableIds[FILLER_TABLE.name]);
		const retried = await retryExecution(started(), failed.id);
		const execution = await withLogs(() => waitForExecution(started(), retried, 120_000));
		expect(execution.status).toBe('success');
		const booked = (await rows(DATA_TABLES.subscriptionEvents)).filter((row) => row.openid === user.openid);
		expect(booked.map((row) => [row.templateId, row.quotaDelta])).toEqual([[ONE_TIME, 1]]);
		await expectLedgerEqualsSandbox();
	}, 10 * 60 * 1000);

	test('the ledger table in the editor (Chromium)', async () => {
		const editor = await openEditor(started(), WORKFLOW_IDS.dailyReminder, { viewport: { width: 1440, height: 900 }, timeoutMs: 120000 });
		try {
			await editor.page.goto(`${started().baseUrl}/projects/${projectId}/datatables/${tableIds[DATA_TABLES.subscriptions.name]}`, { timeout: 120000 });
			// User 2 keeps a balance (the long-term template, on), so the saved table shows it.
			await editor.page.getByText(lifecycleOpenId(2)).first().waitFor({ state: 'visible', timeout: 120000 });
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
