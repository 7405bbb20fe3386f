/**
 * What `npm run demo` and `npm run dev` share as long-running commands: Ctrl-C (or SIGTERM, SIGHUP) stops
 * them by aborting one signal, everything they started is undone in reverse order, and a stop that hangs
 * is cut off after a deadline so the terminal is never left waiting.
 */

/** Undoes what a run started; may be async (n8n's stop waits for its process). */
export type Cleanup = () => Promise<void> | void;

const SHUTDOWN_DEADLINE_MS = 45000;

/** Runs every cleanup, last started first; one that fails is reported and marks the exit code, the rest still run. */
export async function runCleanups(cleanups: Cleanup[], progress: (message: string) => void): Promise<void> {
	for (const cleanup of [...cleanups].reverse()) {
		try {
			await cleanup();
		} catch (error) {
			progress(`clean-up failed: ${error instanceof Error ? error.message : String(error)}`);
			process.exitCode = 1;
		}
	}
}

export interface ForegroundCommand {
	/** The command's name in the final error line, e.g. `demo`. */
	name: string;
	/** What the first signal says is being stopped, e.g. "everything the demo started". */
	stopping: string;
	progress: (message: string) => void;
	/** Resolves with the exit code; `signal` aborts on Ctrl-C. */
	run: (signal: AbortSignal) => Promise<number>;
}

/** Runs `command` until it ends or a signal stops it, then exits the process with its code. */
export function runInForeground(command: ForegroundCommand): void {
	const controller = new AbortController();
	const onSignal = (signal: NodeJS.Signals) => {
		if (controller.signal.aborted) return; // one Ctrl-C can arrive twice (terminal and npm); already stopping
		command.progress(`${signal}: stopping ${command.stopping} ...`);
		controller.abort();
		setTimeout(() => {
			command.progress(`still not stopped after ${Math.round(SHUTDOWN_DEADLINE_MS / 1000)} s; exiting (n8n's process group is killed on exit)`);
			process.exit(1);
		}, SHUTDOWN_DEADLINE_MS).unref();
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);

	command.run(controller.signal).then(
		(code) => {
			if (controller.signal.aborted) command.progress('stopped.');
			process.exit(process.exitCode === 1 ? 1 : code);
		},
		(error: unknown) => {
			// Errors for the user say what to do; others carry their cause (a harness error includes n8n's log tail).
			console.error(`\n[${command.name}] failed: ${error instanceof Error ? error.message : String(error)}`);
			process.exit(1);
		},
	);
}
