/**
 * What the demo is told by its command line and environment: ports, login, self-check mode.
 */
import type { N8nOwner } from '../../harness';

export const DEFAULT_N8N_PORT = 5678;
export const DEFAULT_SANDBOX_PORT = 8787;

export interface DemoConfig {
	/** Start on free ports, fire the printed lines, verify, print the result and exit 0/1. */
	selfCheck: boolean;
	/** Fixed ports, or null for a free one (self-check). */
	n8nPort: number | null;
	sandboxPort: number | null;
	owner: N8nOwner;
}

export const USAGE = `usage: npm run demo [-- --self-check]

Starts a real n8n (installed once into ~/.cache, progress shown) with this package's nodes, the local
WeChat sandbox, a ready credential and the example workflows. Ctrl-C stops everything.

  --self-check          start on free ports, fire the printed curl lines, verify, exit 0/1
                        (same as DEMO_SELF_CHECK=1)
Environment:
  DEMO_N8N_PORT         n8n's port (default ${DEFAULT_N8N_PORT})
  DEMO_SANDBOX_PORT     the WeChat sandbox's port (default ${DEFAULT_SANDBOX_PORT})
  DEMO_N8N_EMAIL        owner login (default demo@example.com)
  DEMO_N8N_PASSWORD     owner password (default WeChat-Demo-1; 8-64 chars, a digit, an uppercase letter)
  N8N_E2E_CACHE         where n8n and its Node are cached (default ~/.cache/n8n-nodes-wechat-miniprogram)`;

/** A mistake in how the demo was called or where it runs: printed as is, without a stack trace. */
export class DemoError extends Error {}

function readPort(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
	const raw = env[name];
	if (raw === undefined || raw.trim() === '') return fallback;
	const port = Number(raw);
	if (!Number.isInteger(port) || port < 1 || port > 65535) throw new DemoError(`${name} must be a port number 1-65535, got "${raw}"`);
	return port;
}

/** n8n's password rules: 8-64 characters with a digit and an uppercase letter. */
function checkPassword(password: string): string {
	if (password.length < 8 || password.length > 64 || !/\d/.test(password) || !/[A-Z]/.test(password)) {
		throw new DemoError('DEMO_N8N_PASSWORD must have 8-64 characters, a digit and an uppercase letter (n8n’s rules)');
	}
	return password;
}

/** Returns null for --help (after printing the usage). */
export function readDemoConfig(argv: readonly string[], env: NodeJS.ProcessEnv): DemoConfig | null {
	let selfCheck = env.DEMO_SELF_CHECK === '1' || env.DEMO_SELF_CHECK === 'true';
	for (const arg of argv) {
		if (arg === '--help' || arg === '-h') {
			console.log(USAGE);
			return null;
		}
		if (arg === '--self-check') selfCheck = true;
		else throw new DemoError(`unknown option ${arg}\n\n${USAGE}`);
	}
	const owner: N8nOwner = {
		email: env.DEMO_N8N_EMAIL?.trim() || 'demo@example.com',
		password: checkPassword(env.DEMO_N8N_PASSWORD || 'WeChat-Demo-1'),
		firstName: 'Demo',
		lastName: 'Owner',
	};
	if (selfCheck) return { selfCheck, n8nPort: null, sandboxPort: null, owner };
	const n8nPort = readPort(env, 'DEMO_N8N_PORT', DEFAULT_N8N_PORT);
	const sandboxPort = readPort(env, 'DEMO_SANDBOX_PORT', DEFAULT_SANDBOX_PORT);
	if (n8nPort === sandboxPort) throw new DemoError(`DEMO_N8N_PORT and DEMO_SANDBOX_PORT are both ${n8nPort}: give them different ports`);
	return { selfCheck, n8nPort, sandboxPort, owner };
}
