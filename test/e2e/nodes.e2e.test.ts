/**
 * The package inside a real n8n, installed the way users install it (the `npm pack` tarball as a community
 * package, so node types carry the package name), with the WeChat sandbox (loopback, port 0) as WeChat.
 * One n8n per major (N8N_E2E_MAJORS=2,1 chooses; default both, one after the other), started once with the
 * sandbox credential, the example workflows, three push-trigger workflows (one per encryption mode) and two
 * customer-service probes imported, then the webhook and trigger workflows activated as the editor does it. It proves:
 *  1. the node and credential types are listed; the credential test passes against the sandbox and fails,
 *     with the fix, when the App Secret is changed (the editor's POST /rest/credentials/test);
 *  2. a bulk reminder (Schedule → Code → Send with continue-on-fail → Report; example 3 before the ledger,
 *     support/bulkReminder.ts), run as the editor's "Execute workflow" does: 180 sent, 20 not subscribed,
 *     one token call (example 3 itself, fed by the ledger, is proven in lifecycle.e2e);
 *  3. example 1 (Webhook → Send) fired over HTTP: exactly the expected message reaches the sandbox and the
 *     webhook answers the node's output;
 *  4. the push trigger: URL verification, every sample push in safe/compatible/plaintext × XML/JSON gives
 *     exactly one execution with the expected items, a bad signature 401 and none; example 2 (safe mode);
 *  5. example 4 (template catalogue), run from the editor endpoint and from n8n's CLI `execute`;
 *  6. example 5 (customer-service replies): a user's text pushed by the sandbox is answered in the execution
 *     it starts; an image from a binary property reaches the sandbox byte for byte; the 6th reply to one
 *     message is a reply_limit item (45047); Get API Quota equals the sandbox's counts; 49 hours on, every
 *     reply is a window_closed item (45015);
 *  7. the editor in Debian's chromium: canvas of example 1, the Send node's panel with the keyword fields
 *     loaded live from the sandbox, the trigger's panel, the Template Lookup output, example 5's canvas.
 * Set N8N_E2E_SCREENSHOT_DIR=docs/screenshots to keep the editor screenshots there (2.x; 1.x in its n8n-1/ folder).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { NodeHelpers, type INode, type INodeParameters, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

import {
	activateWorkflow,
	CANVAS_NODE_SELECTOR,
	CommandError,
	CREDENTIAL_TYPE,
	type EditorSession,
	executedNodes,
	executionSummaries,
	freePort,
	type N8nHandle,
	type N8nMajor,
	nodeError,
	nodeOutput,
	openEditor,
	parseMajors,
	runManually,
	startN8n,
	testCredential,
	triggerUrl,
	waitForExecution,
	waitForExecutionCount,
	waitForSettledCount,
	waitForSettledExecutions,
} from '../../harness';
import { CREDENTIAL, ORDER_WEBHOOK_PATH, PACKAGE, REPLY_IMAGE_PNG_BASE64, SAMPLE_ORDER, WORKFLOW_IDS } from '../../harness/examples';
import { buildEventRequest, buildVerificationRequest, sendPushRequest, userTextMessage, PUSH_EVENT_SAMPLES, type PushFormat } from '../../sandbox/push';
import { SANDBOX_ACCOUNT_TEMPLATES, SANDBOX_TEMPLATE_IDS } from '../../sandbox/seed';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import {
	ACTIVE_WORKFLOW_IDS,
	CHANGED_ORDER_KIDS,
	CHANGED_ORDER_VALUES,
	credentialData,
	DEFAULT_EVENTS_V3_TRIGGER,
	DEFAULT_EVENTS_V3_WORKFLOW,
	EXAMPLE2_TRIGGER_WEBHOOK_ID,
	EXAMPLE5_TRIGGER_WEBHOOK_ID,
	EXAMPLE_WORKFLOWS,
	NEW_KEYWORDS_PROBE,
	OLD_KEYWORDS_PROBE,
	QUOTA_PATHS,
	QUOTA_PROBE_WORKFLOW,
	REPLY_PROBE_COUNT,
	REPLY_PROBE_OPENID,
	REPLY_PROBE_WORKFLOW,
	pushConfig,
	exampleCredential,
	TRIGGER_WORKFLOWS,
} from './support/nodesFixture';
import { withN8nLogTail } from './support/n8nLogTail';
import { MIN_REFRESH_INTERVAL_MS } from '../../nodes/protocol/templateCache';
import { usePackedRepository } from './support/packedRepository';
import { BULK_REMINDER_ID, BULK_REMINDER_TRIGGER, BULK_REMINDER_WORKFLOW } from './support/bulkReminder';
import { EXPECTED_PUSH_ITEMS } from './support/pushExpectations';

const majors = parseMajors(process.env.N8N_E2E_MAJORS);
const START_TIMEOUT_MS = 25 * 60 * 1000; // includes a cold n8n install on a fresh machine
const FORMATS: PushFormat[] = ['xml', 'json'];
/** The editor on a loaded 2-core machine can take a minute to load its bundle. */
const EDITOR_TIMEOUT_MS = 120000;
const ORDER_KEYWORD_LABELS = ['商品名称', '订单编号', '发货时间', '快递公司', '快递单号'];

const packedTarball = usePackedRepository('nodes-e2e-pack-');

const EDITOR_VIEWPORT = { width: 1440, height: 900 };
/** Tall enough for the Send panel's fields from Recipient OpenID to the template's last keyword. */
const SEND_PANEL_VIEWPORT = { width: 1440, height: 1500 };

/** N8N_E2E_SCREENSHOT_DIR for 2.x, its `n8n-1/` subfolder for 1.x; a scratch folder when unset. */
function screenshotDir(major: N8nMajor, scratch: string): string {
	const dir = process.env.N8N_E2E_SCREENSHOT_DIR;
	if (dir === undefined || dir === '') return scratch;
	return major === 2 ? resolve(dir) : resolve(dir, `n8n-${major}`);
}

describe.each(majors.map((major) => [major] as [N8nMajor]))('%i.x: the packed package inside a real n8n', (major) => {
	let sandbox: Sandbox;
	let n8n: N8nHandle | undefined;
	let scratchDir: string;

	beforeAll(async () => {
		scratchDir = mkdtempSync(join(tmpdir(), `nodes-e2e-${major}-`));
		sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
		const startedAt = Date.now();
		n8n = await startN8n({
			major,
			packageTarball: packedTarball(),
			credentials: [exampleCredential(sandbox)],
			workflows: [...EXAMPLE_WORKFLOWS, ...TRIGGER_WORKFLOWS.map((trigger) => trigger.workflow), DEFAULT_EVENTS_V3_WORKFLOW, REPLY_PROBE_WORKFLOW, QUOTA_PROBE_WORKFLOW, BULK_REMINDER_WORKFLOW, OLD_KEYWORDS_PROBE, NEW_KEYWORDS_PROBE],
		});
		for (const workflowId of ACTIVE_WORKFLOW_IDS) await activateWorkflow(n8n, workflowId);
		process.stderr.write(`[nodes-e2e] n8n ${n8n.version}: startN8n ${Date.now() - startedAt} ms (n8n start-up ${n8n.startupMs} ms)\n`);
	}, START_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.close();
		if (scratchDir !== undefined) rmSync(scratchDir, { recursive: true, force: true });
	});

	const started = (): N8nHandle => {
		if (n8n === undefined) throw new Error('n8n did not start');
		return n8n;
	};

	/** The n8n log tail, appended to a failure so a broken run says what n8n said. */
	const withLogs = <T>(work: () => Promise<T>): Promise<T> => withN8nLogTail(started, work);

	test('lists our three node types and the credential type under the package name', async () => {
		const instance = started();
		expect(instance.version.startsWith(`${major}.`)).toBe(true);
		const nodes = await instance.rest<Array<{ name: string }> | { data: Array<{ name: string }> }>('GET', '/types/nodes.json');
		expect(nodes.status).toBe(200);
		const nodeList = Array.isArray(nodes.body) ? nodes.body : nodes.body.data;
		const ours = [...new Set(nodeList.map((type) => type.name).filter((name) => name.startsWith(`${PACKAGE}.`)))].sort();
		// n8n adds a `…Tool` variant (for AI agents) of every node marked usableAsTool: Send and Template Lookup.
		expect(ours).toEqual([
			`${PACKAGE}.weChatMiniProgram`,
			`${PACKAGE}.weChatMiniProgramTool`,
			`${PACKAGE}.weChatMiniProgramTrigger`,
			`${PACKAGE}.weChatTemplateLookup`,
			`${PACKAGE}.weChatTemplateLookupTool`,
		]);

		// What an AI Agent reads to choose an operation of the tool: the action of each operation, kept by n8n's
		// tool variant as the node declares it.
		const tool = (nodeList as Array<{ name: string; properties?: Array<{ name: string; options?: Array<{ value?: unknown; action?: string }> }> }>).find(
			(type) => type.name === `${PACKAGE}.weChatMiniProgramTool`,
		);
		const actions = (tool?.properties ?? []).filter((property) => property.name === 'operation').flatMap((property) => (property.options ?? []).map((option) => option.action));
		expect(actions).toEqual(
			expect.arrayContaining(['Send a subscription message', 'Reply to a user in customer service chat', 'Show typing to a user', 'Get the API quota of the account']),
		);

		const credentials = await instance.rest<Array<{ name: string }> | { data: Array<{ name: string }> }>('GET', '/types/credentials.json');
		expect(credentials.status).toBe(200);
		const credentialList = Array.isArray(credentials.body) ? credentials.body : credentials.body.data;
		expect(credentialList.filter((type) => /wechat/i.test(type.name)).map((type) => type.name)).toEqual([CREDENTIAL_TYPE]);
	});

	// The Template Lookup's tool variant as this n8n serves it to the editor, read with n8n-workflow's display
	// rules (the editor's): what a builder can pick for an agent.
	test('the Template Lookup Tool offers an agent Add and Delete Account Template only when the builder allows it; the node keeps all four', async () => {
		const nodes = await started().rest<INodeTypeDescription[] | { data: INodeTypeDescription[] }>('GET', '/types/nodes.json');
		const nodeList = Array.isArray(nodes.body) ? nodes.body : nodes.body.data;
		const served = (name: string, version: number): INodeTypeDescription => {
			const found = nodeList.find((type) => type.name === `${PACKAGE}.${name}` && (Array.isArray(type.version) ? type.version.includes(version) : type.version === version));
			if (found === undefined) throw new Error(`${name} v${version} is not served`);
			return found;
		};
		const operations = (name: string, typeVersion: number, parameters: INodeParameters): unknown[] => {
			const type = served(name, typeVersion);
			const node: INode = { id: 'n', name: 'Lookup', type: type.name, typeVersion, position: [0, 0], parameters };
			const values = NodeHelpers.getNodeParameters(type.properties, parameters, true, false, node, type) ?? {};
			const selectors = type.properties.filter((property: INodeProperties) => property.name === 'operation' && NodeHelpers.displayParameter(values, property, node, type));
			expect(selectors).toHaveLength(1);
			return (selectors[0].options ?? []).map((option) => ('value' in option ? option.value : undefined));
		};
		expect(operations('weChatTemplateLookupTool', 2, { resource: 'accountTemplate' })).toEqual(['getAll', 'get']);
		expect(operations('weChatTemplateLookupTool', 2, { resource: 'accountTemplate', allowAccountChanges: true })).toEqual(['getAll', 'get', 'add', 'delete']);
		expect(operations('weChatTemplateLookupTool', 1, { resource: 'accountTemplate' })).toEqual(['getAll', 'get', 'add', 'delete']);
		expect(operations('weChatTemplateLookup', 2, { resource: 'accountTemplate' })).toEqual(['getAll', 'get', 'add', 'delete']);
	});

	test('credential test: passes against the sandbox, fails with the fix when the App Secret is changed', async () => {
		const instance = started();
		const credential = { id: CREDENTIAL.id, name: CREDENTIAL.name, type: CREDENTIAL_TYPE };
		const before = sandbox.counters().requests['/cgi-bin/stable_token'] ?? 0;

		const good = await testCredential(instance, { ...credential, data: credentialData(sandbox) });
		expect(good.status).toBe('OK');

		const wrongSecret = 'f'.repeat(32);
		const bad = await testCredential(instance, { ...credential, data: credentialData(sandbox, { appSecret: wrongSecret }) });
		expect(bad.status).toBe('Error');
		expect(bad.message).toContain('40125');
		expect(bad.message).toMatch(/invalid App Secret/);
		expect(bad.message).toMatch(/Copy the AppSecret again/); // the fix
		expect(bad.message).not.toContain(wrongSecret);
		expect(bad.message).not.toContain(sandbox.appSecret);

		// Both tests reached the sandbox's stable_token endpoint (the credential's declarative test request).
		expect((sandbox.counters().requests['/cgi-bin/stable_token'] ?? 0) - before).toBe(2);
	});

	// Runs before anything else sends through the credential in n8n's main process: the nodes keep stable
	// tokens in a per-process cache, so this is the run that has to fetch one (and only one).
	test('a bulk reminder (200 users from a Code node), run as the editor runs it: 180 sent, 20 not subscribed, one token call', async () => {
		const instance = started();
		const before = sandbox.counters();
		const beforeMessages = sandbox.messages({ templateId: SANDBOX_TEMPLATE_IDS.parkingFee }).length;

		const executionId = await withLogs(() => runManually(instance, BULK_REMINDER_ID, BULK_REMINDER_TRIGGER));
		const execution = await withLogs(() => waitForExecution(instance, executionId, 180000));
		expect({ status: execution.status, error: execution.data.resultData.error?.message }).toEqual({ status: 'success', error: undefined });
		expect(execution.mode).toBe('manual');
		expect(executedNodes(execution)).toEqual([BULK_REMINDER_TRIGGER, 'Users To Remind', 'Send Parking Reminder', 'Report']);

		// The Code node ran in n8n's task runner and produced the 200 users.
		const users = nodeOutput(execution, 'Users To Remind');
		expect(users).toHaveLength(200);
		expect(users.filter((user) => String(user.openid).includes('NOSUB'))).toHaveLength(20);

		const sends = nodeOutput(execution, 'Send Parking Reminder');
		expect(sends).toHaveLength(200);
		expect(sends.filter((item) => item.success === true)).toHaveLength(180);
		const notSubscribed = sends.filter((item) => item.reason === 'not_subscribed');
		expect(notSubscribed).toHaveLength(20);
		for (const item of notSubscribed) expect(item).toMatchObject({ success: false, msgid: null, errcode: 43101 });
		// Outputs stay in input order despite concurrency 16.
		expect(sends.map((item) => item.touser)).toEqual(users.map((user) => user.openid));

		const [report] = nodeOutput(execution, 'Report');
		expect(report).toMatchObject({ sent: 180, notSubscribed: 20, failed: 0 });
		expect([...(report.notSubscribedOpenids as string[])].sort()).toEqual(
			users.map((user) => String(user.openid)).filter((openid) => openid.includes('NOSUB')).sort(),
		);

		const after = sandbox.counters();
		expect(after.tokenCalls.stableToken - before.tokenCalls.stableToken).toBe(1);
		expect(after.tokenCalls.token - before.tokenCalls.token).toBe(0);
		expect(after.rejectedTokens - before.rejectedTokens).toBe(0);
		expect(after.sendsAccepted - before.sendsAccepted).toBe(180);
		expect((after.errcodes['43101'] ?? 0) - (before.errcodes['43101'] ?? 0)).toBe(20);
		// One template lookup for the whole batch.
		expect((after.requests['/wxaapi/newtmpl/gettemplate'] ?? 0) - (before.requests['/wxaapi/newtmpl/gettemplate'] ?? 0)).toBe(1);

		const messages = sandbox.messages({ templateId: SANDBOX_TEMPLATE_IDS.parkingFee }).slice(beforeMessages);
		expect(messages).toHaveLength(180);
		expect(new Set(messages.map((message) => message.openid)).size).toBe(180);
		expect(messages.find((message) => message.openid === 'oSandboxUser0000000000000000')).toMatchObject({
			page: 'pages/parking/index',
			data: { car_number1: { value: '粤A10000' }, time2: { value: '08:00' }, amount3: { value: '¥5.00' }, thing4: { value: '科技园地下停车场' } },
		});
	});

	test('example 1 (order shipped) over HTTP sends exactly the expected message and answers the node output', async () => {
		const instance = started();
		const url = instance.webhookUrl(ORDER_WEBHOOK_PATH);
		await instance.waitForWebhook(url);
		const before = sandbox.counters();
		const beforeMessages = sandbox.messages().length;

		const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SAMPLE_ORDER) });
		const text = await response.text();
		expect(response.status).toBe(200);
		const answer = JSON.parse(text) as Record<string, unknown>;

		const newMessages = sandbox.messages().slice(beforeMessages);
		expect(newMessages).toHaveLength(1);
		const [message] = newMessages;
		expect(message).toMatchObject({
			appId: sandbox.appId,
			openid: SAMPLE_ORDER.openid,
			templateId: SANDBOX_TEMPLATE_IDS.orderShipped,
			page: `pages/order/detail?id=${SAMPLE_ORDER.orderNo}`,
			miniprogramState: 'formal',
			lang: 'zh_CN',
		});
		expect(message.data).toEqual({
			thing1: { value: SAMPLE_ORDER.product },
			character_string2: { value: SAMPLE_ORDER.orderNo },
			time3: { value: SAMPLE_ORDER.shippedAt },
			thing4: { value: SAMPLE_ORDER.carrier },
			character_string5: { value: SAMPLE_ORDER.trackingNo },
		});

		expect(answer).toEqual({
			success: true,
			msgid: message.msgid,
			touser: SAMPLE_ORDER.openid,
			templateId: SANDBOX_TEMPLATE_IDS.orderShipped,
			errcode: 0,
			errmsg: 'ok',
			longTerm: false,
			quotaDelta: -1,
		});
		expect(answer.msgid).toMatch(/^[0-9]{19}$/);
		expect(text).toContain(`"msgid":"${message.msgid}"`); // a string on the wire, every digit kept

		const [execution] = await waitForSettledExecutions(instance, WORKFLOW_IDS.orderShipped, 1);
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Send Shipping Notice')).toEqual([answer]);
		// The token example 3 fetched is still cached in n8n's main process: no second token call.
		expect(sandbox.counters().tokenCalls.stableToken - before.tokenCalls.stableToken).toBe(0);
	});

	describe.each(TRIGGER_WORKFLOWS.map((trigger) => [trigger.mode, trigger.typeVersion, trigger] as const))('push trigger in %s mode, node version %i', (mode, _typeVersion, trigger) => {
		let url: string;
		let executions = 0;

		beforeAll(async () => {
			url = triggerUrl(started().baseUrl, trigger.webhookId);
			await started().waitForWebhook(url, { method: 'GET' });
			await started().waitForWebhook(url, { method: 'POST' });
		});

		test('answers the URL verification with the bare echostr and starts nothing', async () => {
			const echostr = `${Date.now()}${mode.length}8842`;
			const request = buildVerificationRequest(pushConfig(sandbox, mode, 'xml'), { echostr });
			expect(await sendPushRequest(url, request)).toEqual({ status: 200, body: echostr });
			expect(await executionSummaries(started(), trigger.workflowId)).toHaveLength(0);
		});

		// The pushes go out one after the other (each answered before the next); their executions are then
		// matched to the samples by CreateTime, which differs between all PUSH_EVENT_SAMPLES entries.
		test.each(FORMATS)('every sample push in %s starts exactly one execution with the expected items', async (format) => {
			const instance = started();
			const samples = Object.entries(PUSH_EVENT_SAMPLES);
			const earlier = new Set((await executionSummaries(instance, trigger.workflowId)).map((summary) => summary.id));
			for (const [name, event] of samples) {
				const answer = await sendPushRequest(url, buildEventRequest(pushConfig(sandbox, mode, format), event));
				expect({ sample: name, ...answer }).toEqual({ sample: name, status: 200, body: 'success' });
			}
			executions += samples.length;
			const summaries = await withLogs(() => waitForSettledCount(instance, trigger.workflowId, executions));
			const fresh = await Promise.all(summaries.filter((summary) => !earlier.has(summary.id)).map((summary) => waitForExecution(instance, summary.id)));
			expect(fresh).toHaveLength(samples.length);

			const byCreateTime = new Map(fresh.map((execution) => [nodeOutput(execution, 'WeChat Push')[0]?.createTime, execution]));
			expect([...byCreateTime.keys()].sort()).toEqual(samples.map(([, event]) => event.CreateTime).sort());
			for (const [name, event] of samples) {
				const execution = byCreateTime.get(event.CreateTime);
				expect({ sample: name, status: execution?.status }).toEqual({ sample: name, status: 'success' });
				const items = execution === undefined ? [] : nodeOutput(execution, 'WeChat Push');
				const expected = EXPECTED_PUSH_ITEMS[name];
				expect({ sample: name, count: items.length }).toEqual({ sample: name, count: expected.length });
				expected.forEach((fields, index) => expect({ sample: name, ...items[index] }).toMatchObject({ sample: name, ...fields }));
			}
		});

		test('a bad signature gets 401 and starts no execution', async () => {
			const instance = started();
			const config = pushConfig(sandbox, mode, 'xml');
			const forged = buildEventRequest(config, PUSH_EVENT_SAMPLES.text);
			forged.query.signature = '0'.repeat(40);
			if (forged.query.msg_signature !== undefined) forged.query.msg_signature = '0'.repeat(40);
			expect(await sendPushRequest(url, forged)).toEqual({ status: 401, body: '' });

			// A good push right after: it is the next execution, so the forged one started none.
			expect(await sendPushRequest(url, buildEventRequest(config, PUSH_EVENT_SAMPLES.enterSession))).toEqual({ status: 200, body: 'success' });
			executions++;
			const execution = await waitForExecutionCount(instance, trigger.workflowId, executions);
			expect(nodeOutput(execution, 'WeChat Push')).toEqual([expect.objectContaining({ event: 'user_enter_tempsession' })]);
		});
	});

	// Version 3 as the editor adds it, Events not saved: n8n fills the version's default. A delivery result, a
	// session opening and an unknown event are answered success and start nothing; a popup starts one.
	test('push trigger version 3 with Events left alone: delivery results and the rest start nothing, a popup starts one execution', async () => {
		const instance = started();
		const url = triggerUrl(instance.baseUrl, DEFAULT_EVENTS_V3_TRIGGER.webhookId);
		await instance.waitForWebhook(url, { method: 'POST' });
		const config = pushConfig(sandbox, 'safe', 'xml');
		for (const sample of ['sent', 'enterSession', 'other', 'popup'] as const) {
			expect({ sample, ...(await sendPushRequest(url, buildEventRequest(config, PUSH_EVENT_SAMPLES[sample]))) }).toEqual({ sample, status: 200, body: 'success' });
		}
		const execution = await withLogs(() => waitForExecutionCount(instance, DEFAULT_EVENTS_V3_TRIGGER.workflowId, 1));
		expect(nodeOutput(execution, DEFAULT_EVENTS_V3_TRIGGER.node).map((item) => item.event)).toEqual(['subscribe_msg_popup_event', 'subscribe_msg_popup_event']);
		expect(await executionSummaries(instance, DEFAULT_EVENTS_V3_TRIGGER.workflowId)).toHaveLength(1);
	});

	// The console set to Compatible or Safe while the trigger says Plaintext: each signed push is refused as a
	// misconfiguration (500 with the fix, a warning in n8n's log), never an execution with event null.
	test('push trigger in plaintext mode: an encrypted push starts no execution and logs the mode mismatch; the echostr answer is nosniff', async () => {
		const instance = started();
		const plaintext = TRIGGER_WORKFLOWS.find((trigger) => trigger.mode === 'plaintext');
		if (plaintext === undefined) throw new Error('no plaintext-mode trigger workflow');
		const url = triggerUrl(instance.baseUrl, plaintext.webhookId);

		const echostr = `${Date.now()}5521`;
		const verification = new URL(url);
		for (const [key, value] of Object.entries(buildVerificationRequest(pushConfig(sandbox, 'plaintext', 'xml'), { echostr }).query)) {
			verification.searchParams.set(key, value);
		}
		const verified = await fetch(verification);
		expect({
			status: verified.status,
			body: await verified.text(),
			type: verified.headers.get('content-type'),
			nosniff: verified.headers.get('x-content-type-options'),
		}).toEqual({ status: 200, body: echostr, type: expect.stringMatching(/^text\/plain/), nosniff: 'nosniff' });

		const before = (await executionSummaries(instance, plaintext.workflowId)).length;
		for (const mode of ['compatible', 'safe'] as const) {
			for (const format of FORMATS) {
				const answer = await sendPushRequest(url, buildEventRequest(pushConfig(sandbox, mode, format), PUSH_EVENT_SAMPLES.text));
				expect({ mode, format, ...answer }).toEqual({
					mode,
					format,
					status: 500,
					body: expect.stringMatching(/^WeChat sent an encrypted push \(encrypt_type=aes\) but the trigger's Encryption Mode is Plaintext: .*Compatible or Safe$/),
				});
			}
		}
		const logDeadline = Date.now() + 10000;
		while (!instance.logs().includes('(mode_mismatch)') && Date.now() < logDeadline) await new Promise((wait) => setTimeout(wait, 200));
		expect(instance.logs()).toMatch(/WeChat Mini Program Trigger refused a request \(mode_mismatch\): WeChat sent an encrypted push/);

		// A good plaintext push right after is the next execution, so the four encrypted ones started none.
		const good = buildEventRequest(pushConfig(sandbox, 'plaintext', 'xml'), PUSH_EVENT_SAMPLES.enterSession);
		expect(await sendPushRequest(url, good)).toEqual({ status: 200, body: 'success' });
		const execution = await withLogs(() => waitForExecutionCount(instance, plaintext.workflowId, before + 1));
		expect(nodeOutput(execution, 'WeChat Push')).toEqual([expect.objectContaining({ event: 'user_enter_tempsession' })]);
	});

	test('example 2 (subscription events, safe mode) logs who accepted which template', async () => {
		const instance = started();
		const url = triggerUrl(instance.baseUrl, EXAMPLE2_TRIGGER_WEBHOOK_ID);
		await instance.waitForWebhook(url);
		const request = buildEventRequest(pushConfig(sandbox, 'safe', 'xml'), PUSH_EVENT_SAMPLES.popup);
		expect(await sendPushRequest(url, request)).toEqual({ status: 200, body: 'success' });

		const execution = await withLogs(() => waitForExecutionCount(instance, WORKFLOW_IDS.subscriptionEvents, 1));
		expect(execution.status).toBe('success');
		const rows = nodeOutput(execution, 'Who Accepted Which Template');
		expect(rows).toHaveLength(2);
		const common = { openid: 'otFpruAK8D-E6EfStSYonYSBZ8_4', event: 'subscribe_msg_popup_event', msgId: '' };
		expect(rows[0]).toMatchObject({
			...common,
			templateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc',
			status: 'accept',
			subscribed: true,
			dedupeKey: expect.stringMatching(/^otFpruAK8D-E6EfStSYonYSBZ8_4\|1610969440\|subscribe_msg_popup_event\|[0-9a-f]{16}#0$/),
		});
		expect(rows[1]).toMatchObject({ ...common, templateId: '9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI', status: 'reject', subscribed: false });
		expect(Number.isNaN(Date.parse(String(rows[0].at)))).toBe(false);
	});

	/** The five seeded account templates as Template Lookup must list them. */
	const expectCatalogue = (items: Array<Record<string, unknown>>) => {
		expect(items.map((item) => item.templateId).sort()).toEqual(SANDBOX_ACCOUNT_TEMPLATES.map((t) => t.priTmplId).sort());
		const byId = new Map(items.map((item) => [item.templateId, item]));
		expect(byId.get(SANDBOX_TEMPLATE_IDS.orderShipped)).toMatchObject({ title: '订单发货通知', type: 'one-time', typeCode: 2 });
		expect((byId.get(SANDBOX_TEMPLATE_IDS.orderShipped)?.keywords as Array<Record<string, unknown>>).map((k) => [k.key, k.label, k.type])).toEqual([
			['thing1', '商品名称', 'thing'],
			['character_string2', '订单编号', 'character_string'],
			['time3', '发货时间', 'time'],
			['thing4', '快递公司', 'thing'],
			['character_string5', '快递单号', 'character_string'],
		]);
		expect(byId.get(SANDBOX_TEMPLATE_IDS.parkingFee)).toMatchObject({ type: 'long-term', typeCode: 3 });
		for (const item of items) {
			const keywords = item.keywords as Array<{ key: string; label: string }>;
			const placeholders = [...String(item.content).matchAll(/\{\{([a-z_]+[0-9]+)\.DATA\}\}/g)].map((match) => match[1]);
			expect({ id: item.templateId, keys: keywords.map((k) => k.key) }).toEqual({ id: item.templateId, keys: placeholders });
			for (const keyword of keywords) expect(keyword.label).not.toBe('');
		}
		const appointment = byId.get(SANDBOX_TEMPLATE_IDS.appointmentStatus)?.keywords as Array<Record<string, unknown>>;
		expect(appointment.find((k) => k.key === 'enum_string2')?.enumValues).toEqual(['预约成功', '预约取消', '预约失败']);
	};

	test('example 4 (template catalogue), run as the editor runs it, lists the 5 account templates with parsed keywords', async () => {
		const instance = started();
		const executionId = await withLogs(() => runManually(instance, WORKFLOW_IDS.templateCatalogue, 'When Clicking Execute'));
		const execution = await withLogs(() => waitForExecution(instance, executionId));
		expect({ status: execution.status, error: nodeError(execution, 'List Account Templates')?.message }).toEqual({ status: 'success', error: undefined });
		expectCatalogue(nodeOutput(execution, 'List Account Templates'));
	});

	// `n8n execute --id` starts only workflows with a Manual (or Execute Workflow) Trigger (findCliWorkflowStart
	// in 1.123.81 and 2.40.7), so it cannot run example 3 (Schedule Trigger): example 4 is the one it can run.
	test('example 4 through n8n’s CLI `execute` (a separate n8n process) gives the same catalogue', async () => {
		const instance = started();
		const brokerPort = String(await freePort()); // the running n8n holds its own task-broker port
		let stdout: string;
		try {
			({ stdout } = await instance.cliWithEnv({ N8N_RUNNERS_BROKER_PORT: brokerPort }, 'execute', `--id=${WORKFLOW_IDS.templateCatalogue}`, '--rawOutput'));
		} catch (error) {
			// n8n's CLI can die of SIGSEGV on its way out after printing the finished run (seen on 2.40.7 and
			// 1.123.81 with a workflow of n8n's own nodes only): keep its output, report the crash.
			if (!(error instanceof CommandError) || error.signal !== 'SIGSEGV') throw error;
			process.stderr.write(`[nodes-e2e] n8n ${instance.version}: \`n8n execute\` crashed with SIGSEGV after printing its result\n`);
			stdout = error.stdout;
		}
		const json = stdout.slice(stdout.indexOf('\n{') + 1);
		const run = JSON.parse(json) as { status: string; mode: string; data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> } } };
		expect({ status: run.status, mode: run.mode }).toEqual({ status: 'success', mode: 'cli' });
		expectCatalogue(run.data.resultData.runData['List Account Templates'][0].data.main[0].map((item) => item.json));
	});

	describe('example 5 (customer-service replies) and the reply limits, as WeChat sets them', () => {
		const replyOpenId = 'o7esq5OI1Uej6Xixw1lA2H7XDVbc'; // SANDBOX_OPENIDS.carol: no other test writes as carol
		let example5Runs = 0;
		/** The sandbox pushes a user's text message to example 5 (safe mode, as configured) and returns the execution it started. */
		const userWrites = async (openid: string, content: string) => {
			const instance = started();
			const url = triggerUrl(instance.baseUrl, EXAMPLE5_TRIGGER_WEBHOOK_ID);
			await instance.waitForWebhook(url);
			const pushed = await sandbox.push({ webhookUrl: url, config: pushConfig(sandbox, 'safe', 'xml'), event: userTextMessage(openid, content) });
			expect({ status: pushed.status, body: pushed.body }).toEqual({ status: 200, body: 'success' });
			example5Runs += 1;
			const execution = await withLogs(() => waitForExecutionCount(instance, WORKFLOW_IDS.customerService, example5Runs));
			expect(execution.status).toBe('success');
			return execution;
		};
		const runProbe = async (workflowId: string) => {
			const instance = started();
			const executionId = await withLogs(() => runManually(instance, workflowId, 'When Clicking Execute'));
			return await withLogs(() => waitForExecution(instance, executionId));
		};

		test('a user’s text message pushed by the sandbox is answered by the example within the same execution', async () => {
			const execution = await userWrites(replyOpenId, '我的订单发货了吗？');
			expect(executedNodes(execution)).toEqual(expect.arrayContaining(['Customer Messages', 'What Did The User Ask', 'Shipping Reply']));
			expect(executedNodes(execution)).not.toContain('Hand Off To A Person');
			expect(nodeOutput(execution, 'Customer Messages')).toEqual([expect.objectContaining({ openid: replyOpenId, msgType: 'text', content: '我的订单发货了吗？' })]);
			expect(nodeOutput(execution, 'Shipping Reply')).toEqual([expect.objectContaining({ success: true, touser: replyOpenId, msgtype: 'text', errcode: 0 })]);
			const replies = sandbox.customerMessages(replyOpenId);
			expect(replies).toHaveLength(1);
			expect(replies[0]).toMatchObject({ msgtype: 'text', message: { content: expect.stringContaining('data-miniprogram-path="pages/order/list"') } });
		});

		test('"图片": the image built from a binary property arrives in the sandbox byte for byte', async () => {
			const execution = await userWrites(replyOpenId, '发张图片给我');
			const [reply] = nodeOutput(execution, 'Image Reply');
			expect(reply).toMatchObject({ success: true, touser: replyOpenId, msgtype: 'image', mediaId: expect.any(String) });
			const replies = sandbox.customerMessages(replyOpenId);
			expect(replies.at(-1)).toMatchObject({ msgtype: 'image', message: { media_id: reply.mediaId } });
			const media = sandbox.media(String(reply.mediaId));
			const expected = Buffer.from(REPLY_IMAGE_PNG_BASE64, 'base64');
			expect({ base64: media.base64, size: media.size, type: media.type, fileName: media.fileName, contentType: media.contentType }).toEqual({
				base64: expected.toString('base64'),
				size: expected.length,
				type: 'image',
				fileName: 'reply.png',
				contentType: 'image/png',
			});
		});

		test('the 6th reply to one message is refused on its item (45047, reply_limit), not a crash', async () => {
			const handOff = await userWrites(REPLY_PROBE_OPENID, '你好');
			expect(nodeOutput(handOff, 'Hand Off To A Person')).toEqual([expect.objectContaining({ success: true, touser: REPLY_PROBE_OPENID })]);
			const execution = await runProbe(REPLY_PROBE_WORKFLOW.id);
			expect(execution.status).toBe('success');
			const items = nodeOutput(execution, 'Reply');
			expect(items.map((item) => item.success)).toEqual([true, true, true, true, false]);
			expect(items[4]).toMatchObject({ touser: REPLY_PROBE_OPENID, msgtype: 'text', reason: 'reply_limit', errcode: 45047, meaning: expect.any(String), fix: expect.any(String) });
			// One hand-off and four probe replies: five for the one message, as WeChat allows.
			expect(sandbox.customerMessages(REPLY_PROBE_OPENID).map((reply) => reply.message.content)).toEqual([
				'收到，客服同事会尽快回复您。',
				'Reply 1',
				'Reply 2',
				'Reply 3',
				'Reply 4',
			]);
		});

		test('Get API Quota reports what the sandbox counted for replies and for subscription sends', async () => {
			const execution = await runProbe(QUOTA_PROBE_WORKFLOW.id);
			expect(execution.status).toBe('success');
			const passedTokenCheck = (path: string) => sandbox.requests({ path }).filter((call) => ![40001, 40014, 42001].includes(call.errcode ?? 0)).length;
			for (const [node, path] of [
				['Reply Quota', QUOTA_PATHS.replies],
				['Send Quota', QUOTA_PATHS.subscriptionSends],
			] as const) {
				const [quota] = nodeOutput(execution, node);
				const used = sandbox.quotaUsed(path);
				expect(used).toBeGreaterThan(0); // the tests above sent replies and subscription messages
				expect(used).toBe(passedTokenCheck(path));
				expect(quota).toEqual({
					cgiPath: path,
					dailyLimit: expect.any(Number),
					used,
					remaining: (quota.dailyLimit as number) - used,
					rateLimitCalls: expect.any(Number),
					rateLimitSeconds: expect.any(Number),
				});
			}
		});

		test('49 hours after the user’s last message every reply is refused on its item with 45015 (window_closed)', async () => {
			sandbox.advanceClock(49 * 60 * 60 * 1000);
			const before = sandbox.customerMessages(REPLY_PROBE_OPENID).length;
			const execution = await runProbe(REPLY_PROBE_WORKFLOW.id);
			expect(execution.status).toBe('success');
			const items = nodeOutput(execution, 'Reply');
			expect(items).toHaveLength(REPLY_PROBE_COUNT);
			for (const item of items) expect(item).toMatchObject({ success: false, reason: 'window_closed', errcode: 45015, touser: REPLY_PROBE_OPENID });
			expect(sandbox.customerMessages(REPLY_PROBE_OPENID)).toHaveLength(before);
		});
	});

	describe('in the editor (Debian chromium)', () => {
		let editor: EditorSession | undefined;
		const shots: string[] = [];
		let lastStep = Date.now();
		/** Where the browser time goes (stderr only; no assertion on time). */
		const step = (label: string) => {
			process.stderr.write(`[nodes-e2e] n8n ${major}.x editor: ${label} after ${Date.now() - lastStep} ms\n`);
			lastStep = Date.now();
		};

		afterAll(async () => {
			await editor?.close();
		});

		const page = () => {
			if (editor === undefined) throw new Error('the editor did not open');
			return editor.page;
		};
		const shoot = async (name: string) => {
			const path = join(screenshotDir(major, scratchDir), name);
			await editor?.screenshot(path);
			shots.push(path);
			expect(statSync(path).size).toBeGreaterThan(20000);
			return path;
		};
		/**
		 * Opens another workflow in the same tab. On 2.x through the editor's own router (history + popstate,
		 * as the browser's back/forward does), which spares reloading the whole editor on a busy machine;
		 * 1.123.81's editor stays on the old workflow after that popstate (seen), so there the page is loaded.
		 */
		const openWorkflow = async (workflowId: string, firstNodeName: string) => {
			const path = `/workflow/${workflowId}`;
			if (major === 2) {
				// A string: this project compiles without the DOM library.
				await page().evaluate(`window.history.pushState({}, '', ${JSON.stringify(path)}); window.dispatchEvent(new PopStateEvent('popstate', { state: {} }));`);
			} else {
				await page().goto(`${started().baseUrl}${path}`, { timeout: EDITOR_TIMEOUT_MS });
			}
			await page().locator(CANVAS_NODE_SELECTOR).filter({ hasText: firstNodeName }).first().waitFor({ state: 'visible', timeout: EDITOR_TIMEOUT_MS });
		};
		const openNode = async (name: string) => {
			await page().locator(CANVAS_NODE_SELECTOR).filter({ hasText: name }).first().dblclick();
			await page().locator('[data-test-id="ndv"]').first().waitFor({ state: 'visible', timeout: 30000 });
		};
		/** Closes n8n's notifications ("Workflow executed successfully") so they cover nothing in the picture. */
		const dismissToasts = async () => {
			const close = page().locator('.el-notification__closeBtn');
			// Cosmetic only: a toast may close by itself meanwhile, so a missed click is fine.
			for (let i = await close.count(); i > 0; i--) await close.first().click({ timeout: 2000 }).catch(() => undefined);
			await page().waitForTimeout(500);
		};
		const closeNode = async () => {
			await page().keyboard.press('Escape');
			await page().locator('[data-test-id="ndv"]').first().waitFor({ state: 'hidden', timeout: 15000 });
		};
		const closeNodeIfOpen = async () => {
			if (await page().locator('[data-test-id="ndv"]').first().isVisible()) await closeNode();
		};

		test('example 1 on the canvas; the Send node panel lists the template keywords, loaded live from the sandbox', async () => {
			lastStep = Date.now();
			editor = await openEditor(started(), WORKFLOW_IDS.orderShipped, { viewport: EDITOR_VIEWPORT, timeoutMs: EDITOR_TIMEOUT_MS });
			step('canvas open');
			const nodes = page().locator(CANVAS_NODE_SELECTOR);
			expect(await nodes.count()).toBe(2);
			await expect(nodes.filter({ hasText: 'Send Shipping Notice' }).isVisible()).resolves.toBe(true);
			await page().waitForTimeout(1000); // let the canvas settle (fit to view) before the picture
			await shoot('canvas-order-shipped.png');
			step('canvas screenshot');

			const before = sandbox.counters().requests['/wxaapi/newtmpl/gettemplate'] ?? 0;
			const fieldsResponse = page().waitForResponse((response) => response.url().includes('resource-mapper-fields'), { timeout: 60000 });
			await openNode('Send Shipping Notice');
			const response = await fieldsResponse;
			step('Send panel open, keyword fields loaded');
			expect(response.status()).toBe(200);
			const loaded = JSON.stringify(await response.json());
			for (const label of ORDER_KEYWORD_LABELS) expect(loaded).toContain(label);
			expect((sandbox.counters().requests['/wxaapi/newtmpl/gettemplate'] ?? 0) - before).toBeGreaterThanOrEqual(1);

			const panel = page().locator('[data-test-id="ndv"]').first();
			for (const label of ORDER_KEYWORD_LABELS) {
				await panel.getByText(label, { exact: false }).first().waitFor({ state: 'visible', timeout: 30000 });
			}
			// The README's picture shows every field a user fills, from Recipient OpenID and Template down to the
			// last keyword: a taller window than the canvas shot's holds them all without scrolling.
			await page().setViewportSize(SEND_PANEL_VIEWPORT);
			await panel.getByText('Recipient OpenID', { exact: false }).first().scrollIntoViewIfNeeded();
			await page().waitForTimeout(500);
			for (const field of ['Recipient OpenID', 'Template', ...ORDER_KEYWORD_LABELS]) {
				const box = await panel.getByText(field, { exact: false }).first().boundingBox();
				expect({ field, inView: box !== null && box.y >= 0 && box.y + box.height <= SEND_PANEL_VIEWPORT.height }).toEqual({ field, inView: true });
			}
			await shoot('send-node-panel.png');
			await page().setViewportSize(EDITOR_VIEWPORT);
			await closeNode();
			step('Send panel screenshot, closed');
		});

		test('the trigger node panel (example 2) and the Template Lookup output (example 4)', async () => {
			await openWorkflow(WORKFLOW_IDS.subscriptionEvents, 'Mini Program Events');
			await openNode('Mini Program Events');
			const panel = page().locator('[data-test-id="ndv"]').first();
			await panel.getByText('Message Encryption Mode', { exact: false }).first().waitFor({ state: 'visible', timeout: 30000 });
			await page().waitForTimeout(500);
			await shoot('trigger-node-panel.png');
			await closeNode();
			step('trigger panel screenshot');

			await openWorkflow(WORKFLOW_IDS.templateCatalogue, 'List Account Templates');
			await page().locator('[data-test-id="execute-workflow-button"]').first().click();
			step('example 4 open, executed');
			await openNode('List Account Templates');
			await panel.getByText('5 items', { exact: false }).first().waitFor({ state: 'visible', timeout: 60000 });
			// The JSON view shows a template's parsed keywords (the table squeezes them into one tall row).
			await panel.getByText('JSON', { exact: true }).last().click();
			await panel.getByText('商品名称', { exact: false }).first().waitFor({ state: 'visible', timeout: 30000 });
			await dismissToasts();
			await shoot('template-lookup-output.png');
			step('Template Lookup output screenshot');
		});

		test('example 5 (customer-service replies) on the canvas, with the executions of its replies behind it', async () => {
			await closeNodeIfOpen();
			await openWorkflow(WORKFLOW_IDS.customerService, 'Customer Messages');
			const nodes = page().locator(CANVAS_NODE_SELECTOR);
			for (const name of ['What Did The User Ask', 'Shipping Reply', 'Image Reply', 'Hand Off To A Person']) {
				await expect(nodes.filter({ hasText: name }).first().isVisible()).resolves.toBe(true);
			}
			await dismissToasts();
			await page().waitForTimeout(1000); // let the canvas settle (fit to view) before the picture
			await shoot('canvas-customer-service.png');
			step('example 5 canvas screenshot');
			process.stderr.write(`[nodes-e2e] n8n ${started().version} screenshots: ${shots.join(', ')}\n`);
		});
	});

	describe("the account's template list, cached per n8n process", () => {
		const TEMPLATE_LIST_PATH = '/wxaapi/newtmpl/gettemplate';
		const listCalls = () => sandbox.counters().requests[TEMPLATE_LIST_PATH] ?? 0;
		/** Past the cache's refresh floor (a refresh right after a list read reuses that read). */
		const pastTheRefreshFloor = () => new Promise((resolveDelay) => setTimeout(resolveDelay, MIN_REFRESH_INTERVAL_MS + 200));
		async function probe(workflowId: string): Promise<Record<string, unknown>> {
			const execution = await withLogs(async () => waitForExecution(started(), await runManually(started(), workflowId, 'When Clicking Execute'), 60_000));
			expect(execution.status).toBe('success');
			return nodeOutput(execution, 'Send Order Notice')[0];
		}

		afterAll(() => sandbox.reset()); // the seeded templates back for anything after

		test('example 1 fired again and again: one WeChat call per message, the list not read again', async () => {
			const url = started().webhookUrl(ORDER_WEBHOOK_PATH);
			const before = { list: listCalls(), sends: sandbox.counters().requests['/cgi-bin/message/subscribe/send'] ?? 0 };
			for (let n = 0; n < 3; n++) expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SAMPLE_ORDER) })).status).toBe(200);
			expect({ list: listCalls() - before.list, sends: (sandbox.counters().requests['/cgi-bin/message/subscribe/send'] ?? 0) - before.sends }).toEqual({ list: 0, sends: 3 });
		});

		test("a template's keywords changed in the console between two executions: the old mapping is refused once WeChat says 47003 (never sent), the new one is sent", async () => {
			expect(await probe(OLD_KEYWORDS_PROBE.id)).toMatchObject({ success: true });
			sandbox.changeTemplateKeywords(SANDBOX_TEMPLATE_IDS.orderShipped, CHANGED_ORDER_KIDS);
			await pastTheRefreshFloor();
			const lists = listCalls();
			const sendsBefore = sandbox.requests({ path: '/cgi-bin/message/subscribe/send' }).length;
			const old = await probe(OLD_KEYWORDS_PROBE.id);
			expect(old).toMatchObject({ success: false, reason: 'invalid_data' });
			expect(String(old.error)).toMatch(/name6|thing4/);
			expect(await probe(NEW_KEYWORDS_PROBE.id)).toMatchObject({ success: true });
			expect(sandbox.requests({ path: '/cgi-bin/message/subscribe/send' }).slice(sendsBefore).map((r) => r.errcode)).toEqual([47003, 0]);
			expect(listCalls() - lists).toBe(1);
			expect(sandbox.messages().at(-1)?.data).toEqual(Object.fromEntries(Object.entries(CHANGED_ORDER_VALUES).map(([key, value]) => [key, { value }])));
		});

		test('a template deleted in the console: WeChat answers 40037 and the item names the template the account no longer has', async () => {
			const token = (await (await fetch(`${sandbox.url}/cgi-bin/stable_token`, { method: 'POST', body: JSON.stringify({ grant_type: 'client_credential', appid: sandbox.appId, secret: sandbox.appSecret }) })).json()) as { access_token: string };
			await fetch(`${sandbox.url}/wxaapi/newtmpl/deltemplate?access_token=${token.access_token}`, { method: 'POST', body: JSON.stringify({ priTmplId: SANDBOX_TEMPLATE_IDS.orderShipped }) });
			await pastTheRefreshFloor();
			const sendsBefore = sandbox.requests({ path: '/cgi-bin/message/subscribe/send' }).length;
			const item = await probe(NEW_KEYWORDS_PROBE.id);
			expect(item).toMatchObject({ success: false, reason: 'invalid_data' });
			expect(String(item.error)).toContain(`no template with ID "${SANDBOX_TEMPLATE_IDS.orderShipped}"`);
			expect(sandbox.requests({ path: '/cgi-bin/message/subscribe/send' }).slice(sendsBefore).map((r) => r.errcode)).toEqual([40037]);
		});
	});

	test('no execution of any workflow failed', async () => {
		const instance = started();
		for (const workflowId of [...ACTIVE_WORKFLOW_IDS, BULK_REMINDER_ID, WORKFLOW_IDS.templateCatalogue, REPLY_PROBE_WORKFLOW.id, QUOTA_PROBE_WORKFLOW.id, OLD_KEYWORDS_PROBE.id, NEW_KEYWORDS_PROBE.id]) {
			const failed = (await executionSummaries(instance, workflowId)).filter((summary) => summary.status !== 'success');
			expect({ workflowId, failed }).toEqual({ workflowId, failed: [] });
		}
	});
});
