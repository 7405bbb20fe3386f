// Fails unless the npm pack listing holds every file the package.json `n8n` field names, with its icon.
const fs = require('node:fs');
const path = require('node:path');

const listing = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const files = new Set(listing[0].files.map((f) => f.path));
const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
const wanted = [...pkg.n8n.credentials, ...pkg.n8n.nodes];
const missing = wanted.filter((file) => !files.has(file));
for (const file of wanted) {
	const dir = path.posix.dirname(file);
	if (![...files].some((f) => f.startsWith(`${dir}/`) && /\.(svg|png)$/.test(f))) missing.push(`${dir}/<icon>`);
}
const strays = [...files].filter((f) => !/^(dist\/|package\.json$|README(\.zh-CN)?\.md$|LICENSE)/.test(f));
if (missing.length > 0 || strays.length > 0) {
	console.error(`pack check failed. missing: ${missing.join(', ') || 'none'}; unexpected: ${strays.join(', ') || 'none'}`);
	process.exit(1);
}
console.log(`pack check: ${files.size} files, all ${wanted.length} n8n entries present with icons`);
