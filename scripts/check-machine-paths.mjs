// Fails when a tracked file names an absolute path of a build or developer machine: a folder under
// the work, farm or root trees, a user's home (home/<name>/, Users/<name>/) or a file in the temp
// folder (tmp/<name>), each rooted at "/". Such a path points at a file no reader of the repository
// can open (a note on the machine that wrote the code, a raw profile in its temp folder), so a
// comment or document that cites one cites nothing.
//
// Usage: node scripts/check-machine-paths.mjs [directory]   (default: the current directory)
// Reads every file `git ls-files` lists in that directory's repository (the working-tree copy),
// except package-lock.json and binary files. Prints `file:line: path` per finding and exits 1 when
// there is any, 0 when there is none, 2 when git cannot list the files.
//
// What is not a machine path, and why it passes:
// - a path inside a URL or after a word (https://host/work/..., $HOME/work/...): the character
//   before the leading "/" must not be a letter, digit, "_" or "." (BOUNDARY below);
// - the temp folder itself, as code uses it for an os.tmpdir() fallback (`${TMPDIR:-/tmp}`,
//   '/tmp' + sep): only a name below it counts;
// - the few paths a reader is meant to type on their own machine, listed in ALLOWED below by file,
//   each with its reason. Add to that list rather than loosening the pattern.
//
// The patterns are assembled from pieces so that this file does not match itself.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

const SLASH = '/';
const abs = (...segments) => SLASH + segments.join(SLASH);

/** The character before a machine path: none, or one that cannot end a host name or a word. */
const BOUNDARY = '(^|[^.A-Za-z0-9_])';
/** One path segment: what may stand between two slashes in a path worth reporting. */
const NAME = '[A-Za-z0-9._@+-]+';

const ROOTS = [
	// Whole trees that exist only on build machines.
	...['work', 'farm', 'root'].map((root) => `${root}${SLASH}`),
	// A user's home folder: home/<name>/ (Linux), Users/<name>/ (macOS).
	...['home', 'Users'].map((root) => `${root}${SLASH}${NAME}${SLASH}`),
	// A file or folder in the temp folder: tmp/<name>.
	`tmp${SLASH}${NAME}`,
];

const MACHINE_PATH = new RegExp(`${BOUNDARY}(${SLASH}(?:${ROOTS.join('|')})[^\\s'"\`<>()[\\]{},;|]*)`, 'g');

/** Paths a reader types on their own machine; `path` is a prefix of the reported path. */
const ALLOWED = [
	...['README.md', 'README.zh-CN.md'].map((file) => ({
		file,
		path: abs('home', 'node', '.n8n', ''),
		why: "the user folder of n8n's official Docker image (user node), where community nodes go",
	})),
	{
		file: 'docs/queue-mode.md',
		path: abs('tmp', 'n8n-queue-demo'),
		why: 'the example --dir a reader passes to scripts/queue/start-services.sh',
	},
];

const SKIPPED_FILES = new Set(['package-lock.json']);
const BINARY_EXTENSIONS = new Set([
	'.png', '.jpg', '.jpeg', '.gif', '.webp', '.ico', '.bmp', '.pdf', '.zip', '.gz', '.tgz', '.tar',
	'.woff', '.woff2', '.ttf', '.otf', '.eot', '.mp4', '.webm', '.wasm', '.node',
]);

/** Git's own test: a NUL byte in the first 8000 bytes makes a file binary. */
function isBinary(bytes) {
	return bytes.subarray(0, 8000).includes(0);
}

function isAllowed(file, path) {
	return ALLOWED.some((entry) => entry.file === file && path.startsWith(entry.path));
}

/** Every machine path in `text`, as {line, path}. */
function findMachinePaths(text) {
	const findings = [];
	const lines = text.split(/\r\n|\r|\n/);
	lines.forEach((line, index) => {
		for (const match of line.matchAll(MACHINE_PATH)) {
			findings.push({ line: index + 1, path: match[2] });
		}
	});
	return findings;
}

function trackedFiles(root) {
	const output = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	return output.split('\0').filter(Boolean);
}

function main() {
	const root = resolve(process.argv[2] ?? process.cwd());
	let files;
	try {
		files = trackedFiles(root);
	} catch (error) {
		process.stderr.write(`check-machine-paths: cannot list the tracked files of ${root}: ${error.message}\n`);
		process.exit(2);
	}

	const problems = [];
	let checked = 0;
	for (const file of files) {
		const name = file.split(SLASH).pop();
		if (SKIPPED_FILES.has(name) || BINARY_EXTENSIONS.has(extname(file).toLowerCase())) continue;
		let bytes;
		try {
			bytes = readFileSync(join(root, file));
		} catch {
			continue; // tracked but deleted (or replaced by a folder) in the working tree
		}
		if (isBinary(bytes)) continue;
		checked++;
		for (const { line, path } of findMachinePaths(bytes.toString('utf8'))) {
			if (!isAllowed(file, path)) problems.push(`${file}:${line}: ${path}`);
		}
	}

	if (problems.length > 0) {
		process.stderr.write(
			`check-machine-paths: ${problems.length} absolute path(s) of a build machine in tracked files:\n` +
				problems.map((problem) => `  ${problem}\n`).join('') +
				'Cite a file of the repository instead (or restate what it says); a path a reader types on their own\n' +
				'machine goes into ALLOWED in scripts/check-machine-paths.mjs, with its reason.\n',
		);
		process.exit(1);
	}
	process.stdout.write(`check-machine-paths: no machine paths in ${checked} tracked text files\n`);
}

main();
