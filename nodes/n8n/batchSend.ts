/**
 * What the two sending operations (subscription messages, customer-service replies) share about a
 * batch: how many sends may be in flight, and what a stopped node says about the sends before it.
 */
import type { NodeError } from './errors';

export const DEFAULT_CONCURRENCY = 5;
export const MAX_CONCURRENCY = 50;

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
