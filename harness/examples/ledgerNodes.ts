/**
 * What the Data Table (3, 6-8) and PostgreSQL (9-12) lifecycle examples build alike: the push trigger that
 * feeds the ledger, Prepare Rows, the reminder's Send nodes, and the settings that report a failure to
 * example 8.
 */
import {
	actionNode,
	keywordMapping,
	subscriptionSendParameters,
	templateLocator,
	triggerNode,
	type CredentialRef,
	type NodeParameters,
	type Position,
	type SavedNode,
} from '../workflowBuilders';

export interface ReminderTemplate {
	templateId: string;
	title: string;
	/** The Send node's keyword values: key → value. */
	values: Record<string, string>;
	/** key → the label WeChat gives it. */
	labels: Record<string, string>;
}

export interface LedgerExampleContext {
	credential: CredentialRef;
	/** The trigger's version the other examples use (its defaultVersion, see examples/index.ts). */
	triggerTypeVersion: number;
	workflowIds: { alertOnFailure: string };
	/** The two templates the reminder reminds of: a one-time one and a long-term one. */
	reminders: { appointment: ReminderTemplate; parking: ReminderTemplate };
}

/** A Subscription Ledger operation. */
export function ledgerNode(ctx: LedgerExampleContext, id: string, name: string, position: Position, parameters: NodeParameters, extras: NodeParameters = {}): SavedNode {
	return actionNode(id, name, position, ctx.credential, { resource: 'subscriptionLedger', ...parameters }, extras);
}

/** Prepare Rows: our items as rows of one lifecycle table (an insert with Map Automatically, or one JSON parameter). */
export function prepareRows(ctx: LedgerExampleContext, id: string, name: string, position: Position, table: 'subscriptionEvents' | 'messages' | 'deliveryResults'): SavedNode {
	return ledgerNode(ctx, id, name, position, { operation: 'prepareRows', table });
}

/** Our push trigger, at the start of a workflow, for the given events (safe mode, XML or JSON as WeChat sends). */
export function pushTrigger(ctx: LedgerExampleContext, id: string, name: string, webhookId: string, events: string[]): SavedNode {
	return triggerNode(id, name, [0, 0], ctx.triggerTypeVersion, webhookId, ctx.credential, { events, encryptionMode: 'safe', dataFormat: 'auto', options: {} });
}

/** A reminder's Send node: one template, its keywords mapped, Continue On Fail so every result is booked. */
export function reminderSend(ctx: LedgerExampleContext, id: string, name: string, position: Position, template: ReminderTemplate): SavedNode {
	return actionNode(
		id,
		name,
		position,
		ctx.credential,
		subscriptionSendParameters({
			touser: '={{ $json.openid }}',
			templateId: templateLocator(template.templateId, template.title),
			keywords: { dataMode: 'mapped', templateData: keywordMapping(template.values, template.labels) },
			page: 'pages/index/index',
			options: { concurrency: 16 },
		}),
		{ onError: 'continueRegularOutput' },
	);
}

/** Every lifecycle workflow reports its failures to example 8. */
export function reportingSettings(ctx: LedgerExampleContext): Record<string, unknown> {
	return { executionOrder: 'v1', errorWorkflow: ctx.workflowIds.alertOnFailure };
}
