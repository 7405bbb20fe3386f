/**
 * How both sending operations (Send Subscription Message, customer-service Send) run a batch: every
 * item is read and checked, then sent with bounded concurrency but one at a time per OpenID, outputs in
 * input order.
 * - Continue On Fail off: every item is checked before the first send, so bad data stops the node before
 *   anything has gone out (a user who fixes it and runs again never sends a message twice). A send
 *   failure stops the sends not yet started, and the error says how many went out before it.
 * - Continue On Fail on: a bad item is its own failure item anyway, so items are checked and sent one by
 *   one, overlapped: n8n's CPU work on the next items (parameters, expressions, our checks) runs while
 *   the sends before them wait for WeChat.
 * An everyday refusal (the user has no subscription left, the reply window closed) is an output item
 * either way, unless the operation's option says to fail on it.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runKeyedBatch, runKeyedPipeline } from '../protocol/batch';
import { clampConcurrency, withSentCount, type SentNoun } from './batchSend';
import { failureItem, toNodeError, type NodeError } from './errors';
import { throttledYield } from './eventLoop';

/** With Continue On Fail on: most items prepared ahead of their send, per unit of concurrency (bounds memory). */
export const LOOKAHEAD_PER_SEND = 2;
/** How often preparation pauses so answers of sends in flight are read (see eventLoop.ts). */
const YIELD_EVERY_MS = 10;

/** A checked message, ready to send: which item it came from and what its sends queue by. */
export interface CheckedMessage {
	itemIndex: number;
	/**
	 * Sends with one key go one after another: the recipient's OpenID for messages (WeChat refuses parallel
	 * sends to one OpenID), the order for shipping info (one order's uploads must not race).
	 */
	key: string;
}

/** What one sending operation brings to the runner. */
export interface SendPlan<M extends CheckedMessage> {
	/** The Concurrency option as set (clamped here). */
	concurrency: number | undefined;
	/** How the stop message names the sends ("items" / "message"). */
	noun: SentNoun;
	/** Reads and checks one item; throws what is wrong with it. */
	check(itemIndex: number): Promise<M>;
	/** Sends one checked message; its output item. */
	send(message: M): Promise<INodeExecutionData>;
	/** Whether WeChat's refusal is an everyday outcome that becomes an output item even with Continue On Fail off. */
	isEveryday(error: unknown): boolean;
	/** The fields a refused send's failure item carries (who, what). */
	sendFailureFields(message: M): IDataObject;
	/** The fields an item refused before sending carries (under Continue On Fail). */
	checkFailureFields(itemIndex: number): IDataObject;
}

/** Runs the batch of `ctx`'s input items through `plan` (see the file's header for the two modes). */
export async function checkThenSend<M extends CheckedMessage>(ctx: IExecuteFunctions, plan: SendPlan<M>): Promise<INodeExecutionData[]> {
	const total = ctx.getInputData().length;
	if (total === 0) return [];
	let stopError: NodeError | undefined;
	const sender = messageSender(ctx, plan, (error) => (stopError ??= error));
	const concurrency = clampConcurrency(plan.concurrency);
	const shouldStop = () => stopError !== undefined;
	let outputs: Array<INodeExecutionData | undefined>;
	if (ctx.continueOnFail()) {
		const refused = new Array<INodeExecutionData | undefined>(total);
		const sent = await runKeyedPipeline(
			total,
			async (itemIndex) => {
				try {
					const message = await plan.check(itemIndex);
					return { key: message.key, run: async () => await sender.send(message) };
				} catch (error) {
					refused[itemIndex] = refusedBeforeSending(ctx, plan, error, itemIndex);
					return undefined;
				}
			},
			{ concurrency, maxWaiting: concurrency * LOOKAHEAD_PER_SEND, shouldStop, yieldToEventLoop: throttledYield(YIELD_EVERY_MS) },
		);
		outputs = sent.map((item, itemIndex) => item ?? refused[itemIndex]);
	} else {
		const checked: M[] = [];
		for (let itemIndex = 0; itemIndex < total; itemIndex++) {
			try {
				checked.push(await plan.check(itemIndex));
			} catch (error) {
				throw toNodeError(ctx, error, itemIndex);
			}
		}
		outputs = await runKeyedBatch(
			checked.map((message) => message.key),
			async (i) => await sender.send(checked[i]),
			{ concurrency, shouldStop },
		);
	}
	// With Continue On Fail on, every send failure is an item and nothing stops; kept so that cannot change silently.
	if (stopError) throw withSentCount(stopError, sender.sent(), total, plan.noun);
	return outputs.filter((item): item is INodeExecutionData => item !== undefined);
}

/** An item refused before sending, under Continue On Fail: a WeChat failure here (a lookup, its token) keeps its errcode and fix. */
function refusedBeforeSending<M extends CheckedMessage>(ctx: IExecuteFunctions, plan: SendPlan<M>, error: unknown, itemIndex: number): INodeExecutionData {
	return failureItem(ctx, error, itemIndex, { otherReason: 'invalid_data', fields: plan.checkFailureFields(itemIndex) });
}

/** Sends one checked message; counts what was sent; hands a stopping error to `stop` instead of throwing. */
function messageSender<M extends CheckedMessage>(ctx: IExecuteFunctions, plan: SendPlan<M>, stop: (error: NodeError) => void) {
	let sent = 0;
	return {
		sent: () => sent,
		async send(message: M): Promise<INodeExecutionData | undefined> {
			try {
				const item = await plan.send(message);
				sent++;
				return item;
			} catch (error) {
				if (ctx.continueOnFail() || plan.isEveryday(error)) return failureItem(ctx, error, message.itemIndex, { fields: plan.sendFailureFields(message) });
				stop(toNodeError(ctx, error, message.itemIndex));
				return undefined;
			}
		},
	};
}
