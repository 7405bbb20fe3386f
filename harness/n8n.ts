import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPackageTarball } from './communityPackage';
import { installN8n, type N8nInstall, type N8nMajor } from './install';
import { N8nProcess, processEnvironment, type SpawnedProcess } from './n8nProcess';
import { freePort } from './ports';
import { runCommand, type CommandResult } from './process';

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

const CLI_TIMEOUT_MS = 180000;
const delay = (ms: number) => new Promise((resolveDelay) => setTimeout(resolveDelay, ms));

function ownerFor(): N8nOwner {
	return {
		email: 'e2e-owner@example.com',
		// n8n's rules: 8-64 characters, a digit and an uppercase letter.
		password: `E2e-${randomBytes(6).toString('hex')}-Pw1`,
		firstName: 'E2E',
		lastName: 'Owner',
	};
}

/**
 * Starts a real n8n in a fresh user folder: optional community package, imported credentials and
 * workflows, activation, owner account. Cleans up after itself when anything on the way fails.
 */
export async function startN8n(options: StartN8nOptions): Promise<N8nHandle> {
	const install = await installN8n(options.major, { signal: options.signal });
	const n8n = new N8nProcess();
	try {
		const instance = await mainProcessSettings(install, options, n8n.userFolder);
		const cli = cliRunner(install, instance.env, n8n.userFolder, options.signal);
		await prepareUserFolder(n8n.userFolder, cli, options);
		const started = await n8n.spawn(install, ['start'], instance.env, {
			name: 'n8n',
			timeoutMs: options.startTimeoutMs ?? 180000,
			signal: options.signal,
			killOnSignals: options.killOnProcessSignals ?? true,
		});
		const session = new Session(instance.baseUrl);
		const owner = await setUpOwner(session, options.owner ?? ownerFor());
		return n8nHandle({ major: options.major, install, instance, n8n, started, session, owner, cli });
	} catch (error) {
		throw await n8n.failed(`n8n ${install.version} in ${n8n.userFolder}`, 'n8n log', error);
	}
}

interface MainProcessSettings {
	port: number;
	baseUrl: string;
	env: NodeJS.ProcessEnv;
}

/**
 * Port, URL and environment of the main process: the common process environment plus the editor's
 * port and URL and an encryption key of its own; the caller's `env` wins over all of them.
 */
async function mainProcessSettings(install: N8nInstall, options: StartN8nOptions, userFolder: string): Promise<MainProcessSettings> {
	const port = options.port ?? (await freePort());
	const baseUrl = `http://127.0.0.1:${port}`;
	const env: NodeJS.ProcessEnv = {
		...(await processEnvironment(install, options.major, userFolder, baseUrl)),
		N8N_PORT: String(port),
		N8N_EDITOR_BASE_URL: `${baseUrl}/`,
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
		...options.env,
	};
	return { port, baseUrl, env };
}

interface CliRunner {
	cli(...args: string[]): Promise<CommandResult>;
	cliWithEnv(extraEnv: Record<string, string>, ...args: string[]): Promise<CommandResult>;
}

/** n8n CLI commands against this user folder, with the main process's environment (plus any extra). */
function cliRunner(install: N8nInstall, env: NodeJS.ProcessEnv, userFolder: string, signal?: AbortSignal): CliRunner {
	const cliWithEnv = (extraEnv: Record<string, string>, ...args: string[]) =>
		runCommand(install.nodeBin, [install.n8nBin, ...args], {
			cwd: userFolder,
			env: { ...env, ...extraEnv },
			timeoutMs: CLI_TIMEOUT_MS,
			signal,
		});
	return { cli: (...args: string[]) => cliWithEnv({}, ...args), cliWithEnv };
}

/**
 * Everything that must be in the user folder before `n8n start`, because n8n reads it at start-up:
 * the community package (n8n scans `.n8n/nodes`), the credentials and workflows, and which are active.
 */
async function prepareUserFolder(userFolder: string, { cli }: CliRunner, options: StartN8nOptions): Promise<void> {
	if (options.packageTarball !== undefined) await installPackageTarball(userFolder, options.packageTarball, options.signal);
	await importEntities(userFolder, cli, options);
	options.signal?.throwIfAborted();
}

/** n8n answers nothing but the owner set-up until an owner exists; the answer's cookie logs `session` in. */
async function setUpOwner(session: Session, owner: N8nOwner): Promise<N8nOwner> {
	const setup = await session.request('POST', '/rest/owner/setup', {
		email: owner.email,
		firstName: owner.firstName,
		lastName: owner.lastName,
		password: owner.password,
	});
	if (setup.status !== 200) throw new Error(`owner set-up answered ${setup.status}: ${JSON.stringify(setup.body)}`);
	return owner;
}

interface RunningMainProcess {
	major: N8nMajor;
	install: N8nInstall;
	instance: MainProcessSettings;
	n8n: N8nProcess;
	started: SpawnedProcess;
	session: Session;
	owner: N8nOwner;
	cli: CliRunner;
}

/** The handle callers get: what was started, and the calls that drive it. */
function n8nHandle({ major, install, instance, n8n, started, session, owner, cli }: RunningMainProcess): N8nHandle {
	const { baseUrl, port } = instance;
	return {
		major,
		install,
		version: install.version,
		baseUrl,
		port,
		userFolder: n8n.userFolder,
		owner,
		startupMs: started.startupMs,
		pid: started.pid,
		exited: started.exited,
		webhookUrl: (path) => `${baseUrl}/webhook/${path.replace(/^\/+/, '')}`,
		rest: (method, path, body) => session.request(method, path, body),
		waitForWebhook: (url, waitOptions) => waitForWebhook(url, waitOptions?.method ?? 'POST', waitOptions?.timeoutMs ?? 30000),
		cli: cli.cli,
		cliWithEnv: cli.cliWithEnv,
		logs: () => n8n.logs(),
		stop: () => n8n.stop(),
	};
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
