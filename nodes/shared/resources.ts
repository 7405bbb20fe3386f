/**
 * The one way an action node declares what it does: a list of resources, each a `*.resource.ts` file
 * listing its operation modules. Everything the node's description needs is derived from that list, so
 * each operation is named once (in its own module's `option`):
 * - the Resource selector and one Operation selector per resource (in the AI-tool variant, without the
 *   operations that change the account unless the builder allows them: toolGuard.ts);
 * - each operation's parameters, shown only for its resource and operation;
 * - the subtitle on the canvas (the chosen operation's action, e.g. "Send a subscription message");
 * - the table the node's execute() routes by (operations.ts).
 */
import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { showOnlyFor } from './display';
import type { Operation, OperationTable } from './operations';
import { ALLOW_ACCOUNT_CHANGES, allowAccountChangesProperties } from './toolGuard';

export interface Resource {
	/** As the Resource selector shows it. */
	name: string;
	value: string;
	description?: string;
	/** The operation a new node of this resource starts on (one of `operations`). */
	defaultOperation: Operation;
	/** In the order the Operation selector lists them. */
	operations: Operation[];
}

function resourceOption(resource: Resource): INodePropertyOptions {
	return resource.description === undefined
		? { name: resource.name, value: resource.value }
		: { name: resource.name, value: resource.value, description: resource.description };
}

function operationSelector(resource: Resource, operations: Operation[], show: IDisplayOptions['show']): INodeProperties {
	// A plain identifier, not a member expression: n8n's scanner lints without inline disables and reads `a.b` as no default.
	const defaultOperation = resource.defaultOperation.option.value;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value], ...show } },
		default: defaultOperation,
		options: operations.map((operation) => ({ ...operation.option })),
	};
}

/**
 * A resource's Operation selector. One whose operations change the account gets three, by n8n's `@tool`
 * condition (toolGuard.ts): all operations in the node itself; in its AI-tool variant only those that do not
 * change the account, unless Let the Agent Change the Account is on.
 */
function operationSelectors(resource: Resource): INodeProperties[] {
	const readOnly = resource.operations.filter((operation) => operation.changesAccount !== true);
	if (readOnly.length === resource.operations.length) return [operationSelector(resource, resource.operations, {})];
	if (resource.defaultOperation.changesAccount === true) throw new Error(`${resource.value}: the default operation must not change the account`);
	return [
		operationSelector(resource, resource.operations, { '@tool': [false] }),
		operationSelector(resource, resource.operations, { '@tool': [true], [ALLOW_ACCOUNT_CHANGES]: [true] }),
		operationSelector(resource, readOnly, { '@tool': [true], [ALLOW_ACCOUNT_CHANGES]: [false] }),
	];
}

/** The node's properties: the Resource selector, then per resource its Operation selector and its operations' parameters. */
export function resourceProperties(resources: readonly Resource[], defaultResource: string): INodeProperties[] {
	const selector: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: defaultResource,
		options: resources.map(resourceOption),
	};
	const guarded = resources.filter((resource) => resource.operations.some((operation) => operation.changesAccount === true)).map((resource) => resource.value);
	return [
		selector,
		...(guarded.length > 0 ? allowAccountChangesProperties(guarded) : []),
		...resources.flatMap((resource) => [
			...operationSelectors(resource),
			...resource.operations.flatMap((operation) =>
				showOnlyFor({ show: { resource: [resource.value], operation: [operation.option.value] } }, operation.properties),
			),
		]),
	];
}

/** resource → operation → module, for runOperation. */
export function operationTable(resources: readonly Resource[]): OperationTable {
	return Object.fromEntries(resources.map((resource) => [resource.value, Object.fromEntries(resource.operations.map((operation) => [operation.option.value, operation]))]));
}

/** The canvas subtitle: the action of the chosen resource and operation ("Send a subscription message"). */
export function subtitleFor(resources: readonly Resource[]): string {
	const actions = Object.fromEntries(
		resources.map((resource) => [resource.value, Object.fromEntries(resource.operations.map((operation) => [operation.option.value, operation.option.action]))]),
	);
	return `={{ (${JSON.stringify(actions)})[$parameter["resource"]][$parameter["operation"]] }}`;
}
