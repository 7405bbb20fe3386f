import type { Resource } from '../../../shared/resources';
import * as getAll from './getAll.operation';

export const category: Resource = {
	name: 'Category',
	value: 'category',
	description: "The mini program's service categories",
	defaultOperation: getAll,
	operations: [getAll],
};
