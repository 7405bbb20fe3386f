import type { Resource } from '../../../shared/resources';
import * as getKeywords from './getKeywords.operation';
import * as search from './search.operation';

export const publicTemplate: Resource = {
	name: 'Public Template',
	value: 'publicTemplate',
	description: "WeChat's public template library, to add templates from",
	defaultOperation: search,
	operations: [search, getKeywords],
};
