import { NodeOperationError, type ILoadOptionsFunctions, type ResourceMapperField, type ResourceMapperFields } from 'n8n-workflow';

import type { TemplateKeyword } from '../keywords';
import { toNodeError, weChatClientFor } from '../n8n';
import { findAccountTemplate } from '../templates';

/** The parameter holding the chosen template (a resource locator). */
export const TEMPLATE_ID_PARAMETER = 'templateId';

/**
 * One mapper field for a keyword: id = key (the name in the send body's `data`), a dropdown for
 * enum keywords whose values WeChat lists. n8n's ResourceMapperField (n8n-workflow 2.40) has no
 * description or hint slot, so the rule cannot be shown here; the send node validates values instead.
 */
export function keywordToField(keyword: TemplateKeyword): ResourceMapperField {
	const field: ResourceMapperField = {
		id: keyword.key,
		displayName: keyword.label ? `${keyword.label} (${keyword.key})` : keyword.key,
		required: true,
		display: true,
		defaultMatch: false,
		canBeUsedToMatch: false,
		type: 'string',
	};
	if (keyword.enumValues && keyword.enumValues.length > 0) {
		field.type = 'options';
		field.options = keyword.enumValues.map((value) => ({ name: value, value }));
	}
	return field;
}

/** resourceMapping: the keywords of the template chosen in `templateId`, one required field each. */
export async function getTemplateKeywordFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const templateId = String(this.getNodeParameter(TEMPLATE_ID_PARAMETER, '', { extractValue: true }) ?? '').trim();
	if (!templateId) {
		return { fields: [], emptyFieldsNotice: 'Choose a template first: its keywords appear here.' };
	}
	let keywords: TemplateKeyword[];
	try {
		const client = await weChatClientFor(this);
		const template = await findAccountTemplate(client, templateId, 'Load Template Keywords');
		if (!template) {
			throw new NodeOperationError(
				this.getNode(),
				`Load Template Keywords failed: this mini program has no template with ID "${templateId}"`,
				{
					description:
						'Pick the template from the list, or copy its ID from Template Lookup → Account Template → Get Many. IDs from another mini program or from the public library do not work.',
				},
			);
		}
		keywords = template.keywords;
	} catch (error) {
		throw toNodeError(this, error);
	}
	return {
		fields: keywords.map(keywordToField),
		emptyFieldsNotice: 'This template has no keywords.',
	};
}
