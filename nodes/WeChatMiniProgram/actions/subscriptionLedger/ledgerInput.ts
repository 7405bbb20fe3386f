/**
 * What the ledger operations share: the input items read as ledger rows (with the items each came from,
 * for pairing), and the account's template types (a push does not say whether a template is long-term).
 */
import type { IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import type { WeChatClient } from '../../../protocol/client';
import { readLedgerRow, type LedgerRow, type LongTermLookup } from '../../../protocol/subscriptionLedger';
import { AccountTemplates } from '../../../protocol/accountTemplates';
import { failureItem, toNodeError } from '../../../shared/errors';

/** WeChat's template type for long-term subscriptions (长期订阅). */
const LONG_TERM_TYPE = 3;

export interface LedgerInput {
	rows: LedgerRow[];
	/** The input items behind each (openid, templateId), for pairedItem. */
	itemsOfPair(openid: string, templateId: string): IPairedItemData[];
}

/** Reads every input item; a row that is not a ledger row stops the node naming its item. */
export function readLedgerInput(ctx: IExecuteFunctions): LedgerInput {
	const rows: LedgerRow[] = [];
	const byPair = new Map<string, IPairedItemData[]>();
	ctx.getInputData().forEach((item, itemIndex) => {
		let row: LedgerRow | null;
		try {
			row = readLedgerRow(item.json);
		} catch (error) {
			throw toNodeError(ctx, error, itemIndex);
		}
		if (row === null) return;
		rows.push(row);
		const key = `${row.openid}\u0000${row.templateId}`;
		const items = byPair.get(key) ?? [];
		items.push({ item: itemIndex });
		byPair.set(key, items);
	});
	return { rows, itemsOfPair: (openid, templateId) => byPair.get(`${openid}\u0000${templateId}`) ?? [] };
}

/**
 * Which of the account's templates are long-term, from the per-process list (read again once when it lacks a
 * template the rows name: one added since it was read).
 */
export async function longTermLookup(client: WeChatClient, operation: string, templateIds: readonly string[]): Promise<LongTermLookup> {
	const templates = await new AccountTemplates(client, operation).listCovering(templateIds);
	const types = new Map(templates.map((template) => [template.templateId, template.typeCode === LONG_TERM_TYPE]));
	return (templateId) => types.get(templateId);
}

/** The templates the rows name, each once. */
export function templatesOf(rows: readonly LedgerRow[]): string[] {
	return [...new Set(rows.map((row) => row.templateId).filter((id) => id !== ''))];
}

/** A whole-batch operation's failure: the node stops, or under Continue On Fail outputs one failure item. */
export function batchFailure(ctx: IExecuteFunctions, error: unknown): INodeExecutionData[] {
	if (!ctx.continueOnFail()) throw toNodeError(ctx, error);
	return [failureItem(ctx, error, 0)];
}
