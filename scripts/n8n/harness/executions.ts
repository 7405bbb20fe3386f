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
