/**
 * Faults on the send path, end to end: a real n8n runs Webhook → Split Out → Send Subscription Message
 * over 500 items while the sandbox injects one fault at a time — WeChat busy (-1), minute quota (45011),
 * HTTP 500, a hung answer (request timeout), a reset connection (before and after WeChat acted, and cut
 * off mid-answer), every token invalidated halfway through, and a credential whose App Secret was rotated.
 * Faults are bounded (a count, starting after `skip` calls), so each case has an exact expected outcome.
 *
 * For every case, from the Send node's output and the sandbox's own records (accepted messages and every
 * call, per OpenID; each batch uses OpenIDs of its own):
 *   - each input item has exactly one output: sent with the msgid the sandbox recorded, or failed with a
 *     reason, an error text, and WeChat's errcode unless the outcome is unknown (no answer);
 *   - no recipient got a message twice;
 *   - retries stayed in their bound (≤ 4 calls per item for -1/45011, 1 for 500/hang/reset, 2 after a
 *     stale token) and happened only where WeChat surely did not act;
 *   - when the node stops (Continue On Fail off), the execution's error says what happened, how to fix
 *     it, and how many items were sent — the sandbox's count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { activateWorkflows, type N8nHandle, type N8nMajor, packRepository, parseMajors, startN8n } from '../../harness';
import type { RequestRecord } from '../../sandbox/requestLog';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { FAULT_WORKFLOWS as WORKFLOWS, HANG_TIMEOUT_MS } from './support/reliability/faultWorkflows';
import {
	MAIN_CREDENTIAL,
	RELIABILITY_N8N_ENV,
	ROTATED_APP_ID,
	ROTATED_CREDENTIAL,
	ROTATED_NEW_SECRET,
	ROTATED_OLD_SECRET,
	reliabilityCredential,
	sendBatchWorkflow,
	type SendBatchWorkflowSpec,
} from './support/reliability/fixtures';
import {
	accountingProblems,
	batchItems,
	executionError,
	formatSummary,
	itemsOverAttemptLimit,
	runBatch,
	SEND_PATH,
	summarise,
	type BatchItem,
	type BatchRun,
	type BatchSummary,
} from './support/reliability/sendBatch';

const majors = parseMajors(process.env.N8N_E2E_MAJORS, [2]);
const ITEMS = 500;
const START_TIMEOUT_MS = 25 * 60 * 1000;
const CASE_TIMEOUT_MS = 10 * 60 * 1000;
/** 1 try + 3 retries (the client's default bound for -1 / 45011). */
const TRANSIENT_ATTEMPTS = 4;
const log = (line: string) => process.stderr.write(`${line}\n`);

describe.each(majors.map((major) => [major] as [N8nMajor]))('faults on the send path, n8n %i.x', (major) => {
	let sandbox: Sandbox;
	let n8n: N8nHandle | undefined;
	let workDir: string | undefined;
	let batch = 0;
	const summaries: Array<[string, BatchSummary]> = [];

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
		// The mini program's App Secret was reset in the console; the credential still has the old one.
		sandbox.registerApp(ROTATED_APP_ID, ROTATED_NEW_SECRET);
		workDir = mkdtempSync(join(tmpdir(), 'faults-e2e-'));
		const tarball = await packRepository(workDir);
		const startedAt = Date.now();
		n8n = await startN8n({
			major,
			packageTarball: tarball,
			env: RELIABILITY_N8N_ENV,
			credentials: [
				reliabilityCredential(MAIN_CREDENTIAL, sandbox.url),
				reliabilityCredential(ROTATED_CREDENTIAL, sandbox.url, { appId: ROTATED_APP_ID, appSecret: ROTATED_OLD_SECRET }),
			],
			workflows: Object.values(WORKFLOWS).map(sendBatchWorkflow),
		});
		await activateWorkflows(n8n, Object.values(WORKFLOWS).map((w) => w.id));
		for (const workflow of Object.values(WORKFLOWS)) await n8n.waitForWebhook(n8n.webhookUrl(workflow.path));
		log(`[faults] n8n ${n8n.version}: started in ${Date.now() - startedAt} ms (n8n start-up ${n8n.startupMs} ms)`);
		// One clean batch first: n8n holds a token from here on, as it would in production.
		const items = batchItems(++batch, ITEMS);
		const run = await runBatch(n8n, sandbox, WORKFLOWS.on, items);
		const summary = summarise(run, items);
		log(formatSummary('baseline (no fault)', summary));
		if (summary.sent !== ITEMS || accountingProblems(run, items).length > 0) throw new Error(`baseline batch failed: ${formatSummary('baseline', summary)}`);
	}, START_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.close();
		if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
		log(`[faults] n8n ${major}.x summary:\n${summaries.map(([name, s]) => formatSummary(name, s)).join('\n')}`);
	});

	/** Runs one batch of ITEMS with the fault set up by `inject`; returns its run, items and summary. */
	async function runCase(name: string, workflow: SendBatchWorkflowSpec & { path: string }, inject: () => void) {
		if (n8n === undefined) throw new Error('n8n did not start');
		sandbox.clearFaults();
		const items = batchItems(++batch, ITEMS);
		inject();
		const run = await runBatch(n8n, sandbox, workflow, items);
		const pending = sandbox.pendingFaults();
		sandbox.clearFaults();
		const summary = summarise(run, items);
		summaries.push([name, summary]);
		log(formatSummary(name, summary));
		expect(pending).toEqual([]); // every injected fault was used up by this batch
		return { run, items, summary };
	}

	const attemptsOf = (run: BatchRun, item: BatchItem): RequestRecord[] => run.attempts.get(item.openid) ?? [];
	const outputOf = (run: BatchRun, index: number) => run.outputs.find((o) => o.item === index)?.json ?? {};

	/**
	 * -1 / 45011 are WeChat refusing before doing anything: retried with back-off, at most 3 times. Exactly
	 * the items whose every call was refused come out failed with that errcode; every other item was sent.
	 */
	function expectRefusalsRetried(run: BatchRun, items: BatchItem[], errcode: number, faults: number) {
		expect(accountingProblems(run, items)).toEqual([]);
		expect(itemsOverAttemptLimit(run, items, TRANSIENT_ATTEMPTS)).toEqual([]);
		let refused = 0;
		items.forEach((item, index) => {
			const attempts = attemptsOf(run, item);
			const faulted = attempts.filter((a) => a.fault === 'errcode');
			refused += faulted.length;
			const json = outputOf(run, index);
			if (faulted.length === TRANSIENT_ATTEMPTS) {
				expect({ index, success: json.success, errcode: json.errcode, reason: json.reason }).toEqual({ index, success: false, errcode, reason: 'wechat_error' });
				expect(String(json.error)).toContain(`WeChat errcode ${errcode}`);
			} else {
				// Every refused call was followed by exactly one more, and the last one went through.
				expect({ index, success: json.success, calls: attempts.length }).toEqual({ index, success: true, calls: faulted.length + 1 });
				expect(attempts[attempts.length - 1].fault).toBeUndefined();
			}
		});
		expect(refused).toBe(faults);
	}

	/** 500 / hang / reset on a send: never retried (WeChat may have acted); the hit items are outcome_unknown. */
	function expectUnknownNotRetried(run: BatchRun, items: BatchItem[], faults: number, performed: boolean, errorPattern: RegExp) {
		expect(accountingProblems(run, items)).toEqual([]);
		expect(itemsOverAttemptLimit(run, items, 1)).toEqual([]);
		const hit = items.map((item, index) => ({ item, index })).filter(({ item }) => attemptsOf(run, item)[0]?.fault !== undefined);
		expect(hit).toHaveLength(faults);
		for (const { item, index } of hit) {
			const json = outputOf(run, index);
			expect({ index, success: json.success, reason: json.reason, outcomeUnknown: json.outcomeUnknown }).toEqual({ index, success: false, reason: 'outcome_unknown', outcomeUnknown: true });
			expect(String(json.error)).toMatch(errorPattern);
			expect(String(json.error)).toContain('WeChat may have accepted the request, so it was not retried');
			// After processing, WeChat did send it (once); before, it did not.
			expect(run.accepted.get(item.openid)).toHaveLength(performed ? 1 : 0);
		}
		const sent = run.outputs.filter((o) => o.json.success === true).length;
		expect(sent).toBe(ITEMS - faults);
	}

	/**
	 * Continue On Fail off: the node stops; its error (message and description, as n8n shows them) names the
	 * failure and the fix, and its message the sandbox's sent count. (For a network error n8n swaps the
	 * message for its own generic text, e.g. "The connection was aborted, perhaps the server is offline",
	 * and keeps ours in the description: so `pattern` is looked for in both.)
	 */
	function expectStopped(run: BatchRun, pattern: RegExp, fixPattern: RegExp, acceptedWithoutAnswer = 0) {
		expect(run.execution.status).toBe('error');
		expect(run.outputs).toEqual([]);
		const { message, description } = executionError(run.execution);
		log(`  error: ${message}\n  description: ${description.replace(/\n/g, ' | ')}`);
		expect(`${message}\n${description}`).toMatch(pattern);
		expect(`${message}\n${description}`).toMatch(fixPattern);
		const accepted = [...run.accepted.values()].reduce((n, m) => n + m.length, 0);
		expect(message).toContain(`(${accepted - acceptedWithoutAnswer} of ${ITEMS} items were sent before this failure)`);
		expect(description).toContain('Continue On Fail');
		expect([...run.accepted.values()].filter((m) => m.length > 1)).toEqual([]);
	}

	test('-1 (system busy) × 30 calls, one item at a time: exactly 7 items exhaust their 3 retries, 493 are sent, no message twice', async () => {
		const { run, items, summary } = await runCase('-1 ×30, concurrency 1', WORKFLOWS.onSequential, () =>
			sandbox.addFault({ mode: 'errcode', errcode: -1, count: 30, path: SEND_PATH, skip: 100 }),
		);
		expectRefusalsRetried(run, items, -1, 30);
		expect(summary.sent).toBe(493);
		expect(run.outputs.filter((o) => o.json.success === false).map((o) => o.item)).toEqual([100, 101, 102, 103, 104, 105, 106]);
		expect(attemptsOf(run, items[107])).toHaveLength(3);
		expect(summary.sendCalls).toBe(523); // 493 accepted + 30 refused
		expect(summary.duplicates).toBe(0);
		expect(String(outputOf(run, 100).error)).toMatch(/system busy\. Retry in a few seconds; the node already retried with back-off/);
	}, CASE_TIMEOUT_MS);

	test('-1 (system busy) × 30 calls halfway, 5 in parallel: only items refused 4 times fail (errcode -1), all others sent once', async () => {
		const { run, items, summary } = await runCase('-1 ×30, concurrency 5', WORKFLOWS.on, () =>
			sandbox.addFault({ mode: 'errcode', errcode: -1, count: 30, path: SEND_PATH, skip: 200 }),
		);
		expectRefusalsRetried(run, items, -1, 30);
		expect(summary.duplicates).toBe(0);
		expect(summary.outputs).toBe(ITEMS);
	}, CASE_TIMEOUT_MS);

	test('45011 (minute quota) × 30 calls halfway: retried with back-off within the bound, every item accounted for', async () => {
		const { run, items, summary } = await runCase('45011 ×30, concurrency 5', WORKFLOWS.on, () =>
			sandbox.addFault({ mode: 'errcode', errcode: 45011, count: 30, path: SEND_PATH, skip: 300 }),
		);
		expectRefusalsRetried(run, items, 45011, 30);
		expect(summary.duplicates).toBe(0);
		const failed = run.outputs.filter((o) => o.json.success === false);
		for (const { json } of failed) expect(String(json.error)).toMatch(/minute quota reached\. Slow down \(lower Concurrency\)/);
	}, CASE_TIMEOUT_MS);

	test('-1 on every call with Continue On Fail off: the node stops after 4 tries and says so, with 0 of 500 sent', async () => {
		const { run, summary } = await runCase('-1 ×4, stop', WORKFLOWS.offSequential, () => sandbox.addFault({ mode: 'errcode', errcode: -1, count: 4, path: SEND_PATH }));
		expectStopped(run, /WeChat errcode -1: WeChat system busy/, /Retry in a few seconds/);
		expect(executionError(run.execution).description).toContain('Tried 4 times.');
		expect(summary.sendCalls).toBe(4);
		expect(summary.acceptedBySandbox).toBe(0);
	}, CASE_TIMEOUT_MS);

	test('HTTP 500 × 10 halfway, before WeChat acted: 10 items outcome_unknown (not retried), 490 sent, nothing twice', async () => {
		const { run, items, summary } = await runCase('http500 ×10', WORKFLOWS.on, () => sandbox.addFault({ mode: 'http500', count: 10, path: SEND_PATH, skip: 250 }));
		expectUnknownNotRetried(run, items, 10, false, /HTTP 500 from the WeChat API host\. Check the credential's API Base URL/);
		expect(summary.sendCalls).toBe(ITEMS);
		expect(summary.acceptedBySandbox).toBe(490);
	}, CASE_TIMEOUT_MS);

	test('HTTP 500 × 10 after WeChat acted: the 10 are outcome_unknown, WeChat has all 500 exactly once', async () => {
		const { run, items, summary } = await runCase('http500 ×10 after processing', WORKFLOWS.on, () =>
			sandbox.addFault({ mode: 'http500', count: 10, path: SEND_PATH, skip: 250, afterProcessing: true }),
		);
		expectUnknownNotRetried(run, items, 10, true, /HTTP 500 from the WeChat API host/);
		expect(summary.acceptedBySandbox).toBe(ITEMS);
		expect(summary.duplicates).toBe(0);
	}, CASE_TIMEOUT_MS);

	test('HTTP 500 with Continue On Fail off: the node stops, says WeChat may have sent it and how many items were sent', async () => {
		const { run } = await runCase('http500 ×1 after processing, stop', WORKFLOWS.off, () =>
			sandbox.addFault({ mode: 'http500', count: 1, path: SEND_PATH, skip: 250, afterProcessing: true }),
		);
		// The lost answer's message was accepted by WeChat but is not counted as sent by the node.
		expectStopped(run, /HTTP 500 from the WeChat API host/, /WeChat may have accepted the request, so it was not retried/, 1);
	}, CASE_TIMEOUT_MS);

	test(`hung answers × 5 halfway (Timeout option ${HANG_TIMEOUT_MS} ms): 5 items outcome_unknown after the timeout, 495 sent`, async () => {
		const { run, items } = await runCase('hang ×5', WORKFLOWS.onShortTimeout, () => sandbox.addFault({ mode: 'hang', count: 5, path: SEND_PATH, skip: 150 }));
		expectUnknownNotRetried(run, items, 5, false, new RegExp(`no answer from the WeChat API host \\(ECONNABORTED: timeout of ${HANG_TIMEOUT_MS}ms exceeded\\)\\. .*raise the request timeout`));
	}, CASE_TIMEOUT_MS);

	test('hung answers × 5 after WeChat acted: outcome_unknown, WeChat has all 500 exactly once', async () => {
		const { run, items, summary } = await runCase('hang ×5 after processing', WORKFLOWS.onShortTimeout, () =>
			sandbox.addFault({ mode: 'hang', count: 5, path: SEND_PATH, skip: 150, afterProcessing: true }),
		);
		expectUnknownNotRetried(run, items, 5, true, /timeout of \d+ms exceeded/);
		expect(summary.acceptedBySandbox).toBe(ITEMS);
	}, CASE_TIMEOUT_MS);

	test('a hung answer with the default Timeout: the item waits 10 s, comes out outcome_unknown, the rest are sent', async () => {
		const { run, items, summary } = await runCase('hang ×1, default timeout', WORKFLOWS.on, () => sandbox.addFault({ mode: 'hang', count: 1, path: SEND_PATH, skip: 50 }));
		expectUnknownNotRetried(run, items, 1, false, /timeout of 10000ms exceeded/);
		log(`  batch with one 10 s hang took ${summary.durationMs} ms`);
	}, CASE_TIMEOUT_MS);

	test('a hung answer with Continue On Fail off: the node stops and says to raise the timeout, and how many were sent', async () => {
		const { run } = await runCase('hang ×1, stop', WORKFLOWS.offShortTimeout, () => sandbox.addFault({ mode: 'hang', count: 1, path: SEND_PATH, skip: 100 }));
		expectStopped(run, /no answer from the WeChat API host \(ECONNABORTED: timeout of \d+ms exceeded\)/, /raise the request timeout/);
	}, CASE_TIMEOUT_MS);

	test('connection reset × 5 halfway, before WeChat acted: 5 items outcome_unknown (not retried), 495 sent', async () => {
		const { run, items } = await runCase('reset ×5', WORKFLOWS.on, () => sandbox.addFault({ mode: 'reset', count: 5, path: SEND_PATH, skip: 350 }));
		expectUnknownNotRetried(run, items, 5, false, /no answer from the WeChat API host \((?:ECONNRESET|EPIPE)[^)]*\)/);
	}, CASE_TIMEOUT_MS);

	test('connection reset × 5 mid-answer (after 40 bytes), WeChat having acted: outcome_unknown, all 500 at WeChat exactly once', async () => {
		const { run, items, summary } = await runCase('reset ×5 after 40 bytes of the answer', WORKFLOWS.on, () =>
			sandbox.addFault({ mode: 'reset', count: 5, path: SEND_PATH, skip: 350, afterProcessing: true, afterBytes: 40 }),
		);
		expectUnknownNotRetried(run, items, 5, true, /no answer from the WeChat API host/);
		expect(summary.acceptedBySandbox).toBe(ITEMS);
	}, CASE_TIMEOUT_MS);

	test('a connection reset with Continue On Fail off: the node stops with the reason and the sent count', async () => {
		const { run } = await runCase('reset ×1, stop', WORKFLOWS.off, () => sandbox.addFault({ mode: 'reset', count: 1, path: SEND_PATH, skip: 250 }));
		expectStopped(run, /no answer from the WeChat API host/, /Check this host's network access to the API Base URL/);
	}, CASE_TIMEOUT_MS);

	test('every token invalidated after 250 accepted sends: exactly one extra token call, each rejected send retried once, 500 sent, none twice', async () => {
		const { run, items, summary } = await runCase('tokens invalidated after 250 sends', WORKFLOWS.off, () => sandbox.invalidateTokens(250));
		expect(run.execution.status).toBe('success');
		expect(accountingProblems(run, items)).toEqual([]);
		expect(summary.sent).toBe(ITEMS);
		expect(summary.duplicates).toBe(0);
		expect(summary.stableTokenCalls).toBe(1);
		// The sends in flight when the tokens died (at most Concurrency = 5) got 40001; each was retried once.
		expect(summary.rejectedTokens).toBeGreaterThanOrEqual(1);
		expect(summary.rejectedTokens).toBeLessThanOrEqual(5);
		expect(itemsOverAttemptLimit(run, items, 2)).toEqual([]);
		const retried = items.filter((item) => attemptsOf(run, item).length === 2);
		expect(retried).toHaveLength(summary.rejectedTokens);
		for (const item of retried) expect(attemptsOf(run, item).map((a) => a.errcode)).toEqual([40001, 0]);
	}, CASE_TIMEOUT_MS);

	test('a rotated App Secret, Continue On Fail off: the token call fails 40125 once and the node stops with the fix', async () => {
		const { run, summary } = await runCase('rotated App Secret, stop', WORKFLOWS.rotatedOff, () => undefined);
		expect(run.execution.status).toBe('error');
		const { message } = executionError(run.execution);
		log(`  error: ${message}`);
		expect(message).toMatch(/^Get access token failed: WeChat errcode 40125: invalid App Secret\. Copy the AppSecret again from the mini program console, Development → Development Management → Development Settings \(开发 → 开发管理 → 开发设置\) → Developer ID \(开发者ID\)/);
		expect(message).toMatch(/\(rid: [0-9a-f-]+\)/);
		expect(summary.stableTokenCalls).toBe(1);
		expect(summary.sendCalls).toBe(0);
	}, CASE_TIMEOUT_MS);

	test('a rotated App Secret, Continue On Fail on: all 500 items fail with errcode 40125, a reason and the fix, after one token call', async () => {
		const { run, items, summary } = await runCase('rotated App Secret', WORKFLOWS.rotatedOn, () => undefined);
		expect(summary.stableTokenCalls).toBe(1);
		expect(summary.sendCalls).toBe(0);
		expect(summary.outputs).toBe(ITEMS);
		for (const { json } of run.outputs) expect(String(json.error)).toMatch(/WeChat errcode 40125: invalid App Secret\. Copy the AppSecret again/);
		log(`  first output: ${JSON.stringify(run.outputs[0]?.json)}`);
		expect(accountingProblems(run, items)).toEqual([]);
	}, CASE_TIMEOUT_MS);
});
