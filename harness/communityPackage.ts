import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runCommand } from './process';

export const PACKAGE_NAME = 'n8n-nodes-wechat-miniprogram';
/** The repository root: the nearest folder above this file (source or compiled) with our package.json. */
function findRepoRoot(start: string): string {
	for (let dir = start; ; dir = dirname(dir)) {
		const manifest = join(dir, 'package.json');
		if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
		if (dirname(dir) === dir) throw new Error(`no ${PACKAGE_NAME} package.json above ${start}`);
	}
}

export const repoRoot = findRepoRoot(__dirname);

/** n8n's own flags for `npm install` in a community package (CommunityPackagesService, 1.123 and 2.40). */
const N8N_NPM_INSTALL_ARGS = [
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
];

/**
 * Installs a community package tarball the way n8n's community-package installer does
 * (CommunityPackagesService.downloadPackage): unpack it into `<userFolder>/.n8n/nodes/node_modules/<name>`,
 * drop devDependencies/peerDependencies/optionalDependencies from its package.json (so n8n-workflow is
 * never installed: n8n provides it), `npm install` its runtime dependencies (none, for ours) without
 * scripts, and record it in `.n8n/nodes/package.json` ("installed-nodes"). n8n scans that folder at
 * start-up and loads the types as `<name>.<node>`. Returns the package folder. Aborting `signal` stops tar/npm.
 */
export async function installPackageTarball(userFolder: string, tarball: string, signal?: AbortSignal): Promise<string> {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	const manifestPath = join(nodesDir, 'package.json');
	if (!existsSync(manifestPath)) {
		writeFileSync(manifestPath, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	const unpackDir = mkdtempSync(join(nodesDir, '.unpack-'));
	try {
		await runCommand('tar', ['-xzf', resolve(tarball), '-C', unpackDir, '--strip-components=1'], {
			cwd: nodesDir,
			env: process.env,
			timeoutMs: 60000,
			signal,
		});
		const packageJsonPath = join(unpackDir, 'package.json');
		const packageJson = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { name: string; version: string; [key: string]: unknown };
		delete packageJson.devDependencies;
		delete packageJson.peerDependencies;
		delete packageJson.optionalDependencies;
		if (typeof packageJson.name !== 'string' || !/^(@[a-z0-9-._]+\/)?n8n-nodes-[a-z0-9-._]+$/.test(packageJson.name)) {
			throw new Error(`${tarball} is not a community node package (name "${String(packageJson.name)}")`);
		}
		writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2));

		const packageDir = join(nodesDir, 'node_modules', packageJson.name);
		if (existsSync(packageDir)) throw new Error(`${packageJson.name} is already installed in ${nodesDir}`);
		mkdirSync(dirname(packageDir), { recursive: true });
		renameSync(unpackDir, packageDir);
		await runCommand('npm', ['install', ...N8N_NPM_INSTALL_ARGS, '--loglevel=warn'], {
			cwd: packageDir,
			env: process.env,
			timeoutMs: 120000,
			signal,
		});

		const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { dependencies?: Record<string, string> };
		manifest.dependencies = { ...manifest.dependencies, [packageJson.name]: packageJson.version };
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		return packageDir;
	} finally {
		rmSync(unpackDir, { recursive: true, force: true });
	}
}

/** The built files package.json's `n8n` field names that are missing from dist/ (empty when the build is complete). */
export function missingBuildOutputs(): string[] {
	const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const declared = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	if (declared.length === 0) return ['(package.json declares no n8n nodes)'];
	return declared.filter((file) => !existsSync(join(repoRoot, file)));
}

/**
 * `npm pack` of the repository as it is on disk, into `destination`; returns the tarball's path.
 * Build first (`npm run build`): with the repo's ignore-scripts, `prepack` does not run here.
 */
export async function packRepository(destination: string): Promise<string> {
	const missing = missingBuildOutputs();
	if (missing.length > 0) throw new Error(`dist/ is incomplete, run the build first; missing: ${missing.join(', ')}`);
	mkdirSync(destination, { recursive: true });
	const { stdout } = await runCommand('npm', ['pack', '--json', '--pack-destination', destination], {
		cwd: repoRoot,
		env: process.env,
		timeoutMs: 120000,
	});
	const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
	return join(destination, packed.filename);
}

/**
 * A throwaway community package with the real package name and one trivial node (`harnessProbe`, passes
 * its items through with `probed: true`): proves the tarball install path and the type-name prefix
 * before our own nodes are built. Returns the .tgz path.
 */
export async function buildProbePackage(workDir: string): Promise<string> {
	const packageDir = join(workDir, 'probe-package');
	mkdirSync(join(packageDir, 'dist'), { recursive: true });
	writeFileSync(
		join(packageDir, 'package.json'),
		JSON.stringify(
			{
				name: PACKAGE_NAME,
				version: '0.0.0-harness-probe',
				keywords: ['n8n-community-node-package'],
				license: 'MIT',
				files: ['dist'],
				n8n: { n8nNodesApiVersion: 1, credentials: [], nodes: ['dist/HarnessProbe.node.js'] },
				peerDependencies: { 'n8n-workflow': '*' },
			},
			null,
			2,
		),
	);
	writeFileSync(
		join(packageDir, 'dist', 'HarnessProbe.node.js'),
		`'use strict';
class HarnessProbe {
	constructor() {
		this.description = {
			displayName: 'Harness Probe',
			name: 'harnessProbe',
			group: ['transform'],
			version: 1,
			description: 'Passes items through with probed: true (e2e harness self-test)',
			defaults: { name: 'Harness Probe' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		};
	}
	async execute() {
		return [this.getInputData().map((item, index) => ({ json: { ...item.json, probed: true }, pairedItem: { item: index } }))];
	}
}
module.exports = { HarnessProbe };
`,
	);
	await runCommand('npm', ['pack', '--pack-destination', workDir, '--loglevel=warn'], {
		cwd: packageDir,
		env: process.env,
		timeoutMs: 60000,
	});
	const tarball = readdirSync(workDir).find((file) => file.endsWith('.tgz'));
	if (tarball === undefined) throw new Error(`npm pack produced no tarball in ${workDir}`);
	return join(workDir, tarball);
}
