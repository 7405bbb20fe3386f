/**
 * A/B of package builds: for each package folder given (a checkout with dist/ built), packs it, starts
 * n8n 2.x with it, and measures our node against the baseline in that same n8n, round by round, so a
 * change to nodes/ can be judged by the ratio ours/baseline whatever the machine's load.
 *   node .build/bench/compare.js send <dir>... [--items=2000] [--concurrency=16] [--rounds=3]
 *   node .build/bench/compare.js trigger <dir>... [--seconds=10] [--rounds=2] [--trigger-version=1]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { activateWorkflow, cpuTimeMs, executionCount, startN8n } from '../harness';
import { BENCH_CONFIG } from './config';
import { baselineSendFlow, oursSendFlow, oursTriggerFlow, plainWebhookFlow, benchCredential } from './flows';
import { runClosedLoop } from './loadClients';
import { BENCH_PUSH_CONFIG } from './pushWorkload';
import { startProbedSandbox } from './sandboxProbe';
import { median, round } from './stats';
import { plainJsonPool, safeModePool } from './triggerThroughput';
import { log, measureSend, recipients } from './workload';

function option(args: string[], name: string, fallback: number): number {
	const found = args.find((arg) => arg.startsWith(`--${name}=`));
	return found === undefined ? fallback : Number(found.slice(name.length + 3));
}

function pack(dir: string, destination: string): string {
	execFileSync('npm', ['pack', '--pack-destination', destination, '--loglevel=warn'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = readdirSync(destination).find((file) => file.endsWith('.tgz'));
	if (tarball === undefined) throw new Error(`npm pack in ${dir} produced no tarball`);
	return join(destination, tarball);
}

async function main(): Promise<void> {
	const [mode, ...rest] = process.argv.slice(2);
	const dirs = rest.filter((arg) => !arg.startsWith('--')).map((dir) => resolve(dir));
	if ((mode !== 'send' && mode !== 'trigger') || dirs.length === 0) throw new Error('usage: compare.js send|trigger <package dir>...');
	const items = option(rest, 'items', 2000);
	const concurrency = option(rest, 'concurrency', 16);
	const rounds = option(rest, 'rounds', mode === 'send' ? 3 : 2);
	const seconds = option(rest, 'seconds', 10);
	const probe = await startProbedSandbox({ port: 0, latencyMs: BENCH_CONFIG.latencyMs });
	const ours = oursSendFlow({ id: 'compareOursSend', path: 'compare-ours', webhookNumber: 61, credentialId: 'compareCred', concurrency });
	const baseline = baselineSendFlow({ id: 'compareBaseline', path: 'compare-baseline', webhookNumber: 62, baseUrl: probe.sandbox.url });
	const trigger = oursTriggerFlow({ id: 'compareTrigger1', webhookNumber: 63, credentialId: 'compareCred', typeVersion: option(rest, 'trigger-version', 1) });
	const plain = plainWebhookFlow({ id: 'comparePlainHk1', path: 'compare-plain', webhookNumber: 64 });
	const flows = mode === 'send' ? [ours, baseline] : [trigger, plain];
	const summary: string[] = [];
	try {
		for (const dir of dirs) {
			const workDir = mkdtempSync(join(tmpdir(), 'wechat-compare-'));
			const n8n = await startN8n({
				major: 2,
				packageTarball: pack(dir, workDir),
				credentials: [benchCredential('compareCred', probe.sandbox.url, { token: BENCH_PUSH_CONFIG.token, encodingAESKey: BENCH_PUSH_CONFIG.encodingAESKey })],
				workflows: flows.map((flow) => flow.definition),
			});
			try {
				for (const flow of flows) await activateWorkflow(n8n, flow.id);
				for (const flow of flows) await n8n.waitForWebhook(n8n.webhookUrl(flow.webhookPath));
				const ratios: number[] = [];
				const cpu: Array<[number, number]> = [];
				const cpuPerEvent: Array<[string, number]> = [];
				const details: string[] = [];
				if (mode === 'send') {
					const batch = recipients(items, BENCH_CONFIG.sameUserEvery);
					for (const flow of flows) await measureSend(n8n, probe, flow, recipients(300, BENCH_CONFIG.sameUserEvery, 900_000));
					for (let r = 0; r < rounds; r++) {
						const a = (await measureSend(n8n, probe, ours, batch)).run;
						const b = (await measureSend(n8n, probe, baseline, batch)).run;
						ratios.push(b.sendNodeMs / a.sendNodeMs);
						cpu.push([a.n8nCpuMs / items, b.n8nCpuMs / items]);
						details.push(`ours ${Math.round(a.sendNodeMs)} ms (first send ${Math.round(a.msToFirstSend ?? 0)} ms, lost ${a.lost}, CPU ${Math.round(a.n8nCpuMs)} ms) / baseline ${Math.round(b.sendNodeMs)} ms (CPU ${Math.round(b.n8nCpuMs)} ms)`);
					}
				} else {
					const oursPool = safeModePool(BENCH_PUSH_CONFIG, `/webhook/${trigger.webhookPath}`);
					const plainPool = plainJsonPool(`/webhook/${plain.webhookPath}`, oursPool[0].body.length);
					const pid = n8n.pid;
					const load = async (pool: typeof oursPool, workflowId: string) => {
						const before = await executionCount(n8n, workflowId);
						const cpuBefore = cpuTimeMs(pid);
						const result = await runClosedLoop(n8n.baseUrl, BENCH_CONFIG.triggerClients, seconds, (i) => pool[i % pool.length]);
						for (let waited = 0; waited < 120 && (await executionCount(n8n, workflowId)) < before + result.ok; waited++) {
							await new Promise((resolveWait) => setTimeout(resolveWait, 1000));
						}
						cpuPerEvent.push([workflowId, (cpuTimeMs(pid) - cpuBefore) / result.ok]);
						return result.ok / result.seconds;
					};
					await load(plainPool, plain.id);
					await load(oursPool, trigger.id);
					for (let r = 0; r < rounds; r++) {
						const a = await load(oursPool, trigger.id);
						const b = await load(plainPool, plain.id);
						ratios.push(a / b);
						details.push(`ours ${round(a, 1)} events/s / plain ${round(b, 1)} events/s`);
					}
				}
				const triggerCpu = (id: string) => round(median(cpuPerEvent.filter(([w]) => w === id).map(([, ms]) => ms)), 2);
				const cpuNote = mode === 'trigger' ? `; n8n CPU per event: ours ${triggerCpu(trigger.id)} ms, plain ${triggerCpu(plain.id)} ms` : cpu.length === 0 ? '' : `; n8n CPU per item: ours ${round(median(cpu.map((c) => c[0])) * 1000, 0)} µs, baseline ${round(median(cpu.map((c) => c[1])) * 1000, 0)} µs`;
				const line = `${dir}: ours/baseline speed ratio median ${round(median(ratios), 2)} [${ratios.map((x) => round(x, 2)).join(', ')}]${cpuNote}; ${details.join('; ')}`;
				log(line);
				summary.push(line);
			} finally {
				await n8n.stop();
				rmSync(workDir, { recursive: true, force: true });
			}
		}
	} finally {
		await probe.sandbox.close();
	}
	process.stdout.write(`${summary.join('\n')}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
