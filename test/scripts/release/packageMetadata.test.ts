import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { checkPackageMetadata } from '../../../scripts/release-checks';

const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as Record<string, unknown>;
const n8n = pkg.n8n as { nodes: string[]; credentials: string[] };
const shipped = new Set([...n8n.nodes, ...n8n.credentials]);
const inTarball = (file: string) => shipped.has(file);

describe("package.json's metadata for n8n's verification", () => {
	it("passes on this package's package.json when every n8n entry is in the tarball", () => {
		expect(checkPackageMetadata(pkg, inTarball)).toEqual({ passed: true, problems: [] });
	});

	it.each<[string, Record<string, unknown>, RegExp]>([
		['an author without email', { author: { name: 'Someone' } }, /author needs a name and an email/],
		['no homepage', { homepage: undefined }, /homepage/],
		['a repository off github.com', { repository: { type: 'git', url: 'https://gitlab.com/a/b.git' } }, /github\.com repository/],
		['no bugs', { bugs: undefined }, /bugs/],
		['no community keyword', { keywords: ['n8n'] }, /n8n-community-node-package/],
		['a runtime dependency', { dependencies: { axios: '1.0.0' } }, /no runtime dependencies allowed, found: axios/],
		['n8n-workflow as a dependency', { dependencies: { 'n8n-workflow': '*' }, peerDependencies: {} }, /n8n-workflow must be a peerDependency/],
		['a wrong name', { name: 'wechat-nodes' }, /n8n-nodes-/],
		['a main that is not shipped', { main: 'index.js' }, /main names index\.js, which is not in the package/],
	])('fails on %s', (_name, change, problem) => {
		const result = checkPackageMetadata({ ...pkg, ...change }, inTarball);
		expect(result.passed).toBe(false);
		expect(result.problems).toContainEqual(expect.stringMatching(problem));
	});

	it('accepts an author string "Name <email>"', () => {
		expect(checkPackageMetadata({ ...pkg, author: 'Someone <someone@example.com>' }, inTarball).passed).toBe(true);
	});

	it('fails when a file of the n8n field is missing from the tarball', () => {
		const result = checkPackageMetadata(pkg, (file) => !file.includes('Trigger'));
		expect(result.problems).toEqual([
			"dist/nodes/WeChatMiniProgramTrigger/WeChatMiniProgramTrigger.node.js (named in package.json's n8n field) is not in the package",
		]);
	});
});
