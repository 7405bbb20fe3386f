import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { checkReleaseWorkflow } from '../../../scripts/release-checks';

const workflowsDir = join(__dirname, '../../../.github/workflows');
const release = readFileSync(join(workflowsDir, 'release.yml'), 'utf8');
const ci = readFileSync(join(workflowsDir, 'ci.yml'), 'utf8');

/** release.yml with one line replaced; the test fails loudly if the line is not there to replace. */
function releaseWith(line: RegExp, replacement: string): string {
	expect(release).toMatch(line);
	return release.replace(line, replacement);
}

describe('the release workflow publishes with trusted publishing (OIDC) and provenance', () => {
	it('passes on .github/workflows/release.yml', () => {
		expect(checkReleaseWorkflow(release)).toEqual({ passed: true, problems: [] });
	});

	it.each<[string, string, RegExp]>([
		['NODE_AUTH_TOKEN from a secret on the publish step', '\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n', /stored npm token \(NODE_AUTH_TOKEN\)/],
		['an .npmrc written with a token', '\n      - run: echo "//registry.npmjs.org/:_authToken=${{ secrets.PUBLISH }}" > ~/.npmrc\n', /stored npm token \(_authToken\)/],
	])('fails when a long-lived token comes back: %s', (_name, appended, problem) => {
		const result = checkReleaseWorkflow(release.trimEnd() + appended);
		expect(result.passed).toBe(false);
		expect(result.problems).toContainEqual(expect.stringMatching(problem));
	});

	it.each<[string, RegExp, string, RegExp]>([
		['without id-token: write', /^\s*id-token: write\s*$/m, '', /id-token: write/],
		['without --provenance', /npm publish --provenance --access public/, 'npm publish --access public', /--provenance --access public/],
		['with the npm that Node 20 bundles', /npm install -g npm@\S+/, 'npm --version', /npm 11\.5\.1 or newer/],
		['with npm 11.4', /npm install -g npm@\S+/, 'npm install -g npm@11.4.2', /found npm@11\.4\.2/],
		['on Node 20', /node-version: 24/, 'node-version: 20', /Node 22\.14 or newer, found 20/],
	])('fails %s', (_name, line, replacement, problem) => {
		const result = checkReleaseWorkflow(releaseWith(line, replacement));
		expect(result.passed).toBe(false);
		expect(result.problems).toContainEqual(expect.stringMatching(problem));
	});

	it('accepts npm@latest', () => {
		expect(checkReleaseWorkflow(releaseWith(/npm install -g npm@\S+/, 'npm install -g npm@latest')).passed).toBe(true);
	});

	it('still runs the project checks and the release check before publishing', () => {
		expect(release).toMatch(/needs: checks/);
		expect(release).toMatch(/run: bash \.ci\/run/);
		expect(release).toMatch(/run: npm run release:check/);
	});
});

describe('the CI workflow for pull requests', () => {
	it('runs on pull requests and on pushes to main', () => {
		expect(ci).toMatch(/^on:\n {2}pull_request:\n {2}push:\n {4}branches:\n {6}- main$/m);
	});

	it('runs npm ci, lint, build and the unit tests in that order on Node 20 with the npm cache', () => {
		const runs = [...ci.matchAll(/^\s*- run: (.+)$/gm)].map((match) => match[1]);
		expect(runs).toEqual(['npm ci', 'npm run lint', 'npm run build', 'npm test']);
		expect(ci).toMatch(/node-version: 20\n\s+cache: npm/);
	});

	it.each([
		['ci.yml', ci],
		['release.yml', release],
	])('%s pins every action by its major version', (_name, text) => {
		const uses = [...text.matchAll(/uses: (\S+)/g)].map((match) => match[1]);
		expect(uses.length).toBeGreaterThan(0);
		for (const action of uses) expect(action).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
	});
});
