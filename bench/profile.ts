/**
 * Where n8n's time goes: starts n8n 2.x with the inspector on and runs one workload under V8's
 * sampling profiler, then prints self and inclusive time per function and per package.
 *   node --experimental-websocket .build/bench/profile.js send [concurrency=16] [items=2000] [runs=2]
 *     a batch through our Send node and through the baseline flow; figures per item
 *   node --experimental-websocket .build/bench/profile.js trigger [seconds=10]
 *     safe-mode pushes to our trigger and plain JSON to n8n's Webhook node (20 clients); figures per event
 * Writes the summaries to bench/results/profile-<mode>.txt and the raw profiles to the temp folder
 * (open them in Chrome DevTools → Performance).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { activateWorkflow, freePort, type N8nHandle, packRepository, startN8n } from '../harness';
import { RESULTS_PATH } from './chart';
import { BENCH_CONFIG } from './config';
import { formatSummary, summariseProfile, type CpuProfile } from './cpuProfile';
import { baselineSendFlow, oursSendFlow, oursTriggerFlow, plainWebhookFlow, benchCredential, type BenchWorkflow } from './flows';
import { connectInspector, profileDuring, type InspectorSession } from './inspector';
import { runClosedLoop } from './loadClients';
import { BENCH_PUSH_CONFIG } from './pushWorkload';
import { startProbedSandbox, type ProbedSandbox } from './sandboxProbe';
import { plainJsonPool, safeModePool } from './triggerThroughput';
import { log, measureSend, recipients } from './workload';

interface Profiled {
	label: string;
	profile: CpuProfile;
	/** What the figures are divided by: items or events. */
	units: number;
	note: string;
}

async function profileSends(n8n: N8nHandle, session: InspectorSession, probe: ProbedSandbox, flows: Array<[BenchWorkflow, string]>, items: number, runs: number): Promise<Profiled[]> {
	const batch = recipients(items, BENCH_CONFIG.sameUserEvery);
	const profiled: Profiled[] = [];
	for (const [flow, label] of flows) {
		await measureSend(n8n, probe, flow, recipients(300, BENCH_CONFIG.sameUserEvery, 900_000)); // warm-up
		const nodeMs: number[] = [];
		const firstSend: number[] = [];
		const profile = await profileDuring(session, async () => {
			for (let i = 0; i < runs; i++) {
				const { run } = await measureSend(n8n, probe, flow, batch);
				nodeMs.push(Math.round(run.sendNodeMs));
				firstSend.push(Math.round(run.msToFirstSend ?? Number.NaN));
			}
		});
		profiled.push({ label, profile, units: items * runs, note: `send node ${nodeMs.join(', ')} ms; first send after ${firstSend.join(', ')} ms` });
	}
	return profiled;
}

async function profileTriggers(n8n: N8nHandle, session: InspectorSession, ours: BenchWorkflow, plain: BenchWorkflow, seconds: number): Promise<Profiled[]> {
	const oursPool = safeModePool(BENCH_PUSH_CONFIG, `/webhook/${ours.webhookPath}`);
	const plainPool = plainJsonPool(`/webhook/${plain.webhookPath}`, oursPool[0].body.length);
	const profiled: Profiled[] = [];
	for (const [label, pool] of [
		["n8n's Webhook node, plain JSON", plainPool],
		['our trigger, safe-mode XML', oursPool],
	] as const) {
		await runClosedLoop(n8n.baseUrl, BENCH_CONFIG.triggerClients, 2, (i) => pool[i % pool.length]); // warm-up
		let ok = 0;
		const profile = await profileDuring(session, async () => {
			ok = (await runClosedLoop(n8n.baseUrl, BENCH_CONFIG.triggerClients, seconds, (i) => pool[i % pool.length])).ok;
		});
		profiled.push({ label, profile, units: ok, note: `${ok} events in ${seconds} s` });
		await new Promise((resolve) => setTimeout(resolve, 5000)); // let the backlog of executions finish
	}
	return profiled;
}

async function main(): Promise<void> {
	const [mode = 'send', ...rest] = process.argv.slice(2);
	if (mode !== 'send' && mode !== 'trigger') throw new Error('mode is send or trigger');
	const numbers = rest.map(Number);
	const workDir = mkdtempSync(join(tmpdir(), 'wechat-profile-'));
	const probe = await startProbedSandbox({ port: 0, latencyMs: BENCH_CONFIG.latencyMs });
	const inspectPort = await freePort();
	const concurrency = numbers[0] ?? 16;
	const ours = oursSendFlow({ id: 'profileOursSend1', path: 'profile-ours', webhookNumber: 51, credentialId: 'profileCred', concurrency });
	const baseline = baselineSendFlow({ id: 'profileBaseline1', path: 'profile-baseline', webhookNumber: 52, baseUrl: probe.sandbox.url });
	const trigger = oursTriggerFlow({ id: 'profileTrigger01', webhookNumber: 53, credentialId: 'profileCred' });
	const plain = plainWebhookFlow({ id: 'profilePlainHook', path: 'profile-plain', webhookNumber: 54 });
	const flows = mode === 'send' ? [ours, baseline] : [trigger, plain];
	const n8n = await startN8n({
		major: 2,
		packageTarball: await packRepository(workDir),
		credentials: [benchCredential('profileCred', probe.sandbox.url, { token: BENCH_PUSH_CONFIG.token, encodingAESKey: BENCH_PUSH_CONFIG.encodingAESKey })],
		workflows: flows.map((flow) => flow.definition),
		// The CLI imports before start-up open (and close) the same inspector port one after another.
		env: { NODE_OPTIONS: `--inspect=127.0.0.1:${inspectPort}` },
	});
	const report: string[] = [`n8n ${n8n.version}, mode ${mode} ${rest.join(' ')}, sandbox latency ${BENCH_CONFIG.latencyMs} ms, ${new Date().toISOString()}`];
	try {
		for (const flow of flows) await activateWorkflow(n8n, flow.id);
		for (const flow of flows) await n8n.waitForWebhook(n8n.webhookUrl(flow.webhookPath));
		const session = await connectInspector(inspectPort);
		try {
			const profiled =
				mode === 'send'
					? await profileSends(n8n, session, probe, [[ours, `ours, concurrency ${concurrency}`], [baseline, 'baseline, defaults']], numbers[1] ?? 2000, numbers[2] ?? 2)
					: await profileTriggers(n8n, session, trigger, plain, numbers[0] ?? 10);
			for (const { label, profile, units, note } of profiled) {
				const file = join(tmpdir(), `profile-${mode}-${label.replace(/[^a-z0-9]+/gi, '-')}-${Date.now()}.cpuprofile`);
				writeFileSync(file, JSON.stringify(profile));
				// The report is committed under bench/: it names the raw profile by file name only, never a path of this machine.
				const text = `\n## ${label}: ${note} (raw profile ${basename(file)} in the temp folder)\n${formatSummary(summariseProfile(profile, 30), units)}`;
				log(text);
				report.push(text);
			}
		} finally {
			session.close();
		}
	} finally {
		await n8n.stop();
		await probe.sandbox.close();
		rmSync(workDir, { recursive: true, force: true });
	}
	const output = join(RESULTS_PATH, '..', `profile-${mode}.txt`);
	writeFileSync(output, `${report.join('\n')}\n`);
	process.stdout.write(`${output}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
