import { execFile, type ChildProcess } from 'node:child_process';

export interface CommandResult {
	stdout: string;
	stderr: string;
}

export interface CommandOptions {
	cwd: string;
	env: NodeJS.ProcessEnv;
	timeoutMs: number;
	/** Aborting kills the command (SIGKILL) and rejects. */
	signal?: AbortSignal;
}

/** A command that failed: its output, exit code and signal stay readable (e.g. output printed before a crash at exit). */
export class CommandError extends Error {
	constructor(
		message: string,
		readonly stdout: string,
		readonly stderr: string,
		readonly exitCode: number | null,
		readonly signal: string | null,
	) {
		super(message);
		this.name = 'CommandError';
	}
}

/** Runs a command to completion; rejects with a CommandError carrying its output when it fails or times out. */
export function runCommand(file: string, args: string[], options: CommandOptions): Promise<CommandResult> {
	return new Promise((resolveResult, reject) => {
		execFile(
			file,
			args,
			{
				cwd: options.cwd,
				env: options.env,
				timeout: options.timeoutMs,
				maxBuffer: 32 * 1024 * 1024,
				killSignal: 'SIGKILL',
				signal: options.signal,
			},
			(error, stdout, stderr) => {
				if (error) {
					const exitCode = typeof error.code === 'number' ? error.code : null;
					const signal = error.signal ?? null;
					reject(
						new CommandError(
							`${[file, ...args].join(' ')} failed (exit code ${String(exitCode)}, signal ${String(signal)}): ${error.message}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
							stdout,
							stderr,
							exitCode,
							signal,
						),
					);
					return;
				}
				resolveResult({ stdout, stderr });
			},
		);
	});
}

function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		return false; // ESRCH: the whole group is gone
	}
}

function groupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

const delay = (ms: number) => new Promise((resolveDelay) => setTimeout(resolveDelay, ms));

/**
 * Stops a child started with `detached: true` (its own process group) and everything it spawned
 * (n8n's task runners): SIGTERM to the group, SIGKILL after the grace period, then waits until the
 * group is empty.
 */
export async function killProcessGroup(child: ChildProcess, graceMs = 15000): Promise<void> {
	const pid = child.pid;
	if (pid === undefined) return;
	if (!signalGroup(pid, 'SIGTERM')) return;
	const deadline = Date.now() + graceMs;
	while (groupAlive(pid) && Date.now() < deadline) await delay(100);
	if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
	const hardDeadline = Date.now() + 5000;
	while (groupAlive(pid) && Date.now() < hardDeadline) await delay(50);
	if (groupAlive(pid)) throw new Error(`process group ${pid} survived SIGKILL`);
}

const liveGroups = new Set<number>();
/** The subset of liveGroups to SIGKILL at once on SIGINT/SIGTERM/SIGHUP. */
const signalKilledGroups = new Set<number>();
let exitHookInstalled = false;
let signalHooksInstalled = false;

export interface TrackOptions {
	/**
	 * Also SIGKILL the group as soon as this process gets SIGINT/SIGTERM/SIGHUP (default true: a test run
	 * interrupted with Ctrl-C). A caller that stops its children itself on those signals (the demo, which
	 * lets n8n shut down gracefully) passes false; the group is still killed if this process exits first.
	 */
	killOnSignals?: boolean;
}

/**
 * Remembers a detached child so that, should this process exit without stopping it (a crash, an
 * interrupted run), it is killed on the way out. Synchronous by necessity: 'exit' handlers cannot wait.
 */
export function trackProcessGroup(pid: number, options: TrackOptions = {}): () => void {
	liveGroups.add(pid);
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.on('exit', () => {
			for (const group of liveGroups) signalGroup(group, 'SIGKILL');
		});
	}
	if (options.killOnSignals ?? true) {
		signalKilledGroups.add(pid);
		if (!signalHooksInstalled) {
			signalHooksInstalled = true;
			// Detached children sit in their own process group, so a Ctrl-C on the terminal never reaches them.
			for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
				process.once(signal, () => {
					for (const group of signalKilledGroups) signalGroup(group, 'SIGKILL');
					if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
				});
			}
		}
	}
	return () => {
		liveGroups.delete(pid);
		signalKilledGroups.delete(pid);
	};
}
