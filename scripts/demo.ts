/**
 * `npm run demo`: a real n8n 2.x with this package installed the way n8n installs community packages,
 * the local WeChat sandbox, a credential pointing at it, the data tables of the subscription lifecycle
 * and the eight example workflows (1, 2, 3, 6 and 7 active; 8, their error workflow, posting alerts to the
 * sandbox's WeCom group robot); the sandbox pushes each message's delivery result to example 7. Prints where to click and the lines that fire the examples (50 users accepting,
 * the reminder run now); Ctrl-C (or SIGTERM) stops everything.
 * `--self-check` starts the same on free ports, runs the printed lines, verifies them and exits 0/1.
 *
 *   node .build/scripts/demo.js [--self-check]      (after npm run build && npm run build:tools)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox/server';
import { bindAlertUrl, DATA_TABLES, EXAMPLES, ORDER_WEBHOOK_PATH, REMINDER_TRIGGER, REPORT_TRIGGER, SAMPLE_ORDER, sandboxOpenAiCredential, WEBHOOK_IDS, WORKFLOW_IDS } from '../harness/examples';
import { SANDBOX_ROBOT_KEY } from '../sandbox/seed';
import { renderBanner } from './demo/banner';
import { DEMO_POPUP_USERS, orderCurlLine, popupsCurlLine, popupsRequest, pushCurlLine, pushRequest, runWorkflowCurlLine } from './demo/commands';
import { DemoError, readDemoConfig, type DemoConfig } from './demo/config';
import { demoCredential, demoPushConfig } from './demo/credential';
import { assertPortFree } from './demo/ports';
import { runSelfCheck } from './demo/selfCheck';
import { runCleanups, runInForeground, type Cleanup } from './demo/foreground';
import { createDataTables, installN8n, type N8nHandle, packRepository, personalProjectId, startN8n } from '../harness';

const N8N_MAJOR = 2;
/** The trigger node's webhook path: production URL `/webhook/<webhookId>/webhook`. */
const TRIGGER_PATH = 'webhook';
/** n8n gets 15 s to shut down gracefully (then SIGKILL); past this the demo gives up waiting and exits 1. */

/** Published before n8n starts; the catalogue has no trigger and the customer-service example is for reading. */
const DEMO_ACTIVE_WORKFLOWS: readonly string[] = [
	WORKFLOW_IDS.orderShipped,
	WORKFLOW_IDS.subscriptionEvents,
	WORKFLOW_IDS.dailyReminder,
	WORKFLOW_IDS.subscriptionLedger,
	WORKFLOW_IDS.deliveryTracking,
	// An error workflow runs only when published (n8n 2.x).
	WORKFLOW_IDS.alertOnFailure,
];
/** Every n-th delivery result the sandbox pushes reports a failure (as when the user blocked messages), so example 7 shows both. */
const DELIVERY_FAIL_EVERY = 10;

/** n8n would otherwise read schedules in America/New_York; Example 3's 09:00 should be the user's 09:00. */
const LOCAL_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

const startedAt = Date.now();
const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

function progress(message: string): void {
	process.stderr.write(`[demo] ${message}\n`);
}

/** Resolves when the demo should stop: a signal, or n8n exiting on its own (then with a reason). */
function untilStopped(n8n: N8nHandle, signal: AbortSignal): Promise<string | undefined> {
	return new Promise((resolveStop) => {
		signal.addEventListener('abort', () => resolveStop(undefined), { once: true });
		void n8n.exited.then(({ code, signal: exitSignal }) => {
			resolveStop(`n8n stopped on its own (code ${code}, signal ${exitSignal})\n--- n8n log (tail)\n${n8n.logs().slice(-4000)}`);
		});
	});
}

async function startSandboxOn(port: number | null): Promise<Sandbox> {
	try {
		return await startSandbox({ port: port ?? 0, host: '127.0.0.1', latencyMs: 0 });
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
			throw new DemoError(`Port ${port} for the WeChat sandbox was taken meanwhile. Pick another: DEMO_SANDBOX_PORT=<port> npm run demo`);
		}
		throw error;
	}
}

/** Runs the demo until `signal` aborts (or, with --self-check, until the check is done). Returns the exit code. */
async function runDemo(config: DemoConfig, signal: AbortSignal): Promise<number> {
	const cleanups: Cleanup[] = [];
	try {
		if (config.n8nPort !== null) await assertPortFree(config.n8nPort, 'n8n', 'DEMO_N8N_PORT');
		if (config.sandboxPort !== null) await assertPortFree(config.sandboxPort, 'the WeChat sandbox', 'DEMO_SANDBOX_PORT');

		progress(`n8n ${N8N_MAJOR}.x: using the cached install, or installing it once (several minutes; progress below)`);
		const installStarted = Date.now();
		const install = await installN8n(N8N_MAJOR, { signal });
		progress(`n8n ${install.version} ready in ${seconds(Date.now() - installStarted)} (${install.installDir})`);

		const packDir = mkdtempSync(join(tmpdir(), 'n8n-demo-pack-'));
		cleanups.push(() => rmSync(packDir, { recursive: true, force: true }));
		const tarball = await packRepository(packDir);
		signal.throwIfAborted();

		const sandbox = await startSandboxOn(config.sandboxPort);
		cleanups.push(() => sandbox.close());
		progress(`WeChat sandbox listening on ${sandbox.url}`);

		progress(`starting n8n ${install.version} with the package, the sandbox credential and ${Object.keys(EXAMPLES).length} example workflows (usually 15-60 s)`);
		const n8nStarted = Date.now();
		const n8n = await startN8n({
			major: N8N_MAJOR,
			packageTarball: tarball,
			// Example 15's chat model answers from the sandbox's offline chat API.
			credentials: [demoCredential(sandbox), sandboxOpenAiCredential(sandbox.url)],
			// Examples 3, 6 and 7 name their data tables by name, which n8n 2.x resolves when a node runs:
			// publishing them before the tables exist is fine, and the tables are created before any push.
			// Example 8 alerts through the sandbox's WeCom group robot instead of a real one.
			workflows: Object.values({ ...EXAMPLES, alertOnFailure: bindAlertUrl(EXAMPLES.alertOnFailure, `${sandbox.url}/cgi-bin/webhook/send?key=${SANDBOX_ROBOT_KEY}`) }),
			publish: [...DEMO_ACTIVE_WORKFLOWS],
			port: config.n8nPort ?? undefined,
			owner: config.owner,
			signal,
			killOnProcessSignals: false,
			env: { GENERIC_TIMEZONE: LOCAL_TIME_ZONE },
		});
		cleanups.push(() => n8n.stop());
		progress(`n8n started in ${seconds(Date.now() - n8nStarted)} (pid ${n8n.pid})`);

		const projectId = await personalProjectId(n8n);
		const tableIds = await createDataTables(n8n, projectId, Object.values(DATA_TABLES));
		progress(`data tables ${Object.keys(tableIds).join(', ')} created`);

		const orderUrl = n8n.webhookUrl(ORDER_WEBHOOK_PATH);
		const triggerUrl = n8n.webhookUrl(`${WEBHOOK_IDS.subscriptionEvents}/${TRIGGER_PATH}`);
		const ledgerUrl = n8n.webhookUrl(`${WEBHOOK_IDS.subscriptionLedger}/${TRIGGER_PATH}`);
		const deliveryUrl = n8n.webhookUrl(`${WEBHOOK_IDS.deliveryTracking}/${TRIGGER_PATH}`);
		for (const url of [orderUrl, triggerUrl, ledgerUrl, deliveryUrl]) await n8n.waitForWebhook(url);
		signal.throwIfAborted();
		// What WeChat does after each accepted send: push its delivery result (same MsgID) to the message-push URL.
		sandbox.configureDeliveryEvents({ webhookUrl: deliveryUrl, config: demoPushConfig(sandbox), failFraction: 1 / DELIVERY_FAIL_EVERY });

		const workflowUrl = (id: string) => `${n8n.baseUrl}/workflow/${id}`;
		const orderCurl = orderCurlLine(orderUrl, SAMPLE_ORDER);
		const pushCurl = pushCurlLine(sandbox.url, pushRequest(triggerUrl, demoPushConfig(sandbox)));
		const popupsCurl = popupsCurlLine(sandbox.url, popupsRequest(ledgerUrl, demoPushConfig(sandbox)));
		const reminderCurl = runWorkflowCurlLine(n8n.baseUrl, n8n.owner, WORKFLOW_IDS.dailyReminder, REMINDER_TRIGGER);
		const tables = Object.values(DATA_TABLES).map((table) => ({ name: table.name, url: `${n8n.baseUrl}/projects/${projectId}/datatables/${tableIds[table.name]}` }));
		console.log(
			renderBanner({
				n8nVersion: n8n.version,
				editorUrl: n8n.baseUrl,
				owner: n8n.owner,
				sandboxUrl: sandbox.url,
				readyAfterMs: Date.now() - startedAt,
				order: { name: EXAMPLES.orderShipped.name, workflowUrl: workflowUrl(WORKFLOW_IDS.orderShipped), webhookUrl: orderUrl, curl: orderCurl },
				events: { name: EXAMPLES.subscriptionEvents.name, workflowUrl: workflowUrl(WORKFLOW_IDS.subscriptionEvents), triggerUrl, curl: pushCurl },
				daily: { name: EXAMPLES.dailyReminder.name, workflowUrl: workflowUrl(WORKFLOW_IDS.dailyReminder), timeZone: LOCAL_TIME_ZONE, runNow: reminderCurl },
				catalogue: { name: EXAMPLES.templateCatalogue.name, workflowUrl: workflowUrl(WORKFLOW_IDS.templateCatalogue) },
				customerService: { name: EXAMPLES.customerService.name, workflowUrl: workflowUrl(WORKFLOW_IDS.customerService) },
				ledger: { name: EXAMPLES.subscriptionLedger.name, workflowUrl: workflowUrl(WORKFLOW_IDS.subscriptionLedger), triggerUrl: ledgerUrl, users: DEMO_POPUP_USERS, popups: popupsCurl },
				deliveries: { name: EXAMPLES.deliveryTracking.name, workflowUrl: workflowUrl(WORKFLOW_IDS.deliveryTracking), failEvery: DELIVERY_FAIL_EVERY, reportTrigger: REPORT_TRIGGER },
				alert: { name: EXAMPLES.alertOnFailure.name, workflowUrl: workflowUrl(WORKFLOW_IDS.alertOnFailure), robotMessagesUrl: `${sandbox.url}/__sandbox/robot-messages` },
				tables,
			}),
		);

		if (config.selfCheck) {
			const result = await runSelfCheck({ n8n, sandbox, orderCurl, pushCurl, popupsCurl, reminderCurl, projectId, tableIds, signal });
			console.log(['', 'Self-check:', ...result.lines, result.passed ? 'Self-check passed.' : 'Self-check FAILED.'].join('\n'));
			return result.passed ? 0 : 1;
		}

		const crash = await untilStopped(n8n, signal);
		if (crash !== undefined) {
			progress(crash);
			return 1;
		}
		return 0;
	} catch (error) {
		if (signal.aborted) return 0; // start-up interrupted by Ctrl-C: not a failure
		throw error;
	} finally {
		await runCleanups(cleanups, progress);
	}
}

function main(): void {
	let config: DemoConfig | null;
	try {
		config = readDemoConfig(process.argv.slice(2), process.env);
	} catch (error) {
		console.error(error instanceof Error ? error.message : String(error));
		process.exit(2);
	}
	if (config === null) return;

	runInForeground({ name: 'demo', stopping: 'everything the demo started', progress, run: (signal) => runDemo(config, signal) });
}

main();
