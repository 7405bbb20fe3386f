/**
 * One n8n process, whatever its command (`start`, `worker`, `webhook`): a temp user folder of its own,
 * the environment every process here gets, a detached spawn (n8n and its task runners form one process
 * group, killed together) and the clean-up that leaves neither a process nor a folder behind. startN8n
 * (n8n.ts) and the queue cluster's worker and webhook processes (queue.ts) are both built on it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

import type { N8nInstall, N8nMajor } from './install';
import { freePort } from './ports';
import { killProcessGroup, trackProcessGroup } from './process';

const READY_LINE = 'Editor is now accessible';

/**
 * Everything n8n would otherwise reach out to the internet for, or nag about, switched off:
 * these tests run offline and should start fast with a quiet log. (Names checked in @n8n/config
 * of 1.123.81 and 2.40.7.)
 */
export const OFFLINE_QUIET_ENV: Record<string, string> = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
	N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
	EXTERNAL_FRONTEND_HOOKS_URLS: '',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	N8N_AI_ENABLED: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
	N8N_SECURE_COOKIE: 'false',
};

/** Settings whose name or existence differs between the majors (a name a major does not know is an error or a deprecation warning there). */
export function majorEnvironment(major: N8nMajor, baseUrl: string): Record<string, string> {
	if (major === 1) {
		return { WEBHOOK_URL: `${baseUrl}/`, N8N_RUNNERS_ENABLED: 'true' };
	}
	return {
		N8N_WEBHOOK_URL: `${baseUrl}/`,
		// The MCP registry module fetches api.n8n.io at start-up and logs a stack trace offline.
		N8N_DISABLED_MODULES: 'mcp-registry',
		// No Python venv here: the internal Python runner would only log a start-up failure.
		N8N_PYTHON_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
	};
}

/** The parts of the caller's environment n8n may see; jest's own variables (NODE_ENV=test!) stay out. */
export function baseEnvironment(nodeBin: string): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const key of ['HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'TZ', 'USER']) {
		const value = process.env[key];
		if (value !== undefined) env[key] = value;
	}
	env.PATH = `${dirname(nodeBin)}:${process.env.PATH ?? '/usr/bin:/bin'}`;
	env.NODE_ENV = 'production';
	return env;
}

/**
 * What every n8n process here runs with, whatever its role: the caller's safe variables, offline and
 * quiet, its user folder, loopback only, the major's own names, and a task-broker port of its own
 * (each process with runners starts its own broker). The caller adds its role's settings on top.
 */
export async function processEnvironment(install: N8nInstall, major: N8nMajor, userFolder: string, baseUrl: string): Promise<NodeJS.ProcessEnv> {
	return {
		...baseEnvironment(install.nodeBin),
		...OFFLINE_QUIET_ENV,
		N8N_USER_FOLDER: userFolder,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		...majorEnvironment(major, baseUrl),
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
	};
}

export function removeUserFolder(userFolder: string): void {
	// Only ever a folder this module made with mkdtemp under the temp dir.
	if (!basename(userFolder).startsWith('n8n-e2e-') || dirname(userFolder) !== tmpdir()) {
		throw new Error(`refusing to remove unexpected folder ${userFolder}`);
	}
	if (process.env.N8N_E2E_KEEP_USER_FOLDER === '1') {
		process.stderr.write(`[n8n-e2e] kept user folder ${userFolder}\n`);
		return;
	}
	rmSync(userFolder, { recursive: true, force: true });
}

/** Resolves once n8n prints `readyLine` (default: the editor's); keeps collecting its output into `logChunks` afterwards. */
export function waitForReady(
	child: ChildProcess,
	logChunks: string[],
	timeoutMs: number,
	signal?: AbortSignal,
	readyLine = READY_LINE,
): Promise<void> {
	return new Promise((resolveReady, reject) => {
		if (signal?.aborted) {
			reject(new Error('start-up aborted'));
			return;
		}
		let seen = '';
		const timer = setTimeout(() => finish(new Error(`no "${readyLine}" within ${timeoutMs} ms`)), timeoutMs);
		const onData = (chunk: Buffer) => {
			const text = chunk.toString('utf8');
			logChunks.push(text);
			seen = (seen + text).slice(-4096);
			if (seen.includes(readyLine)) finish();
		};
		const onExit = (code: number | null, exitSignal: NodeJS.Signals | null) =>
			finish(new Error(`n8n exited during start-up (code ${code}, signal ${exitSignal})`));
		const onAbort = () => finish(new Error('start-up aborted'));
		const finish = (error?: Error) => {
			clearTimeout(timer);
			child.off('exit', onExit);
			signal?.removeEventListener('abort', onAbort);
			if (error) reject(error);
			else resolveReady();
		};
		signal?.addEventListener('abort', onAbort, { once: true });
		// Keep collecting output after start-up for logs().
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		child.once('exit', onExit);
	});
}

export interface SpawnOptions {
	/** How errors name the process, e.g. `n8n` or `n8n worker`. */
	name: string;
	/** The line that says the process is ready (default: the editor's "Editor is now accessible"). */
	readyLine?: string;
	timeoutMs: number;
	signal?: AbortSignal;
	/** SIGKILL the group at once when this process gets SIGINT/SIGTERM/SIGHUP (default true; see trackProcessGroup). */
	killOnSignals?: boolean;
}

export interface SpawnedProcess {
	/** Leads its own process group (its task runners are in it too). */
	pid: number;
	/** Milliseconds from spawning to the ready line. */
	startupMs: number;
	/** Settles when the process has exited, for whatever reason (stop(), a crash). */
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The life of one n8n process: made with a fresh user folder, spawned once, stopped once. Whoever
 * starts one calls `failed()` when any step of its start-up throws, so that nothing is left behind.
 */
export class N8nProcess {
	readonly userFolder = mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
	private readonly logChunks: string[] = [];
	private child: ChildProcess | undefined;
	private untrack: (() => void) | undefined;
	private stopped = false;

	/** Everything the process wrote to stdout and stderr so far. */
	logs(): string {
		return this.logChunks.join('');
	}

	/** Spawns `n8n <args>` in the user folder, detached and tracked, and waits for its ready line. */
	async spawn(install: N8nInstall, args: string[], env: NodeJS.ProcessEnv, options: SpawnOptions): Promise<SpawnedProcess> {
		const child = spawn(install.nodeBin, [install.n8nBin, ...args], {
			cwd: this.userFolder,
			env,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.child = child;
		const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
			child.once('exit', (code, exitSignal) => resolveExit({ code, signal: exitSignal }));
		});
		if (child.pid === undefined) throw new Error(`${options.name} could not be spawned`);
		// Killed on the way out should this process exit (or be interrupted) without stopping it.
		this.untrack = trackProcessGroup(child.pid, { killOnSignals: options.killOnSignals ?? true });
		const startedAt = Date.now();
		await waitForReady(child, this.logChunks, options.timeoutMs, options.signal, options.readyLine);
		return { pid: child.pid, startupMs: Date.now() - startedAt, exited };
	}

	/** Kills the process group (if spawned) and removes the user folder; later calls do nothing. */
	async stop(): Promise<void> {
		if (this.stopped) return;
		this.stopped = true;
		try {
			if (this.child !== undefined) await killProcessGroup(this.child);
			this.untrack?.();
		} finally {
			removeUserFolder(this.userFolder);
		}
	}

	/**
	 * For a start-up that threw: stops what was started, removes the folder, and returns the error to
	 * throw, naming `what` failed and carrying the tail of the log (read after the stop, so it holds
	 * what the process said on its way down too).
	 */
	async failed(what: string, logHeading: string, error: unknown): Promise<Error> {
		await this.stop();
		const logs = this.logs();
		const message = error instanceof Error ? error.message : String(error);
		return new Error(`starting ${what} failed (stopped, folder removed): ${message}${logs ? `\n--- ${logHeading} (tail)\n${logs.slice(-6000)}` : ''}`);
	}
}
