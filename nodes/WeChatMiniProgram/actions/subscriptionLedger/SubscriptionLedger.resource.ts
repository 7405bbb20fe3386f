import type { Resource } from '../../../shared/resources';
import * as compact from './compact.operation';
import * as computeBalance from './computeBalance.operation';
import * as prepareRows from './prepareRows.operation';

export const subscriptionLedger: Resource = {
	name: 'Subscription Ledger',
	value: 'subscriptionLedger',
	description: 'Who can be sent which template, counted from the pushes and send results kept in data tables',
	defaultOperation: computeBalance,
	operations: [compact, computeBalance, prepareRows],
};
