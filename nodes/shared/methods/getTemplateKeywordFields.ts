import type { ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { keywordLabel, type TemplateKeyword } from '../../protocol/keywords';
import { weChatClientFor } from '../client';
import { toNodeError } from '../errors';
import { requireAccountTemplate } from '../../protocol/templateApi';

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
		displayName: keywordLabel(keyword),
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
		const template = await requireAccountTemplate(client, templateId, 'Load Template Keywords');
		keywords = template.keywords;
	} catch (error) {
		throw toNodeError(this, error);
	}
	return {
		fields: keywords.map(keywordToField),
		emptyFieldsNotice: 'This template has no keywords.',
	};
}
