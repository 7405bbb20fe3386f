import { parseFlatted } from './flatted';

/** One item of a node's output, as n8n passes it between nodes. */
export interface ExecutionItem {
	json: Record<string, unknown>;
	binary?: Record<string, unknown>;
	pairedItem?: unknown;
}

/** One run of one node (n8n's ITaskData, the parts tests read). */
export interface NodeRun {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	error?: { message?: string; description?: string; [key: string]: unknown };
	data?: { main?: Array<ExecutionItem[] | null> };
}

/** n8n's IRunExecutionData, the parts tests read. */
export interface RunExecutionData {
	resultData: {
		runData: Record<string, NodeRun[]>;
		lastNodeExecuted?: string;
		error?: { message?: string; [key: string]: unknown };
	};
	[key: string]: unknown;
}

export interface Execution {
	id: string;
	workflowId: string;
	/** new | running | success | error | crashed | canceled | waiting */
	status: string;
	mode: string;
	finished: boolean;
	startedAt: string | null;
	stoppedAt: string | null;
	data: RunExecutionData;
}

/** Statuses after which an execution's data no longer changes (a waiting execution resumes later). */
export const SETTLED_STATUSES = new Set(['success', 'error', 'crashed', 'canceled', 'waiting']);

/**
 * Settled, with its final data written. n8n 1.x on SQLite (pool size 0, its default) saves a finished
 * execution in two statements, the status first and the run data second, with no transaction: a read
 * in between sees "success" with the empty run data of the start (seen once in CI on 1.123.81). Every
 * execution that ran has at least its start node in runData or an error; only a canceled one may have
 * neither.
 */
export function isSettled(execution: Execution): boolean {
	if (!SETTLED_STATUSES.has(execution.status)) return false;
	const { runData, error } = execution.data.resultData;
	return Object.keys(runData).length > 0 || error !== undefined || execution.status === 'canceled';
}

export interface ExecutionSummary {
	id: string;
	status: string;
}

/**
 * One summary per id, newest first, the settled status preferred over a running one. n8n builds its
 * executions list from two queries run side by side, the running executions and the finished ones, so
 * an execution that finishes between them is listed twice (seen on n8n 1.123.81 as "26, 25, 25, 24 …").
 */
export function uniqueSummaries(summaries: readonly ExecutionSummary[]): ExecutionSummary[] {
	const byId = new Map<string, ExecutionSummary>();
	for (const summary of summaries) {
		const seen = byId.get(summary.id);
		if (seen === undefined || (!SETTLED_STATUSES.has(seen.status) && SETTLED_STATUSES.has(summary.status))) byId.set(summary.id, summary);
	}
	return [...byId.values()].sort((a, b) => Number(b.id) - Number(a.id));
}

/** GET on n8n's REST API answering the executions list (`{ data: { results } }`). */
export type ExecutionListGet = (path: string) => Promise<{ status: number; body: { data: { results: Array<{ id: string | number }> } } }>;

/** Ids per window: n8n caps `limit` at 100, and both window ends are exclusive. */
const ID_WINDOW = 99;

/**
 * Every execution id of a workflow (or of all), oldest first. n8n's list (2.40.7) is ordered by start
 * time but paged by id (`lastId`: id < lastId) and capped at 100 per page, so following `lastId` skips
 * executions that started out of id order (5 of 5 000 in one run). Instead: the highest id from the
 * first page, then every id window (lo, lo + 100) with `firstId`/`lastId`, none of which can hold more
 * than the cap. Executions created after the first request are not included.
 */
export async function listExecutionIds(get: ExecutionListGet, workflowId?: string): Promise<string[]> {
	const filter = encodeURIComponent(JSON.stringify(workflowId === undefined ? {} : { workflowId }));
	const page = async (range: string) => {
		const answer = await get(`/rest/executions?filter=${filter}&limit=100${range}`);
		if (answer.status !== 200) throw new Error(`GET /rest/executions answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
		return answer.body.data.results.map((result) => Number(result.id));
	};
	const newest = Math.max(0, ...(await page('')));
	const ids = new Set<number>();
	for (let lo = 0; lo < newest; lo += ID_WINDOW) {
		for (const id of await page(`&firstId=${lo}&lastId=${lo + ID_WINDOW + 1}`)) ids.add(id);
	}
	return [...ids].sort((a, b) => a - b).map(String);
}

/** The raw record GET /rest/executions/:id returns (1.x and 2.x): execution data as a flatted string. */
interface RawExecution {
	id: string | number;
	workflowId: string;
	status: string;
	mode: string;
	finished: boolean;
	startedAt?: string | null;
	stoppedAt?: string | null;
	data?: string | RunExecutionData | null;
}

export function decodeExecution(raw: RawExecution): Execution {
	// An execution that has only just been created (status "new") may carry no run data yet: none at all,
	// or (seen on 2.40.7 for a manual run just started) an empty flatted table "[]".
	const hasFlatted = typeof raw.data === 'string' && raw.data.trim() !== '' && raw.data.trim() !== '[]';
	const decoded = (typeof raw.data === 'string' ? (hasFlatted ? parseFlatted(raw.data) : undefined) : raw.data) as
		| RunExecutionData
		| null
		| undefined;
	const data: RunExecutionData = decoded?.resultData?.runData ? decoded : { ...decoded, resultData: { ...decoded?.resultData, runData: {} } };
	return {
		id: String(raw.id),
		workflowId: raw.workflowId,
		status: raw.status,
		mode: raw.mode,
		finished: raw.finished,
		startedAt: raw.startedAt ?? null,
		stoppedAt: raw.stoppedAt ?? null,
		data,
	};
}

/** Names of the nodes that ran, in the order n8n recorded them. */
export function executedNodes(execution: Execution): string[] {
	return Object.keys(execution.data.resultData.runData);
}

/** The `json` of every item a node emitted on one output in one run (default: first output, first run). */
export function nodeOutput(execution: Execution, nodeName: string, output = 0, run = 0): Array<Record<string, unknown>> {
	const runs = execution.data.resultData.runData[nodeName];
	if (runs === undefined) {
		throw new Error(`node "${nodeName}" did not run in execution ${execution.id} (ran: ${executedNodes(execution).join(', ')})`);
	}
	const taskData = runs[run];
	if (taskData === undefined) throw new Error(`node "${nodeName}" has no run ${run} in execution ${execution.id}`);
	return (taskData.data?.main?.[output] ?? []).map((item) => item.json);
}

/** The error a node recorded in one run, if any. */
export function nodeError(execution: Execution, nodeName: string, run = 0): NodeRun['error'] {
	return execution.data.resultData.runData[nodeName]?.[run]?.error;
}
