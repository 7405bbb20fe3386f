/**
 * `npm run bench`: every benchmark of docs/benchmarks.md against a real n8n 2.x (the e2e install) and
 * in-process sandboxes, ours and the baseline flow in the same n8n and the same run. Prints the tables,
 * writes bench/results/latest.json and bench/results/chart.svg. Needs dist/ (the npm script builds it).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';

import { activateWorkflow, missingBuildOutputs, type N8nHandle, packRepository, repoRoot, startN8n } from '../harness';
import { CHART_PATH, renderChart, RESULTS_PATH } from './chart';
import { BENCH_CONFIG } from './config';
import { baselineSendFlow, oursSendFlow, oursSendLabel, oursTriggerFlow, plainWebhookFlow, benchCredential, splitOnlyFlow, type BenchWorkflow, type SendMapping } from './flows';
import { measureMemory, withReferences } from './memory';
import { BENCH_PUSH_CONFIG } from './pushWorkload';
import { updatePerformancePage } from './performancePage';
import { eventBaselineFlow, eventOursFlow, measureEventSends } from './eventSend';
import { compareRemindersInOwnN8n } from './reminderComparison';
import { measureHistoryInOwnN8n } from './reminderHistory';
import { comparePostgresRemindersInOwnN8n } from './reminderPostgres';
import { checkTargets, fullReport } from './report';
import type { BenchResults, PerEventCost, TokenEconomy, TriggerRun } from './results';
import { startProbedSandbox, type ProbedSandbox } from './sandboxProbe';
import { median } from './stats';
import { measureSendThroughput, warmUp, type SendCandidate } from './sendThroughput';
import { tokenCallsSingleProcess, tokenCallsTwoProcesses } from './tokenEconomy';
import { measureTriggerRun, type TriggerUnderTest } from './triggerThroughput';
import { log } from './workload';

/** Other `n8n start` processes on the machine (other people's tests): recorded, since they share the CPUs. */
function countN8nProcesses(): number {
	let count = 0;
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			if (args.some((arg) => /[/\\]n8n$/.test(arg) || arg === 'n8n') && args.includes('start')) count++;
		} catch {
			// gone meanwhile
		}
	}
	return count;
}

function perEventCostUnder(nodeBin: string): Promise<PerEventCost> {
	const script = join(__dirname, 'perEventCost.js');
	const args = [script, String(BENCH_CONFIG.perEventIterations), String(BENCH_CONFIG.perEventWarmup), String(BENCH_CONFIG.triggerTemplates)];
	return new Promise((resolve, reject) => {
		execFile(nodeBin, args, { timeout: 300_000 }, (error, stdout, stderr) => {
			if (error) reject(new Error(`${nodeBin} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
			else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as PerEventCost);
		});
	});
}

/** One of our send settings: concurrency, Continue On Fail, and how the keywords are mapped. */
interface OursVariant {
	key: string;
	concurrency: number;
	continueOnFail: boolean;
	mapping: SendMapping;
	workflow: BenchWorkflow;
}

interface Flows {
	ours: OursVariant[];
	baselineDefault: BenchWorkflow;
	baselineBatch: BenchWorkflow;
	oursTokens: BenchWorkflow;
	baselineTokens: BenchWorkflow;
	oursShared: BenchWorkflow;
	baselineShared: BenchWorkflow;
	triggers: TriggerUnderTest[];
	plainWebhook: BenchWorkflow;
	/** Section 9: example 1, and the same flow from n8n's HTTP Request node. */
	eventOurs: BenchWorkflow;
	eventBaseline: BenchWorkflow;
	/** n8n alone with the send workload, for the memory section. */
	splitOnly: BenchWorkflow;
}

/** Stable keys: today's setting keeps `ours-<concurrency>`, so results of earlier runs stay comparable. */
function oursKey(concurrency: number, continueOnFail: boolean, mapping: SendMapping): string {
	return `ours-${concurrency}${continueOnFail ? '-cof' : ''}${mapping === 'expressions' ? '' : `-${mapping}`}`;
}

/** Every send setting of ours the run measures (config.ts decides which concurrencies get which rows). */
function oursSettings(): Array<{ concurrency: number; continueOnFail: boolean; mapping: SendMapping }> {
	const c = BENCH_CONFIG;
	return [
		...c.ourConcurrencies.map((concurrency) => ({ concurrency, continueOnFail: false, mapping: 'expressions' as const })),
		...c.continueOnFailConcurrencies.map((concurrency) => ({ concurrency, continueOnFail: true, mapping: 'expressions' as const })),
		...c.otherMappings.flatMap((mapping) => c.otherMappingConcurrencies.map((concurrency) => ({ concurrency, continueOnFail: true, mapping }))),
	];
}

function defineFlows(send: ProbedSandbox, tokens: ProbedSandbox, shared: ProbedSandbox): Flows {
	const ours = oursSettings().map(({ concurrency, continueOnFail, mapping }, i): OursVariant => {
		const key = oursKey(concurrency, continueOnFail, mapping);
		const suffix = `${continueOnFail ? 'Cof' : ''}${mapping === 'expressions' ? '' : mapping === 'autoMap' ? 'Auto' : 'Json'}`;
		const workflow = oursSendFlow({
			// At most 16 characters, like the ids n8n generates.
			id: `benchC${String(concurrency).padStart(3, '0')}${suffix}`,
			path: `bench-${key}`,
			webhookNumber: 100 + i,
			credentialId: 'benchSendCred',
			concurrency,
			continueOnFail,
			mapping,
		});
		return { key, concurrency, continueOnFail, mapping, workflow };
	});
	return {
		ours,
		baselineDefault: baselineSendFlow({ id: 'benchBaseDefault', path: 'bench-baseline-default', webhookNumber: 11, baseUrl: send.sandbox.url }),
		baselineBatch: baselineSendFlow({ id: 'benchBaseBatch16', path: 'bench-baseline-batch', webhookNumber: 12, baseUrl: send.sandbox.url, batching: BENCH_CONFIG.baselineBatch }),
		oursTokens: oursSendFlow({ id: 'benchOursTokens1', path: 'bench-ours-tokens', webhookNumber: 21, credentialId: 'benchTokensCred', concurrency: 5 }),
		baselineTokens: baselineSendFlow({ id: 'benchBaseTokens1', path: 'bench-baseline-tokens', webhookNumber: 22, baseUrl: tokens.sandbox.url }),
		oursShared: oursSendFlow({ id: 'benchOursShared1', path: 'bench-ours-shared', webhookNumber: 31, credentialId: 'benchSharedCred', concurrency: 5 }),
		baselineShared: baselineSendFlow({ id: 'benchBaseShared1', path: 'bench-baseline-shared', webhookNumber: 32, baseUrl: shared.sandbox.url }),
		triggers: BENCH_CONFIG.triggerVersions.map((typeVersion) => ({
			typeVersion,
			flow: oursTriggerFlow({ id: `benchTriggerVer${typeVersion}`, webhookNumber: 44 + typeVersion, credentialId: 'benchPushCred', typeVersion }),
		})),
		plainWebhook: plainWebhookFlow({ id: 'benchPlainHook01', path: 'bench-plain-webhook', webhookNumber: 42 }),
		splitOnly: splitOnlyFlow({ id: 'benchSplitOnly01', path: 'bench-split-only', webhookNumber: 51 }),
		eventOurs: eventOursFlow('benchEventCred'),
		eventBaseline: eventBaselineFlow(send.sandbox.url),
	};
}

/** Today's setting at concurrency 16 in the results this run replaces, to check "no slower than before". */
function previousRun(): BenchResults['previousRun'] {
	if (!existsSync(RESULTS_PATH)) return null;
	try {
		const earlier = JSON.parse(readFileSync(RESULTS_PATH, 'utf8')) as Pick<BenchResults, 'generatedAt' | 'send'>;
		const setting = earlier.send.find((s) => s.key === oursKey(16, false, 'expressions'));
		if (!setting || !Number.isFinite(setting.ratioToBaselineDefault)) return null;
		return {
			generatedAt: earlier.generatedAt,
			ratioToBaselineDefault: setting.ratioToBaselineDefault,
			sendNodeMs: median(setting.runs.map((r) => r.sendNodeMs)),
			n8nCpuMs: median(setting.runs.map((r) => r.n8nCpuMs)),
		};
	} catch {
		return null; // unreadable or from an older layout: nothing to compare with
	}
}

async function startBenchN8n(tarball: string, credentials: object[], workflows: BenchWorkflow[], env?: Record<string, string>): Promise<N8nHandle> {
	const n8n = await startN8n({ major: 2, packageTarball: tarball, credentials, workflows: workflows.map((w) => w.definition), env });
	for (const workflow of workflows) await activateWorkflow(n8n, workflow.id);
	for (const workflow of workflows) await n8n.waitForWebhook(n8n.webhookUrl(workflow.webhookPath));
	return n8n;
}

async function section<T>(name: string, failures: string[], run: () => Promise<T>): Promise<T | null> {
	log(`— ${name}`);
	try {
		return await run();
	} catch (error) {
		failures.push(name);
		log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
		return null;
	}
}

async function main(): Promise<void> {
	const startedAt = performance.now();
	const earlierRun = previousRun();
	const loadAverageAtStart = loadavg();
	const otherN8nProcessesAtStart = countN8nProcesses();
	const missing = missingBuildOutputs();
	if (missing.length > 0) throw new Error(`dist/ is incomplete (run npm run build): ${missing.join(', ')}`);

	const workDir = mkdtempSync(join(tmpdir(), 'wechat-bench-'));
	const sandboxes: ProbedSandbox[] = [];
	const instances: N8nHandle[] = [];
	const failures: string[] = [];
	try {
		const tarball = await packRepository(workDir);
		const latencyMs = BENCH_CONFIG.latencyMs;
		const send = await startProbedSandbox({ port: 0, latencyMs });
		const tokens = await startProbedSandbox({ port: 0, latencyMs });
		const shared = await startProbedSandbox({ port: 0, latencyMs });
		sandboxes.push(send, tokens, shared);
		const flows = defineFlows(send, tokens, shared);
		const credentials = [
			benchCredential('benchSendCred', send.sandbox.url),
			benchCredential('benchTokensCred', tokens.sandbox.url),
			benchCredential('benchSharedCred', shared.sandbox.url),
			benchCredential('benchPushCred', send.sandbox.url, { token: BENCH_PUSH_CONFIG.token, encodingAESKey: BENCH_PUSH_CONFIG.encodingAESKey }),
			benchCredential('benchEventCred', send.sandbox.url),
		];
		const allFlows = [
			...flows.ours.map((variant) => variant.workflow),
			flows.baselineDefault,
			flows.baselineBatch,
			flows.oursTokens,
			flows.baselineTokens,
			flows.oursShared,
			flows.baselineShared,
			...flows.triggers.map((trigger) => trigger.flow),
			flows.plainWebhook,
			flows.eventOurs,
			flows.eventBaseline,
		];
		log(`starting n8n with ${allFlows.length} workflows`);
		const n8n = await startBenchN8n(tarball, credentials, allFlows);
		instances.push(n8n);
		log(`n8n ${n8n.version} ready (start-up ${n8n.startupMs} ms)`);

		const candidates: SendCandidate[] = [
			{ key: 'baseline-default', label: 'baseline, defaults', flow: 'baseline', concurrency: null, batching: null, continueOnFail: null, mapping: null, workflow: flows.baselineDefault, everyRound: true },
			...flows.ours.map((variant): SendCandidate => ({
				key: variant.key,
				label: oursSendLabel(variant.concurrency, variant.mapping, variant.continueOnFail),
				flow: 'ours',
				concurrency: variant.concurrency,
				batching: null,
				continueOnFail: variant.continueOnFail,
				mapping: variant.mapping,
				workflow: variant.workflow,
				// Concurrency 1 is latency-bound by design (N × latency): once is enough.
				everyRound: variant.concurrency !== 1,
			})),
			{
				key: 'baseline-batch',
				label: `baseline, batching ${BENCH_CONFIG.baselineBatch.batchSize} per ${BENCH_CONFIG.baselineBatch.batchInterval} ms`,
				flow: 'baseline',
				concurrency: null,
				batching: BENCH_CONFIG.baselineBatch,
				continueOnFail: null,
				mapping: null,
				workflow: flows.baselineBatch,
				everyRound: true,
			},
		];
		await section('warm-up', failures, () => warmUp(n8n, send, candidates));
		const sendSettings = (await section('send throughput and loss', failures, () => measureSendThroughput(n8n, send, candidates))) ?? [];

		const eventSends = await section('one message per execution', failures, () => measureEventSends(n8n, send, flows.eventOurs, flows.eventBaseline));

		const single = await section('token economy, one process', failures, async () => ({
			ours: await tokenCallsSingleProcess(n8n, tokens, flows.oursTokens),
			baseline: await tokenCallsSingleProcess(n8n, tokens, flows.baselineTokens),
		}));

		const triggerFlows = { plain: flows.plainWebhook, ours: flows.triggers };
		const triggerDefault = await section('trigger throughput', failures, () =>
			measureTriggerRun(n8n, { name: 'default', label: "n8n's defaults", env: {} }, triggerFlows, BENCH_PUSH_CONFIG),
		);
		// A second n8n with n8n's lazy isolate acquisition, holding only the trigger workflows; stopped before
		// the memory section so that it never shares the CPUs with a measurement of the first.
		const triggerLazy = await section('trigger throughput, lazy isolate acquisition', failures, async () => {
			const env = { ...BENCH_CONFIG.lazyAcquireEnv };
			log(`starting a second n8n with ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')}`);
			const lazy = await startBenchN8n(tarball, [credentials[3]], [flows.plainWebhook, ...flows.triggers.map((t) => t.flow)], env);
			instances.push(lazy);
			try {
				return await measureTriggerRun(lazy, { name: 'lazyAcquire', label: 'lazy isolates', env }, triggerFlows, BENCH_PUSH_CONFIG);
			} finally {
				instances.splice(instances.indexOf(lazy), 1);
				await lazy.stop();
			}
		});
		const triggerRuns = [triggerDefault, triggerLazy].filter((run): run is TriggerRun => run !== null);
		const trigger = triggerRuns.length === 0 ? null : { clients: BENCH_CONFIG.triggerClients, seconds: BENCH_CONFIG.triggerSeconds, runs: triggerRuns };
		// Each memory figure comes from an n8n started for it alone: RSS rarely shrinks, so in the n8n that ran
		// everything above, the "idle" level already holds whatever earlier sections grew the heap to, and the
		// growth measured on top of it says more about those sections than about this batch.
		const memory = await section('memory', failures, async () => {
			const flow = flows.ours.find((v) => v.key === oursKey(BENCH_CONFIG.memoryConcurrency, false, 'expressions'))?.workflow;
			if (!flow) throw new Error(`no send flow at concurrency ${BENCH_CONFIG.memoryConcurrency}`);
			const inFreshN8n = async (measured: BenchWorkflow) => {
				log(`starting a fresh n8n for the memory of: ${measured.name}`);
				const fresh = await startBenchN8n(tarball, [credentials[0]], [measured]);
				instances.push(fresh);
				try {
					return await measureMemory(fresh, send, measured);
				} finally {
					instances.splice(instances.indexOf(fresh), 1);
					await fresh.stop();
				}
			};
			const n8nAlone = await inFreshN8n(flows.splitOnly);
			const httpRequestNode = await inFreshN8n(flows.baselineBatch);
			const ours = await inFreshN8n(flow);
			return withReferences(ours, n8nAlone, httpRequestNode);
		});

		const twoProcesses = await section('token economy, two processes', failures, async () => {
			log('starting a second n8n on the same app');
			const second = await startBenchN8n(tarball, [credentials[2]], [flows.oursShared, flows.baselineShared]);
			instances.push(second);
			const pair: [N8nHandle, N8nHandle] = [n8n, second];
			return {
				ours: await tokenCallsTwoProcesses(pair, shared, [flows.oursShared, flows.oursShared]),
				baseline: await tokenCallsTwoProcesses(pair, shared, [flows.baselineShared, flows.baselineShared]),
			};
		});
		const reminder = await section('reminder on Data Tables: ledger first vs send to everyone', failures, () => compareRemindersInOwnN8n(tarball, latencyMs));
		const history = await section('reminder after a long history, compacted daily', failures, () => measureHistoryInOwnN8n(tarball, latencyMs));
		const reminderPostgres = await section('reminder on PostgreSQL: ledger first vs send to everyone', failures, () => comparePostgresRemindersInOwnN8n(tarball, latencyMs));

		const tokenResults: TokenEconomy | null = single && {
			executions: BENCH_CONFIG.tokenExecutions,
			itemsPerExecution: BENCH_CONFIG.tokenItemsPerExecution,
			singleProcess: single,
			twoProcesses,
		};

		const n8nVersion = n8n.version;
		const n8nStartupMs = n8n.startupMs;
		const nodeBin = n8n.install.nodeBin;
		for (const instance of instances.splice(0)) await instance.stop();

		const perEvent = await section('per-event cost', failures, () => perEventCostUnder(nodeBin));
		const results: BenchResults = {
			generatedAt: new Date().toISOString(),
			durationSeconds: Math.round((performance.now() - startedAt) / 1000),
			machine: {
				cpus: cpus().length,
				cpuModel: cpus()[0]?.model ?? 'unknown',
				totalMemoryGb: Math.round(totalmem() / 1024 ** 3),
				loadAverageAtStart,
				loadAverageAtEnd: loadavg(),
				otherN8nProcessesAtStart,
				driverNode: process.version,
			},
			n8n: { version: n8nVersion, node: perEvent?.node ?? 'unknown', startupMs: n8nStartupMs },
			config: { ...BENCH_CONFIG },
			send: sendSettings,
			tokens: tokenResults,
			trigger,
			perEvent,
			memory,
			reminder,
			history,
			reminderPostgres,
			eventSends,
			previousRun: earlierRun,
			targets: [],
		};
		results.targets = checkTargets(results);

		mkdirSync(dirname(RESULTS_PATH), { recursive: true });
		writeFileSync(RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);
		await section('chart', failures, async () => writeFileSync(CHART_PATH, await renderChart(results)));
		process.stdout.write(`${fullReport(results)}\n\nwrote ${RESULTS_PATH.replace(`${repoRoot}/`, '')} and ${CHART_PATH.replace(`${repoRoot}/`, '')}\n`);
		if (!BENCH_CONFIG.quick && failures.length === 0) {
			updatePerformancePage(results);
			process.stdout.write("updated docs/performance.md\n");
		}
		if (failures.length > 0) {
			process.stdout.write(`sections that failed: ${failures.join(', ')}\n`);
			process.exitCode = 1;
		}
	} finally {
		for (const instance of instances) await instance.stop().catch(() => undefined);
		for (const probe of sandboxes) await probe.sandbox.close();
		rmSync(workDir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
