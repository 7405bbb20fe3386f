/** The shape of bench/results/latest.json, shared by the sections, the table printer and the chart. */
import type { SendMapping } from './flows';

export interface SendRun {
	sendNodeMs: number;
	endToEndMs: number;
	/** CPU time n8n's main process used from the webhook call to its answer (whole execution). */
	n8nCpuMs: number;
	accepted: number;
	/** Refusals by errcode (sandbox answers other than 0) during the run. */
	refusedByErrcode: Record<string, number>;
	lost: number;
	executionStatus: string;
	/** Output items our node marked `success: false` (n8n's HTTP Request node marks none). */
	itemsFlaggedFailed: number;
	peakInFlight: number;
	/** From the webhook POST to the first send reaching the sandbox (the flow's work before sending). */
	msToFirstSend: number | null;
	tokenCalls: number;
}

export interface SendSetting {
	key: string;
	label: string;
	flow: 'ours' | 'baseline';
	concurrency: number | null;
	batching: { batchSize: number; batchInterval: number } | null;
	/** Ours only: the Send node's Continue On Fail, and how its keywords are filled. */
	continueOnFail: boolean | null;
	mapping: SendMapping | null;
	items: number;
	runs: SendRun[];
	/** Medians over the runs. */
	sendNodeMs: number;
	endToEndMs: number;
	itemsPerSecond: number;
	endToEndItemsPerSecond: number;
	/** Median CPU time of n8n's main process per item, whole execution (µs). */
	n8nCpuMicrosPerItem: number;
	/** Median CPU time of n8n's main process for the whole execution (ms): the flow's n8n CPU time. */
	n8nCpuMs: number;
	ratioToBaselineDefault: number;
	/** N × latency / concurrency, ours only. */
	latencyLimitMs: number | null;
	ratioToLatencyLimit: number | null;
	/**
	 * Ours only: send node time ÷ max(N × latency ÷ concurrency, the flow's n8n CPU time), per run, then the
	 * median. The bound is ≤ 1.25: the node adds little beyond whichever of WeChat's latency and
	 * n8n's own CPU work is the larger.
	 */
	ratioToBound: number | null;
	accepted: number;
	lost: number;
	refusedByErrcode: Record<string, number>;
	/** 'nothing lost' | 'yes, per item' | 'yes, execution failed' | 'no (execution green)' */
	lossReported: string;
	peakInFlight: number;
	msToFirstSend: number | null;
}

export interface TokenEconomy {
	executions: number;
	itemsPerExecution: number;
	singleProcess: { ours: TokenCount; baseline: TokenCount };
	twoProcesses: { ours: TokenCount; baseline: TokenCount } | null;
}

export interface TokenCount {
	tokenCalls: number;
	plainTokensMinted: number;
	rejectedTokenResponses: number;
	accepted: number;
	lost: number;
	/** Two-process runs: whether another backend's cached plain token still worked 5 minutes later. */
	otherBackendTokenSurvived?: boolean;
}

export interface TriggerSide {
	label: string;
	/** n8n's Webhook node, or our trigger at a typeVersion. */
	endpoint: 'webhook' | 'ours';
	typeVersion: number;
	bodyBytes: number;
	requests: number;
	ok: number;
	failed: number;
	seconds: number;
	eventsPerSecond: number;
	p50Ms: number;
	p99Ms: number;
	/** Executions finished per second, counted until the last one of the phase had finished. */
	executedPerSecond: number;
	drainSeconds: number;
	/** CPU time of n8n's main process per accepted event, from the first request until its execution finished. */
	n8nCpuMsPerEvent: number;
	/** This side's events/s ÷ the Webhook node's in the same n8n (1 for the Webhook node itself). */
	ratioToWebhook: number;
	/** This side's n8n CPU per event ÷ the Webhook node's in the same n8n (above 1: costlier). */
	cpuRatioToWebhook: number;
}

/** One n8n start's trigger measurements: n8n's Webhook node and our trigger's versions, same settings. */
export interface TriggerRun {
	/** 'default' or 'lazyAcquire' (N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true). */
	setting: string;
	/** The extra environment this n8n was started with. */
	env: Record<string, string>;
	sides: TriggerSide[];
}

export interface TriggerThroughput {
	clients: number;
	seconds: number;
	runs: TriggerRun[];
}

export interface PerEventCost {
	node: string;
	iterations: number;
	bodyBytes: number;
	templates: number;
	totalMicros: number;
	parts: Record<string, number>;
}

export interface MemoryResult {
	items: number;
	concurrency: number;
	idleRssMb: number;
	peakRssMb: number;
	afterRssMb: number;
	growthMb: number;
	sendNodeMs: number | null;
	accepted: number;
	executionStatus: string;
	/** The same items through Webhook → Split Out in a fresh n8n of its own (runs before this field existed: absent). */
	n8nAlone?: { idleRssMb: number; peakRssMb: number; growthMb: number };
	/** growthMb − n8nAlone.growthMb: what the Send node adds to n8n's own handling of the batch. */
	sendNodeShareMb?: number;
	/**
	 * n8n's HTTP Request node sending the same items (the baseline flow, batching 16 per 20 ms so that 20 000
	 * requests are not opened at once), in a fresh n8n of its own: what the same sends cost without our node.
	 */
	httpRequestNode?: { idleRssMb: number; peakRssMb: number; growthMb: number; accepted: number };
	/** growthMb − httpRequestNode.growthMb: what our node costs beyond n8n's own way of making the same sends. */
	overHttpRequestMb?: number;
}

/** What one reminder run cost (section 6); a side's figures are the medians over its runs. */
export interface ReminderFigures {
	/** n8n's own start-to-stop time of the execution. */
	executionMs: number;
	/** CPU time of n8n's main process over the execution. */
	n8nCpuMs: number;
	/** Every WeChat API request the run made (token, template list, sends), counted by the sandbox. */
	wechatCalls: number;
	sendCalls: number;
	/** Send calls answered 43101: the user had no send left. */
	wasted43101: number;
	/** Messages WeChat accepted. */
	accepted: number;
}

/** One run of a reminder flow, from the same starting state. */
export interface ReminderRun extends ReminderFigures {
	executionStatus: string;
	/** n8n's execution time of each node (all its runs), ms: where the run's time went. */
	nodeMs?: Record<string, number>;
}

export interface ReminderSide extends ReminderFigures {
	label: string;
	runs: ReminderRun[];
	/** Median per node over the runs (runs from before this existed: absent). */
	nodeMs?: Record<string, number>;
}

/**
 * Sections 6 and 8: a reminder over `users` of whom `noSendLeftShare` have no send left, with and without the
 * ledger, on n8n's Data Tables (6) or PostgreSQL (8).
 */
export interface ReminderComparison {
	/** Absent in runs from before section 8: Data Tables. */
	store?: 'dataTables' | 'postgres';
	users: number;
	noSendLeftShare: number;
	/** Users the sandbox would accept a message for: the exact figure each flow should reach. */
	sendable: number;
	latencyMs: number;
	ledger: ReminderSide;
	everyone: ReminderSide;
}

/** One history length of section 7: its measured mornings. */
export interface HistoryCase {
	days: number;
	runs: Array<{ executionMs: number; n8nCpuMs: number; accepted: number; tableBytes: number }>;
	executionMs: number;
	n8nCpuMs: number;
	/** The lifecycle tables before a morning's run, as n8n measures them for its cap (median). */
	tableMb: number;
}

/** Section 7: the same users' reminder after a short and a long history, each compacted daily. */
export interface HistoryComparison {
	users: number;
	latencyMs: number;
	short: HistoryCase;
	long: HistoryCase;
	/** The long history's event rows had they never been compacted. */
	uncompactedLongMb: number;
	/** What one ledger event row takes in n8n's measure (from those uncompacted rows); absent in older runs. */
	eventRowBytes?: number;
	/** n8n's default cap of all data tables together. */
	capMb: number;
}

/** One run of section 9: `executions` webhook calls of one message each. */
export interface EventSendRun {
	executions: number;
	ok: number;
	accepted: number;
	/** Every WeChat call the run made (sends, tokens, template lists), per message. */
	wechatCallsPerMessage: number;
	templateListCalls: number;
	tokenCalls: number;
	/** Time until each webhook call was answered (after its message was sent). */
	p50Ms: number;
	p99Ms: number;
	n8nCpuMsPerMessage: number;
}

export interface EventSendSide {
	label: string;
	runs: EventSendRun[];
	wechatCallsPerMessage: number;
	p50Ms: number;
	p99Ms: number;
	n8nCpuMsPerMessage: number;
}

/** Section 9: one event, one execution, one message: ours (example 1) beside n8n's HTTP Request node. */
export interface EventSends {
	executions: number;
	clients: number;
	latencyMs: number;
	ours: EventSendSide;
	baseline: EventSendSide;
}

export interface TargetCheck {
	target: string;
	measured: string;
	met: boolean;
}

export interface BenchResults {
	generatedAt: string;
	durationSeconds: number;
	machine: {
		cpus: number;
		cpuModel: string;
		totalMemoryGb: number;
		loadAverageAtStart: number[];
		loadAverageAtEnd: number[];
		otherN8nProcessesAtStart: number;
		driverNode: string;
	};
	n8n: { version: string; node: string; startupMs: number };
	config: Record<string, unknown>;
	send: SendSetting[];
	tokens: TokenEconomy | null;
	trigger: TriggerThroughput | null;
	perEvent: PerEventCost | null;
	memory: MemoryResult | null;
	/** Runs before this section existed: absent. */
	reminder?: ReminderComparison | null;
	/** Section 7; runs before it existed: absent. */
	history?: HistoryComparison | null;
	/** Section 8; runs before it existed: absent. */
	reminderPostgres?: ReminderComparison | null;
	/** Section 9; runs before it existed: absent. */
	eventSends?: EventSends | null;
	/**
	 * Today's setting (concurrency 16, Continue On Fail off) in the results this run replaced: its ratio to
	 * that run's baseline and, where recorded, its median send node time and n8n CPU time.
	 */
	previousRun: { generatedAt: string; ratioToBaselineDefault: number; sendNodeMs?: number; n8nCpuMs?: number } | null;
	targets: TargetCheck[];
}
