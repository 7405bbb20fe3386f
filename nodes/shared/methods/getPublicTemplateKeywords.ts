import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listPublicTemplateKeywords } from '../../protocol/templateApi';
import { weChatClientFor } from '../client';
import { toNodeError } from '../errors';
import { locatorValue } from '../parameters';

/** loadOptions: the keywords of the chosen public template as `name (kid)`, value kid; none until one is chosen. */
export async function getPublicTemplateKeywords(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	// The public template chosen in `tid`: a resource locator from version 2, text before.
	const tid = locatorValue(this.getNodeParameter('tid', ''));
	if (!/^\d+$/.test(tid)) return [];
	try {
		const keywords = await listPublicTemplateKeywords(await weChatClientFor(this), tid, 'Load Public Template Keywords');
		return keywords.map((keyword) => ({
			name: `${keyword.name} (${keyword.kid})`,
			value: keyword.kid,
			description: `${keyword.type}: ${keyword.rule}${keyword.example ? ` (e.g. ${keyword.example})` : ''}`,
		}));
	} catch (error) {
		throw toNodeError(this, error);
	}
}
