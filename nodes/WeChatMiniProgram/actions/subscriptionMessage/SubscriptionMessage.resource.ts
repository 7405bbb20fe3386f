import type { Resource } from '../../../shared/resources';
import * as send from './sendSubscriptionMessage.operation';

export const subscriptionMessage: Resource = {
	name: 'Subscription Message',
	value: 'subscriptionMessage',
	defaultOperation: send,
	operations: [send],
};
