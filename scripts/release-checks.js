// Checks that need no network, shared by `npm run release:check` (scripts/release-check.mjs) and the
// unit tests (test/scripts/release): the GitHub repository named in package.json, the README's links and
// images (the README is read on npm and on n8n's community-node page, where relative paths lead nowhere),
// the package.json fields n8n's verification asks for, and the release workflow's way of publishing.
// Types: release-checks.d.ts.
'use strict';

const GITHUB_REPO = /^(?:git\+)?(?:https?:\/\/|ssh:\/\/git@|git:\/\/|git@)?(?:www\.)?github\.com[/:]([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/;

/** owner and repo of package.json's `repository` when it is on github.com, else null. */
function repoFromPackage(pkg) {
	const repository = pkg && pkg.repository;
	const url = typeof repository === 'string' ? repository : repository && repository.url;
	if (typeof url !== 'string') return null;
	const shorthand = /^(?:github:)?([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(url);
	const match = shorthand || GITHUB_REPO.exec(url.trim());
	return match ? { owner: match[1], repo: match[2] } : null;
}

/** Where a file of the repository is read (`blob`) and where an image is served from (`raw`). */
function repoUrls({ owner, repo }, branch = 'main') {
	return {
		blob: `https://github.com/${owner}/${repo}/blob/${branch}/`,
		tree: `https://github.com/${owner}/${repo}/tree/${branch}/`,
		raw: `https://raw.githubusercontent.com/${owner}/${repo}/${branch}/`,
	};
}

/** The markdown with fenced code blocks and code spans blanked out, line breaks kept. */
function withoutCode(markdown) {
	const blank = (text) => text.replace(/[^\n]/g, ' ');
	const lines = markdown.split('\n');
	let fence = null;
	const kept = lines.map((line) => {
		const opener = /^ {0,3}(`{3,}|~{3,})/.exec(line);
		if (fence) {
			const closer = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
			if (closer && closer[1][0] === fence[0] && closer[1].length >= fence.length) fence = null;
			return blank(line);
		}
		if (opener) {
			fence = opener[1];
			return blank(line);
		}
		return line;
	});
	return kept.join('\n').replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (span) => blank(span));
}

const INLINE = /(!?)\[((?:[^[\]]|\[[^\]]*\])*)\]\(\s*(<[^>\n]*>|[^\s)]+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
const REFERENCE_USE = /(!?)\[((?:[^[\]]|\[[^\]]*\])*)\]\[([^\]]*)\]/g;
const DEFINITION = /^ {0,3}\[([^\]]+)\]:\s*(<[^>\n]*>|\S+)/gm;
const HTML = /<(img|a|source)\b[^>]*?\s(src|href|srcset)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;

/** Every link and image target of a markdown text: inline, by reference and in HTML tags. */
function extractLinks(markdown) {
	const text = withoutCode(markdown);
	const lineOf = (index) => text.slice(0, index).split('\n').length;
	const found = [];
	const inline = (chunk, offset) => {
		for (const m of chunk.matchAll(INLINE)) {
			const target = m[3].replace(/^<|>$/g, '');
			found.push({ kind: m[1] ? 'image' : 'link', target, line: lineOf(offset + m.index) });
			inline(m[2], offset + m.index + m[1].length + 1);
		}
	};
	inline(text, 0);
	const imageRefs = new Set();
	for (const m of text.matchAll(REFERENCE_USE)) if (m[1]) imageRefs.add((m[3] || m[2]).toLowerCase());
	for (const m of text.matchAll(DEFINITION)) {
		const label = m[1].toLowerCase();
		found.push({ kind: imageRefs.has(label) ? 'image' : 'link', target: m[2].replace(/^<|>$/g, ''), line: lineOf(m.index) });
	}
	for (const m of text.matchAll(HTML)) {
		const value = m[3].replace(/^["']|["']$/g, '');
		const kind = /^a$/i.test(m[1]) ? 'link' : 'image';
		const targets = /^srcset$/i.test(m[2]) ? value.split(',').map((s) => s.trim().split(/\s+/)[0]).filter(Boolean) : [value];
		for (const target of targets) found.push({ kind, target, line: lineOf(m.index) });
	}
	return found.sort((a, b) => a.line - b.line);
}

/**
 * Problems with the README's links and images: any relative one; any into this repository (same owner
 * or same repository name on github.com or raw.githubusercontent.com) that is not under the exact base
 * derived from package.json (links to `blob/main/`, images from raw `main/`); any such path that is not
 * a tracked file (or, for `tree/main/`, a folder holding tracked files). Links within the page (`#…`)
 * and to the repository's own pages (issues, releases, the repository itself) are fine.
 */
function checkReadmeLinks(markdown, { repo, trackedFiles, branch = 'main' }) {
	const tracked = new Set(trackedFiles);
	const urls = repoUrls(repo, branch);
	const problems = [];
	const links = extractLinks(markdown);
	const isFile = (p) => tracked.has(p);
	const isFolder = (p) => [...tracked].some((f) => f.startsWith(`${p.replace(/\/$/, '')}/`));
	for (const { kind, target, line } of links) {
		const where = `line ${line}: ${kind} ${target}`;
		if (target.startsWith('#') || /^mailto:/i.test(target)) continue;
		if (!/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('//')) {
			problems.push(`${where} is relative: on npm and on n8n's community-node page it leads nowhere; use ${kind === 'image' ? urls.raw : urls.blob}${target.replace(/^\.?\//, '')}`);
			continue;
		}
		let url;
		try {
			url = new URL(target.startsWith('//') ? `https:${target}` : target);
		} catch {
			problems.push(`${where} is not a valid URL`);
			continue;
		}
		const host = url.hostname.toLowerCase();
		if (host !== 'github.com' && host !== 'www.github.com' && host !== 'raw.githubusercontent.com') continue;
		const [owner = '', name = '', ...rest] = url.pathname.split('/').filter(Boolean);
		const intoThisRepo =
			owner.toLowerCase() === repo.owner.toLowerCase() || name.replace(/\.git$/, '').toLowerCase() === repo.repo.toLowerCase();
		if (!intoThisRepo) continue;
		if (owner !== repo.owner || name !== repo.repo) {
			problems.push(`${where} points at github.com/${owner}/${name}, but package.json's repository is github.com/${repo.owner}/${repo.repo}`);
			continue;
		}
		const plain = `${url.origin}${url.pathname}`;
		const decode = (p) => {
			try {
				return decodeURIComponent(p);
			} catch {
				return p;
			}
		};
		if (kind === 'image') {
			if (!plain.startsWith(urls.raw)) {
				problems.push(`${where}: images must come from ${urls.raw}<path> (a github.com page is HTML, not an image)`);
				continue;
			}
			const path = decode(plain.slice(urls.raw.length));
			if (!isFile(path)) problems.push(`${where}: ${path} is not a tracked file of the repository`);
			continue;
		}
		if (host === 'raw.githubusercontent.com') {
			const path = decode(plain.slice(urls.raw.length));
			if (!plain.startsWith(urls.raw)) problems.push(`${where}: not on ${urls.raw}`);
			else if (!isFile(path)) problems.push(`${where}: ${path} is not a tracked file of the repository`);
			continue;
		}
		if (rest.length === 0 || ['issues', 'pulls', 'releases', 'tags', 'actions', 'discussions', 'wiki', 'security'].includes(rest[0])) continue;
		if (plain.startsWith(urls.blob)) {
			const path = decode(plain.slice(urls.blob.length));
			if (!isFile(path)) problems.push(`${where}: ${path} is not a tracked file of the repository`);
		} else if (plain.startsWith(urls.tree)) {
			const path = decode(plain.slice(urls.tree.length));
			if (!isFolder(path)) problems.push(`${where}: ${path} is not a folder with tracked files`);
		} else {
			problems.push(`${where}: links into the repository must start with ${urls.blob} (or ${urls.tree} for a folder)`);
		}
	}
	return {
		passed: problems.length === 0,
		links: links.filter((l) => l.kind === 'link').length,
		images: links.filter((l) => l.kind === 'image').length,
		problems,
	};
}

/**
 * Problems with package.json for n8n's verification: author with name and email, homepage, a github.com
 * repository, bugs, the community-node keyword, no runtime dependencies, n8n-workflow only as a peer
 * dependency, and every `n8n.nodes` / `n8n.credentials` file present (`hasFile` answers for the tarball).
 */
function checkPackageMetadata(pkg, hasFile) {
	const problems = [];
	const author = typeof pkg.author === 'string' ? /^\s*([^<(]+?)\s*(?:<([^>]+)>)?\s*(?:\(([^)]+)\))?\s*$/.exec(pkg.author) : null;
	const authorName = author ? author[1] : pkg.author && pkg.author.name;
	const authorEmail = author ? author[2] : pkg.author && pkg.author.email;
	if (!authorName || !authorEmail) problems.push('author needs a name and an email');
	if (typeof pkg.homepage !== 'string' || !/^https?:\/\//.test(pkg.homepage)) problems.push('homepage must be an http(s) URL');
	if (!repoFromPackage(pkg)) problems.push('repository.url must name a github.com repository');
	const bugs = typeof pkg.bugs === 'string' ? pkg.bugs : pkg.bugs && (pkg.bugs.url || pkg.bugs.email);
	if (!bugs) problems.push('bugs must give a URL or an email');
	if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?n8n-nodes-/.test(pkg.name || '')) problems.push('name must start with n8n-nodes- (or @scope/n8n-nodes-)');
	if (!Array.isArray(pkg.keywords) || !pkg.keywords.includes('n8n-community-node-package')) problems.push('keywords must include n8n-community-node-package');
	const deps = Object.keys(pkg.dependencies || {});
	if (deps.length > 0) problems.push(`no runtime dependencies allowed, found: ${deps.join(', ')}`);
	for (const field of ['optionalDependencies', 'bundleDependencies', 'bundledDependencies']) {
		const value = pkg[field];
		const names = Array.isArray(value) ? value : Object.keys(value || {});
		if (names.includes('n8n-workflow')) problems.push(`n8n-workflow must only be a peerDependency, found in ${field}`);
	}
	if (!pkg.peerDependencies || !pkg.peerDependencies['n8n-workflow']) problems.push('n8n-workflow must be a peerDependency');
	const n8n = pkg.n8n || {};
	if (!n8n.n8nNodesApiVersion) problems.push('n8n.n8nNodesApiVersion is missing');
	const nodes = Array.isArray(n8n.nodes) ? n8n.nodes : [];
	const credentials = Array.isArray(n8n.credentials) ? n8n.credentials : [];
	if (nodes.length === 0) problems.push('n8n.nodes lists no node');
	for (const file of [...nodes, ...credentials]) if (!hasFile(file)) problems.push(`${file} (named in package.json's n8n field) is not in the package`);
	// n8n loads the files of the n8n field, never `main`; a `main` naming a missing file misleads every other tool.
	if (pkg.main !== undefined && !hasFile(String(pkg.main).replace(/^\.\//, ''))) problems.push(`main names ${pkg.main}, which is not in the package: remove main (n8n reads the n8n field) or point it at a shipped file`);
	return { passed: problems.length === 0, problems };
}

/** Trusted publishing needs npm 11.5.1 or newer, running on Node 22.14 or newer (docs.npmjs.com/trusted-publishers). */
const TRUSTED_NPM = [11, 5, 1];
const TRUSTED_NODE = [22, 14, 0];
/** Names under which a stored npm token reaches npm: setup-node's variable, the usual secret, an .npmrc line. */
const STORED_TOKEN = /\b(?:NODE_AUTH_TOKEN|NPM_TOKEN|NPM_AUTH_TOKEN)\b|_authToken|secrets\.[A-Za-z_]*(?:NPM|TOKEN)/i;

/** [major, minor, patch] of a version or the lowest version a spec such as `^11.5.1`, `11` or `>=11.5.1` allows. */
function lowestVersion(spec) {
	const match = /^(?:\^|~|>=)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(String(spec).trim());
	return match ? [Number(match[1]), Number(match[2] || 0), Number(match[3] || 0)] : null;
}

function atLeast(version, minimum) {
	for (let i = 0; i < minimum.length; i++) if (version[i] !== minimum[i]) return version[i] > minimum[i];
	return true;
}

/** Each job's lines under `jobs:`, by job id (two-space indented keys, as GitHub's own examples write them). */
function workflowJobs(yaml) {
	const jobs = new Map();
	let inJobs = false;
	let current = null;
	for (const line of yaml.split('\n')) {
		if (/^jobs:\s*$/.test(line)) {
			inJobs = true;
			continue;
		}
		if (/^\S/.test(line)) inJobs = false;
		if (!inJobs) continue;
		const job = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line);
		if (job) jobs.set((current = job[1]), []);
		else if (current) jobs.get(current).push(line);
	}
	return jobs;
}

/**
 * The release workflow publishes with npm's trusted publishing and provenance and stores no npm token:
 * no NODE_AUTH_TOKEN / NPM_TOKEN / _authToken anywhere, and the job that runs `npm publish` has
 * `id-token: write`, installs npm 11.5.1 or newer on Node 22.14 or newer, and publishes with
 * `--provenance --access public`.
 */
function checkReleaseWorkflow(yaml) {
	const problems = [];
	const code = yaml
		.split('\n')
		.map((line) => line.replace(/(^|\s)#.*$/, ''))
		.join('\n');
	const token = STORED_TOKEN.exec(code);
	if (token) problems.push(`a stored npm token (${token[0]}) is used: trusted publishing needs none, remove it`);
	const publishing = [...workflowJobs(code)].filter(([, lines]) => lines.some((line) => /\bnpm publish\b/.test(line)));
	if (publishing.length !== 1) {
		problems.push(`exactly one job must run npm publish, found ${publishing.length}`);
		return { passed: false, problems };
	}
	const [name, lines] = publishing[0];
	const job = lines.join('\n');
	if (!/^\s*id-token:\s*write\s*$/m.test(job)) problems.push(`job ${name} needs permissions id-token: write (npm exchanges GitHub's OIDC identity for a publish token)`);
	const publish = lines.find((line) => /\bnpm publish\b/.test(line));
	if (!/--provenance\b/.test(publish) || !/--access[ =]public\b/.test(publish)) problems.push(`job ${name} must run npm publish --provenance --access public, found: ${publish.trim()}`);
	const npmInstall = /\bnpm (?:install|i) (?:-g|--global) npm@(\S+)/.exec(job);
	const npmSpec = npmInstall ? npmInstall[1].replace(/^["']|["']$/g, '') : null;
	const npmVersion = npmSpec === 'latest' ? TRUSTED_NPM : npmSpec && lowestVersion(npmSpec);
	if (!npmVersion || !atLeast(npmVersion, TRUSTED_NPM)) {
		problems.push(`job ${name} must install npm ${TRUSTED_NPM.join('.')} or newer before publishing (npm install -g npm@^${TRUSTED_NPM.join('.')}), found ${npmSpec ? `npm@${npmSpec}` : 'none'}`);
	}
	const nodeVersion = /^\s*node-version:\s*["']?([^"'\s]+)/m.exec(job);
	const node = nodeVersion && lowestVersion(nodeVersion[1]);
	if (!node || !atLeast(node, TRUSTED_NODE)) problems.push(`job ${name} must set up Node ${TRUSTED_NODE.slice(0, 2).join('.')} or newer, found ${nodeVersion ? nodeVersion[1] : 'none'}`);
	return { passed: problems.length === 0, problems };
}

module.exports = { repoFromPackage, repoUrls, extractLinks, checkReadmeLinks, checkPackageMetadata, checkReleaseWorkflow };
