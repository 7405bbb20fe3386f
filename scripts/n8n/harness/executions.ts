// The harness moved to harness/ at the repository root. This re-export only keeps the one importer that
// still names the old place (test/unit/harness/listExecutionIds.test.ts) compiling; delete this file
// once that import reads '../../../harness/executions'.
export * from '../../../harness/executions';
