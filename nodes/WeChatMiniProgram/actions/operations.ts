import type { OperationTable } from '../../n8n/operations';
import * as getApiQuota from './account/getApiQuota.operation';
import * as sendCustomerServiceMessage from './customerServiceMessage/send.operation';
import * as typing from './customerServiceMessage/typing.operation';
import * as sendSubscriptionMessage from './subscriptionMessage/send.operation';
import * as subscriptionLedger from './subscriptionLedger/SubscriptionLedger.resource';

/**
 * Every operation of the WeChat Mini Program node. The two sends run as batches (one at a time per
 * OpenID, outputs in input order; see n8n/operations.ts), and so do the ledger's (they read every row at
 * once); Typing and Get API Quota run per item.
 */
export const OPERATIONS: OperationTable = {
	subscriptionMessage: { send: sendSubscriptionMessage },
	customerServiceMessage: { send: sendCustomerServiceMessage, typing },
	account: { getApiQuota },
	subscriptionLedger: { computeBalance: subscriptionLedger.computeBalance, compact: subscriptionLedger.compact, prepareRows: subscriptionLedger.prepareRows },
};
