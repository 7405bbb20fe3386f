/**
 * The one operation contract of the action nodes, and the router that runs it.
 *
 * An operation is a module with its `option` (its entry in the Operation selector), its `properties`
 * (its parameters; resources.ts shows them only for it) and either
 * - `execute(this, itemIndex, client)`: the usual form, run once per input item with a client for
 *   that item's credential; its output items are paired with the input item. A failure stops the
 *   node, or with Continue On Fail becomes that item's failure item; or
 * - `executeBatch(this)`: the variant for an operation that must see the whole batch at once
 *   (the two sends: checked before sending, bounded concurrency with one send at a time per OpenID,
 *   outputs in input order; see checkThenSend.ts). It returns the paired items itself.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../protocol/client';
import { weChatClientFor } from './client';
import { failureItem, toNodeError } from './errors';

/** An operation's entry in its resource's Operation selector. */
export interface OperationOption {
	name: string;
	value: string;
	/** What the operation does, as n8n shows it in the nodes panel, to an AI agent, and as the node's subtitle. */
	action: string;
	description: string;
}

interface OperationModule {
	option: OperationOption;
	properties: INodeProperties[];
}

export interface ItemOperation extends OperationModule {
	execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]>;
}

export interface BatchOperation extends OperationModule {
	executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[]>;
}

export type Operation = ItemOperation | BatchOperation;

/** resource → operation → module, as the node's Resource and Operation parameters name them. */
export type OperationTable = Record<string, Record<string, Operation>>;

/** Runs the resource/operation chosen in the node (read for item 0: neither takes expressions). */
export async function runOperation(this: IExecuteFunctions, table: OperationTable): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const chosen = table[resource]?.[operation];
	if (!chosen) {
		throw toNodeError(this, new Error(`The operation "${operation}" of "${resource}" is not supported`));
	}
	if ('executeBatch' in chosen) return [await chosen.executeBatch.call(this)];
	return [await runPerItem(this, chosen)];
}

async function runPerItem(ctx: IExecuteFunctions, operation: ItemOperation): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const itemCount = ctx.getInputData().length;
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const client = await weChatClientFor(ctx, { itemIndex });
			const results = await operation.execute.call(ctx, itemIndex, client);
			for (const result of results) output.push({ ...result, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (!ctx.continueOnFail()) throw toNodeError(ctx, error, itemIndex);
			output.push(failureItem(ctx, error, itemIndex));
		}
	}
	return output;
}
