/**
 * The benchmark's workload, in one place. Defaults are the settings; the environment can shrink
 * them for a quick look (BENCH_QUICK=1), never enlarge what the published table claims.
 */

function envNumber(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw.trim() === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
	return value;
}

const quick = process.env.BENCH_QUICK === '1';

export const BENCH_CONFIG = {
	quick,
	/** Section 1: items per send execution and the sandbox's added latency. */
	sendItems: envNumber('BENCH_ITEMS', quick ? 400 : 2000),
	latencyMs: envNumber('BENCH_LATENCY_MS', 20),
	/** Every `sameUserEvery`-th item goes to the user of the item before it (the issue: one in ten). */
	sameUserEvery: 10,
	/** Today's flow (OpenID and order number by expression, Continue On Fail off) at every concurrency. */
	ourConcurrencies: [1, 5, 16, 50] as const,
	/**
	 * The same flow with Continue On Fail on (the speed targets are for this setting, where the
	 * node checks and sends overlapped), at every concurrency.
	 */
	continueOnFailConcurrencies: [1, 5, 16, 50] as const,
	/**
	 * The other ways to fill the keywords, Continue On Fail on: auto-mapped input fields (one expression per
	 * item, the OpenID) and JSON mode. At 16 and 50 only, which keeps the whole run under about 18 minutes.
	 */
	otherMappings: ['autoMap', 'json'] as const,
	otherMappingConcurrencies: [16, 50] as const,
	/** The baseline's second setting: HTTP Request → Options → Batching. */
	baselineBatch: { batchSize: 16, batchInterval: 20 },
	/** Runs of each setting; the table shows the median (concurrency 1 runs once: it is latency-bound by design). */
	rounds: envNumber('BENCH_ROUNDS', quick ? 1 : 2),
	warmupItems: quick ? 100 : 300,
	/** Section 2. */
	tokenExecutions: envNumber('BENCH_TOKEN_EXECUTIONS', quick ? 10 : 50),
	tokenItemsPerExecution: 10,
	/** Section 3. */
	triggerClients: 20,
	triggerSeconds: envNumber('BENCH_TRIGGER_SECONDS', quick ? 5 : 20),
	triggerTemplates: 3,
	/** Our trigger's versions, each measured beside n8n's Webhook node: 1 (saved workflows) and 2 (new nodes). */
	triggerVersions: [1, 2] as const,
	/**
	 * n8n's own setting, given to a second n8n start: an expression isolate is taken only when an expression
	 * actually runs, instead of for every webhook call of a trigger other than n8n's Webhook node.
	 */
	lazyAcquireEnv: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
	/** Section 4. */
	perEventWarmup: 5_000,
	perEventIterations: quick ? 20_000 : 100_000,
	/** Section 5. */
	memoryItems: envNumber('BENCH_MEMORY_ITEMS', quick ? 2000 : 20_000),
	memoryConcurrency: 50,
	rssSampleMs: 50,
	/** Section 6: the reminder's users, and the share of them with no send left (the issue: 2 000, 40%). */
	reminderUsers: envNumber('BENCH_REMINDER_USERS', quick ? 400 : 2000),
	reminderNoSendLeftShare: 0.4,
	/** Section 7: the users, and the two history lengths compared (the issue: 20 000 users, 1 and 30 days). */
	historyUsers: envNumber('BENCH_HISTORY_USERS', quick ? 2000 : 20_000),
	historyDays: quick ? [1, 3] : [1, 30],
	/** Section 9: webhook calls of one message each per run, and how many callers fire them at once. */
	eventExecutions: envNumber('BENCH_EVENT_EXECUTIONS', quick ? 100 : 1000),
	eventClients: 4,
	/** Section 8: the PostgreSQL reminder's users (the issue: 50 000). */
	postgresReminderUsers: envNumber('BENCH_POSTGRES_USERS', quick ? 5000 : 50_000),
} as const;

export type BenchConfig = typeof BENCH_CONFIG;
