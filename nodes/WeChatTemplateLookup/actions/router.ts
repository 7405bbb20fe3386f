import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { WeChatClient } from '../../WeChat/client';
import { WeChatApiError } from '../../WeChat/errors';
import { toNodeError, weChatClientFor, weChatErrorDetails } from '../../WeChat/n8n';
import * as accountTemplate from './accountTemplate/AccountTemplate.resource';
import * as category from './category/Category.resource';
import * as publicTemplate from './publicTemplate/PublicTemplate.resource';

type OperationExecute = (this: IExecuteFunctions, itemIndex: number, client: WeChatClient) => Promise<INodeExecutionData[]>;

const OPERATIONS: Record<string, Record<string, { execute: OperationExecute }>> = {
	accountTemplate: {
		getAll: accountTemplate.getAll,
		get: accountTemplate.get,
		add: accountTemplate.add,
		delete: accountTemplate.delete,
	},
	category: { getAll: category.getAll },
	publicTemplate: { search: publicTemplate.search, getKeywords: publicTemplate.getKeywords },
};

/** Runs the chosen operation once per input item; every output item is paired with its input. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = OPERATIONS[resource]?.[operation]?.execute;
	if (!execute) {
		throw toNodeError(this, new Error(`The operation "${operation}" of "${resource}" is not known`));
	}

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const client = await weChatClientFor(this, { itemIndex });
			const results = await execute.call(this, itemIndex, client);
			for (const result of results) output.push({ ...result, pairedItem: { item: itemIndex } });
		} catch (error) {
			const nodeError = toNodeError(this, error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			const details = error instanceof WeChatApiError ? weChatErrorDetails(error) : {};
			output.push({ json: { error: nodeError.message, ...details }, pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}
