/**
 * What a batch send costs against the sandbox: N items through the Send node inside n8n-core's
 * real execution context, at a given sandbox latency and node concurrency. Prints sends, token
 * calls, time, and the ratio to the latency limit N × latency / concurrency (1.00 = no overhead).
 * Usage: node .build/bench/sendBatchInCore.js [items=1000] [latencyMs=20] [concurrency=5]
 */
import { WeChatMiniProgram } from '../nodes/WeChatMiniProgram/WeChatMiniProgram.node';
import { sharedTokenCache } from '../nodes/protocol/token';
import { startSandbox } from '../sandbox/server';
import { SANDBOX_TEMPLATE_IDS, sandboxOpenId } from '../sandbox/seed';
import { runInN8nCore } from '../harness/n8nCoreContext';
import { sandboxCredentialData } from '../harness';

async function main(): Promise<void> {
	const [items = 1000, latencyMs = 20, concurrency = 5] = process.argv.slice(2).map(Number);
	const sandbox = await startSandbox({ port: 0, latencyMs });
	try {
		const input = Array.from({ length: items }, (_, i) => ({ openid: sandboxOpenId(i), orderNo: `NO${i}` }));
		const parameters = {
			resource: 'subscriptionMessage',
			operation: 'send',
			touser: '={{ $json.openid }}',
			templateId: { __rl: true, mode: 'id', value: SANDBOX_TEMPLATE_IDS.orderShipped },
			dataMode: 'mapped',
			templateData: {
				mappingMode: 'defineBelow',
				value: { thing1: '机械键盘', character_string2: '={{ $json.orderNo }}', time3: '2024-05-01 10:00', thing4: '顺丰速运', character_string5: 'SF1234567890' },
			},
			options: { concurrency },
		};
		sharedTokenCache.clear();
		const started = process.hrtime.bigint();
		const [out] = await runInN8nCore({
			nodeType: new WeChatMiniProgram(),
			parameters,
			credentials: sandboxCredentialData(sandbox.url),
			items: input,
		});
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		const counters = sandbox.counters();
		const limit = (items * latencyMs) / 1000 / concurrency;
		console.log(
			JSON.stringify({
				items,
				latencyMs,
				concurrency,
				succeeded: out.filter((i) => i.json.success === true).length,
				sendsAccepted: counters.sendsAccepted,
				tokenCalls: counters.tokenCalls.stableToken + counters.tokenCalls.token,
				templateCalls: counters.requests['/wxaapi/newtmpl/gettemplate'] ?? 0,
				seconds: Number(seconds.toFixed(2)),
				itemsPerSecond: Math.round(items / seconds),
				latencyLimitSeconds: limit,
				ratioToLatencyLimit: Number((seconds / limit).toFixed(2)),
			}),
		);
	} finally {
		await sandbox.close();
	}
}

void main();
