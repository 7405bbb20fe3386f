/**
 * What an AI agent may do with a node used as a tool. n8n turns every node marked `usableAsTool` into a
 * second node type whose name ends in "Tool" (same properties, an AI-tool output) and evaluates the display
 * condition `'@tool'` as whether the node type is that variant, both in the editor and when it runs.
 */
import type { INodeProperties } from 'n8n-workflow';

/** The tool-only switch that lets the agent run the operations that change the account. */
export const ALLOW_ACCOUNT_CHANGES = 'allowAccountChanges';
export const ALLOW_ACCOUNT_CHANGES_LABEL = 'Let the Agent Change the Account';

/**
 * The node version from which the switch starts off. A tool node saved at an earlier version ran these
 * operations once the builder chose them, so there it starts on (and a builder may turn it off).
 */
export const GUARDED_FROM_VERSION = 2;

export function allowAccountChangesDefault(typeVersion: number): boolean {
	return typeVersion < GUARDED_FROM_VERSION;
}

/** Whether a node of this type is the AI-tool variant n8n derived from a `usableAsTool` node. */
export function isToolNode(nodeType: string): boolean {
	return nodeType.endsWith('Tool');
}

/** The switch, shown only in the tool variant for the given resources: on before GUARDED_FROM_VERSION, off from it. */
export function allowAccountChangesProperties(resources: string[]): INodeProperties[] {
	const description =
		"Whether the AI agent may add templates to the account and delete them. Off: this tool offers only the operations that read, and refuses the others.";
	return [
		{
			displayName: ALLOW_ACCOUNT_CHANGES_LABEL,
			name: ALLOW_ACCOUNT_CHANGES,
			type: 'boolean',
			default: true,
			description,
			displayOptions: { show: { '@tool': [true], resource: resources, '@version': [{ _cnd: { lt: GUARDED_FROM_VERSION } }] } },
		},
		{
			displayName: ALLOW_ACCOUNT_CHANGES_LABEL,
			name: ALLOW_ACCOUNT_CHANGES,
			type: 'boolean',
			default: false,
			description,
			displayOptions: { show: { '@tool': [true], resource: resources, '@version': [{ _cnd: { gte: GUARDED_FROM_VERSION } }] } },
		},
	];
}
