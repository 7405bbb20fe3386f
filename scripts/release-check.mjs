// npm run release:check — what n8n's verification will see, checked before a release: build, pack the
// tarball npm would publish, run n8n's own scanner analysis on the source and on the unpacked tarball
// (the two legs of analyzePackageByName in @n8n/scan-community-package), check package.json's metadata,
// the README inside the tarball and how the release workflow publishes, then say what still blocks a
// verified listing. Exits 1 when a local check fails. Needs no network.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { checkPackageMetadata, checkReadmeLinks, checkReleaseWorkflow, repoFromPackage } = require('./release-checks.js');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const results = [];
const record = (name, passed, detail) => {
	results.push({ name, passed, detail });
	console.log(`${passed ? '✅' : '❌'} ${name}${detail ? `: ${detail}` : ''}`);
};
const run = (command, args, options = {}) =>
	spawnSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });

// The scanner's module makes its own temporary folder when loaded and removes it only with tmp's graceful
// cleanup on, so turn that on in the very tmp instance it resolves.
const scannerPath = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
createRequire(scannerPath)('tmp').setGracefulCleanup();
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(scannerPath);

const work = mkdtempSync(join(tmpdir(), 'n8n-release-check-'));
if (!work || !work.startsWith(tmpdir() + sep) || !statSync(work).isDirectory()) throw new Error(`unexpected temporary folder ${work}`);
let exitCode = 1;
try {
	exitCode = await main(work);
} finally {
	rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);

async function main(work) {
	console.log('== npm run build');
	const build = run('npm', ['run', 'build'], { stdio: 'inherit' });
	record('build (npm run build)', build.status === 0);
	if (build.status !== 0) return summary(null);

	console.log('== npm pack');
	const pack = run('npm', ['pack', '--json', '--pack-destination', work]);
	let packed = null;
	try {
		packed = JSON.parse(pack.stdout)[0];
	} catch {
		// reported below
	}
	const tarball = packed ? join(work, packed.filename) : null;
	const packageDir = join(work, 'package');
	const unpacked = tarball && existsSync(tarball) && run('tar', ['-xzf', tarball, '-C', work]).status === 0 && existsSync(join(packageDir, 'package.json'));
	record('npm pack and unpack', Boolean(unpacked), unpacked ? `${packed.filename}, ${packed.entryCount} files, ${(packed.size / 1024).toFixed(1)} kB` : (pack.stderr || 'no tarball').trim());
	if (!unpacked) return summary(null);

	console.log("== n8n's scanner (@n8n/scan-community-package analyzePackage, as analyzePackageByName runs it)");
	const legs = [
		['source leg', root, SOURCE_FILE_PATTERNS],
		['tarball leg', packageDir, ['**/*.js', 'package.json']],
	];
	for (const [leg, dir, patterns] of legs) {
		const result = await analyzePackage(dir, patterns);
		record(`scanner ${leg} (${patterns.join(', ')})`, result.passed, result.passed ? result.message : `${result.message}${result.details ? ' (ESLint output below)' : ''}`);
		if (!result.passed && result.details) console.log(result.details.trimEnd());
	}

	console.log('== package.json metadata (the tarball copy)');
	const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
	const metadata = checkPackageMetadata(pkg, (file) => existsSync(join(packageDir, file)));
	record('package.json metadata', metadata.passed, metadata.passed ? 'author, homepage, github.com repository, bugs, keyword, no dependencies, n8n-workflow as peer, n8n entries in the tarball' : `${metadata.problems.length} problem(s)`);
	for (const problem of metadata.problems) console.log(`   - ${problem}`);

	console.log('== README links and images (the tarball copy)');
	const repo = repoFromPackage(pkg);
	const readmePath = join(packageDir, 'README.md');
	const ls = run('git', ['ls-files', '--cached', '-z']);
	if (!repo || !existsSync(readmePath) || ls.status !== 0) {
		record('README links and images', false, !repo ? "package.json's repository is not on github.com" : !existsSync(readmePath) ? 'README.md is not in the tarball' : `git ls-files failed: ${ls.stderr.trim()}`);
	} else {
		const links = checkReadmeLinks(readFileSync(readmePath, 'utf8'), { repo, trackedFiles: ls.stdout.split('\0').filter(Boolean) });
		record('README links and images', links.passed, links.passed ? `${links.links} links and ${links.images} images, all absolute on github.com/${repo.owner}/${repo.repo} and tracked` : `${links.problems.length} problem(s)`);
		for (const problem of links.problems) console.log(`   - ${problem}`);
	}

	console.log('== release workflow (.github/workflows/release.yml)');
	const workflowPath = join(root, '.github', 'workflows', 'release.yml');
	const workflow = existsSync(workflowPath) ? checkReleaseWorkflow(readFileSync(workflowPath, 'utf8')) : { passed: false, problems: ['.github/workflows/release.yml is missing'] };
	record('release workflow', workflow.passed, workflow.passed ? 'trusted publishing (OIDC) with provenance, npm ≥ 11.5.1, no stored npm token' : `${workflow.problems.length} problem(s)`);
	for (const problem of workflow.problems) console.log(`   - ${problem}`);
	return summary(pkg);
}

function summary(packed) {
	// Without a tarball, the repository's own package.json names the version the tag would carry.
	const pkg = packed ?? JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	const failed = results.filter((r) => !r.passed);
	const label = `${pkg.name}@${pkg.version}`;
	console.log('\n== release check summary');
	for (const r of results) console.log(`  ${r.passed ? 'PASS' : 'FAIL'}  ${r.name}`);
	console.log('\nWhat still blocks a verified listing:');
	if (failed.length > 0) console.log(`  - the failed local check(s) above: ${failed.map((r) => r.name).join('; ')}`);
	console.log(
		[
			`  - npm provenance, which no local run can show: the scanner's first check (checkPackageProvenance) passes only for`,
			`    a version published with provenance, i.e. by the GitHub Action with \`npm publish --provenance\`. That`,
			`    happens when a v${pkg.version} tag is pushed (.github/workflows/release.yml). The scanner then downloads`,
			`    the source commit the attestation names from github.com and lints it with the rules of the scanner's source leg,`,
			`    so that commit (the tag) must pass it, and the repository must be public at package.json's repository URL.`,
			`  - after ${label} is published with provenance: submit it for verification in the n8n Creator Portal.`,
		].join('\n'),
	);
	console.log(failed.length > 0 ? `\nrelease check FAILED (${failed.length} of ${results.length})` : `\nrelease check passed (${results.length} local checks)`);
	return failed.length > 0 ? 1 : 0;
}
