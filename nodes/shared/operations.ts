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
import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../protocol/client';
import { weChatClientFor } from './client';
import { failureItem, toNodeError } from './errors';
import { ALLOW_ACCOUNT_CHANGES, ALLOW_ACCOUNT_CHANGES_LABEL, allowAccountChangesDefault, isToolNode } from './toolGuard';

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
	/**
	 * The operation changes the mini program's account (adds or deletes a template). Such an operation is
	 * left out of the node's AI-tool variant unless the builder turns on Let the Agent Change the Account
	 * (resources.ts), and refused there at run time otherwise.
	 */
	changesAccount?: boolean;
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
	if (chosen.changesAccount === true) refuseAccountChangeByAgent(this, chosen.option.name);
	if ('executeBatch' in chosen) return [await chosen.executeBatch.call(this)];
	return [await runPerItem(this, chosen)];
}

/**
 * In the AI-tool variant (an agent decides when it runs and with what), an operation that changes the
 * account runs only when the builder turned Let the Agent Change the Account on. The editor already hides
 * such operations there; this refuses one saved before, or set through the workflow's JSON.
 */
function refuseAccountChangeByAgent(ctx: IExecuteFunctions, operationName: string): void {
	const node = ctx.getNode();
	if (!isToolNode(node.type)) return;
	if (ctx.getNodeParameter(ALLOW_ACCOUNT_CHANGES, 0, allowAccountChangesDefault(node.typeVersion)) === true) return;
	throw new NodeOperationError(node, `${operationName} changes the mini program's account, and this tool does not let an AI agent change it`, {
		description: `Turn on "${ALLOW_ACCOUNT_CHANGES_LABEL}" in this tool's parameters if the agent may do this, or run ${operationName} in a regular (non-tool) node of the workflow.`,
	});
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
