/**
 * What /proc says about an n8n process: which pid is `n8n start`, its memory, its CPU time, whether it
 * still runs. The reliability suites watch memory and liveness; the bench and the queue suite read CPU
 * time, which, unlike wall time, hardly moves when other processes load the machine.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

import type { N8nHandle } from './n8n';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on every mainstream kernel (getconf CLK_TCK). */
const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process in ms (fields 14 and 15 of /proc/<pid>/stat; the name in field 2 may hold spaces). */
export function cpuTimeMs(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Resident set size in KiB (VmRSS of /proc/<pid>/status). */
export function rssKiB(pid: number): number {
	const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	if (!match) throw new Error(`no VmRSS for pid ${pid}`);
	return Number(match[1]);
}

export interface RssSampler {
	/** Stops sampling; every sample in KiB, the first taken at the start and the last at the stop. */
	stop(): number[];
	peakKiB(): number;
}

/** Samples a pid's RSS every `everyMs` until stopped. */
export function sampleRss(pid: number, everyMs = 250): RssSampler {
	const samples = [rssKiB(pid)];
	const timer = setInterval(() => {
		try {
			samples.push(rssKiB(pid));
		} catch {
			// the process is gone; the caller's health check reports it
		}
	}, everyMs);
	return {
		stop: () => {
			clearInterval(timer);
			try {
				samples.push(rssKiB(pid));
			} catch {
				// gone: keep what we have
			}
			return samples;
		},
		peakKiB: () => Math.max(...samples),
	};
}

/** Whether a pid is alive (n8n did not crash). */
export function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** The pid of `n8n start` itself (not its task runners): the process in n8n's user folder running the n8n binary with `start`. */
export function n8nMainPid(handle: N8nHandle): number {
	const candidates: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if (readlinkSync(`/proc/${entry}/cwd`) !== handle.userFolder) continue;
			const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			if (argv.includes(handle.install.n8nBin) && argv.includes('start')) candidates.push(Number(entry));
		} catch {
			// gone meanwhile, or not ours to read
		}
	}
	if (candidates.length !== 1) throw new Error(`expected one "n8n start" process in ${handle.userFolder}, found ${candidates.length}`);
	return candidates[0];
}
