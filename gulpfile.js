// Build steps tsc does not do: clear dist/ first, then copy icons and codex files next to the compiled nodes.
const fs = require('node:fs');
const path = require('node:path');
const { src, dest, task, parallel } = require('gulp');

const DIST = path.join(__dirname, 'dist');

function clean(done) {
	fs.rmSync(DIST, { recursive: true, force: true });
	done();
}

function copyAssets() {
	return src(['nodes/**/*.{svg,png}', 'nodes/**/*.node.json', 'credentials/**/*.{svg,png}'], {
		base: '.',
		encoding: false,
	}).pipe(dest(DIST));
}

task('clean', clean);
task('build:assets', parallel(copyAssets));
