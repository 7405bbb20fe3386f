// The import boundaries of the repository, as one ESLint rule: every module a file names (import, export …
// from, import(), require()) is resolved to what it is (a package, or a path in the repository) and checked
// against the zone the file belongs to. Zones are listed by folder, but the check is on where an import
// lands, never on how its path is spelled. A module named by an expression cannot be checked, so a zone
// that restricts imports refuses it.
import path from 'node:path';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/** The repository folder (posix, relative) a relative specifier in `file` lands in. */
function landing(file, specifier) {
	return path.relative(REPO, path.resolve(path.dirname(file), specifier)).split(path.sep).join('/');
}

const within = (relative, folder) => relative === folder || relative.startsWith(`${folder}/`);

/**
 * Zones, most specific first; a file belongs to the first zone whose folders hold it.
 * - `mayImport`: the only places and packages the zone may use (protocol layer: itself and Node's built-ins);
 * - `mayNotImport`: places the zone must not reach (tooling that imports test/ or scripts/).
 * test/scripts/ is the one place a script is imported: by its own test.
 */
export const ZONES = [
	{
		name: 'the protocol layer',
		folders: ['nodes/protocol'],
		mayImport: { folders: ['nodes/protocol'], packages: [/^node:/] },
		why: 'nodes/protocol/ speaks WeChat and knows nothing of n8n or of the nodes above it (ARCHITECTURE.md): put n8n code in nodes/shared/ or a node folder',
	},
	{
		name: 'the published package',
		folders: ['nodes', 'credentials'],
		mayImport: { folders: ['nodes', 'credentials'], packages: [/^node:/, /^n8n-workflow$/] },
		why: 'the published package has no runtime dependencies and never uses tooling: only its own files, n8n-workflow (a peer dependency) and Node built-ins',
	},
	{
		name: 'the tooling',
		folders: ['harness', 'sandbox', 'bench'],
		mayNotImport: ['test', 'scripts'],
		why: 'test/ and scripts/ hold suites and entry points, not libraries: move what is shared into harness/',
	},
	{
		name: 'the scripts',
		folders: ['scripts'],
		mayNotImport: ['test'],
		why: 'test/ holds suites, not libraries: move what a script shares with a test into harness/',
	},
	{
		// A script's own test needs the script; nothing else does.
		name: 'the tests of scripts',
		folders: ['test/scripts'],
		mayNotImport: [],
		why: '',
	},
	{
		name: 'the tests',
		folders: ['test'],
		mayNotImport: ['scripts'],
		why: 'scripts/ holds entry points, not libraries: what a test shares with a script belongs in harness/, and a test of a script lives in test/scripts/',
	},
];

function zoneOf(relativeFile) {
	return ZONES.find((zone) => zone.folders.some((folder) => within(relativeFile, folder)));
}

function problem(zone, specifier, relativeFile) {
	if (typeof specifier !== 'string') return zone.mayImport ? 'a module named by an expression cannot be checked' : null;
	const isRelative = specifier.startsWith('.');
	const target = isRelative ? landing(path.join(REPO, relativeFile), specifier) : null;
	if (zone.mayImport) {
		if (isRelative) return zone.mayImport.folders.some((folder) => within(target, folder)) ? null : `${specifier} (${target})`;
		return zone.mayImport.packages.some((pattern) => pattern.test(specifier)) ? null : specifier;
	}
	if (isRelative && zone.mayNotImport.some((folder) => within(target, folder))) return `${specifier} (${target})`;
	return null;
}

const rule = {
	meta: {
		type: 'problem',
		docs: { description: 'Each zone of the repository imports only what it may, however the import is written' },
		messages: { outside: '{{zone}} may not import {{what}}: {{why}}.' },
		schema: [],
	},
	create(context) {
		const relativeFile = path.relative(REPO, context.filename).split(path.sep).join('/');
		const zone = zoneOf(relativeFile);
		if (!zone) return {};
		const check = (node, source) => {
			const specifier = source && source.type === 'Literal' && typeof source.value === 'string' ? source.value : source && source.type === 'TemplateLiteral' && source.expressions.length === 0 ? source.quasis[0].value.cooked : undefined;
			const what = problem(zone, specifier, relativeFile);
			if (what) context.report({ node, messageId: 'outside', data: { zone: zone.name, what, why: zone.why } });
		};
		return {
			ImportDeclaration: (node) => check(node, node.source),
			ExportNamedDeclaration: (node) => node.source && check(node, node.source),
			ExportAllDeclaration: (node) => check(node, node.source),
			ImportExpression: (node) => check(node, node.source),
			TSImportType: (node) => check(node, node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument),
			TSExternalModuleReference: (node) => check(node, node.expression),
			CallExpression: (node) => {
				if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, node.arguments[0]);
			},
		};
	},
};

export const importBoundariesPlugin = { rules: { 'import-boundaries': rule } };
