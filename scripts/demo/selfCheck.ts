/**
 * --self-check: runs the two lines the banner prints, exactly as printed, and checks that they did what
 * the banner promises (a message recorded by the sandbox, one successful execution of each example).
 */
import { execFile } from 'node:child_process';

import { PUSH_EVENT_SAMPLES } from '../../sandbox/push/samples';
import { SANDBOX_TEMPLATE_IDS } from '../../sandbox/seed';
import type { Sandbox } from '../../sandbox/server';
import { EXAMPLES, SAMPLE_ORDER, WORKFLOW_IDS } from '../build-examples';
import { nodeOutput, type Execution } from '../../harness/executions';
import type { N8nHandle } from '../../harness/n8n';
import { DEMO_PUSH_EVENT } from './commands';

export interface SelfCheckInput {
	n8n: N8nHandle;
	sandbox: Sandbox;
	orderCurl: string;
	pushCurl: string;
	signal: AbortSignal;
}

export interface SelfCheckResult {
	passed: boolean;
	lines: string[];
}

const SHELL_TIMEOUT_MS = 60000;
const EXECUTION_TIMEOUT_MS = 30000;

function runShellLine(line: string, signal: AbortSignal): Promise<string> {
	return new Promise((resolveOutput, reject) => {
		execFile('/bin/sh', ['-c', line], { timeout: SHELL_TIMEOUT_MS, signal }, (error, stdout, stderr) => {
			if (error) reject(new Error(`${error.message.split('\n')[0]}${stderr ? `: ${stderr.trim()}` : ''}`));
			else resolveOutput(stdout);
		});
	});
}

function parseJson(text: string, what: string): Record<string, unknown> {
	try {
		return JSON.parse(text) as Record<string, unknown>;
	} catch {
		throw new Error(`${what} did not answer JSON: ${text.slice(0, 300)}`);
	}
}

function expectCondition(condition: boolean, message: string): void {
	if (!condition) throw new Error(message);
}

/** Waits for the first execution to settle, then requires that it is the only one and succeeded. */
async function onlySuccessfulExecution(n8n: N8nHandle, workflowId: string): Promise<Execution> {
	await n8n.waitForExecutions(workflowId, 1, EXECUTION_TIMEOUT_MS);
	const all = await n8n.executions(workflowId);
	expectCondition(all.length === 1, `expected 1 execution, found ${all.length}`);
	const [execution] = all;
	expectCondition(execution.status === 'success', `execution ${execution.id} ended "${execution.status}"`);
	return execution;
}

export async function runSelfCheck(input: SelfCheckInput): Promise<SelfCheckResult> {
	const { n8n, sandbox, signal } = input;
	const lines: string[] = [];
	let passed = true;
	const check = async (label: string, run: () => Promise<string>) => {
		try {
			lines.push(`  ✓ ${label}: ${await run()}`);
		} catch (error) {
			passed = false;
			lines.push(`  ✗ ${label}: ${error instanceof Error ? error.message : String(error)}`);
		}
	};

	await check('workflows', async () => {
		const states: string[] = [];
		for (const [key, id] of Object.entries(WORKFLOW_IDS)) {
			const { status, body } = await n8n.rest<{ data: { active: boolean } }>('GET', `/rest/workflows/${id}`);
			expectCondition(status === 200, `GET /rest/workflows/${id} answered ${status}`);
			// The catalogue has no trigger; the customer-service example is loaded for reading, not published.
			const shouldBeActive = key !== 'templateCatalogue' && key !== 'customerService';
			expectCondition(body.data.active === shouldBeActive, `${key} is ${body.data.active ? 'active' : 'inactive'}`);
			states.push(`${key} ${body.data.active ? 'active' : 'inactive'}`);
		}
		return states.join(', ');
	});
	await check('Example 1, the printed curl line', async () => {
		const answer = parseJson(await runShellLine(input.orderCurl, signal), 'the order webhook');
		expectCondition(answer.success === true && typeof answer.msgid === 'string', `answered ${JSON.stringify(answer)}`);
		return `answered success, msgid ${String(answer.msgid)}`;
	});
	await check('Example 1, the sandbox', async () => {
		const messages = sandbox.messages({ openid: SAMPLE_ORDER.openid });
		expectCondition(messages.length === 1, `recorded ${messages.length} messages to ${SAMPLE_ORDER.openid}, expected 1`);
		const [message] = messages;
		expectCondition(message.templateId === SANDBOX_TEMPLATE_IDS.orderShipped, `template ${message.templateId}`);
		expectCondition(message.data.thing1?.value === SAMPLE_ORDER.product, `thing1 = ${JSON.stringify(message.data.thing1)}`);
		return `recorded 1 message (template orderShipped, thing1 "${SAMPLE_ORDER.product}", msgid ${message.msgid})`;
	});
	await check(`Example 1, n8n "${EXAMPLES.orderShipped.name}"`, async () => {
		const execution = await onlySuccessfulExecution(n8n, WORKFLOW_IDS.orderShipped);
		return `1 execution (#${execution.id}, ${execution.mode}), success`;
	});

	await check('Example 2, the printed push line', async () => {
		const answer = parseJson(await runShellLine(input.pushCurl, signal), 'the sandbox push simulator');
		expectCondition(answer.status === 200 && answer.body === 'success', `the trigger answered ${answer.status} ${JSON.stringify(answer.body)}`);
		return 'the trigger answered 200 "success"';
	});
	await check(`Example 2, n8n "${EXAMPLES.subscriptionEvents.name}"`, async () => {
		const execution = await onlySuccessfulExecution(n8n, WORKFLOW_IDS.subscriptionEvents);
		const items = nodeOutput(execution, 'Who Accepted Which Template');
		const sample = PUSH_EVENT_SAMPLES[DEMO_PUSH_EVENT];
		const statuses = items.map((item) => item.status);
		expectCondition(
			items.length === 2 && items.every((item) => item.openid === sample.FromUserName) && statuses.join(',') === 'accept,reject',
			`logged ${JSON.stringify(items)}`,
		);
		return `1 execution (#${execution.id}), success, logged ${items.length} items (${statuses.join(', ')}) for ${String(sample.FromUserName)}`;
	});

	return { passed, lines };
}
