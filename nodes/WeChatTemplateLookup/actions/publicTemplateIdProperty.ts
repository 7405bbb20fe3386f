import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidInputError } from '../../protocol/errors';
import { locatorValue } from '../../shared/parameters';

/** The parameter holding the public template's tid, asked for by Get Public Template Keywords and Add Template to Account. */
export const PUBLIC_TEMPLATE_ID_PARAMETER = 'tid';

/** The node version from which tid is picked from a list (and keyword IDs with it, add.operation.ts). */
export const PICKERS_FROM_VERSION = 2;

/** Version 1 (saved workflows): the tid as text. */
const publicTemplateIdText: INodeProperties = {
	displayName: 'Public Template ID',
	name: PUBLIC_TEMPLATE_ID_PARAMETER,
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 1001',
	description: 'The tid of a public template, from Search Public Templates',
	displayOptions: { show: { '@version': [{ _cnd: { lt: PICKERS_FROM_VERSION } }] } },
};

/** From version 2: a resource locator, picked from the public library within the account's categories, or given by tid. */
const publicTemplateIdLocator: INodeProperties = {
	displayName: 'Public Template',
	name: PUBLIC_TEMPLATE_ID_PARAMETER,
	type: 'resourceLocator',
	required: true,
	default: { mode: 'list', value: '' },
	description: "A template of WeChat's public library, within this mini program's service categories",
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a public template...',
			typeOptions: { searchListMethod: 'searchPublicTemplates', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 1001',
			validation: [{ type: 'regex', properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'A public template ID (tid) is a number' } }],
		},
	],
	displayOptions: { show: { '@version': [{ _cnd: { gte: PICKERS_FROM_VERSION } }] } },
};

export const publicTemplateIdProperties: INodeProperties[] = [publicTemplateIdText, publicTemplateIdLocator];

/** The tid of one item, whichever version saved it (text in 1, a resource locator from 2); must be a number. */
export function readPublicTemplateId(ctx: IExecuteFunctions, itemIndex: number, operationName: string): string {
	const tid = locatorValue(ctx.getNodeParameter(PUBLIC_TEMPLATE_ID_PARAMETER, itemIndex, ''));
	if (!/^\d+$/.test(tid)) {
		throw new InvalidInputError(`${operationName}: public template ID "${tid}" is not a number`, 'Pick the public template from the list, or give its tid from Search Public Templates.');
	}
	return tid;
}
