import { NodeApiError, NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { WeChatClient } from '../../../nodes/protocol/client';
import { InvalidInputError } from '../../../nodes/protocol/errors';
import type { WeChatHttpRequest } from '../../../nodes/protocol/http';
import { sharedTokenCache } from '../../../nodes/protocol/token';
import { runOperation, type BatchOperation, type ItemOperation, type OperationTable } from '../../../nodes/shared/operations';
import { fakeExecuteContext, httpThroughSend, TEST_NODE, type FakeContextOptions } from '../../helpers/fakeN8nContext';

const CREDENTIALS = { appId: 'wx0123456789abcdef', appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', baseUrl: 'custom', customBaseUrl: 'http://wechat.test' };

/** WeChat's answers scripted through n8n's helper: a token, then `answerFor` for every other call. */
function wechat(answerFor: (request: WeChatHttpRequest) => string = () => '{"errcode":0}') {
	const requests: WeChatHttpRequest[] = [];
	const http = httpThroughSend(async (request) => {
		requests.push(request);
		if (request.url.includes('/cgi-bin/stable_token')) return { statusCode: 200, body: '{"access_token":"TOKEN-1","expires_in":7200}' };
		return { statusCode: 200, body: answerFor(request) };
	});
	return { http, requests };
}

/** An item operation that records its calls and returns what `result` gives for each item. */
function itemOperation(result: (itemIndex: number, client: WeChatClient) => Promise<INodeExecutionData[]>) {
	const calls: Array<{ itemIndex: number; client: WeChatClient; self: IExecuteFunctions }> = [];
	const operation: ItemOperation = {
		option: { name: 'Test', value: 'test', action: 'Test', description: 'Test' },
		properties: [],
		async execute(this: IExecuteFunctions, itemIndex, client) {
			calls.push({ itemIndex, client, self: this });
			return await result(itemIndex, client);
		},
	};
	return { operation, calls };
}

function context(options: FakeContextOptions & { resource?: string; operation?: string }) {
	const { resource = 'thing', operation = 'run', ...rest } = options;
	return fakeExecuteContext({ credentials: CREDENTIALS, parameters: { resource, operation }, ...rest });
}

beforeEach(() => sharedTokenCache.clear());

describe('runOperation: per item', () => {
	it('runs execute once per input item with a client, and pairs every output with its item', async () => {
		const { operation, calls } = itemOperation(async (i) => [{ json: { n: i } }, { json: { n: i, second: true }, pairedItem: { item: 99 } }]);
		const ctx = context({ items: [{}, {}, {}] });
		const output = await runOperation.call(ctx, { thing: { run: operation } });
		expect(output).toEqual([
			[
				{ json: { n: 0 }, pairedItem: { item: 0 } },
				{ json: { n: 0, second: true }, pairedItem: { item: 0 } },
				{ json: { n: 1 }, pairedItem: { item: 1 } },
				{ json: { n: 1, second: true }, pairedItem: { item: 1 } },
				{ json: { n: 2 }, pairedItem: { item: 2 } },
				{ json: { n: 2, second: true }, pairedItem: { item: 2 } },
			],
		]);
		expect(calls.map((c) => c.itemIndex)).toEqual([0, 1, 2]);
		expect(calls.every((c) => c.self === ctx && c.client instanceof WeChatClient)).toBe(true);
	});

	it("gives each item a client for that item's credential", async () => {
		const { http, requests } = wechat();
		const { operation } = itemOperation(async (_i, client) => {
			await client.call({ method: 'GET', path: '/wxaapi/newtmpl/getcategory', retry: 'idempotent', operation: 'Test' });
			return [];
		});
		const credentials = (itemIndex: number | undefined) => ({ ...CREDENTIALS, customBaseUrl: `http://wechat-${itemIndex}.test` });
		await runOperation.call(context({ items: [{}, {}], credentials, http }), { thing: { run: operation } });
		expect(requests.filter((r) => r.url.includes('getcategory')).map((r) => new URL(r.url).host)).toEqual(['wechat-0.test', 'wechat-1.test']);
	});

	it('returns no items for no input', async () => {
		const { operation, calls } = itemOperation(async () => [{ json: {} }]);
		expect(await runOperation.call(context({ items: [] }), { thing: { run: operation } })).toEqual([[]]);
		expect(calls).toEqual([]);
	});

	it('stops at the first failure with the n8n error of that item', async () => {
		const { operation, calls } = itemOperation(async (i) => {
			if (i === 1) throw new InvalidInputError('Keyword IDs: give 2 to 5 (kid), got 1', 'Give more keyword IDs.');
			return [{ json: { i } }];
		});
		const failure = runOperation.call(context({ items: [{}, {}, {}] }), { thing: { run: operation } });
		await expect(failure).rejects.toBeInstanceOf(NodeOperationError);
		await expect(failure).rejects.toThrow('Item 1: Keyword IDs: give 2 to 5 (kid), got 1');
		await expect(failure).rejects.toMatchObject({ description: 'Fix: Give more keyword IDs.', context: { itemIndex: 1 } });
		expect(calls.map((c) => c.itemIndex)).toEqual([0, 1]);
	});

	it("stops with WeChat's error as a NodeApiError", async () => {
		const { http } = wechat(() => '{"errcode":200014,"errmsg":"invalid tid rid: 1-2-3"}');
		const { operation } = itemOperation(async (_i, client) => {
			await client.call({ method: 'GET', path: '/wxaapi/newtmpl/getpubtemplatekeywords', retry: 'idempotent', operation: 'Get Public Template Keywords' });
			return [];
		});
		const failure = runOperation.call(context({ http }), { thing: { run: operation } });
		await expect(failure).rejects.toBeInstanceOf(NodeApiError);
		await expect(failure).rejects.toThrow(/^Get Public Template Keywords failed: WeChat errcode 200014/);
	});

	it('with Continue On Fail, outputs the failure item of a failed item and carries on', async () => {
		const { operation, calls } = itemOperation(async (i) => {
			if (i === 0) throw new InvalidInputError('This mini program has no template with ID "X"', 'Pick one from the list.');
			return [{ json: { i } }];
		});
		const output = await runOperation.call(context({ items: [{}, {}], continueOnFail: true }), { thing: { run: operation } });
		expect(output).toEqual([
			[
				{
					json: {
						success: false,
						reason: 'invalid_data',
						errcode: null,
						meaning: 'This mini program has no template with ID "X"',
						fix: 'Pick one from the list.',
						rid: null,
						error: 'This mini program has no template with ID "X"',
					},
					pairedItem: { item: 0 },
				},
				{ json: { i: 1 }, pairedItem: { item: 1 } },
			],
		]);
		expect(calls.map((c) => c.itemIndex)).toEqual([0, 1]);
	});

	it('with Continue On Fail, an item whose credential is incomplete fails alone, naming the field', async () => {
		const { operation, calls } = itemOperation(async (i) => [{ json: { i } }]);
		const credentials = (itemIndex: number | undefined) => (itemIndex === 0 ? { ...CREDENTIALS, appId: '' } : CREDENTIALS);
		const [output] = await runOperation.call(context({ items: [{}, {}], continueOnFail: true, credentials }), { thing: { run: operation } });
		expect(output[0].json).toMatchObject({ success: false, reason: 'invalid_data', error: 'The credential has no App ID' });
		expect(output[1]).toEqual({ json: { i: 1 }, pairedItem: { item: 1 } });
		expect(calls.map((c) => c.itemIndex)).toEqual([1]);
	});
});

describe('runOperation: the batch variant', () => {
	it('calls executeBatch once with the node context and returns its items as they are', async () => {
		const seen: IExecuteFunctions[] = [];
		const batch: BatchOperation = {
			option: { name: 'Batch', value: 'batch', action: 'Batch', description: 'Batch' },
			properties: [],
			async executeBatch(this: IExecuteFunctions) {
				seen.push(this);
				return [{ json: { sent: 2 }, pairedItem: { item: 1 } }];
			},
		};
		const { operation: unused, calls } = itemOperation(async () => []);
		const ctx = context({ items: [{}, {}], resource: 'message', operation: 'send' });
		const table: OperationTable = { message: { send: batch, other: unused } };
		expect(await runOperation.call(ctx, table)).toEqual([[{ json: { sent: 2 }, pairedItem: { item: 1 } }]]);
		expect(seen).toEqual([ctx]);
		expect(calls).toEqual([]);
	});

	it('lets a batch failure through unchanged, whatever Continue On Fail says', async () => {
		const failure = new NodeOperationError(TEST_NODE, 'stopped after 3 of 10');
		const batch: BatchOperation = {
			option: { name: 'Batch', value: 'batch', action: 'Batch', description: 'Batch' },
			properties: [],
			async executeBatch() {
				throw failure;
			},
		};
		await expect(runOperation.call(context({ continueOnFail: true }), { thing: { run: batch } })).rejects.toBe(failure);
	});
});

describe('runOperation: the choice of operation', () => {
	it('reads resource and operation for item 0', async () => {
		const asked: Array<[string, number]> = [];
		const { operation } = itemOperation(async () => []);
		const ctx = fakeExecuteContext({
			credentials: CREDENTIALS,
			items: [{}, {}],
			parameters: (name, itemIndex) => {
				if (name === 'resource' || name === 'operation') asked.push([name, itemIndex]);
				return { resource: 'thing', operation: 'run' }[name];
			},
		});
		await runOperation.call(ctx, { thing: { run: operation } });
		expect(asked).toEqual([
			['resource', 0],
			['operation', 0],
		]);
	});

	it.each([
		['an unknown operation', 'thing', 'fly', 'The operation "fly" of "thing" is not supported'],
		['an unknown resource', 'nothing', 'run', 'The operation "run" of "nothing" is not supported'],
	])('refuses %s with a NodeOperationError, running nothing', async (_name, resource, operationName, message) => {
		const { operation, calls } = itemOperation(async () => []);
		const failure = runOperation.call(context({ resource, operation: operationName, continueOnFail: true }), { thing: { run: operation } });
		await expect(failure).rejects.toBeInstanceOf(NodeOperationError);
		await expect(failure).rejects.toThrow(message);
		expect(calls).toEqual([]);
	});
});

describe('runOperation: an operation that changes the account, in the AI-tool variant', () => {
	const TOOL_NODE = { ...TEST_NODE, type: `${TEST_NODE.type}Tool`, typeVersion: 2 };

	function changing() {
		const { operation, calls } = itemOperation(async () => [{ json: { changed: true } }]);
		return { operation: { ...operation, option: { ...operation.option, name: 'Delete Thing' }, changesAccount: true } as ItemOperation, calls };
	}

	it('is refused, before any call, when the builder has not turned Let the Agent Change the Account on', async () => {
		const { operation, calls } = changing();
		const failure = await runOperation.call(context({ node: TOOL_NODE }), { thing: { run: operation } }).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect((failure as NodeOperationError).message).toBe("Delete Thing changes the mini program's account, and this tool does not let an AI agent change it");
		expect((failure as NodeOperationError).description).toMatch(/^Turn on "Let the Agent Change the Account" in this tool's parameters/);
		expect(calls).toEqual([]);
	});

	it('runs when it is on, in the node itself, and in a version 1 tool that never saved the switch', async () => {
		for (const [node, extra] of [
			[TOOL_NODE, { allowAccountChanges: true }],
			[{ ...TEST_NODE, typeVersion: 2 }, {}],
			[{ ...TOOL_NODE, typeVersion: 1 }, {}],
		] as const) {
			const { operation, calls } = changing();
			const ctx = fakeExecuteContext({ credentials: CREDENTIALS, node, parameters: { resource: 'thing', operation: 'run', ...extra } });
			expect(await runOperation.call(ctx, { thing: { run: operation } })).toEqual([[{ json: { changed: true }, pairedItem: { item: 0 } }]]);
			expect(calls).toHaveLength(1);
		}
	});

	it('leaves operations that only read alone in the tool variant', async () => {
		const { operation, calls } = itemOperation(async () => []);
		await runOperation.call(context({ node: TOOL_NODE }), { thing: { run: operation } });
		expect(calls).toHaveLength(1);
	});
});
