/**
 * What the two sending operations (subscription messages, customer-service replies) share about a
 * batch: how many sends may be in flight, and what a stopped node says about the sends before it.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { NodeError } from './errors';

/**
 * 16 in flight, from the benchmark (2 000 messages, 20 ms latency, docs/benchmarks.md): 16 took 1.2–1.5×
 * n8n's own CPU time for the flow, the limit no concurrency can pass, and 5 about twice as long as 16;
 * at WeChat's real latency (tens to hundreds of ms) 16 allow 160 messages a second at 100 ms. More than 16
 * gains little where n8n's CPU is the limit and costs a TLS connection each (n8n's HTTP helper reuses
 * none); a 45011 (minute quota) is retried with back-off, so a higher setting never loses a message.
 * A node saved without the option runs at this default.
 */
export const DEFAULT_CONCURRENCY = 16;
export const MAX_CONCURRENCY = 50;

/** The Concurrency option of a sending operation; `description` says what goes one after another. */
export function concurrencyOption(description: string): INodeProperties {
	return {
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
		default: DEFAULT_CONCURRENCY,
		description,
	};
}

/** The Concurrency option as a whole number from 1 to MAX_CONCURRENCY; the default when unset or not a number. */
export function clampConcurrency(value: number | undefined): number {
	const n = Math.floor(Number(value ?? DEFAULT_CONCURRENCY));
	return Number.isFinite(n) ? Math.min(MAX_CONCURRENCY, Math.max(1, n)) : DEFAULT_CONCURRENCY;
}

/** How a batch's sends are named in the stop message: e.g. items / message, replies / reply. */
export interface SentNoun {
	plural: string;
	singular: string;
}

/**
 * Adds to a stopping error how many sends went out before it (they cannot be taken back, so the user
 * must not simply run the batch again) and how to get one output item per send instead.
 */
export function withSentCount<E extends NodeError>(error: E, sent: number, total: number, noun: SentNoun): E {
	const note = `${sent} of ${total} ${noun.plural} were sent before the node stopped; turn on "Continue On Fail" (Settings → On Error → Continue) to get one output item per ${noun.singular} instead.`;
	error.description = error.description ? `${error.description}\n${note}` : note;
	error.message = `${error.message} (${sent} of ${total} ${noun.plural} were sent before this failure)`;
	return error;
}
