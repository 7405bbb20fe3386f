/**
 * Failures as n8n shows them: the error a stopped node throws (secrets removed), and the one shape
 * of a failure item that Continue On Fail (or an everyday outcome such as 43101) puts on the output.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { ERRCODE, InvalidInputError, WeChatApiError } from '../protocol/errors';
import { redactSecrets } from '../protocol/redact';

export type NodeError = NodeApiError | NodeOperationError;

/** Turns any failure into the n8n error the editor shows, secrets removed. */
export function toNodeError(
	ctx: { getNode(): INode },
	error: unknown,
	itemIndex?: number,
	secrets: ReadonlyArray<string | undefined> = [],
): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof WeChatApiError) {
		return new NodeApiError(ctx.getNode(), weChatErrorDetails(error), {
			message: redactSecrets(error.message, secrets),
			description: describeWeChatError(error),
			httpCode: error.httpStatus === undefined ? undefined : String(error.httpStatus),
			itemIndex,
		});
	}
	if (error instanceof InvalidInputError) {
		// Named by item: a batch of hundreds stops on the first bad one, and the user must find it.
		const message = itemIndex === undefined ? error.message : `Item ${itemIndex}: ${error.message}`;
		const description = [...error.problems.slice(1), `Fix: ${error.fix}`].join('\n');
		return new NodeOperationError(ctx.getNode(), redactSecrets(message, secrets), { itemIndex, description });
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(ctx.getNode(), redactSecrets(message, secrets), { itemIndex });
}

/** The fields of a WeChat failure that are safe to show and useful to a workflow. */
export function weChatErrorDetails(error: WeChatApiError): JsonObject {
	const details: JsonObject = {
		operation: error.operation,
		kind: error.kind,
		meaning: error.meaning,
		fix: error.fix,
	};
	if (error.errcode !== undefined) details.errcode = error.errcode;
	if (error.errmsg) details.errmsg = error.errmsg;
	if (error.rid) details.rid = error.rid;
	if (error.httpStatus !== undefined) details.httpStatus = error.httpStatus;
	if (error.outcomeUnknown) details.outcomeUnknown = true;
	return details;
}

function describeWeChatError(error: WeChatApiError): string {
	const parts = [`Meaning: ${error.meaning}.`, `Fix: ${error.fix}`];
	if (error.errmsg) parts.push(`WeChat said: ${error.errmsg}`);
	if (error.attempts > 1) parts.push(`Tried ${error.attempts} times.`);
	return parts.join('\n');
}

/**
 * Why an item failed: `not_subscribed` (43101, the user has no subscription left), `window_closed`
 * (45015, a customer-service reply after the 48-hour window), `reply_limit` (45047, a 6th reply to one
 * user message), `outcome_unknown`
 * (WeChat may have acted: check before sending again), `wechat_error` (another WeChat answer),
 * `invalid_data` (refused before calling WeChat), `error` (anything else).
 */
export type FailureReason =
	| 'not_subscribed'
	| 'window_closed'
	| 'reply_limit'
	| 'outcome_unknown'
	| 'wechat_error'
	| 'invalid_data'
	| 'error';

export interface FailureItemOptions {
	/** The reason for a failure that is neither a WeChat answer nor refused input. */
	otherReason?: FailureReason;
	/** Fields that identify the item (e.g. touser, templateId); they come first in the JSON. */
	fields?: IDataObject;
}

/**
 * The one failure item of every WeChat node: `success: false`, `reason`, `errcode`, `meaning`, `fix`,
 * `rid` and `error` (the message) are always present (null where they do not apply), followed by
 * WeChat's details (operation, kind, errmsg, httpStatus, outcomeUnknown) when WeChat answered.
 */
export function failureItem(
	ctx: { getNode(): INode },
	error: unknown,
	itemIndex: number,
	options: FailureItemOptions = {},
): INodeExecutionData {
	const json: IDataObject = { success: false, ...options.fields };
	if (error instanceof WeChatApiError) {
		Object.assign(json, {
			reason: weChatFailureReason(error),
			errcode: error.errcode ?? null,
			meaning: error.meaning,
			fix: error.fix,
			rid: error.rid ?? null,
			// Our own message, not NodeApiError's: n8n swaps a message that mentions a network code
			// (ECONNRESET, ECONNABORTED …) for generic text such as "The connection was aborted,
			// perhaps the server is offline", which would hide the fix and the outcome_unknown warning.
			error: redactSecrets(error.message),
			...weChatErrorDetails(error),
		});
	} else if (error instanceof InvalidInputError) {
		Object.assign(json, {
			reason: 'invalid_data',
			errcode: null,
			meaning: error.problems.join(' '),
			fix: error.fix,
			rid: null,
			error: redactSecrets(error.message),
		});
	} else {
		Object.assign(json, {
			reason: options.otherReason ?? 'error',
			errcode: null,
			meaning: null,
			fix: null,
			rid: null,
			error: toNodeError(ctx, error, itemIndex).message,
		});
	}
	return { json, pairedItem: { item: itemIndex } };
}

function weChatFailureReason(error: WeChatApiError): FailureReason {
	if (error.errcode === ERRCODE.notSubscribed) return 'not_subscribed';
	if (error.errcode === ERRCODE.replyWindowClosed) return 'window_closed';
	if (error.errcode === ERRCODE.replyLimitReached) return 'reply_limit';
	return error.outcomeUnknown ? 'outcome_unknown' : 'wechat_error';
}
