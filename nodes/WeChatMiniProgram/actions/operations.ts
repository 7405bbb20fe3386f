import type { OperationTable } from '../../n8n/operations';
import * as sendSubscriptionMessage from './subscriptionMessage/send.operation';

/** Every operation of the WeChat Mini Program node. Send runs as a batch (see n8n/operations.ts). */
export const OPERATIONS: OperationTable = {
	subscriptionMessage: { send: sendSubscriptionMessage },
};
