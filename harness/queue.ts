/**
 * n8n in queue mode on one machine: one main process (`n8n start`: editor, REST, activation), worker
 * processes (`n8n worker`: run every execution) and webhook processes (`n8n webhook`: take production
 * webhook calls and queue them), sharing one PostgreSQL database, one Redis and one encryption key.
 * Every process gets a user folder of its own with the community package installed, as separate
 * machines (or containers) would have. Redis and PostgreSQL come from outside (scripts/queue/).
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';

import { installPackageTarball } from './communityPackage';
import { installN8n, type N8nInstall, type N8nMajor } from './install';
import { startN8n, type N8nHandle } from './n8n';
import { N8nProcess, processEnvironment } from './n8nProcess';
import { cpuTimeMs } from './processMetrics';
import { freePort } from './ports';
import { runCommand } from './process';

export type QueueProcessRole = 'worker' | 'webhook';

export interface StartQueueClusterOptions {
	major: N8nMajor;
	/**
	 * Where Redis and PostgreSQL are: QUEUE_BULL_REDIS_HOST/PORT/PASSWORD, DB_TYPE=postgresdb and
	 * DB_POSTGRESDB_HOST/PORT/DATABASE/USER/PASSWORD (what scripts/queue/start-services.sh prints).
	 */
	services: Record<string, string>;
	/** Installed into every process's user folder. */
	packageTarball?: string;
	/** Imported and activated through the main process's user folder (they land in PostgreSQL). */
	credentials?: object[];
	workflows?: object[];
	publish?: string[];
	/** `n8n worker` processes (default 2). */
	workers?: number;
	/** Jobs each worker runs at once (`--concurrency`, default n8n's 10). */
	workerConcurrency?: number;
	/** `n8n webhook` processes (default 1). */
	webhookProcesses?: number;
	/** Extra environment for every process; overrides the cluster's. */
	env?: Record<string, string>;
	/** Per process (default 180 s). */
	startTimeoutMs?: number;
}

/** A worker or webhook process. */
export interface N8nQueueProcess {
	role: QueueProcessRole;
	/** `worker-1`, `webhook-1`, … */
	name: string;
	/** Leads its own process group (a worker's task runner is in it too). */
	pid: number;
	/** Webhook process: its HTTP port. Worker: its health-check port (`/healthz`, `/healthz/readiness`). */
	port: number;
	baseUrl: string;
	userFolder: string;
	/** Milliseconds from spawning to its ready line. */
	startupMs: number;
	logs(): string;
	stop(): Promise<void>;
}

export interface N8nQueueCluster {
	main: N8nHandle;
	workers: N8nQueueProcess[];
	webhooks: N8nQueueProcess[];
	/** Production URL on the first webhook process (the main process serves none: N8N_DISABLE_PRODUCTION_MAIN_PROCESS). */
	webhookUrl(path: string): string;
	/** Process-group leader PID → name (`main`, `worker-1`, …, `webhook-1`) of every n8n process here. */
	processNames(): Map<number, string>;
	/** Execution ids per worker name, from each worker's "Worker started execution <id>" log lines. */
	executionsStartedByWorker(): Map<string, string[]>;
	/**
	 * Per process name (main, workers, webhook processes): the first capture group of every match of
	 * `pattern` (a global RegExp) in its log, e.g. /Enqueued execution (\d+)/g.
	 */
	logMatches(pattern: RegExp): Map<string, string[]>;
	/** CPU time (user + system, ms) each n8n process (group leader, not its task runner) has used so far, by name. */
	cpuMs(): Map<string, number>;
	/** Rows of a SELECT on n8n's PostgreSQL database, as JSON objects. */
	query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
	/** Stops every n8n process (webhook processes first, main last) and removes their user folders. */
	stop(): Promise<void>;
}

const READY_LINES: Record<QueueProcessRole, string> = {
	worker: 'n8n worker is now ready',
	webhook: 'Webhook listener waiting for requests',
};

const WORKER_STARTED_EXECUTION = /Worker started execution (\d+) \(job [^)]*\)/g;

/** The variable naming the public webhook base URL differs between the majors (2.x deprecates WEBHOOK_URL). */
function webhookUrlVariable(major: N8nMajor): string {
	return major === 1 ? 'WEBHOOK_URL' : 'N8N_WEBHOOK_URL';
}

/**
 * Settings every process of the cluster shares. n8n reads the same names in every command; what
 * makes them one instance is the same database, the same Redis and the same encryption key.
 */
function sharedEnvironment(options: StartQueueClusterOptions, encryptionKey: string, webhookBaseUrl: string): Record<string, string> {
	for (const required of ['QUEUE_BULL_REDIS_HOST', 'QUEUE_BULL_REDIS_PORT', 'DB_POSTGRESDB_HOST', 'DB_POSTGRESDB_PORT']) {
		if (!options.services[required]) throw new Error(`services is missing ${required}`);
	}
	return {
		...options.services,
		DB_TYPE: 'postgresdb',
		EXECUTIONS_MODE: 'queue',
		N8N_ENCRYPTION_KEY: encryptionKey,
		// n8n 2.x warns when this is unset in queue mode; n8n 3 makes it the only behaviour.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		// Production webhooks are the webhook processes' job; the main process keeps the editor and test webhooks.
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		[webhookUrlVariable(options.major)]: `${webhookBaseUrl}/`,
		...options.env,
	};
}

interface AuxiliaryProcessSpec {
	install: N8nInstall;
	major: N8nMajor;
	role: QueueProcessRole;
	name: string;
	shared: Record<string, string>;
	packageTarball?: string;
	port: number;
	workerConcurrency?: number;
	startTimeoutMs: number;
}

/** What a worker or a webhook process needs on top of the common process environment. */
function roleEnvironment(role: QueueProcessRole, port: number): Record<string, string> {
	// A webhook process serves HTTP on its port; a worker serves only its health check there.
	return role === 'webhook' ? { N8N_PORT: String(port) } : { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port) };
}

async function startAuxiliaryProcess(spec: AuxiliaryProcessSpec): Promise<N8nQueueProcess> {
	const { install, role } = spec;
	const n8n = new N8nProcess();
	try {
		const baseUrl = `http://127.0.0.1:${spec.port}`;
		const env: NodeJS.ProcessEnv = {
			...(await processEnvironment(install, spec.major, n8n.userFolder, baseUrl)),
			...roleEnvironment(role, spec.port),
			...spec.shared,
		};
		if (spec.packageTarball !== undefined) await installPackageTarball(n8n.userFolder, spec.packageTarball);
		const args = role === 'worker' ? ['worker', `--concurrency=${spec.workerConcurrency ?? 10}`] : ['webhook'];
		const started = await n8n.spawn(install, args, env, { name: `n8n ${role}`, readyLine: READY_LINES[role], timeoutMs: spec.startTimeoutMs });
		return {
			role,
			name: spec.name,
			pid: started.pid,
			port: spec.port,
			baseUrl,
			userFolder: n8n.userFolder,
			startupMs: started.startupMs,
			logs: () => n8n.logs(),
			stop: () => n8n.stop(),
		};
	} catch (error) {
		throw await n8n.failed(`n8n ${role} ${spec.name}`, 'log', error);
	}
}

/** Waits for every promise, then rethrows the first failure (so nothing is left half-started unnoticed). */
async function settleAll<T>(promises: Array<Promise<T>>): Promise<{ values: T[]; error?: unknown }> {
	const results = await Promise.allSettled(promises);
	const values: T[] = [];
	let error: unknown;
	let failed = false;
	for (const result of results) {
		if (result.status === 'fulfilled') values.push(result.value);
		else if (!failed) {
			failed = true;
			error = result.reason;
		}
	}
	return failed ? { values, error: error ?? new Error('a process failed to start') } : { values };
}

function postgresQuery(services: Record<string, string>) {
	return async <T>(sql: string): Promise<T[]> => {
		const wrapped = `SELECT coalesce(json_agg(row_to_json(q)), '[]'::json) FROM (${sql}) q`;
		const { stdout } = await runCommand(
			'psql',
			[
				'-h', services.DB_POSTGRESDB_HOST,
				'-p', services.DB_POSTGRESDB_PORT,
				'-U', services.DB_POSTGRESDB_USER ?? 'postgres',
				'-d', services.DB_POSTGRESDB_DATABASE ?? 'n8n',
				'-v', 'ON_ERROR_STOP=1', '-X', '-At', '-c', wrapped,
			],
			{
				cwd: tmpdir(),
				env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PGPASSWORD: services.DB_POSTGRESDB_PASSWORD ?? '', PGCONNECT_TIMEOUT: '10' },
				timeoutMs: 60000,
			},
		);
		return JSON.parse(stdout) as T[];
	};
}

/**
 * Starts the main process first (it runs the CLI imports and the database migrations), then the workers
 * and webhook processes side by side. Anything that fails on the way stops what was started.
 */
export async function startQueueCluster(options: StartQueueClusterOptions): Promise<N8nQueueCluster> {
	const install = await installN8n(options.major);
	const startTimeoutMs = options.startTimeoutMs ?? 180000;
	const webhookCount = options.webhookProcesses ?? 1;
	const workerCount = options.workers ?? 2;
	if (webhookCount < 1) throw new Error('a queue cluster here needs at least one webhook process (the main process serves no production webhooks)');
	const webhookPorts: number[] = [];
	for (let i = 0; i < webhookCount; i++) webhookPorts.push(await freePort());
	const webhookBaseUrl = `http://127.0.0.1:${webhookPorts[0]}`;
	const shared = sharedEnvironment(options, randomBytes(24).toString('hex'), webhookBaseUrl);

	const main = await startN8n({
		major: options.major,
		packageTarball: options.packageTarball,
		credentials: options.credentials,
		workflows: options.workflows,
		publish: options.publish,
		env: shared,
		startTimeoutMs,
	});

	const specs: AuxiliaryProcessSpec[] = [];
	for (let i = 0; i < workerCount; i++) {
		specs.push({ install, major: options.major, role: 'worker', name: `worker-${i + 1}`, shared, packageTarball: options.packageTarball, port: await freePort(), workerConcurrency: options.workerConcurrency, startTimeoutMs });
	}
	webhookPorts.forEach((port, i) => {
		specs.push({ install, major: options.major, role: 'webhook', name: `webhook-${i + 1}`, shared, packageTarball: options.packageTarball, port, startTimeoutMs });
	});
	const started = await settleAll(specs.map((spec) => startAuxiliaryProcess(spec)));
	if (started.error !== undefined) {
		await settleAll([...started.values.map((p) => p.stop()), main.stop()]);
		throw started.error;
	}
	const workers = started.values.filter((p) => p.role === 'worker');
	const webhooks = started.values.filter((p) => p.role === 'webhook');

	const allLogs = (): Array<[string, string]> => [['main', main.logs()], ...started.values.map((p) => [p.name, p.logs()] as [string, string])];
	const logMatches = (pattern: RegExp): Map<string, string[]> => {
		if (!pattern.global) throw new Error('logMatches needs a global RegExp');
		return new Map(allLogs().map(([name, text]) => [name, [...text.matchAll(pattern)].map((match) => match[1])]));
	};

	let stopped = false;
	return {
		main,
		workers,
		webhooks,
		webhookUrl: (path) => `${webhooks[0].baseUrl}/webhook/${path.replace(/^\/+/, '')}`,
		processNames: () => new Map<number, string>([[main.pid, 'main'], ...started.values.map((p) => [p.pid, p.name] as [number, string])]),
		executionsStartedByWorker: () => {
			const matches = logMatches(WORKER_STARTED_EXECUTION);
			return new Map(workers.map((worker) => [worker.name, matches.get(worker.name) ?? []]));
		},
		logMatches,
		cpuMs: () => new Map([['main', cpuTimeMs(main.pid)], ...started.values.map((p) => [p.name, cpuTimeMs(p.pid)] as [string, number])]),
		query: postgresQuery(options.services),
		stop: async () => {
			if (stopped) return;
			stopped = true;
			const front = await settleAll(webhooks.map((p) => p.stop()));
			const back = await settleAll(workers.map((p) => p.stop()));
			const last = await settleAll([main.stop()]);
			const error = front.error ?? back.error ?? last.error;
			if (error !== undefined) throw error;
		},
	};
}
