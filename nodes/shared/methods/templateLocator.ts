import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidInputError } from '../../protocol/errors';
import type { ParameterReader } from '../parameters';

import { TEMPLATE_ID_PARAMETER } from './getTemplateKeywordFields';

/**
 * The account-template resource locator (pick from the list, or give the ID; both take expressions),
 * shared by every node that works on one template. Read it with `extractValue: true`.
 */
export function templateIdLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Template',
		name: TEMPLATE_ID_PARAMETER,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: "A subscription message template of this mini program's account",
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a template...',
				typeOptions: { searchListMethod: 'searchTemplates', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 9Aw5ZV1j9xdWTFEkqCpZ7mIBbSC34khK55OtzUPl0rU',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*[A-Za-z0-9_-]+\\s*$',
							errorMessage: 'A template ID (priTmplId) has only letters, digits, - and _',
						},
					},
				],
			},
		],
		...overrides,
	};
}

/**
 * The template ID chosen in the locator for one item, trimmed; InvalidInputError when none is given.
 * `read` replaces getNodeParameter, e.g. with a batch reader that reads a fixed template once.
 */
export function readTemplateId(ctx: IExecuteFunctions, itemIndex: number, read?: ParameterReader): string {
	const raw = read
		? read(TEMPLATE_ID_PARAMETER, itemIndex, '', { extractValue: true })
		: ctx.getNodeParameter(TEMPLATE_ID_PARAMETER, itemIndex, '', { extractValue: true });
	const templateId = String(raw ?? '').trim();
	if (!templateId) {
		throw new InvalidInputError('Template is empty', 'Pick a template from the list, or give its ID (priTmplId).');
	}
	return templateId;
}
