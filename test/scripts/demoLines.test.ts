/**
 * The demo's lifecycle lines (scripts/demo/commands.ts), run through /bin/sh exactly as the banner prints
 * them, without an n8n: the "50 users accept" line against the sandbox and a webhook standing in for
 * example 6's trigger, and the run-it-now line against a server standing in for n8n's login and run routes.
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { DEMO_POPUP_USERS, popupsCurlLine, popupsRequest, runWorkflowCurlLine } from '../../scripts/demo/commands';
import type { PushConfig } from '../../sandbox/push';
import { SANDBOX_TEMPLATE_IDS, sandboxOpenId } from '../../sandbox/seed';
import { useSandbox } from '../helpers/sandbox';
import { pushedMessage, useWebhook } from '../sandbox/webhook';

const CONFIG: PushConfig = {
	token: 'DemoLineToken',
	encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
	appId: 'wxfdae81166329a09f',
	mode: 'safe',
	format: 'json',
};

function sh(line: string): Promise<string> {
	return new Promise((resolveOutput, reject) => {
		execFile('/bin/sh', ['-c', line], { timeout: 30000 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}: ${stderr}`)) : resolveOutput(stdout)));
	});
}

describe("the demo's lifecycle lines, run as printed", () => {
	const sandbox = useSandbox();
	const webhook = useWebhook();

	it('the users-accept line makes 50 sandbox users accept the reminder’s two templates, one popup push each', async () => {
		const line = popupsCurlLine(sandbox.url, popupsRequest(webhook.url, CONFIG));
		expect(line.length).toBeLessThan(600);
		const answer = JSON.parse(await sh(line)) as Record<string, unknown>;
		expect(answer).toMatchObject({ pushes: DEMO_POPUP_USERS, answered: DEMO_POPUP_USERS, failed: 0 });
		const pushes = webhook.received.map((push) => pushedMessage(CONFIG, push));
		expect(new Set(pushes.map((m) => m.FromUserName)).size).toBe(DEMO_POPUP_USERS);
		const { appointmentStatus, parkingFee } = SANDBOX_TEMPLATE_IDS;
		expect(sandbox.quotas({ openid: sandboxOpenId(1) })).toEqual([
			{ openid: sandboxOpenId(1), templateId: appointmentStatus, remaining: 1, on: true, longTerm: false },
			{ openid: sandboxOpenId(1), templateId: parkingFee, remaining: null, on: true, longTerm: true },
		]);
		expect(sandbox.quotas()).toHaveLength(2 * DEMO_POPUP_USERS);
	});

	it('the run-it-now line logs in and hands the login cookie to the run request through the pipe', async () => {
		const seen: Array<{ path: string; cookie?: string; body: string }> = [];
		const n8n = http.createServer((req, res) => {
			let body = '';
			req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
			req.on('end', () => {
				seen.push({ path: req.url ?? '', cookie: req.headers.cookie, body });
				if (req.url === '/rest/login') res.setHeader('Set-Cookie', 'n8n-auth=signed.jwt.value; Path=/; HttpOnly; SameSite=Lax');
				res.setHeader('Content-Type', 'application/json');
				res.end(req.url === '/rest/login' ? '{"data":{"id":"owner"}}' : '{"data":{"executionId":"42"}}');
			});
		});
		await new Promise<void>((resolveListen) => n8n.listen(0, '127.0.0.1', resolveListen));
		try {
			const editorUrl = `http://127.0.0.1:${(n8n.address() as AddressInfo).port}`;
			const owner = { email: 'demo@example.com', password: "It's-Demo-1", firstName: 'Demo', lastName: 'Owner' };
			const output = await sh(runWorkflowCurlLine(editorUrl, owner, 'wxExampleDaily01', 'Every Morning'));
			expect(JSON.parse(output)).toEqual({ data: { executionId: '42' } });
			expect(seen).toEqual([
				{ path: '/rest/login', cookie: undefined, body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }) },
				{ path: '/rest/workflows/wxExampleDaily01/run', cookie: 'n8n-auth=signed.jwt.value', body: JSON.stringify({ triggerToStartFrom: { name: 'Every Morning' } }) },
			]);
		} finally {
			await new Promise<void>((resolveClose) => n8n.close(() => resolveClose()));
		}
	});
});

