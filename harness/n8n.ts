import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { installPackageTarball } from './communityPackage';
import { decodeExecution, isSettled, listExecutionIds, type Execution } from './executions';
import { installN8n, type N8nInstall, type N8nMajor } from './install';
import { freePort } from './ports';
import { killProcessGroup, runCommand, trackProcessGroup, type CommandResult } from './process';

export interface StartN8nOptions {
	major: N8nMajor;
	/** A community package .tgz to install into `<userFolder>/.n8n/nodes` before start-up. */
	packageTarball?: string;
	/** Imported with `n8n import:credentials` (`data` may be a plain object: n8n encrypts it). */
	credentials?: object[];
	/** Imported with `n8n import:workflow`. Give each an `id`, and each webhook node a fixed `webhookId`. */
	workflows?: object[];
	/** Workflow ids to activate before start-up (`publish:workflow` on 2.x, `update:workflow --active=true` on 1.x). */
	publish?: string[];
	/** Extra environment for n8n and its CLI calls; overrides the harness defaults. */
	env?: Record<string, string>;
	/** Milliseconds to wait for "Editor is now accessible" (default 180 s). */
	startTimeoutMs?: number;
	/** n8n's HTTP port (default: a free one). A taken port makes start-up fail with n8n's own message in the log tail. */
	port?: number;
	/** The owner account to set up (default: e2e-owner@example.com with a random password). */
	owner?: N8nOwner;
	/**
	 * Aborting stops start-up wherever it is (installer, tarball install, CLI imports, waiting for n8n):
	 * whatever was started is stopped, the user folder removed, and the promise rejects.
	 */
	signal?: AbortSignal;
	/**
	 * SIGKILL n8n's process group as soon as this process gets SIGINT/SIGTERM/SIGHUP (default true, for
	 * interrupted test runs). Pass false when the caller handles those signals and calls stop() itself,
	 * so n8n shuts down gracefully; n8n is still killed if this process exits without stopping it.
	 */
	killOnProcessSignals?: boolean;
}

export interface RestResponse<T = unknown> {
	status: number;
	/** Parsed JSON when the answer is JSON, else the text. */
	body: T;
	headers: Headers;
}

export interface N8nOwner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export interface N8nHandle {
	major: N8nMajor;
	install: N8nInstall;
	version: string;
	baseUrl: string;
	port: number;
	userFolder: string;
	owner: N8nOwner;
	/** Milliseconds from spawning `n8n start` to "Editor is now accessible". */
	startupMs: number;
	/** PID of `n8n start`, which leads its own process group (its task runners are in it too). */
	pid: number;
	/** Settles when n8n's main process has exited, for whatever reason (stop(), a crash). */
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	/** Production URL of a Webhook-node path (`/webhook/<path>`); other triggers use `<webhookId>/<path>`. */
	webhookUrl(path: string): string;
	/** A REST call as the owner (auth cookie attached). `path` starts with `/`, e.g. `/rest/workflows`. */
	rest<T = unknown>(method: string, path: string, body?: unknown): Promise<RestResponse<T>>;
	/**
	 * Polls until n8n has the production webhook `url` registered for `method` (default POST); a webhook
	 * can lag "Editor is now accessible" by seconds. Sends only CORS preflights: starts no execution.
	 */
	waitForWebhook(url: string, options?: { method?: string; timeoutMs?: number }): Promise<void>;
	/** Executions (newest first) with their decoded run data; all workflows when no id is given. */
	executions(workflowId?: string): Promise<Execution[]>;
	/** Polls until at least `count` executions of the workflow are settled (not new/running). */
	waitForExecutions(workflowId: string, count?: number, timeoutMs?: number): Promise<Execution[]>;
	/** An n8n CLI command against this instance's user folder, e.g. `cli('export:workflow', '--all')`. */
	cli(...args: string[]): Promise<CommandResult>;
	/**
	 * A CLI command with extra environment on top of this instance's, e.g. another task-broker port for
	 * `execute`, which starts its own task runner and would otherwise collide with the running n8n's.
	 */
	cliWithEnv(extraEnv: Record<string, string>, ...args: string[]): Promise<CommandResult>;
	/** Everything n8n wrote to stdout and stderr so far. */
	logs(): string;
	/** Kills n8n's process group and removes the temp user folder (set N8N_E2E_KEEP_USER_FOLDER=1 to keep it). */
	stop(): Promise<void>;
}

const READY_LINE = 'Editor is now accessible';
const CLI_TIMEOUT_MS = 180000;
const delay = (ms: number) => new Promise((resolveDelay) => setTimeout(resolveDelay, ms));

/**
 * Everything n8n would otherwise reach out to the internet for, or nag about, switched off:
 * these tests run offline and should start fast with a quiet log. (Names checked in @n8n/config
 * of 1.123.81 and 2.40.7.)
 */
export const OFFLINE_QUIET_ENV: Record<string, string> = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
	N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
	EXTERNAL_FRONTEND_HOOKS_URLS: '',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	N8N_AI_ENABLED: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
	N8N_SECURE_COOKIE: 'false',
};

/** Settings whose name or existence differs between the majors (a name a major does not know is an error or a deprecation warning there). */
export function majorEnvironment(major: N8nMajor, baseUrl: string): Record<string, string> {
	if (major === 1) {
		return { WEBHOOK_URL: `${baseUrl}/`, N8N_RUNNERS_ENABLED: 'true' };
	}
	return {
		N8N_WEBHOOK_URL: `${baseUrl}/`,
		// The MCP registry module fetches api.n8n.io at start-up and logs a stack trace offline.
		N8N_DISABLED_MODULES: 'mcp-registry',
		// No Python venv here: the internal Python runner would only log a start-up failure.
		N8N_PYTHON_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
	};
}

/** The parts of the caller's environment n8n may see; jest's own variables (NODE_ENV=test!) stay out. */
export function baseEnvironment(nodeBin: string): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const key of ['HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'TZ', 'USER']) {
		const value = process.env[key];
		if (value !== undefined) env[key] = value;
	}
	env.PATH = `${dirname(nodeBin)}:${process.env.PATH ?? '/usr/bin:/bin'}`;
	env.NODE_ENV = 'production';
	return env;
}

function ownerFor(): N8nOwner {
	return {
		email: 'e2e-owner@example.com',
		// n8n's rules: 8-64 characters, a digit and an uppercase letter.
		password: `E2e-${randomBytes(6).toString('hex')}-Pw1`,
		firstName: 'E2E',
		lastName: 'Owner',
	};
}

export function removeUserFolder(userFolder: string): void {
	// Only ever a folder this module made with mkdtemp under the temp dir.
	if (!basename(userFolder).startsWith('n8n-e2e-') || dirname(userFolder) !== tmpdir()) {
		throw new Error(`refusing to remove unexpected folder ${userFolder}`);
	}
	if (process.env.N8N_E2E_KEEP_USER_FOLDER === '1') {
		process.stderr.write(`[n8n-e2e] kept user folder ${userFolder}\n`);
		return;
	}
	rmSync(userFolder, { recursive: true, force: true });
}

/**
 * Starts a real n8n in a fresh user folder: optional community package, imported credentials and
 * workflows, activation, owner account. Cleans up after itself when anything on the way fails.
 */
export async function startN8n(options: StartN8nOptions): Promise<N8nHandle> {
	const signal = options.signal;
	const install = await installN8n(options.major, { signal });
	const userFolder = mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
	const logChunks: string[] = [];
	let child: ChildProcess | undefined;
	let untrack: (() => void) | undefined;

	const stopProcess = async () => {
		if (child !== undefined) await killProcessGroup(child);
		untrack?.();
	};

	try {
		const port = options.port ?? (await freePort());
		const brokerPort = await freePort();
		const baseUrl = `http://127.0.0.1:${port}`;
		const env: NodeJS.ProcessEnv = {
			...baseEnvironment(install.nodeBin),
			...OFFLINE_QUIET_ENV,
			N8N_USER_FOLDER: userFolder,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: `${baseUrl}/`,
			...majorEnvironment(options.major, baseUrl),
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
			...options.env,
		};
		const cliWithEnv = (extraEnv: Record<string, string>, ...args: string[]) =>
			runCommand(install.nodeBin, [install.n8nBin, ...args], {
				cwd: userFolder,
				env: { ...env, ...extraEnv },
				timeoutMs: CLI_TIMEOUT_MS,
				signal,
			});
		const cli = (...args: string[]) => cliWithEnv({}, ...args);

		if (options.packageTarball !== undefined) await installPackageTarball(userFolder, options.packageTarball, signal);
		await importEntities(userFolder, cli, options);
		signal?.throwIfAborted();

		child = spawn(install.nodeBin, [install.n8nBin, 'start'], {
			cwd: userFolder,
			env,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const spawned = child;
		const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
			spawned.once('exit', (code, exitSignal) => resolveExit({ code, signal: exitSignal }));
		});
		if (child.pid === undefined) throw new Error('n8n could not be spawned');
		untrack = trackProcessGroup(child.pid, { killOnSignals: options.killOnProcessSignals ?? true });
		const startedAt = Date.now();
		await waitForReady(child, logChunks, options.startTimeoutMs ?? 180000, signal);
		const startupMs = Date.now() - startedAt;

		const owner = options.owner ?? ownerFor();
		const session = new Session(baseUrl);
		const setup = await session.request('POST', '/rest/owner/setup', {
			email: owner.email,
			firstName: owner.firstName,
			lastName: owner.lastName,
			password: owner.password,
		});
		if (setup.status !== 200) throw new Error(`owner set-up answered ${setup.status}: ${JSON.stringify(setup.body)}`);

		const executions = async (workflowId?: string): Promise<Execution[]> => {
			const summaries = (await listExecutionIds((path) => session.request('GET', path), workflowId)).map((id) => ({ id }));
			const details: Execution[] = [];
			for (const summary of summaries) {
				const one = await session.request<{ data: Parameters<typeof decodeExecution>[0] }>('GET', `/rest/executions/${summary.id}`);
				if (one.status !== 200) throw new Error(`GET /rest/executions/${summary.id} answered ${one.status}`);
				details.push(decodeExecution(one.body.data));
			}
			return details.sort((a, b) => Number(b.id) - Number(a.id));
		};

		let stopped = false;
		const handle: N8nHandle = {
			major: options.major,
			install,
			version: install.version,
			baseUrl,
			port,
			userFolder,
			owner,
			startupMs,
			pid: child.pid,
			exited,
			webhookUrl: (path) => `${baseUrl}/webhook/${path.replace(/^\/+/, '')}`,
			rest: (method, path, body) => session.request(method, path, body),
			waitForWebhook: (url, waitOptions) => waitForWebhook(url, waitOptions?.method ?? 'POST', waitOptions?.timeoutMs ?? 30000),
			executions,
			waitForExecutions: async (workflowId, count = 1, timeoutMs = 30000) => {
				const deadline = Date.now() + timeoutMs;
				for (;;) {
					const all = await executions(workflowId);
					const settled = all.filter(isSettled);
					if (settled.length >= count) return settled;
					if (Date.now() > deadline) {
						throw new Error(
							`waited ${timeoutMs} ms for ${count} settled execution(s) of ${workflowId}; have ${all.map((e) => `${e.id}:${e.status}`).join(', ') || 'none'}`,
						);
					}
					await delay(250);
				}
			},
			cli,
			cliWithEnv,
			logs: () => logChunks.join(''),
			stop: async () => {
				if (stopped) return;
				stopped = true;
				try {
					await stopProcess();
				} finally {
					removeUserFolder(userFolder);
				}
			},
		};
		return handle;
	} catch (error) {
		try {
			await stopProcess();
		} finally {
			removeUserFolder(userFolder);
		}
		const logs = logChunks.join('');
		const message = error instanceof Error ? error.message : String(error);
		throw new Error(`starting n8n ${install.version} in ${userFolder} failed (stopped, folder removed): ${message}${logs ? `\n--- n8n log (tail)\n${logs.slice(-6000)}` : ''}`);
	}
}

async function importEntities(
	userFolder: string,
	cli: (...args: string[]) => Promise<CommandResult>,
	options: StartN8nOptions,
): Promise<void> {
	if (options.credentials !== undefined && options.credentials.length > 0) {
		const file = join(userFolder, 'e2e-credentials.json');
		writeFileSync(file, JSON.stringify(options.credentials));
		await cli('import:credentials', `--input=${file}`);
		rmSync(file); // plain-text secrets: gone as soon as n8n has them encrypted
	}
	if (options.workflows !== undefined && options.workflows.length > 0) {
		const file = join(userFolder, 'e2e-workflows.json');
		writeFileSync(file, JSON.stringify(options.workflows));
		await cli('import:workflow', `--input=${file}`);
	}
	for (const id of options.publish ?? []) {
		if (options.major === 2) await cli('publish:workflow', `--id=${id}`);
		else await cli('update:workflow', `--id=${id}`, '--active=true');
	}
}

/** Resolves once n8n prints `readyLine` (default: the editor's); keeps collecting its output into `logChunks` afterwards. */
export function waitForReady(
	child: ChildProcess,
	logChunks: string[],
	timeoutMs: number,
	signal?: AbortSignal,
	readyLine = READY_LINE,
): Promise<void> {
	return new Promise((resolveReady, reject) => {
		if (signal?.aborted) {
			reject(new Error('start-up aborted'));
			return;
		}
		let seen = '';
		const timer = setTimeout(() => finish(new Error(`no "${readyLine}" within ${timeoutMs} ms`)), timeoutMs);
		const onData = (chunk: Buffer) => {
			const text = chunk.toString('utf8');
			logChunks.push(text);
			seen = (seen + text).slice(-4096);
			if (seen.includes(readyLine)) finish();
		};
		const onExit = (code: number | null, exitSignal: NodeJS.Signals | null) =>
			finish(new Error(`n8n exited during start-up (code ${code}, signal ${exitSignal})`));
		const onAbort = () => finish(new Error('start-up aborted'));
		const finish = (error?: Error) => {
			clearTimeout(timer);
			child.off('exit', onExit);
			signal?.removeEventListener('abort', onAbort);
			if (error) reject(error);
			else resolveReady();
		};
		signal?.addEventListener('abort', onAbort, { once: true });
		// Keep collecting output after start-up for logs().
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		child.once('exit', onExit);
	});
}

/**
 * A CORS preflight is the one request n8n's webhook server answers from its registry without running
 * the workflow: with an Origin header it looks the path up (404 when nothing is registered there) and
 * lists the registered methods in Access-Control-Allow-Methods.
 */
async function waitForWebhook(url: string, method: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = 'no answer';
	const origin = new URL(url).origin;
	while (Date.now() < deadline) {
		try {
			const response = await fetch(url, {
				method: 'OPTIONS',
				headers: { origin, 'access-control-request-method': method },
			});
			await response.arrayBuffer();
			const allowed = (response.headers.get('access-control-allow-methods') ?? '').split(',').map((m) => m.trim());
			if (response.ok && allowed.includes(method)) return;
			last = `${response.status} (allowed: ${allowed.join(', ') || 'none'})`;
		} catch {
			last = 'connection refused';
		}
		await delay(250);
	}
	throw new Error(`webhook ${method} ${url} not registered after ${timeoutMs} ms: last answer ${last}`);
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** fetch's error when the server closed or reset the connection before answering. */
function isClosedSocket(error: unknown): boolean {
	// lib es2021 has no Error.cause in its types; Node's fetch sets it.
	const cause = error instanceof Error ? ((error as Error & { cause?: unknown }).cause as { code?: string; message?: string } | undefined) : undefined;
	return cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'ECONNRESET' || /other side closed/.test(cause?.message ?? '');
}

/** Cookie-keeping REST client for one n8n instance. */
class Session {
	private readonly cookies = new Map<string, string>();

	constructor(private readonly baseUrl: string) {}

	async request<T = unknown>(method: string, path: string, body?: unknown): Promise<RestResponse<T>> {
		const headers: Record<string, string> = { accept: 'application/json' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
		const send = () => fetch(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
		let response: Response;
		try {
			response = await send();
		} catch (error) {
			// A kept-alive socket n8n closed while idle fails the next request ("other side closed"); a request
			// that cannot have changed anything is simply sent again on a fresh connection.
			if (!IDEMPOTENT_METHODS.has(method.toUpperCase()) || !isClosedSocket(error)) throw error;
			response = await send();
		}
		for (const setCookie of response.headers.getSetCookie()) {
			const [pair] = setCookie.split(';');
			const separator = pair.indexOf('=');
			if (separator > 0) this.cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim());
		}
		const text = await response.text();
		const isJson = (response.headers.get('content-type') ?? '').includes('json');
		return { status: response.status, body: (isJson && text !== '' ? JSON.parse(text) : text) as T, headers: response.headers };
	}
}
