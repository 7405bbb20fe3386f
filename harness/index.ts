export { installN8n, parseMajors, type N8nInstall, type N8nMajor } from './install';
export { startN8n, type N8nHandle, type N8nOwner, type RestResponse, type StartN8nOptions } from './n8n';
export { restOk, restPatiently } from './rest';
export { decodeExecution, executedNodes, isSettled, listExecutionIds, nodeError, nodeOutput, SETTLED_STATUSES, uniqueSummaries, type Execution, type ExecutionItem, type ExecutionSummary, type NodeRun } from './executions';
export {
	executionById,
	executionCount,
	executionIds,
	executionsWithData,
	executionSummaries,
	executionTotals,
	latestExecution,
	UNFINISHED_STATUSES,
	waitForExecution,
	waitForExecutionCount,
	waitForExecutionTotal,
	waitForNewExecution,
	waitForSettledCount,
	waitForSettledExecutions,
	type ExecutionTotals,
} from './executionQueries';
export { activateWorkflow, activateWorkflows, retryExecution, runManually, runManuallyToEnd, testCredential, type CredentialTestResult } from './workflows';
export { cpuTimeMs, n8nMainPid, processAlive, rssKiB, sampleRss, type RssSampler } from './processMetrics';
export { parseFlatted } from './flatted';
export { buildProbePackage, installPackageTarball, missingBuildOutputs, packRepository, PACKAGE_NAME, repoRoot } from './communityPackage';
export { CANVAS_NODE_SELECTOR, CHROMIUM_PATH, CJK_FONT_PACKAGE, ensureChromium, ensureCjkFont, openEditor, type EditorSession, type OpenEditorOptions } from './chromium';
export { freePort } from './ports';
export { startQueueCluster, type N8nQueueCluster, type N8nQueueProcess, type QueueProcessRole, type StartQueueClusterOptions } from './queue';
export { execPostgres, postgresCredentialData, queryPostgres, startQueueServices, type QueueServices } from './services';
export { clientSocketInode, socketHolder, startAttributingProxy, type AttributedRequest, type AttributingProxy, type AttributingProxyOptions } from './attribution';
export { CommandError, type CommandResult } from './process';
export { createDataTables, dataTableRows, dataTableSizes, deleteDataTable, insertDataTableRows, personalProjectId, type DataTableDefinition, type DataTableRow, type DataTableSizes } from './dataTables';
export { fetchResendingWhenShed, isShedAnswer, mapWithConcurrency, postJson, shedPauseMs, type TimedAnswer } from './webhookCalls';
export {
	actionNode,
	chain,
	codeNode,
	CREDENTIAL_TYPE,
	dailyTrigger,
	keywordMapping,
	link,
	manualTrigger,
	node,
	noOpNode,
	sandboxCredential,
	sandboxCredentialData,
	setNode,
	splitOutNode,
	stickyNote,
	subscriptionSendParameters,
	templateLocator,
	templateLookupNode,
	triggerNode,
	triggerUrl,
	webhookNode,
	WEBHOOK_NODE_VERSION,
	weChatCredentials,
	workflow,
	type Assignment,
	type CredentialRef,
	type NodeExtras,
	type NodeParameters,
	type Position,
	type SandboxCredentialFields,
	type SavedCredential,
	type SavedNode,
	type SavedWorkflow,
} from './workflowBuilders';
