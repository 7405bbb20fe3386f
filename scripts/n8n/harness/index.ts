export { installN8n, parseMajors, type N8nInstall, type N8nMajor } from './install';
export { startN8n, type N8nHandle, type N8nOwner, type RestResponse, type StartN8nOptions } from './n8n';
export { decodeExecution, executedNodes, nodeError, nodeOutput, SETTLED_STATUSES, type Execution, type ExecutionItem, type NodeRun } from './executions';
export { parseFlatted } from './flatted';
export { buildProbePackage, installPackageTarball, missingBuildOutputs, packRepository, PACKAGE_NAME, repoRoot } from './communityPackage';
export { CANVAS_NODE_SELECTOR, CHROMIUM_PATH, ensureChromium, openEditor, type EditorSession, type OpenEditorOptions } from './chromium';
export { freePort } from './ports';
export { CommandError, type CommandResult } from './process';
