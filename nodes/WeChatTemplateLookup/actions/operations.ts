import type { OperationTable } from '../../n8n/operations';
import * as accountTemplate from './accountTemplate/AccountTemplate.resource';
import * as category from './category/Category.resource';
import * as publicTemplate from './publicTemplate/PublicTemplate.resource';

/** Every operation of the Template Lookup node, each run once per input item. */
export const OPERATIONS: OperationTable = {
	accountTemplate: {
		getAll: accountTemplate.getAll,
		get: accountTemplate.get,
		add: accountTemplate.add,
		delete: accountTemplate.delete,
	},
	category: { getAll: category.getAll },
	publicTemplate: { search: publicTemplate.search, getKeywords: publicTemplate.getKeywords },
};
