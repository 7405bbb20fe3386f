/**
 * `npm run dev`: n8n's developer loop on this repository's own build. A real n8n 2.x (the cached install
 * the demo and the e2e tests use) with this package installed the way n8n installs community packages,
 * the local WeChat sandbox with a credential pointing at it, and the example workflows (none active).
 * `tsc --watch` on tsconfig.build.json rebuilds dist/ and a watcher copies icons and codex files as gulp
 * does; after each clean compilation dist/ is copied into n8n's copy of the package, and n8n, started
 * with N8N_DEV_RELOAD, loads the package again (see scripts/dev/loop.ts for why a copy). Reload the editor
 * page to see a changed node. Ctrl-C stops everything; the n8n user folder is temporary.
 *
 *   npm run dev [-- --help]      (builds first, then node .build/scripts/dev.js)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, watch, type FSWatcher } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

import { bindAlertUrl, EXAMPLES, sandboxOpenAiCredential } from '../harness/examples';
import { installN8n, packRepository, PACKAGE_NAME, repoRoot, startN8n, type N8nHandle } from '../harness';
import { startSandbox } from '../sandbox/server';
import { SANDBOX_ROBOT_KEY } from '../sandbox/seed';
import { DemoError, readDemoConfig } from './demo/config';
import { demoCredential } from './demo/credential';
import { assertPortFree } from './demo/ports';
import { isAsset, planSync, SyncScheduler, tscWatchEvent, type FileStamp } from './dev/loop';
import { runCleanups, runInForeground, type Cleanup } from './demo/foreground';

const N8N_MAJOR = 2;
/** tsc writes a compilation's files one by one; copy once they have been quiet this long. */
const QUIET_MS = 300;
const WATCHED_SOURCES = ['nodes', 'credentials'];
const DIST = join(repoRoot, 'dist');

const USAGE = `usage: npm run dev

Builds the package, starts a real n8n ${N8N_MAJOR}.x (installed once into ~/.cache) with it installed as a
community package, the local WeChat sandbox, a credential pointing at it and the example workflows, then
rebuilds on every change under nodes/ and credentials/ and has n8n load the package again. Reload the
editor page to see the change. Ctrl-C stops everything; workflows made in this n8n are not kept.

Environment (the same as npm run demo):
  DEMO_N8N_PORT         n8n's port (default 5678)
  DEMO_SANDBOX_PORT     the WeChat sandbox's port (default 8787)
  DEMO_N8N_EMAIL        owner login (default demo@example.com)
  DEMO_N8N_PASSWORD     owner password (default WeChat-Demo-1)
  N8N_E2E_CACHE         where n8n and its Node are cached (default ~/.cache/n8n-nodes-wechat-miniprogram)`;

const startedAt = Date.now();
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const clock = () => new Date().toISOString().slice(11, 23);

function progress(message: string): void {
	process.stderr.write(`[dev ${clock()}] ${message}\n`);
}

/** Every file under `dir` with its size and mtime, keyed by its path relative to `dir` (posix separators). */
function stamps(dir: string): Map<string, FileStamp> {
	const files = new Map<string, FileStamp>();
	if (!existsSync(dir)) return files;
	for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
		if (!entry.isFile()) continue;
		// Node 20's Dirent names its folder `path`; later versions `parentPath`.
		const folder = (entry as { parentPath?: string }).parentPath ?? entry.path;
		const path = join(folder, entry.name);
		const { size, mtimeMs } = statSync(path);
		files.set(relative(dir, path).split(sep).join('/'), { size, mtimeMs });
	}
	return files;
}

/** `path` resolved under `root`, refusing anything that would land outside it. */
function inside(root: string, path: string): string {
	const resolved = join(root, path);
	if (!resolved.startsWith(root + sep)) throw new Error(`refusing path ${path} outside ${root}`);
	return resolved;
}

/** Makes n8n's copy of dist/ equal to dist/; copies keep dist/'s times so that the next plan skips them. */
function syncInto(target: string): { copied: number; removed: number } {
	const plan = planSync(stamps(DIST), stamps(target));
	for (const path of plan.copy) {
		const from = inside(DIST, path);
		const to = inside(target, path);
		mkdirSync(dirname(to), { recursive: true });
		copyFileSync(from, to);
		// In seconds with the fraction: Date objects would round to the millisecond, and often up.
		const { atimeMs, mtimeMs } = statSync(from);
		utimesSync(to, atimeMs / 1000, mtimeMs / 1000);
	}
	for (const path of plan.remove) rmSync(inside(target, path), { force: true });
	return { copied: plan.copy.length, removed: plan.remove.length };
}

/** gulp's build:assets for one file: an icon or codex file under nodes/ or credentials/, copied (or removed) in dist/. */
function copyAsset(path: string): void {
	const from = inside(repoRoot, path);
	const to = inside(DIST, path);
	if (existsSync(from)) {
		mkdirSync(dirname(to), { recursive: true });
		copyFileSync(from, to);
	} else {
		rmSync(to, { force: true });
	}
}

function startTscWatch(onLine: (line: string) => void): ChildProcess {
	const tsc = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], {
		cwd: repoRoot,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	for (const stream of [tsc.stdout, tsc.stderr]) {
		if (stream !== null) createInterface({ input: stream }).on('line', onLine);
	}
	return tsc;
}

/** Resolves when the loop should stop: a signal, or n8n or tsc exiting on its own (then with a reason). */
function untilStopped(n8n: N8nHandle, tsc: ChildProcess, signal: AbortSignal): Promise<string | undefined> {
	return new Promise((resolveStop) => {
		signal.addEventListener('abort', () => resolveStop(undefined), { once: true });
		void n8n.exited.then(({ code, signal: exitSignal }) => {
			resolveStop(`n8n stopped on its own (code ${code}, signal ${exitSignal})\n--- n8n log (tail)\n${n8n.logs().slice(-4000)}`);
		});
		tsc.once('exit', (code, exitSignal) => {
			// Ctrl-C reaches tsc too (same process group): this process's own SIGINT handler stops the loop.
			if (exitSignal === 'SIGINT') return;
			resolveStop(`tsc --watch stopped on its own (code ${code}, signal ${exitSignal})`);
		});
	});
}

async function runDev(signal: AbortSignal): Promise<number> {
	// Ports and login as the demo has them; the demo's self-check switch means nothing here.
	const config = readDemoConfig([], { ...process.env, DEMO_SELF_CHECK: undefined });
	if (config === null || config.n8nPort === null || config.sandboxPort === null) throw new DemoError('no ports configured');
	const cleanups: Cleanup[] = [];
	try {
		await assertPortFree(config.n8nPort, 'n8n', 'DEMO_N8N_PORT', 'npm run dev');
		await assertPortFree(config.sandboxPort, 'the WeChat sandbox', 'DEMO_SANDBOX_PORT', 'npm run dev');

		progress(`n8n ${N8N_MAJOR}.x: using the cached install, or installing it once (several minutes; progress below)`);
		const install = await installN8n(N8N_MAJOR, { signal });

		const packDir = mkdtempSync(join(tmpdir(), 'n8n-dev-pack-'));
		cleanups.push(() => rmSync(packDir, { recursive: true, force: true }));
		const tarball = await packRepository(packDir);

		const sandbox = await startSandbox({ port: config.sandboxPort, host: '127.0.0.1', latencyMs: 0 });
		cleanups.push(() => sandbox.close());
		progress(`WeChat sandbox listening on ${sandbox.url}`);

		progress(`starting n8n ${install.version} with the package, hot reload on (usually 15-60 s)`);
		const n8n = await startN8n({
			major: N8N_MAJOR,
			packageTarball: tarball,
			credentials: [demoCredential(sandbox), sandboxOpenAiCredential(sandbox.url)],
			workflows: Object.values({ ...EXAMPLES, alertOnFailure: bindAlertUrl(EXAMPLES.alertOnFailure, `${sandbox.url}/cgi-bin/webhook/send?key=${SANDBOX_ROBOT_KEY}`) }),
			port: config.n8nPort,
			owner: config.owner,
			signal,
			killOnProcessSignals: false,
			// n8n watches its community packages only in development mode (server.ts: inDevelopment && N8N_DEV_RELOAD).
			env: { NODE_ENV: 'development', N8N_DEV_RELOAD: 'true', GENERIC_TIMEZONE: Intl.DateTimeFormat().resolvedOptions().timeZone },
		});
		cleanups.push(() => n8n.stop());
		const packageCopy = join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME, 'dist');
		if (!existsSync(packageCopy)) throw new Error(`n8n's copy of the package is not where expected: ${packageCopy}`);

		/** When the change being built was first seen, to say how long it took to reach n8n. */
		let changedAt = 0;
		const scheduler = new SyncScheduler(async () => {
			try {
				const { copied, removed } = syncInto(packageCopy);
				if (copied + removed === 0) return;
				const since = changedAt > 0 ? ` (${seconds(Date.now() - changedAt)} after the change)` : '';
				changedAt = 0;
				progress(`n8n's copy updated: ${copied} file(s) copied, ${removed} removed${since}; n8n reloads the package now`);
			} catch (error) {
				progress(`copying dist/ into n8n failed: ${error instanceof Error ? error.message : String(error)}`);
			}
		}, QUIET_MS);
		cleanups.push(() => scheduler.stop());

		const tsc = startTscWatch((line) => {
			const event = tscWatchEvent(line);
			if (event?.kind === 'compiling') changedAt = changedAt || Date.now();
			if (line.trim() !== '') process.stderr.write(`[tsc] ${line}\n`);
			if (event !== null) scheduler.tsc(event);
			if (event?.kind === 'compiled' && event.errors > 0) progress('n8n keeps the last build that compiled');
		});
		cleanups.push(() => {
			tsc.kill('SIGTERM');
		});

		const watchers: FSWatcher[] = WATCHED_SOURCES.map((folder) =>
			watch(join(repoRoot, folder), { recursive: true }, (_event, filename) => {
				if (filename === null) return;
				const path = `${folder}/${filename.split(sep).join('/')}`;
				if (!isAsset(path)) return;
				changedAt = changedAt || Date.now();
				copyAsset(path);
				scheduler.request();
			}),
		);
		cleanups.push(() => watchers.forEach((watcher) => watcher.close()));

		console.log(
			[
				'',
				`n8n ${n8n.version} is ready at ${n8n.baseUrl} (after ${seconds(Date.now() - startedAt)})`,
				`  log in as ${n8n.owner.email} / ${n8n.owner.password}`,
				`  the WeChat sandbox is at ${sandbox.url}, with a credential and the example workflows pointing at it`,
				`  watching ${WATCHED_SOURCES.map((folder) => `${folder}/`).join(' and ')}: save a file, wait for "n8n's copy updated", reload the editor page`,
				'  Ctrl-C stops n8n, the sandbox and the watchers',
				'',
			].join('\n'),
		);

		const crash = await untilStopped(n8n, tsc, signal);
		if (crash !== undefined) {
			progress(crash);
			return 1;
		}
		return 0;
	} catch (error) {
		if (signal.aborted) return 0;
		throw error;
	} finally {
		await runCleanups(cleanups, progress);
	}
}

function main(): void {
	try {
		const { values } = parseArgs({ args: process.argv.slice(2), options: { help: { type: 'boolean', short: 'h' } } });
		if (values.help === true) {
			console.log(USAGE);
			return;
		}
	} catch (error) {
		console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
		process.exit(2);
	}

	runInForeground({ name: 'dev', stopping: 'n8n, the sandbox and the watchers', progress, run: runDev });
}

main();
