/**
 * Reads a V8 CPU profile (.cpuprofile, as `node --cpu-prof` or the inspector's Profiler.stop give it)
 * and says where the time went: self time per function, inclusive time per function, and self time
 * per package. Optionally only the samples inside a time window. Usage:
 *   node .build/bench/cpuProfile.js <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

export interface CpuProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
	children?: number[];
}

export interface CpuProfile {
	nodes: CpuProfileNode[];
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

export interface ProfileEntry {
	name: string;
	ms: number;
	share: number;
}

export interface ProfileSummary {
	totalMs: number;
	/** Sampled time that was not idle, garbage collection included. */
	busyMs: number;
	selfByFunction: ProfileEntry[];
	inclusiveByFunction: ProfileEntry[];
	selfByPackage: ProfileEntry[];
}

const PSEUDO_FRAMES = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

function frameName(node: CpuProfileNode): string {
	const { functionName, url, lineNumber } = node.callFrame;
	if (PSEUDO_FRAMES.has(functionName)) return functionName;
	const file = url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '');
	return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : '(native)'}`;
}

/** `n8n-core`, `n8n-workflow`, `@n8n/…`, `n8n-nodes-wechat-miniprogram`, `node:internal`, … */
export function packageOf(node: CpuProfileNode): string {
	const { functionName, url } = node.callFrame;
	if (PSEUDO_FRAMES.has(functionName)) return functionName;
	if (url === '') return '(native/V8)';
	if (url.startsWith('node:')) return 'node internals';
	const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(url);
	if (match) return match[1];
	return url.includes('/nodes/') ? 'n8n-nodes-wechat-miniprogram (source)' : url;
}

function ranked(map: Map<string, number>, busyMs: number, top: number): ProfileEntry[] {
	return [...map]
		.sort((a, b) => b[1] - a[1])
		.slice(0, top)
		.map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, share: Math.round((us / 1000 / busyMs) * 1000) / 10 }));
}

/** Summarises the samples whose timestamps (µs, profile clock) fall in [fromUs, toUs). */
export function summariseProfile(profile: CpuProfile, top = 25, window?: { fromUs: number; toUs: number }): ProfileSummary {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

	const self = new Map<string, number>();
	const inclusive = new Map<string, number>();
	const packages = new Map<string, number>();
	let totalUs = 0;
	let busyUs = 0;
	let at = profile.startTime;
	for (let i = 0; i < profile.samples.length; i++) {
		at += profile.timeDeltas[i] ?? 0;
		const delta = profile.timeDeltas[i + 1] ?? 0; // a sample stands for the time until the next one
		if (window && (at < window.fromUs || at >= window.toUs)) continue;
		const leaf = byId.get(profile.samples[i]);
		if (!leaf) continue;
		totalUs += delta;
		const leafName = frameName(leaf);
		if (leafName === '(idle)') continue;
		busyUs += delta;
		self.set(leafName, (self.get(leafName) ?? 0) + delta);
		const leafPackage = packageOf(leaf);
		packages.set(leafPackage, (packages.get(leafPackage) ?? 0) + delta);
		const seen = new Set<string>();
		for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
			const node = byId.get(id);
			if (!node) break;
			const name = frameName(node);
			if (seen.has(name) || name === '(root)') continue;
			seen.add(name);
			inclusive.set(name, (inclusive.get(name) ?? 0) + delta);
		}
	}
	const busyMs = busyUs / 1000;
	return {
		totalMs: Math.round(totalUs / 1000),
		busyMs: Math.round(busyMs),
		selfByFunction: ranked(self, busyMs, top),
		inclusiveByFunction: ranked(inclusive, busyMs, top),
		selfByPackage: ranked(packages, busyMs, top),
	};
}

export function formatSummary(summary: ProfileSummary, perItemDivisor?: number): string {
	const unit = perItemDivisor ? ` (µs per item over ${perItemDivisor} items)` : '';
	const rows = (entries: ProfileEntry[]) =>
		entries
			.map((e) => `  ${e.ms.toFixed(1).padStart(9)} ms ${e.share.toFixed(1).padStart(5)}%${perItemDivisor ? ` ${((e.ms * 1000) / perItemDivisor).toFixed(0).padStart(6)} µs/item` : ''}  ${e.name}`)
			.join('\n');
	return [
		`sampled ${summary.totalMs} ms, busy ${summary.busyMs} ms${unit}`,
		'self time by package:',
		rows(summary.selfByPackage),
		'self time by function:',
		rows(summary.selfByFunction),
		'inclusive time by function:',
		rows(summary.inclusiveByFunction),
	].join('\n');
}

if (require.main === module) {
	const [file, top = '25', items] = process.argv.slice(2);
	if (!file) throw new Error('usage: cpuProfile.js <file.cpuprofile> [top] [items]');
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	process.stdout.write(`${formatSummary(summariseProfile(profile, Number(top)), items ? Number(items) : undefined)}\n`);
}
