/** The Send workflows the fault cases run through (faults test and secrets audit). */
import { ROTATED_CREDENTIAL, type SendBatchWorkflowSpec } from './fixtures';

/** Short enough to keep the hang cases quick, long enough for a loaded machine. */
export const HANG_TIMEOUT_MS = 2_000;

export const FAULT_WORKFLOWS = {
	/** Continue On Fail, Concurrency 5 (the cases count what 5 sends in flight do), Timeout left at 10 s. */
	on: { id: 'relFaultsOn00001', path: 'rel-faults-on', continueOnFail: true, options: { concurrency: 5 } },
	onSequential: { id: 'relFaultsOnSeq01', path: 'rel-faults-on-seq', continueOnFail: true, options: { concurrency: 1 } },
	onShortTimeout: { id: 'relFaultsOnHang1', path: 'rel-faults-on-hang', continueOnFail: true, options: { timeout: HANG_TIMEOUT_MS } },
	off: { id: 'relFaultsOff0001', path: 'rel-faults-off', continueOnFail: false, options: { concurrency: 5 } },
	offSequential: { id: 'relFaultsOffSeq1', path: 'rel-faults-off-seq', continueOnFail: false, options: { concurrency: 1 } },
	offShortTimeout: { id: 'relFaultsOffHang', path: 'rel-faults-off-hang', continueOnFail: false, options: { timeout: HANG_TIMEOUT_MS } },
	rotatedOn: { id: 'relFaultsRotOn01', path: 'rel-faults-rotated-on', continueOnFail: true, credential: ROTATED_CREDENTIAL },
	rotatedOff: { id: 'relFaultsRotOff1', path: 'rel-faults-rotated-off', continueOnFail: false, credential: ROTATED_CREDENTIAL },
} satisfies Record<string, SendBatchWorkflowSpec>;
