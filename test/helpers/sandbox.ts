/**
 * The sandbox (the one fake WeChat) for a test file: started before its tests, closed after them, back
 * to its seed state before each test, with the credentials that point at it. Call `useSandbox()` at the
 * top of a file or a describe block; the handle it returns is the running Sandbox (inside hooks and
 * tests only), plus the credentials of its seeded app.
 */
import type { WeChatCredentials } from '../../nodes/protocol/credentials';
import type { SendFunction } from '../../nodes/protocol/http';
import { sharedTemplateCache } from '../../nodes/protocol/templateCache';
import { sharedTokenCache } from '../../nodes/protocol/token';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';

export interface UseSandboxOptions extends SandboxOptions {
	/**
	 * Before each test: back to the seed state (reset()) and empty shared token and template-list caches of
	 * the nodes, so counters, requests and tokens hold only that test's calls. Default true.
	 */
	resetEachTest?: boolean;
}

export interface SandboxCredentials {
	/** The n8n credential's fields for the seeded app: custom base URL = the sandbox. */
	credentials(overrides?: Record<string, string>): Record<string, string>;
	/** The protocol layer's credentials for the seeded app. */
	weChatCredentials(overrides?: Partial<WeChatCredentials>): WeChatCredentials;
}

export type UsedSandbox = Sandbox & SandboxCredentials;

export function useSandbox(options: UseSandboxOptions = {}): UsedSandbox {
	const { resetEachTest = true, ...sandboxOptions } = options;
	let running: Sandbox | undefined;
	const current = (): Sandbox => {
		if (!running) throw new Error('the sandbox runs only inside the tests of the file or block that called useSandbox()');
		return running;
	};
	beforeAll(async () => {
		running = await startSandbox({ port: 0, ...sandboxOptions });
	});
	afterAll(async () => {
		await running?.close();
		running = undefined;
	});
	if (resetEachTest) {
		beforeEach(() => {
			current().reset();
			sharedTokenCache.clear();
			sharedTemplateCache.clear();
		});
	}
	const extras: SandboxCredentials = {
		credentials: (overrides = {}) => {
			const sandbox = current();
			return { appId: sandbox.appId, appSecret: sandbox.appSecret, baseUrl: 'custom', customBaseUrl: sandbox.url, ...overrides };
		},
		weChatCredentials: (overrides = {}) => {
			const sandbox = current();
			return { appId: sandbox.appId, appSecret: sandbox.appSecret, baseUrl: sandbox.url, ...overrides };
		},
	};
	// Every Sandbox member is read from the instance running now.
	return new Proxy(extras as UsedSandbox, {
		get(target, property) {
			if (property in target) return target[property as keyof SandboxCredentials];
			// Not a promise: `await` and jest's matchers look for these.
			if (typeof property === 'symbol' || property === 'then') return undefined;
			const sandbox = current();
			const value: unknown = sandbox[property as keyof Sandbox];
			return typeof value === 'function' ? value.bind(sandbox) : value;
		},
	});
}

/** The protocol layer's transport over real HTTP (fetch), for a WeChatClient talking to the sandbox. */
export const fetchSend: SendFunction = async (request) => {
	const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
	return { statusCode: response.status, body: await response.text() };
};
