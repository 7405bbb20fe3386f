import type { Resource } from '../../../shared/resources';
import * as add from './add.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const accountTemplate: Resource = {
	name: 'Account Template',
	value: 'accountTemplate',
	description: 'Templates added to this mini program (the ones it can send)',
	defaultOperation: getAll,
	operations: [getAll, get, add, del],
};
