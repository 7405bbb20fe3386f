/**
 * Runs the local WeChat sandbox until Ctrl-C.
 *   node .build/scripts/run-sandbox.js [--port 8787] [--host 127.0.0.1] [--latency 0]
 */
import { parseArgs } from 'node:util';

import { startSandbox } from '../sandbox/server';
import { SANDBOX_OPENIDS, SANDBOX_TEMPLATE_IDS } from '../sandbox/seed';

interface CliOptions {
	port: number;
	host: string;
	latencyMs: number;
}

const USAGE = 'usage: run-sandbox [--port 8787] [--host 127.0.0.1] [--latency ms]';

function readOptions(argv: string[]): CliOptions {
	let values;
	try {
		({ values } = parseArgs({
			args: argv,
			options: {
				port: { type: 'string', default: '8787' },
				host: { type: 'string', default: '127.0.0.1' },
				latency: { type: 'string', default: '0' },
				help: { type: 'boolean', short: 'h', default: false },
			},
		}));
	} catch (error) {
		// parseArgs names the unknown option or the missing value; the usage says what is known.
		throw new Error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
	}
	if (values.help) {
		console.log(USAGE);
		process.exit(0);
	}
	const options: CliOptions = { port: Number(values.port), host: values.host, latencyMs: Number(values.latency) };
	if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error(`--port must be 0-65535\n${USAGE}`);
	if (!Number.isFinite(options.latencyMs) || options.latencyMs < 0) throw new Error(`--latency must be a number of ms >= 0\n${USAGE}`);
	return options;
}

async function main(): Promise<void> {
	const options = readOptions(process.argv.slice(2));
	const sandbox = await startSandbox(options);
	const c = `${sandbox.url}/__sandbox`;
	console.log(`WeChat sandbox listening on ${sandbox.url}${options.latencyMs ? ` (latency ${options.latencyMs} ms)` : ''}`);
	console.log('');
	console.log('Seeded mini program (fake credentials; use Base URL = Custom with the URL above):');
	console.log(`  App ID      ${sandbox.appId}`);
	console.log(`  App Secret  ${sandbox.appSecret}`);
	console.log(`  Templates   ${Object.entries(SANDBOX_TEMPLATE_IDS).map(([name, id]) => `${name}=${id}`).join('\n              ')}`);
	console.log(`  OpenIDs     ${Object.entries(SANDBOX_OPENIDS).map(([name, id]) => `${name}=${id}`).join('\n              ')}`);
	console.log('');
	console.log('Control endpoints:');
	console.log(`  POST ${c}/reset                 back to the seed state`);
	console.log(`  GET  ${c}/counters              token calls, errcodes, sends, requests per path`);
	console.log(`  GET  ${c}/messages              accepted subscription messages`);
	console.log(`  POST ${c}/latency {ms}          delay every WeChat answer`);
	console.log(`  POST ${c}/invalidate-tokens     every token dies now`);
	console.log(`  POST ${c}/faults {mode, errcode?, count, path?}`);
	console.log(`  POST ${c}/subscriptions {openid, templateId, remaining}`);
	console.log(`  POST ${c}/apps {appId, appSecret}`);
	console.log(`  POST ${c}/clock {advanceMs}`);
	console.log(`  POST ${c}/push {webhookUrl, config, event, verify?}`);
	console.log(`  POST ${c}/popups {webhookUrl, config, users: [{openid, accept?, reject?, popups?, concurrent?, switchOff?, deliveries?}]}`);
	console.log(`  GET  ${c}/quotas                subscription quota of every pair a popup or change touched`);
	console.log(`  POST ${c}/delivery-events {webhookUrl, config, failFor?, failFraction?}   (GET, DELETE, POST …/wait)`);
	console.log('');
	console.log('Ctrl-C stops.');

	const stop = () => {
		sandbox.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : String(error));
	process.exit(1);
});
