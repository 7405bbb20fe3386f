/**
 * The decisions of `npm run dev`, kept apart from processes and files so that they can be tested:
 * what a line of `tsc --watch` means, which source files are assets the build copies, which files of
 * dist/ the n8n copy lacks, and when to copy them.
 *
 * Why copy at all: n8n (2.x, N8N_DEV_RELOAD=true with NODE_ENV=development) watches each community
 * package's folder and, on a change, drops the modules under that folder from require's cache and loads
 * the package again. require caches a module under its real path, so the package must be a real folder
 * inside n8n's user folder: a symlink to this repository would be watched but never re-required.
 */

/** What a line printed by `tsc --watch --preserveWatchOutput` says about the compilation. */
export type TscWatchEvent = { kind: 'compiling' } | { kind: 'compiled'; errors: number };

/**
 * `Starting compilation in watch mode...` and `File change detected. Starting incremental compilation...`
 * start a compilation; `Found N error(s). Watching for file changes.` ends it. Other lines (diagnostics,
 * the clock prefix tsc puts before each) say nothing about the state.
 */
export function tscWatchEvent(line: string): TscWatchEvent | null {
	if (/Starting (?:compilation in watch mode|incremental compilation)/.test(line)) return { kind: 'compiling' };
	const found = /Found (\d+) errors?\b.*Watching for file changes/.exec(line);
	return found ? { kind: 'compiled', errors: Number(found[1]) } : null;
}

/** The files gulpfile.js copies into dist/ (icons and codex files), as paths relative to the repository. */
export function isAsset(relativePath: string): boolean {
	const path = relativePath.split('\\').join('/');
	if (path.startsWith('nodes/')) return /\.(?:svg|png)$/.test(path) || path.endsWith('.node.json');
	if (path.startsWith('credentials/')) return /\.(?:svg|png)$/.test(path);
	return false;
}

/** A file as the sync compares it: size and modification time, keyed by its path relative to dist/. */
export interface FileStamp {
	size: number;
	mtimeMs: number;
}

export interface SyncPlan {
	/** In dist/ and missing or different in n8n's copy. */
	copy: string[];
	/** In n8n's copy and no longer in dist/ (a renamed or deleted source). */
	remove: string[];
}

/**
 * What to copy and remove so that n8n's copy of dist/ equals dist/. A copy is given dist/'s mtime, so an
 * unchanged file is never copied twice; the file system may round that time, so within a millisecond is equal.
 */
export function planSync(source: ReadonlyMap<string, FileStamp>, target: ReadonlyMap<string, FileStamp>): SyncPlan {
	const copy = [...source]
		.filter(([path, stamp]) => {
			const there = target.get(path);
			return there === undefined || there.size !== stamp.size || Math.abs(there.mtimeMs - stamp.mtimeMs) >= 1;
		})
		.map(([path]) => path)
		.sort();
	const remove = [...target.keys()].filter((path) => !source.has(path)).sort();
	return { copy, remove };
}

/** Timers, injectable so that tests drive time themselves. */
export interface Timers {
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * When to copy dist/ into n8n: once a burst of changes has been quiet for `quietMs`, never while tsc is
 * writing dist/ (a half-written dist/ would load half a package), never after a compilation with errors
 * (n8n keeps the last good build), and never two copies at once (a change during a copy queues one more).
 */
export class SyncScheduler {
	private compiling = false;
	private pending = false;
	private running = false;
	private timer: unknown = undefined;

	constructor(
		private readonly sync: () => Promise<void>,
		private readonly quietMs: number,
		private readonly timers: Timers = realTimers,
	) {}

	/** Feeds what tsc printed. A compilation that ends with errors cancels the copy it would have made. */
	tsc(event: TscWatchEvent): void {
		if (event.kind === 'compiling') {
			this.compiling = true;
			this.cancelTimer();
			return;
		}
		this.compiling = false;
		if (event.errors === 0) this.request();
		else this.pending = false;
	}

	/** A change worth copying (tsc finished, an asset was copied into dist/). */
	request(): void {
		this.pending = true;
		if (this.compiling || this.running) return;
		this.cancelTimer();
		this.timer = this.timers.setTimeout(() => void this.fire(), this.quietMs);
	}

	/** Forgets a scheduled copy (on shutdown). */
	stop(): void {
		this.cancelTimer();
		this.pending = false;
	}

	private cancelTimer(): void {
		if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
		this.timer = undefined;
	}

	private async fire(): Promise<void> {
		this.timer = undefined;
		if (!this.pending || this.compiling || this.running) return;
		this.pending = false;
		this.running = true;
		try {
			await this.sync();
		} finally {
			this.running = false;
			if (this.pending && !this.compiling) this.request();
		}
	}
}
