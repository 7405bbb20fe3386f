import { isAsset, planSync, SyncScheduler, tscWatchEvent, type FileStamp, type Timers } from '../../scripts/dev/loop';

/** Timers that run only when the test says so. */
class ManualTimers implements Timers {
	private next = 0;
	private readonly pending = new Map<number, { at: number; callback: () => void }>();
	now = 0;

	setTimeout(callback: () => void, ms: number): unknown {
		const id = ++this.next;
		this.pending.set(id, { at: this.now + ms, callback });
		return id;
	}

	clearTimeout(handle: unknown): void {
		this.pending.delete(handle as number);
	}

	/** Moves time on and runs what fell due, then lets the promises they started settle. */
	async advance(ms: number): Promise<void> {
		this.now += ms;
		for (const [id, timer] of [...this.pending].sort(([, a], [, b]) => a.at - b.at)) {
			if (timer.at > this.now) continue;
			this.pending.delete(id);
			timer.callback();
		}
		for (let i = 0; i < 5; i++) await Promise.resolve();
	}
}

function scheduler(quietMs = 200) {
	const timers = new ManualTimers();
	const syncs: number[] = [];
	let release: (() => void) | undefined;
	let holdNext = false;
	const sync = () => {
		syncs.push(timers.now);
		if (!holdNext) return Promise.resolve();
		holdNext = false;
		return new Promise<void>((resolve) => (release = resolve));
	};
	const scheduled = new SyncScheduler(sync, quietMs, timers);
	return {
		scheduled,
		timers,
		syncs,
		holdNextSync: () => (holdNext = true),
		finishSync: () => release?.(),
	};
}

describe('tscWatchEvent reads what tsc --watch prints', () => {
	it.each([
		['[6:01:02 PM] Starting compilation in watch mode...', { kind: 'compiling' }],
		['[6:01:09 PM] File change detected. Starting incremental compilation...', { kind: 'compiling' }],
		['[6:01:05 PM] Found 0 errors. Watching for file changes.', { kind: 'compiled', errors: 0 }],
		['[6:01:05 PM] Found 1 error. Watching for file changes.', { kind: 'compiled', errors: 1 }],
		['[6:01:05 PM] Found 12 errors. Watching for file changes.', { kind: 'compiled', errors: 12 }],
		["nodes/X.node.ts(3,1): error TS2304: Cannot find name 'foo'.", null],
		['', null],
	])('%j', (line, event) => {
		expect(tscWatchEvent(line)).toEqual(event);
	});
});

describe('isAsset names the files gulp copies into dist/', () => {
	it.each([
		['nodes/WeChatMiniProgram/wechat.svg', true],
		['nodes/WeChatMiniProgram/WeChatMiniProgram.node.json', true],
		['credentials/wechat.dark.svg', true],
		['nodes\\WeChatTemplateLookup\\wechat.png', true],
		['nodes/WeChatMiniProgram/WeChatMiniProgram.node.ts', false],
		['credentials/WeChatMiniProgramApi.credentials.json', false],
		['docs/screenshots/send-node-panel.png', false],
		['bench/results/chart.svg', false],
	])('%s → %s', (path, expected) => {
		expect(isAsset(path)).toBe(expected);
	});
});

describe('planSync makes n8n’s copy equal dist/', () => {
	const stamp = (size: number, mtimeMs: number): FileStamp => ({ size, mtimeMs });

	it('copies new and changed files, removes files dist/ no longer has, and leaves equal ones alone', () => {
		const source = new Map([
			['nodes/A.node.js', stamp(10, 1000.4)],
			['nodes/B.node.js', stamp(20, 2000)],
			['nodes/C.node.js', stamp(30, 3000)],
			['nodes/D.node.js', stamp(40, 4000)],
		]);
		const target = new Map([
			['nodes/A.node.js', stamp(10, 1001.0)], // the copy's time rounded up: equal
			['nodes/B.node.js', stamp(20, 1998.9)], // rebuilt since
			['nodes/C.node.js', stamp(31, 3000)], // other size
			['nodes/Old.node.js', stamp(5, 500)], // renamed away
		]);
		expect(planSync(source, target)).toEqual({
			copy: ['nodes/B.node.js', 'nodes/C.node.js', 'nodes/D.node.js'],
			remove: ['nodes/Old.node.js'],
		});
	});

	it('has nothing to do when both are equal', () => {
		const files = new Map([['nodes/A.node.js', stamp(10, 1000)]]);
		expect(planSync(files, new Map(files))).toEqual({ copy: [], remove: [] });
	});
});

describe('SyncScheduler decides when dist/ is copied into n8n', () => {
	it('copies once, after a burst of changes has been quiet for the quiet time', async () => {
		const { scheduled, timers, syncs } = scheduler(200);
		scheduled.request();
		await timers.advance(100);
		scheduled.request();
		await timers.advance(150);
		expect(syncs).toEqual([]);
		await timers.advance(50);
		expect(syncs).toEqual([300]);
		await timers.advance(1000);
		expect(syncs).toEqual([300]);
	});

	it('never copies while tsc is compiling, and copies after a clean compilation', async () => {
		const { scheduled, timers, syncs } = scheduler(200);
		scheduled.request();
		await timers.advance(100);
		scheduled.tsc({ kind: 'compiling' }); // cancels the copy about to happen
		await timers.advance(1000);
		expect(syncs).toEqual([]);
		scheduled.tsc({ kind: 'compiled', errors: 0 });
		await timers.advance(200);
		expect(syncs).toEqual([1300]);
	});

	it('keeps the last good build in n8n when a compilation ends with errors', async () => {
		const { scheduled, timers, syncs } = scheduler(200);
		scheduled.tsc({ kind: 'compiling' });
		scheduled.request(); // an asset changed meanwhile
		scheduled.tsc({ kind: 'compiled', errors: 2 });
		await timers.advance(1000);
		expect(syncs).toEqual([]);
	});

	it('runs one copy at a time: a change during a copy makes exactly one more copy after it', async () => {
		const { scheduled, timers, syncs, holdNextSync, finishSync } = scheduler(200);
		holdNextSync();
		scheduled.request();
		await timers.advance(200);
		expect(syncs).toEqual([200]);
		scheduled.request();
		scheduled.request();
		await timers.advance(1000);
		expect(syncs).toEqual([200]); // the first copy is still running
		finishSync();
		await timers.advance(0);
		await timers.advance(200);
		expect(syncs).toEqual([200, 1400]);
		await timers.advance(1000);
		expect(syncs).toHaveLength(2);
	});

	it('copies nothing after stop()', async () => {
		const { scheduled, timers, syncs } = scheduler(200);
		scheduled.request();
		scheduled.stop();
		await timers.advance(1000);
		expect(syncs).toEqual([]);
	});
});
