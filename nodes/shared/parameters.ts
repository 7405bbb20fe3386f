/**
 * Reading node parameters for a whole batch without paying n8n's per-item cost where the value
 * cannot change: a parameter whose saved value holds no expression is read once and reused.
 *
 * Each getNodeParameter call makes n8n copy and resolve the parameter (and, in n8n 2.x, evaluate its
 * expressions in an isolate). For 20 000 items of a node with nine parameters, reading fixed values
 * again and again is a large share of the CPU the node costs, for values that are the same every time.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

export interface ParameterReadOptions {
	/** For a resource locator: its value instead of the {__rl, mode, value} object. */
	extractValue?: boolean;
}

/** getNodeParameter's shape, for the reader below. Treat what it returns as read-only: it may be shared by items. */
export type ParameterReader = (name: string, itemIndex: number, fallback: unknown, options?: ParameterReadOptions) => unknown;

/**
 * Whether a saved parameter value holds an n8n expression (a string starting with "=") anywhere:
 * itself, a resource locator's value, a resource mapper's column (columns can mix fixed values and
 * expressions), a field of a collection or of a fixed collection.
 */
export function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (typeof value === 'object' && value !== null) return Object.values(value).some(holdsExpression);
	return false;
}

/**
 * A getNodeParameter for the node's whole batch: a parameter whose saved value holds no expression is
 * read for item 0 once and reused for every item; one holding an expression is read per item, as
 * before. A parameter missing from the saved node is read per item too: n8n fills defaults into the
 * node's parameters before running it, so a missing one is something we cannot judge.
 * A read that throws is not remembered: the next item reads (and fails) again, as it would have.
 */
export function batchParameterReader(ctx: IExecuteFunctions): ParameterReader {
	const saved = ctx.getNode().parameters;
	const fixed = new Map<string, unknown>();
	return (name, itemIndex, fallback, options) => {
		const raw = Object.prototype.hasOwnProperty.call(saved, name) ? saved[name] : undefined;
		if (raw === undefined || holdsExpression(raw)) return ctx.getNodeParameter(name, itemIndex, fallback, options);
		const key = `${name}\u0000${options?.extractValue === true ? 'value' : 'raw'}`;
		if (!fixed.has(key)) fixed.set(key, ctx.getNodeParameter(name, 0, fallback, options));
		return fixed.get(key);
	};
}

/** The value of a resource locator ({ __rl, mode, value }) or of a plain parameter, as trimmed text. */
export function locatorValue(raw: unknown): string {
	const value = typeof raw === 'object' && raw !== null && '__rl' in raw ? (raw as { value?: unknown }).value : raw;
	return String(value ?? '').trim();
}
