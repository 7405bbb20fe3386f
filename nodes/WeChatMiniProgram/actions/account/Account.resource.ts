import type { Resource } from '../../../shared/resources';
import * as getApiQuota from './getApiQuota.operation';

export const account: Resource = {
	name: 'Account',
	value: 'account',
	defaultOperation: getApiQuota,
	operations: [getApiQuota],
};
