import type { Resource } from '../../../shared/resources';
import * as answerPush from './answerPush.operation';
import * as send from './sendCustomerServiceMessage.operation';
import * as typing from './typing.operation';

export const customerServiceMessage: Resource = {
	name: 'Customer Service Message',
	value: 'customerServiceMessage',
	defaultOperation: send,
	operations: [send, typing, answerPush],
};
