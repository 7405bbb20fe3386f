/**
 * The one-command demo, run the way `npm run demo` runs it: the compiled .build/scripts/demo.js as a child
 * process in its own process group (as a terminal would start it).
 * - `--self-check` starts everything, runs the printed lines and passes (exit 0, ten checks): examples 1
 *   and 2, then the subscription lifecycle (50 users accept through example 6, the reminder run now sends
 *   where the ledger allows, example 7 records every delivery result and its report matches the sandbox).
 * - Started normally it prints the banner and serves the editor; Ctrl-C (SIGINT to its process group)
 *   stops n8n's process group and the sandbox, removes n8n's folder, frees both ports and exits 0.
 * - SIGTERM to the demo alone while n8n is still starting leaves nothing running either, exit 0.
 * - A taken port is reported at once, naming the variable that moves it.
 * Needs dist/ and .build/ (`npm run build && npm run build:tools`); refuses a compiled demo older than its sources.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

import { freePort, missingBuildOutputs, repoRoot } from '../../harness';

const DEMO_JS = join(repoRoot, '.build', 'scripts', 'demo.js');
/** Includes a cold n8n install on a fresh machine. */
const READY_TIMEOUT_MS = 25 * 60 * 1000;
const STOP_TIMEOUT_MS = 60 * 1000;

interface DemoRun {
	child: ChildProcess;
	pid: number;
	stdout(): string;
	stderr(): string;
	/** Resolves with the match once the stream's text matches; rejects if the demo exits first or time runs out. */
	waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
	exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<DemoRun>();

function startDemo(args: string[], env: Record<string, string> = {}): DemoRun {
	const child = spawn(process.execPath, [DEMO_JS, ...args], {
		cwd: repoRoot,
		env: { ...process.env, ...env },
		detached: true, // its own process group, like a job started from a terminal
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (child.pid === undefined) throw new Error('could not spawn the demo');
	const text = { stdout: '', stderr: '' };
	const listeners = new Set<() => void>();
	child.stdout?.on('data', (chunk: Buffer) => {
		text.stdout += chunk.toString('utf8');
		for (const listener of listeners) listener();
	});
	child.stderr?.on('data', (chunk: Buffer) => {
		text.stderr += chunk.toString('utf8');
		for (const listener of listeners) listener();
	});
	const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
		child.once('close', (code, signal) => resolveExit({ code, signal }));
	});
	const run: DemoRun = {
		child,
		pid: child.pid,
		stdout: () => text.stdout,
		stderr: () => text.stderr,
		exit,
		waitFor: (stream, pattern, timeoutMs) =>
			new Promise((resolveMatch, reject) => {
				let exited = false;
				const check = () => {
					const match = text[stream].match(pattern);
					if (match) done(undefined, match);
					else if (exited) done(new Error(`the demo exited before ${stream} matched ${pattern}\n--- stdout\n${text.stdout}\n--- stderr\n${text.stderr}`));
				};
				const timer = setTimeout(
					() => done(new Error(`${stream} did not match ${pattern} in ${timeoutMs} ms\n--- stdout\n${text.stdout}\n--- stderr\n${text.stderr}`)),
					timeoutMs,
				);
				const done = (error?: Error, match?: RegExpMatchArray) => {
					clearTimeout(timer);
					listeners.delete(check);
					if (error) reject(error);
					else resolveMatch(match as RegExpMatchArray);
				};
				listeners.add(check);
				void exit.then(() => {
					exited = true;
					check();
				});
				check();
			}),
	};
	running.add(run);
	void exit.then(() => running.delete(run));
	return run;
}

function groupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
}

/** PIDs of processes whose environment has NAME=value (n8n and what it spawned carry N8N_PORT). */
function processesWithEnv(name: string, value: string): number[] {
	const wanted = `${name}=${value}`;
	const found: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(wanted)) found.push(Number(entry));
		} catch {
			// gone meanwhile, or not ours to read
		}
	}
	return found;
}

function portFree(port: number): Promise<boolean> {
	return new Promise((resolveFree) => {
		const server = createServer();
		server.once('error', () => resolveFree(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolveFree(true)));
	});
}

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolveDelay) => setTimeout(resolveDelay, 200));
	}
}

function n8nPidFrom(run: DemoRun): number {
	const match = run.stderr().match(/n8n started in \d+ s \(pid (\d+)\)/);
	if (!match) throw new Error(`no n8n pid in the demo's output:\n${run.stderr()}`);
	return Number(match[1]);
}

/** The compiled demo must exist and be newer than its sources, or the test would prove old code. */
function staleDemoBuild(): string | undefined {
	if (!existsSync(DEMO_JS)) return `${DEMO_JS} is missing`;
	const built = statSync(DEMO_JS).mtimeMs;
	const demoDir = join(repoRoot, 'scripts', 'demo');
	const sources = [join(repoRoot, 'scripts', 'demo.ts'), ...readdirSync(demoDir).map((file) => join(demoDir, file))];
	const newer = sources.filter((source) => statSync(source).mtimeMs > built);
	return newer.length > 0 ? `${DEMO_JS} is older than ${newer.join(', ')}` : undefined;
}

beforeAll(() => {
	const missing = missingBuildOutputs();
	if (missing.length > 0) throw new Error(`dist/ is incomplete (run npm run build first): ${missing.join(', ')}`);
	const stale = staleDemoBuild();
	if (stale !== undefined) throw new Error(`${stale}: run npm run build:tools first`);
});

afterEach(async () => {
	// A failed test must not leave a demo (and its n8n) behind for the next one.
	for (const run of running) {
		if (groupAlive(run.pid)) process.kill(-run.pid, 'SIGTERM');
		await Promise.race([run.exit, new Promise((resolveDelay) => setTimeout(resolveDelay, STOP_TIMEOUT_MS))]);
	}
}, 2 * STOP_TIMEOUT_MS);

test(
	'--self-check fires the printed lines (examples 1 and 2, 50 users accepting, the reminder now), verifies them and the data tables, and exits 0 with nothing left running',
	async () => {
		const run = startDemo(['--self-check']);
		const { code } = await run.exit;
		const output = run.stdout();
		// First, so that a failed check shows the whole self-check report (which check, and why).
		expect(output).not.toContain('✗');
		expect({ code, stderr: run.stderr().slice(-3000) }).toMatchObject({ code: 0 });
		expect(output).toContain('Self-check passed.');
		expect(output.match(/^ {2}✓ /gm)).toHaveLength(10);
		expect(output).toMatch(/Fire it {2}curl -sS -X POST http:\/\/127\.0\.0\.1:\d+\/webhook\/order-shipped /);
		expect(output).toMatch(/Push it {2}curl -sS -X POST http:\/\/127\.0\.0\.1:\d+\/__sandbox\/push /);
		expect(output).toMatch(/50 users accept {2}curl -sS -X POST http:\/\/127\.0\.0\.1:\d+\/__sandbox\/popups .*"users":\{"count":50,/);
		expect(output).toMatch(/Run it now {2}curl -sS -c - -o \/dev\/null -X POST http:\/\/127\.0\.0\.1:\d+\/rest\/login .* \| curl -sS -b - -X POST http:\/\/127\.0\.0\.1:\d+\/rest\/workflows\/wxExampleDaily01\/run /);
		expect(output).toMatch(/✓ Example 3, the printed run-it-now line: execution #\d+, success; 100 messages, each in wechat_messages; the ledger equals the sandbox's quota table \(100 pairs\)/);
		expect(groupAlive(n8nPidFrom(run))).toBe(false);
		expect(groupAlive(run.pid)).toBe(false);
	},
	READY_TIMEOUT_MS,
);

test(
	'started normally: banner on the chosen ports, editor served; SIGINT stops n8n’s process group and the sandbox, frees the ports, exit 0',
	async () => {
		const n8nPort = await freePort();
		const sandboxPort = await freePort();
		const run = startDemo([], { DEMO_N8N_PORT: String(n8nPort), DEMO_SANDBOX_PORT: String(sandboxPort) });
		await run.waitFor('stdout', /Ctrl-C stops n8n and the sandbox\./, READY_TIMEOUT_MS);

		const banner = run.stdout();
		expect(banner).toContain(`Editor      http://127.0.0.1:${n8nPort}\n`);
		expect(banner).toContain('Login       demo@example.com  /  WeChat-Demo-1');
		expect(banner).toContain(`Webhook  http://127.0.0.1:${n8nPort}/webhook/order-shipped\n`);
		expect(banner).toContain(`Push it  curl -sS -X POST http://127.0.0.1:${sandboxPort}/__sandbox/push `);
		expect(banner).toContain(`50 users accept  curl -sS -X POST http://127.0.0.1:${sandboxPort}/__sandbox/popups `);
		expect(banner).toContain(`Run it now  curl -sS -c - -o /dev/null -X POST http://127.0.0.1:${n8nPort}/rest/login `);
		for (const table of ['wechat_subscription_events', 'wechat_subscriptions', 'wechat_messages', 'wechat_delivery_results']) {
			expect(banner).toMatch(new RegExp(`Table  ${table}  http://127\\.0\\.0\\.1:${n8nPort}/projects/[^/]+/datatables/[^/\\s]+\n`));
		}
		const editor = await fetch(`http://127.0.0.1:${n8nPort}/`);
		expect(editor.status).toBe(200);
		expect(await editor.text()).toContain('<html');
		const sandbox = await fetch(`http://127.0.0.1:${sandboxPort}/__sandbox/counters`);
		expect(sandbox.status).toBe(200);

		const n8nPid = n8nPidFrom(run);
		const userFolder = readlinkSync(`/proc/${n8nPid}/cwd`);
		expect(existsSync(join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-wechat-miniprogram', 'package.json'))).toBe(true);

		const stopAskedAt = Date.now();
		process.kill(-run.pid, 'SIGINT'); // what Ctrl-C in a terminal does: the whole foreground group
		const { code, signal } = await run.exit;
		process.stderr.write(`[demo e2e] SIGINT → demo exited after ${Date.now() - stopAskedAt} ms\n`);
		expect({ code, signal, stderr: run.stderr().slice(-2000) }).toMatchObject({ code: 0, signal: null });
		expect(run.stderr()).toContain('[demo] stopped.');
		expect(groupAlive(n8nPid)).toBe(false);
		expect(groupAlive(run.pid)).toBe(false);
		expect(processesWithEnv('N8N_PORT', String(n8nPort))).toEqual([]);
		expect(existsSync(userFolder)).toBe(false);
		expect(await portFree(n8nPort)).toBe(true);
		expect(await portFree(sandboxPort)).toBe(true);
	},
	READY_TIMEOUT_MS,
);

test(
	'SIGTERM to the demo alone while n8n is starting stops it and leaves nothing running, exit 0',
	async () => {
		const n8nPort = await freePort();
		const sandboxPort = await freePort();
		const run = startDemo([], { DEMO_N8N_PORT: String(n8nPort), DEMO_SANDBOX_PORT: String(sandboxPort) });
		await run.waitFor('stderr', /starting n8n/, READY_TIMEOUT_MS);
		// n8n start itself (after the CLI imports) is running once a process carries N8N_PORT and "start".
		const isN8nStart = (pid: number) => {
			try {
				return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('start');
			} catch {
				return false;
			}
		};
		await waitUntil(() => processesWithEnv('N8N_PORT', String(n8nPort)).some(isN8nStart), 5 * 60 * 1000, 'n8n start');
		expect(run.stdout()).not.toContain('Ctrl-C stops'); // still starting

		process.kill(run.pid, 'SIGTERM');
		const { code, signal } = await run.exit;
		expect({ code, signal, stderr: run.stderr().slice(-2000) }).toMatchObject({ code: 0, signal: null });
		expect(run.stderr()).toContain('SIGTERM: stopping');
		expect(processesWithEnv('N8N_PORT', String(n8nPort))).toEqual([]);
		expect(groupAlive(run.pid)).toBe(false);
		expect(await portFree(n8nPort)).toBe(true);
		expect(await portFree(sandboxPort)).toBe(true);
	},
	READY_TIMEOUT_MS,
);

describe('a taken port', () => {
	let blocker: Server;
	let port: number;

	beforeAll(async () => {
		port = await freePort();
		blocker = createServer();
		await new Promise<void>((resolveListen) => blocker.listen(port, '127.0.0.1', resolveListen));
	});

	afterAll(() => new Promise<void>((resolveClose) => blocker.close(() => resolveClose())));

	test.each([
		['DEMO_N8N_PORT', 'n8n'],
		['DEMO_SANDBOX_PORT', 'the WeChat sandbox'],
	])('%s already in use: a clear message before anything starts, exit 1', async (variable, what) => {
		const other = String(await freePort());
		const run = startDemo([], { DEMO_N8N_PORT: other, DEMO_SANDBOX_PORT: other, [variable]: String(port) });
		const { code } = await run.exit;
		expect(code).toBe(1);
		expect(run.stderr()).toContain(`Port ${port} for ${what} is already in use`);
		expect(run.stderr()).toContain(`${variable}=<port> npm run demo`);
		expect(run.stderr()).not.toContain('starting n8n');
	}, 60000);
});
