/**
 * Redis and PostgreSQL for n8n queue mode, from Node: runs start-services.sh / stop-services.sh (which
 * install Debian's packages when missing and run both daemons on loopback from one state folder).
 */
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { repoRoot } from './communityPackage';

export interface QueueServices {
	/** The state folder (logs: redis/redis.log, pg/postgresql.log). */
	dir: string;
	/** QUEUE_BULL_REDIS_*, DB_TYPE and DB_POSTGRESDB_* for every n8n process. */
	env: Record<string, string>;
	/** Milliseconds start-services.sh took (includes an apt-get install on a fresh machine). */
	startMs: number;
	/** Stops both daemons and removes the state folder (keeps it when N8N_E2E_KEEP_USER_FOLDER=1). */
	stop(): Promise<void>;
}

export interface StartQueueServicesOptions {
	/** Default: a unique folder under the temp dir. Its name must start with `n8n-queue-`. */
	dir?: string;
	redisPort?: number;
	pgPort?: number;
}

const scriptsDir = join(repoRoot, 'scripts', 'queue');
/** apt-get update + install may take minutes on a fresh machine. */
const START_TIMEOUT_MS = 15 * 60 * 1000;

function runScript(script: string, args: string[], timeoutMs: number): Promise<string> {
	return new Promise((resolveRun, reject) => {
		const child = execFile('bash', [join(scriptsDir, script), ...args], { timeout: timeoutMs, maxBuffer: 1024 * 1024 }, (error, stdout) => {
			if (error) reject(new Error(`${script} ${args.join(' ')} failed: ${error.message}`));
			else resolveRun(stdout);
		});
		child.stderr?.pipe(process.stderr);
	});
}

/** KEY=value lines → object (the format start-services.sh prints). */
export function parseEnvLines(text: string): Record<string, string> {
	const env: Record<string, string> = {};
	for (const line of text.split('\n')) {
		const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
		if (match) env[match[1]] = match[2];
	}
	return env;
}

export async function startQueueServices(options: StartQueueServicesOptions = {}): Promise<QueueServices> {
	const dir = options.dir ?? join(tmpdir(), `n8n-queue-${process.pid}-${Date.now().toString(36)}`);
	const args = ['--dir', dir];
	if (options.redisPort !== undefined) args.push('--redis-port', String(options.redisPort));
	if (options.pgPort !== undefined) args.push('--pg-port', String(options.pgPort));
	const stop = async () => {
		const keep = process.env.N8N_E2E_KEEP_USER_FOLDER === '1' ? ['--keep'] : [];
		await runScript('stop-services.sh', ['--dir', dir, ...keep], 120000);
	};
	const startedAt = Date.now();
	let output: string;
	try {
		output = await runScript('start-services.sh', args, START_TIMEOUT_MS);
	} catch (error) {
		await stop().catch(() => undefined); // whatever half started
		throw error;
	}
	const env = parseEnvLines(output);
	delete env.N8N_QUEUE_SERVICES_DIR;
	return { dir, env, startMs: Date.now() - startedAt, stop };
}

/**
 * Rows of one SELECT on the services' PostgreSQL (Debian's psql, as the database's owner): the e2e suites
 * read the tables the workflows wrote. Each row is an object, as json_agg gives it.
 */
export async function queryPostgres(env: Record<string, string>, select: string): Promise<Array<Record<string, unknown>>> {
	return JSON.parse(await execPostgres(env, `SELECT coalesce(json_agg(t), '[]'::json) FROM (${select}) t`)) as Array<Record<string, unknown>>;
}

/** Runs SQL (one or more statements) on the services' PostgreSQL; answers what psql printed (unaligned, tuples only). */
export function execPostgres(env: Record<string, string>, sql: string): Promise<string> {
	const args = ['-h', env.DB_POSTGRESDB_HOST, '-p', env.DB_POSTGRESDB_PORT, '-U', env.DB_POSTGRESDB_USER, '-d', env.DB_POSTGRESDB_DATABASE, '-v', 'ON_ERROR_STOP=1', '-At', '-q'];
	return new Promise((resolveOutput, reject) => {
		execFile('psql', [...args, '-c', sql], { env: { ...process.env, PGPASSWORD: env.DB_POSTGRESDB_PASSWORD }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
			if (error) reject(new Error(`psql: ${error.message}${stderr ? `: ${stderr.trim()}` : ''}`));
			else resolveOutput(stdout);
		});
	});
}

/** n8n's Postgres credential for the services' database (what a user types into Postgres → Credentials). */
export function postgresCredentialData(env: Record<string, string>): Record<string, unknown> {
	return {
		host: env.DB_POSTGRESDB_HOST,
		port: Number(env.DB_POSTGRESDB_PORT),
		database: env.DB_POSTGRESDB_DATABASE,
		user: env.DB_POSTGRESDB_USER,
		password: env.DB_POSTGRESDB_PASSWORD,
		ssl: 'disable',
		maxConnections: 20,
		allowUnauthorizedCerts: false,
	};
}
