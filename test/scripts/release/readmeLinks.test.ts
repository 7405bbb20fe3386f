import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { checkReadmeLinks, extractLinks, repoFromPackage } from '../../../scripts/release-checks';
import { isGitWorkTree, itWhen } from '../../helpers/git';

const root = join(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
const repo = { owner: 'acme', repo: 'n8n-nodes-demo' };
const blob = 'https://github.com/acme/n8n-nodes-demo/blob/main/';
const raw = 'https://raw.githubusercontent.com/acme/n8n-nodes-demo/main/';
const trackedFiles = ['docs/guide.md', 'docs/shot.png', 'examples/1.json'];
const check = (markdown: string) => checkReadmeLinks(markdown, { repo, trackedFiles });

describe('repoFromPackage', () => {
	it.each([
		'git+https://github.com/acme/n8n-nodes-demo.git',
		'https://github.com/acme/n8n-nodes-demo',
		'git@github.com:acme/n8n-nodes-demo.git',
		'github:acme/n8n-nodes-demo',
	])('reads %s', (url) => {
		expect(repoFromPackage({ repository: { type: 'git', url } })).toEqual(repo);
	});

	it('refuses a repository that is not on github.com', () => {
		expect(repoFromPackage({ repository: { url: 'https://gitlab.com/acme/n8n-nodes-demo.git' } })).toBeNull();
		expect(repoFromPackage({})).toBeNull();
	});
});

describe('README links and images', () => {
	it('accepts absolute links and images on the base package.json names, anchors and foreign sites', () => {
		const result = check(
			[
				`# Demo`,
				`![shot](${raw}docs/shot.png) see [the guide](${blob}docs/guide.md#setup) and [examples](https://github.com/acme/n8n-nodes-demo/tree/main/examples)`,
				`[issues](https://github.com/acme/n8n-nodes-demo/issues), [below](#install), [n8n](https://n8n.io), [other](https://github.com/n8n-io/n8n/blob/master/README.md)`,
				'```md',
				'[inside a code block](docs/missing.md)',
				'```',
				'and `[in a code span](docs/missing.md)`',
			].join('\n'),
		);
		expect(result.problems).toEqual([]);
		expect(result).toMatchObject({ passed: true, images: 1, links: 6 });
	});

	it.each([
		['a relative link', '[guide](docs/guide.md)', /line 1: link docs\/guide\.md is relative.*blob\/main\/docs\/guide\.md/],
		['a relative image', '![shot](./docs/shot.png)', /image \.\/docs\/shot\.png is relative.*raw\.githubusercontent\.com\/acme\/n8n-nodes-demo\/main\/docs\/shot\.png/],
		['an image nested in a link', `[![shot](docs/shot.png)](${blob}docs/guide.md)`, /image docs\/shot\.png is relative/],
		['an HTML image', '<p><img src="docs/shot.png" width="300"></p>', /image docs\/shot\.png is relative/],
		['a reference definition', '[guide]\n\n[guide]: docs/guide.md', /line 3: link docs\/guide\.md is relative/],
		['another owner of the same repository', '[guide](https://github.com/someone-else/n8n-nodes-demo/blob/main/docs/guide.md)', /but package.json's repository is github.com\/acme\/n8n-nodes-demo/],
		['another repository of the same owner', `![shot](https://raw.githubusercontent.com/acme/old-name/main/docs/shot.png)`, /points at github.com\/acme\/old-name/],
		['another branch', '[guide](https://github.com/acme/n8n-nodes-demo/blob/dev/docs/guide.md)', /must start with https:\/\/github.com\/acme\/n8n-nodes-demo\/blob\/main\//],
		['an image served as a github.com page', `![shot](${blob}docs/shot.png)`, /images must come from https:\/\/raw.githubusercontent.com/],
		['a link to an untracked file', `[gone](${blob}docs/gone.md)`, /docs\/gone\.md is not a tracked file/],
		['an image of an untracked file', `![gone](${raw}bench/chart.svg)`, /bench\/chart\.svg is not a tracked file/],
		['a folder without tracked files', '[x](https://github.com/acme/n8n-nodes-demo/tree/main/nothing)', /nothing is not a folder/],
	])('fails on %s', (_name, markdown, problem) => {
		const result = check(markdown);
		expect(result.passed).toBe(false);
		expect(result.problems).toEqual([expect.stringMatching(problem)]);
	});

	it("fails on a bad README, one problem per bad target, with each line", () => {
		const result = check(`# Demo\n\n![shot](docs/shot.png)\n\nsee [the guide](docs/guide.md) and [ok](${blob}docs/guide.md)\n`);
		expect(result.passed).toBe(false);
		expect(result.problems.map((p) => p.split(':')[0])).toEqual(['line 3', 'line 5']);
	});

	it('finds inline, nested, reference and HTML targets', () => {
		expect(extractLinks('[![a](i.png)](l.md) <a href="h.md">h</a>\n![r][img]\n\n[img]: r.png').map((l) => `${l.kind} ${l.target}`)).toEqual(
			expect.arrayContaining(['link l.md', 'image i.png', 'link h.md', 'image r.png']),
		);
	});

	const inClone = itWhen(isGitWorkTree(root), "not a git clone (a source archive): it checks the README's links against git's tracked files");
	// The Chinese README is read on GitHub only, but from a link in the English one: its links must hold too.
	for (const readme of ['README.md', 'README.zh-CN.md']) inClone(`passes on this package's ${readme} against package.json's repository and the tracked files`, () => {
		const ownRepo = repoFromPackage(pkg);
		expect(ownRepo).not.toBeNull();
		const tracked = execFileSync('git', ['ls-files', '--cached'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
		const result = checkReadmeLinks(readFileSync(join(root, readme), 'utf8'), { repo: ownRepo!, trackedFiles: tracked });
		expect(result.problems).toEqual([]);
		expect(result.images).toBeGreaterThan(0);
	});
});
