/**
 * Self-test of the e2e harness against a real n8n of each major (N8N_E2E_MAJORS=2,1 to choose):
 * imports and activates a workflow of n8n's own nodes (Webhook → Set), fires its production webhook
 * and reads the execution back through executionsWithData(); installs a community-package tarball and sees its
 * node under the package-name prefix and running; opens the editor in chromium.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	buildProbePackage,
	CANVAS_NODE_SELECTOR,
	executedNodes,
	executionsWithData,
	installN8n,
	missingBuildOutputs,
	type N8nHandle,
	type N8nMajor,
	nodeOutput,
	openEditor,
	PACKAGE_NAME,
	packRepository,
	parseFlatted,
	parseMajors,
	repoRoot,
	startN8n,
	waitForSettledExecutions,
} from '../../harness';

const majors = parseMajors(process.env.N8N_E2E_MAJORS);
const START_TIMEOUT_MS = 25 * 60 * 1000; // includes a cold n8n install on a fresh machine

const SET_WORKFLOW_ID = 'e2eHarnessSet001';
const PROBE_WORKFLOW_ID = 'e2eHarnessProbe1';

function webhookNode(name: string, path: string, webhookId: string) {
	return {
		id: `${webhookId}-node`,
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId,
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
	};
}

/** Webhook → Set: the Set node turns the posted name into a greeting through an expression. */
const setWorkflow = {
	id: SET_WORKFLOW_ID,
	name: 'Harness: Webhook → Set',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		webhookNode('Webhook', 'harness-set', '5d1c7d8e-6f0a-4c1e-9a51-0c3c1d2b0001'),
		{
			id: 'harness-set-node',
			name: 'Set Greeting',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [260, 0],
			parameters: {
				assignments: {
					assignments: [
						{ id: 'a1', name: 'greeting', value: "={{ 'hello ' + $json.body.name }}", type: 'string' },
						{ id: 'a2', name: 'length', value: '={{ $json.body.name.length }}', type: 'number' },
					],
				},
				options: {},
			},
		},
	],
	connections: { Webhook: { main: [[{ node: 'Set Greeting', type: 'main', index: 0 }]] } },
};

/** Webhook → the throwaway package's node, referenced by its community type name. */
const probeWorkflow = {
	id: PROBE_WORKFLOW_ID,
	name: 'Harness: community package probe',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		webhookNode('Webhook', 'harness-probe', '5d1c7d8e-6f0a-4c1e-9a51-0c3c1d2b0002'),
		{
			id: 'harness-probe-node',
			name: 'Harness Probe',
			type: `${PACKAGE_NAME}.harnessProbe`,
			typeVersion: 1,
			position: [260, 0],
			parameters: {},
		},
	],
	connections: { Webhook: { main: [[{ node: 'Harness Probe', type: 'main', index: 0 }]] } },
};

async function postJson(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const text = await response.text();
	return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
}

type NodeTypeDescription = { name: string };

describe('parseFlatted', () => {
	test('decodes what n8n’s own flatted writes, shared and circular references included', async () => {
		const { installDir } = await installN8n(majors[0]);
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- the flatted copy n8n ships is the reference encoder
		const flatted = require(join(installDir, 'n8n', 'node_modules', 'flatted')) as { stringify(value: unknown): string };
		const shared = { text: '12', list: [1, '0', null, true] };
		const value: Record<string, unknown> = { a: shared, b: shared, nested: { deep: ['x', { y: 'z' }] }, empty: '' };
		value.self = value;
		const decoded = parseFlatted(flatted.stringify(value)) as Record<string, unknown>;
		expect(decoded.a).toEqual({ text: '12', list: [1, '0', null, true] });
		expect(decoded.b).toBe(decoded.a);
		expect(decoded.self).toBe(decoded);
		expect(decoded.nested).toEqual({ deep: ['x', { y: 'z' }] });
		expect(decoded.empty).toBe('');
		expect(parseFlatted(flatted.stringify('just a string'))).toBe('just a string');
	}, START_TIMEOUT_MS);
});

describe.each(majors.map((major) => [major] as [N8nMajor]))('harness on n8n %i.x', (major) => {
	let n8n: N8nHandle | undefined;
	let workDir: string;

	beforeAll(async () => {
		workDir = mkdtempSync(join(tmpdir(), 'harness-e2e-'));
		const probeTarball = await buildProbePackage(workDir);
		const startedAt = Date.now();
		n8n = await startN8n({
			major,
			packageTarball: probeTarball,
			workflows: [setWorkflow, probeWorkflow],
			publish: [SET_WORKFLOW_ID, PROBE_WORKFLOW_ID],
		});
		process.stderr.write(
			`[harness] n8n ${n8n.version}: startN8n ${Date.now() - startedAt} ms, of which n8n start-up ${n8n.startupMs} ms\n`,
		);
	}, START_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
	});

	const started = (): N8nHandle => {
		if (n8n === undefined) throw new Error('n8n did not start');
		return n8n;
	};

	test('runs the pinned n8n version of this major', () => {
		expect(started().version.startsWith(`${major}.`)).toBe(true);
	});

	test('waitForWebhook keeps polling an unregistered path and gives up with its status', async () => {
		const instance = started();
		await expect(instance.waitForWebhook(instance.webhookUrl('no-such-path'), { timeoutMs: 1500 })).rejects.toThrow(/not registered after 1500 ms/);
		expect(await executionsWithData(instance)).toEqual([]);
	});

	test('production webhook runs Webhook → Set and executionsWithData() returns each node’s output', async () => {
		const instance = started();
		const url = instance.webhookUrl('harness-set');
		const waitStarted = Date.now();
		await instance.waitForWebhook(url);
		process.stderr.write(`[harness] n8n ${instance.version}: webhook registered ${Date.now() - waitStarted} ms after the first poll\n`);
		const response = await postJson(url, { name: 'Ada' });
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ greeting: 'hello Ada', length: 3 });

		const [execution] = await waitForSettledExecutions(instance, SET_WORKFLOW_ID, 1);
		expect(execution.status).toBe('success');
		expect(execution.mode).toBe('webhook');
		expect(executedNodes(execution)).toEqual(['Webhook', 'Set Greeting']);
		const webhookItems = nodeOutput(execution, 'Webhook');
		expect(webhookItems).toHaveLength(1);
		expect(webhookItems[0].body).toEqual({ name: 'Ada' });
		expect(nodeOutput(execution, 'Set Greeting')).toEqual([{ greeting: 'hello Ada', length: 3 }]);
	});

	test('community package tarball installs under .n8n/nodes and loads with the package-name prefix', async () => {
		const instance = started();
		const installed = JSON.parse(
			readFileSync(join(instance.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME, 'package.json'), 'utf8'),
		) as { version: string };
		expect(installed.version).toBe('0.0.0-harness-probe');

		const types = await instance.rest<NodeTypeDescription[] | { data: NodeTypeDescription[] }>('GET', '/types/nodes.json');
		expect(types.status).toBe(200);
		const list = Array.isArray(types.body) ? types.body : types.body.data;
		const ours = list.map((type) => type.name).filter((name) => name.startsWith(`${PACKAGE_NAME}.`));
		expect(ours).toEqual([`${PACKAGE_NAME}.harnessProbe`]);

		const url = instance.webhookUrl('harness-probe');
		await instance.waitForWebhook(url);
		const response = await postJson(url, { ping: 1 });
		expect(response.status).toBe(200);
		const [execution] = await waitForSettledExecutions(instance, PROBE_WORKFLOW_ID, 1);
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Harness Probe')[0]).toMatchObject({ body: { ping: 1 }, probed: true });
	});

	test('opens the workflow in chromium and shows its canvas nodes', async () => {
		const instance = started();
		const editor = await openEditor(instance, SET_WORKFLOW_ID);
		try {
			const nodes = editor.page.locator(CANVAS_NODE_SELECTOR);
			expect(await nodes.count()).toBe(2);
			await expect(nodes.filter({ hasText: 'Set Greeting' }).isVisible()).resolves.toBe(true);
			const shotDir = mkdtempSync(join(tmpdir(), 'harness-shot-'));
			try {
				const shot = await editor.screenshot(join(shotDir, `n8n-${major}-editor.png`));
				expect(statSync(shot).size).toBeGreaterThan(10000);
				if (process.env.N8N_E2E_SCREENSHOT_DIR) {
					mkdirSync(process.env.N8N_E2E_SCREENSHOT_DIR, { recursive: true });
					await editor.screenshot(join(process.env.N8N_E2E_SCREENSHOT_DIR, `harness-n8n-${major}-editor.png`));
				}
			} finally {
				rmSync(shotDir, { recursive: true, force: true });
			}
		} finally {
			await editor.close();
		}
	});
});

describe('startN8n failure path', () => {
	test('a start-up that fails kills n8n and removes its user folder', async () => {
		const [major] = majors;
		const failure = await startN8n({ major, startTimeoutMs: 1000 }).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(failure).toBeInstanceOf(Error);
		const message = (failure as Error).message;
		expect(message).toMatch(/no "Editor is now accessible" within 1000 ms/);
		const userFolder = /in (\S+) failed/.exec(message)?.[1];
		expect(userFolder).toMatch(/n8n-e2e-/);
		expect(existsSync(userFolder as string)).toBe(false);
		const stillRunning = readdirSync('/proc')
			.filter((entry) => /^\d+$/.test(entry))
			.filter((pid) => {
				try {
					return readlinkSync(`/proc/${pid}/cwd`).startsWith(userFolder as string);
				} catch {
					return false; // gone meanwhile, or not ours to read
				}
			});
		expect(stillRunning).toEqual([]);
	}, START_TIMEOUT_MS);
});

/** Once our nodes are built (dist/ complete), the real tarball must install and list every node under our prefix. */
const realPackageReady = missingBuildOutputs().length === 0;
(realPackageReady ? describe : describe.skip)(`${PACKAGE_NAME} tarball from this repository`, () => {
	test.each(majors.map((major) => [major] as [N8nMajor]))('n8n %i.x lists every node of package.json under the package prefix', async (major) => {
		const workDir = mkdtempSync(join(tmpdir(), 'harness-pack-'));
		let instance: N8nHandle | undefined;
		try {
			const tarball = await packRepository(workDir);
			instance = await startN8n({ major, packageTarball: tarball });
			const types = await instance.rest<NodeTypeDescription[] | { data: NodeTypeDescription[] }>('GET', '/types/nodes.json');
			expect(types.status).toBe(200);
			const list = Array.isArray(types.body) ? types.body : types.body.data;
			const ours = new Set(list.map((type) => type.name).filter((name) => name.startsWith(`${PACKAGE_NAME}.`)));
			const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
			expect(ours.size).toBeGreaterThanOrEqual(manifest.n8n.nodes.length);
		} finally {
			await instance?.stop();
			rmSync(workDir, { recursive: true, force: true });
		}
	}, START_TIMEOUT_MS);
});
