/**
 * Runs one of our nodes through n8n-core's real ExecuteContext: n8n's own parameter resolution
 * (expressions, resource locators, resource mappers), credential lookup and HTTP helper (real
 * HTTP to the sandbox). Only the credential store is ours: it hands back the decrypted fields.
 */
import { ExecuteContext } from 'n8n-core';
import {
	createRunExecutionData,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IBinaryKeyData,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { CREDENTIAL_NAME } from '../nodes/shared/credentialName';

export interface CoreRunOptions {
	nodeType: INodeType;
	parameters: INodeParameters;
	credentials: ICredentialDataDecryptedObject;
	items: IDataObject[];
	/** Binary properties per input item (index-aligned with items), data base64 as n8n keeps small files in memory. */
	binary?: Array<IBinaryKeyData | undefined>;
	continueOnFail?: boolean;
	/** Called on every getNodeParameter of the node, before n8n resolves it (to observe the order of work). */
	onParameterRead?: (name: string, itemIndex: number) => void;
}

function nodeTypesOf(nodeType: INodeType): INodeTypes {
	return {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
}

export async function runInN8nCore(options: CoreRunOptions): Promise<INodeExecutionData[][]> {
	const node: INode = {
		id: 'b7a5d1c2-0000-4000-8000-000000000001',
		name: 'WeChat',
		type: `n8n-nodes-wechat-miniprogram.${options.nodeType.description.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { [CREDENTIAL_NAME]: { id: 'cred-1', name: 'WeChat sandbox' } },
		onError: options.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
	};
	const workflow = new Workflow({
		id: 'wf-1',
		name: 'integration',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: nodeTypesOf(options.nodeType),
	});
	const credentialsHelper = {
		getDecrypted: async () => options.credentials,
		getParentTypes: () => [],
		isCredentialUsableByNode: () => true,
	};
	const additionalData = {
		credentialsHelper,
		executionId: 'exec-1',
		variables: {},
		restApiUrl: 'http://localhost/rest',
		instanceBaseUrl: 'http://localhost/',
		webhookBaseUrl: 'http://localhost/webhook',
		webhookTestBaseUrl: 'http://localhost/webhook-test',
		webhookWaitingBaseUrl: 'http://localhost/webhook-waiting',
		formWaitingBaseUrl: 'http://localhost/form-waiting',
		currentNodeParameters: undefined,
	} as unknown as IWorkflowExecuteAdditionalData; // only the fields ExecuteContext reads for our nodes
	const inputItems: INodeExecutionData[] = options.items.map((json, i) => (options.binary?.[i] ? { json, binary: options.binary[i] } : { json }));
	const inputData = { main: [inputItems] };
	const runExecutionData = createRunExecutionData();
	const executeData = { node, data: inputData, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'manual',
		runExecutionData,
		0,
		inputItems,
		inputData,
		executeData,
		[],
	);
	const hook = options.onParameterRead;
	if (hook) {
		const resolve = context.getNodeParameter.bind(context) as (...args: unknown[]) => unknown;
		// Replaces the method on this one instance; n8n's own resolution still does the work.
		Object.assign(context, {
			getNodeParameter: (name: string, itemIndex: number, ...rest: unknown[]) => {
				hook(name, itemIndex);
				return resolve(name, itemIndex, ...rest);
			},
		});
	}
	const execute = options.nodeType.execute;
	if (!execute) throw new Error(`${options.nodeType.description.name} has no execute()`);
	return (await execute.call(context)) as INodeExecutionData[][];
}
