/**
 * The operations around a notification (issue 22) inside a real n8n per major (N8N_E2E_MAJORS), with the
 * packed package and the sandbox as WeChat:
 *  - example 13 fired over HTTP: the order's shipping info reaches WeChat Pay's order management (the
 *    sandbox's order shows it shipped with the parcel), then the subscription message with the logistics page;
 *  - the mini program code through n8n's HTTP helper and binary data: n8n's Extract From File gives exactly
 *    the bytes the sandbox drew;
 *  - every documented limit refused before WeChat is called (the sandbox's request log has no such call):
 *    a link query over 1024 characters, a scene over 32, an item description over 120, and a batch of two
 *    customer-service replies whose second is 11 000 characters (none of the two sent, errcode 45002 named);
 *  - the trigger's hand-off in safe mode, and the answer left to Answer Push in compatible mode: the
 *    sandbox reads each passive reply as WeChat does (its own crypto) and records the transfer;
 *  - example 15: an AI agent's reply (the sandbox's OpenAI-compatible chat model) checked by Check Text,
 *    sent when it passes, handed off when it is risky or the user asks for a person, or when WeChat refuses
 *    to send it (the window closed while the agent wrote, or another errcode): WeChat's push is answered
 *    once and nothing runs twice.
 */
import {
	activateWorkflow,
	executedNodes,
	executionIds,
	type N8nHandle,
	type N8nMajor,
	nodeError,
	nodeOutput,
	parseMajors,
	runManually,
	startN8n,
	triggerUrl,
	waitForExecution,
	waitForExecutionCount,
} from '../../harness';
import { EXAMPLES, PAID_ORDER_WEBHOOK_PATH, SAMPLE_PAID_ORDER, sandboxOpenAiCredential, WEBHOOK_IDS, WORKFLOW_IDS } from '../../harness/examples';
import { userTextMessage } from '../../sandbox/push';
import { SANDBOX_OPENIDS, SANDBOX_TEMPLATE_IDS } from '../../sandbox/seed';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { renderCodeImage } from '../../sandbox/wxaCode';
import {
	AROUND_NOTIFICATION_PROBES,
	CODE_PAGE,
	CODE_PROBE,
	CODE_SCENE,
	CODE_WIDTH,
	HAND_OFF_TRIGGER,
	HAND_OFF_WORKFLOW,
	LATER_TRIGGER,
	LATER_WORKFLOW,
	LONG_DESCRIPTION_PROBE,
	LONG_QUERY_PROBE,
	LONG_REPLY_OPENID,
	LONG_REPLY_PROBE,
	LONG_SCENE_PROBE,
	RESPOND_NODE_TRIGGER,
	RESPOND_NODE_WORKFLOW,
} from './support/aroundNotificationFixture';
import { withN8nLogTail } from './support/n8nLogTail';
import { exampleCredential, pushConfig } from './support/nodesFixture';
import { usePackedRepository } from './support/packedRepository';

const majors = parseMajors(process.env.N8N_E2E_MAJORS);
const START_TIMEOUT_MS = 25 * 60 * 1000;
const START = 'When Clicking Execute';
const CUSTOMER_SERVICE_SEND_PATH = '/cgi-bin/message/custom/send';
const CHAT_COMPLETIONS_PATH = '/v1/chat/completions';
const CONTENT_CHECK_PATH = '/wxa/msg_sec_check';

const packedTarball = usePackedRepository('around-notification-e2e-pack-');

describe.each(majors.map((major) => [major] as [N8nMajor]))('%i.x: links, codes, shipping, content checks and hand-off inside a real n8n', (major) => {
	let sandbox: Sandbox;
	let n8n: N8nHandle | undefined;
	const started = (): N8nHandle => {
		if (n8n === undefined) throw new Error('n8n did not start');
		return n8n;
	};
	const withLogs = <T>(work: () => Promise<T>): Promise<T> => withN8nLogTail(started, work);
	const log = (message: string) => process.stderr.write(`[around-notification-e2e] n8n ${major}.x: ${message}\n`);
	const runProbe = async (workflow: { id: string }) => await withLogs(async () => await waitForExecution(started(), await runManually(started(), workflow.id, START), 120000));
	const calls = (path: string) => sandbox.requests({ path }).length;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
		const startedAt = Date.now();
		n8n = await startN8n({
			major,
			packageTarball: packedTarball(),
			credentials: [exampleCredential(sandbox), sandboxOpenAiCredential(sandbox.url)],
			workflows: [EXAMPLES.paidOrderShipped, EXAMPLES.safeAiReply, ...AROUND_NOTIFICATION_PROBES],
		});
		for (const id of [WORKFLOW_IDS.paidOrderShipped, WORKFLOW_IDS.safeAiReply, HAND_OFF_WORKFLOW.id, LATER_WORKFLOW.id, RESPOND_NODE_WORKFLOW.id]) await activateWorkflow(n8n, id);
		log(`ready in ${Date.now() - startedAt} ms`);
	}, START_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.close();
	});

	test('example 13: the shipping info reaches WeChat, then the subscription message with the logistics page', async () => {
		const url = started().webhookUrl(PAID_ORDER_WEBHOOK_PATH);
		await started().waitForWebhook(url);
		const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SAMPLE_PAID_ORDER) });
		const body = (await answer.json()) as Record<string, unknown>;
		expect({ status: answer.status, success: body.success, touser: body.touser }).toEqual({ status: 200, success: true, touser: SAMPLE_PAID_ORDER.openid });
		const [order] = sandbox.orders(SAMPLE_PAID_ORDER.transactionId);
		expect(order).toMatchObject({ orderState: 2, openid: SAMPLE_PAID_ORDER.openid });
		expect(JSON.stringify(order.shipping)).toContain(SAMPLE_PAID_ORDER.trackingNo);
		const message = sandbox.messages().at(-1);
		expect(message).toMatchObject({ openid: SAMPLE_PAID_ORDER.openid, templateId: SANDBOX_TEMPLATE_IDS.orderShipped, page: `pages/logistics/index?orderNo=${SAMPLE_PAID_ORDER.orderNo}` });
		expect(message?.data.character_string5).toEqual({ value: SAMPLE_PAID_ORDER.trackingNo });
	});

	test("the mini program code comes out of n8n byte for byte as WeChat sent it, a PNG with a file name", async () => {
		const execution = await runProbe(CODE_PROBE);
		expect(execution.status).toBe('success');
		const [code] = nodeOutput(execution, 'Get Code');
		expect(code).toMatchObject({ scene: CODE_SCENE, mimeType: 'image/png', fileName: 'wxacode-order_1001.png' });
		const [bytes] = nodeOutput(execution, 'Bytes As Base64');
		const expected = renderCodeImage({ scene: CODE_SCENE, page: CODE_PAGE, width: CODE_WIDTH, autoColor: false, lineColor: { r: 0, g: 0, b: 0 }, hyaline: true });
		expect(bytes.base64).toBe(expected.toString('base64'));
		expect(code.fileSize).toBe(expected.length);
	});

	test('each documented limit is refused before WeChat is called, naming the field', async () => {
		const cases = [
			{ workflow: LONG_QUERY_PROBE, node: 'Link With Long Query', path: '/wxa/generate_urllink', message: /Query/ },
			{ workflow: LONG_SCENE_PROBE, node: 'Code With Long Scene', path: '/wxa/getwxacodeunlimit', message: /Scene/ },
			{ workflow: LONG_DESCRIPTION_PROBE, node: 'Shipping With Long Description', path: '/wxa/sec/order/upload_shipping_info', message: /120/ },
		];
		for (const { workflow, node, path, message } of cases) {
			const before = calls(path);
			const execution = await runProbe(workflow);
			expect({ node, status: execution.status }).toEqual({ node, status: 'error' });
			expect(nodeError(execution, node)?.message).toMatch(message);
			expect({ node, calls: calls(path) - before }).toEqual({ node, calls: 0 });
		}
	});

	test('a customer-service reply of 11 000 characters stops the batch before any reply is sent (45002 named)', async () => {
		sandbox.userWrote(LONG_REPLY_OPENID);
		const execution = await runProbe(LONG_REPLY_PROBE);
		expect(execution.status).toBe('error');
		expect(nodeError(execution, 'Reply')?.message).toMatch(/33000 bytes of UTF-8; the limit is 2048 .*45002/);
		expect(sandbox.customerMessages(LONG_REPLY_OPENID)).toEqual([]);
	});

	test('the trigger hands off a message containing a word (safe mode, XML), and answers success to the others', async () => {
		const url = triggerUrl(started().baseUrl, HAND_OFF_TRIGGER.webhookId);
		await started().waitForWebhook(url);
		const openid = SANDBOX_OPENIDS.alice;
		const asked = await sandbox.push({ webhookUrl: url, config: pushConfig(sandbox, 'safe', 'xml'), event: userTextMessage(openid, '请转人工客服') });
		expect(asked.status).toBe(200);
		expect(asked.reply).toEqual({ msgType: 'transfer_customer_service', encrypted: true, transferred: true });
		expect(sandbox.transfers(openid)).toHaveLength(1);
		const first = await withLogs(() => waitForExecutionCount(started(), HAND_OFF_TRIGGER.workflowId, 1));
		expect(nodeOutput(first, HAND_OFF_TRIGGER.node)).toEqual([expect.objectContaining({ openid, content: '请转人工客服', handedOff: true })]);

		const other = await sandbox.push({ webhookUrl: url, config: pushConfig(sandbox, 'safe', 'xml'), event: userTextMessage(openid, '订单到哪了？', 1714112700, '7365081233419403300') });
		expect({ status: other.status, body: other.body, reply: other.reply }).toEqual({ status: 200, body: 'success', reply: undefined });
		const second = await withLogs(() => waitForExecutionCount(started(), HAND_OFF_TRIGGER.workflowId, 2));
		expect(nodeOutput(second, HAND_OFF_TRIGGER.node)).toEqual([expect.objectContaining({ handedOff: false })]);
		expect(sandbox.transfers(openid)).toHaveLength(1);
	});

	test('later in the workflow: Answer Push hands off or answers success, while WeChat waits (compatible mode, JSON)', async () => {
		const url = triggerUrl(started().baseUrl, LATER_TRIGGER.webhookId);
		await started().waitForWebhook(url);
		const openid = SANDBOX_OPENIDS.bob;
		const config = pushConfig(sandbox, 'compatible', 'json');
		const asked = await sandbox.push({ webhookUrl: url, config, event: userTextMessage(openid, '我要人工') });
		expect({ status: asked.status, reply: asked.reply }).toEqual({ status: 200, reply: { msgType: 'transfer_customer_service', encrypted: true, transferred: true } });
		const first = await withLogs(() => waitForExecutionCount(started(), LATER_TRIGGER.workflowId, 1));
		expect(executedNodes(first)).toContain('Hand Off');
		expect(nodeOutput(first, 'Hand Off')).toEqual([expect.objectContaining({ pushAnswer: 'handOff' })]);

		const plain = await sandbox.push({ webhookUrl: url, config, event: userTextMessage(openid, '你好', 1714112800, '7365081233419403400') });
		expect({ status: plain.status, body: plain.body, reply: plain.reply }).toEqual({ status: 200, body: 'success', reply: undefined });
		const second = await withLogs(() => waitForExecutionCount(started(), LATER_TRIGGER.workflowId, 2));
		expect(executedNodes(second)).toContain('Answer Success');
		expect(sandbox.transfers(openid)).toHaveLength(1);
	});

	test("n8n's Respond to Webhook after the trigger fails the execution and never answers WeChat success, as the node reference (docs/nodes.md) says: use Answer Push", async () => {
		const url = triggerUrl(started().baseUrl, RESPOND_NODE_TRIGGER.webhookId);
		await started().waitForWebhook(url);
		const answer = await sandbox.push({ webhookUrl: url, config: pushConfig(sandbox, 'plaintext', 'xml'), event: userTextMessage(SANDBOX_OPENIDS.noSubscription, '你好', 1714112900, '7365081233419403450') });
		// 2.40.7 answers 500, 1.123.81 an empty 200: either way not `success`, so WeChat pushes the message again.
		expect(answer.body).not.toBe('success');
		const execution = await withLogs(() => waitForExecutionCount(started(), RESPOND_NODE_TRIGGER.workflowId, 1));
		expect({ status: execution.status, error: execution.data.resultData.error?.message }).toEqual({ status: 'error', error: expect.stringMatching(/No Webhook node found/) });
		log(`Respond to Webhook after the trigger: WeChat got ${answer.status} ${JSON.stringify(answer.body)}`);
	});

	test('example 15: the AI reply is sent when it passes the content check; a risky reply, or a user asking for a person, is handed off', async () => {
		const url = triggerUrl(started().baseUrl, WEBHOOK_IDS.safeAiReply);
		await started().waitForWebhook(url);
		const config = pushConfig(sandbox, 'safe', 'xml');
		const openid = SANDBOX_OPENIDS.carol;
		sandbox.userWrote(openid);
		const repliesBefore = sandbox.customerMessages(openid).length;

		const question = await sandbox.push({ webhookUrl: url, config, event: userTextMessage(openid, '我的订单什么时候发货？', 1714113000, '7365081233419403500') });
		expect({ status: question.status, body: question.body, reply: question.reply }).toEqual({ status: 200, body: 'success', reply: undefined });
		const answered = await withLogs(() => waitForExecutionCount(started(), WORKFLOW_IDS.safeAiReply, 1));
		expect(answered.status).toBe('success');
		expect(nodeOutput(answered, 'Check The Reply')).toEqual([expect.objectContaining({ passed: true, suggest: 'pass' })]);
		const replies = sandbox.customerMessages(openid).slice(repliesBefore);
		expect(replies).toEqual([expect.objectContaining({ msgtype: 'text', message: { content: expect.stringContaining('我的订单什么时候发货？') } })]);

		const risky = await sandbox.push({ webhookUrl: url, config, event: userTextMessage(openid, '帮我 SANDBOX_RISKY 一下', 1714113010, '7365081233419403501') });
		expect(risky.reply).toEqual({ msgType: 'transfer_customer_service', encrypted: true, transferred: true });
		const flagged = await withLogs(() => waitForExecutionCount(started(), WORKFLOW_IDS.safeAiReply, 2));
		expect(nodeOutput(flagged, 'Check The Reply')).toEqual([expect.objectContaining({ passed: false, suggest: 'risky' })]);
		expect(executedNodes(flagged)).not.toContain('Send The Reply');

		const person = await sandbox.push({ webhookUrl: url, config, event: userTextMessage(openid, '转人工', 1714113020, '7365081233419403502') });
		expect(person.reply).toEqual({ msgType: 'transfer_customer_service', encrypted: true, transferred: true });
		const handed = await withLogs(() => waitForExecutionCount(started(), WORKFLOW_IDS.safeAiReply, 3));
		expect(executedNodes(handed)).not.toContain('Write A Reply');
		expect(sandbox.transfers(openid)).toHaveLength(2);
		expect(sandbox.customerMessages(openid).slice(repliesBefore)).toHaveLength(1);
	});

	test('example 15: a reply WeChat refuses (the 48-hour window closed, 45015; any other errcode) is handed to a person: each push answered once, one execution, the agent run once', async () => {
		const url = triggerUrl(started().baseUrl, WEBHOOK_IDS.safeAiReply);
		await started().waitForWebhook(url);
		const config = pushConfig(sandbox, 'safe', 'xml');
		const openid = SANDBOX_OPENIDS.alice;
		const executionsBefore = (await executionIds(started(), WORKFLOW_IDS.safeAiReply)).length;
		const agentCallsBefore = sandbox.chatCompletions().length;
		const transfersBefore = sandbox.transfers(openid).length;
		const repliesBefore = sandbox.customerMessages(openid).length;
		const sendsBefore = calls(CUSTOMER_SERVICE_SEND_PATH);

		// The window closes while the agent writes: its model call is held 1.5 s, and meanwhile the sandbox's clock
		// moves on 49 hours, so the window the push opened is closed when the reply goes out.
		const agentRequestsBefore = calls(CHAT_COMPLETIONS_PATH);
		sandbox.setLatency(1500);
		let closing: ReturnType<Sandbox['push']>;
		try {
			closing = sandbox.push({ webhookUrl: url, config, event: userTextMessage(openid, '还在吗？', 1714113100, '7365081233419403600') });
			await until(() => calls(CHAT_COMPLETIONS_PATH) > agentRequestsBefore, 30000);
			sandbox.advanceClock(49 * 60 * 60 * 1000);
		} finally {
			sandbox.setLatency(0);
		}
		const closed = await closing;
		expect({ status: closed.status, reply: closed.reply }).toEqual({ status: 200, reply: { msgType: 'transfer_customer_service', encrypted: true, transferred: true } });
		const windowClosed = await withLogs(() => waitForExecutionCount(started(), WORKFLOW_IDS.safeAiReply, executionsBefore + 1));
		expect(windowClosed.status).toBe('success');
		expect(nodeOutput(windowClosed, 'Send The Reply')).toEqual([expect.objectContaining({ success: false, reason: 'window_closed', errcode: 45015 })]);
		expect(executedNodes(windowClosed)).toContain('Hand Off To A Person');
		expect(executedNodes(windowClosed)).not.toContain('Answer Success');
		expect(sandbox.requests({ path: CUSTOMER_SERVICE_SEND_PATH }).slice(sendsBefore).at(-1)?.errcode).toBe(45015);

		// Any other refusal (here 40003) takes the same path instead of stopping the execution.
		sandbox.addFault({ mode: 'errcode', errcode: 40003, count: 1, path: CUSTOMER_SERVICE_SEND_PATH });
		const refused = await sandbox.push({ webhookUrl: url, config, event: userTextMessage(openid, '再问一次', 1714113110, '7365081233419403601') });
		expect({ status: refused.status, reply: refused.reply }).toEqual({ status: 200, reply: { msgType: 'transfer_customer_service', encrypted: true, transferred: true } });
		const otherErrcode = await withLogs(() => waitForExecutionCount(started(), WORKFLOW_IDS.safeAiReply, executionsBefore + 2));
		expect(otherErrcode.status).toBe('success');
		expect(nodeOutput(otherErrcode, 'Send The Reply')).toEqual([expect.objectContaining({ success: false, reason: 'wechat_error', errcode: 40003 })]);
		expect(executedNodes(otherErrcode)).toContain('Hand Off To A Person');

		// Nothing ran twice: no second execution, no second model call, for either push.
		await delay(2000);
		expect((await executionIds(started(), WORKFLOW_IDS.safeAiReply)).length).toBe(executionsBefore + 2);
		expect(sandbox.chatCompletions().length - agentCallsBefore).toBe(2);
		expect(sandbox.transfers(openid).length - transfersBefore).toBe(2);
		expect(sandbox.customerMessages(openid).length - repliesBefore).toBe(0);
		log('example 15, reply refused (45015, 40003): each push answered once with a hand-off, one execution and one model call each');
	});

	test('example 15: a content check WeChat refuses (61010) and a model that answers garbage are handed to a person too: each push answered once, one execution, no reply sent', async () => {
		const url = triggerUrl(started().baseUrl, WEBHOOK_IDS.safeAiReply);
		await started().waitForWebhook(url);
		const config = pushConfig(sandbox, 'safe', 'xml');
		const openid = SANDBOX_OPENIDS.alice;
		const executionsBefore = (await executionIds(started(), WORKFLOW_IDS.safeAiReply)).length;
		const transfersBefore = sandbox.transfers(openid).length;
		const repliesBefore = sandbox.customerMessages(openid).length;
		const handedOff = { status: 200, reply: { msgType: 'transfer_customer_service', encrypted: true, transferred: true } };

		// WeChat refuses the check (61010: the user has not opened the mini program within 2 hours).
		sandbox.addFault({ mode: 'errcode', errcode: 61010, count: 1, path: CONTENT_CHECK_PATH });
		const unchecked = await sandbox.push({ webhookUrl: url, config, event: userTextMessage(openid, '发票怎么开？', 1714113120, '7365081233419403602') });
		expect({ status: unchecked.status, reply: unchecked.reply }).toEqual(handedOff);
		const checkRefused = await withLogs(() => waitForExecutionCount(started(), WORKFLOW_IDS.safeAiReply, executionsBefore + 1));
		expect(checkRefused.status).toBe('success');
		expect(nodeOutput(checkRefused, 'Check The Reply')).toEqual([expect.objectContaining({ success: false, errcode: 61010 })]);
		expect(executedNodes(checkRefused)).toContain('Hand Off To A Person');
		expect(executedNodes(checkRefused)).not.toContain('Send The Reply');

		// The model's API answers something that is no chat completion: the agent fails, leaves no text, and the
		// check refuses the empty text before calling WeChat.
		const checksBefore = calls(CONTENT_CHECK_PATH);
		sandbox.addFault({ mode: 'errcode', errcode: -1, count: 1, path: CHAT_COMPLETIONS_PATH });
		const noModel = await sandbox.push({ webhookUrl: url, config, event: userTextMessage(openid, '退货地址是哪里？', 1714113130, '7365081233419403603') });
		expect({ status: noModel.status, reply: noModel.reply }).toEqual(handedOff);
		const agentFailed = await withLogs(() => waitForExecutionCount(started(), WORKFLOW_IDS.safeAiReply, executionsBefore + 2));
		expect(agentFailed.status).toBe('success');
		expect(nodeOutput(agentFailed, 'Check The Reply')).toEqual([expect.objectContaining({ success: false, reason: 'invalid_data' })]);
		expect(calls(CONTENT_CHECK_PATH)).toBe(checksBefore);
		expect(executedNodes(agentFailed)).toContain('Hand Off To A Person');

		await delay(2000);
		expect((await executionIds(started(), WORKFLOW_IDS.safeAiReply)).length).toBe(executionsBefore + 2);
		expect(sandbox.transfers(openid).length - transfersBefore).toBe(2);
		expect(sandbox.customerMessages(openid).length - repliesBefore).toBe(0);
		log('example 15, check refused (61010) and model failed: each push answered once with a hand-off, one execution each');
	});
});

function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
		await delay(10);
	}
}
