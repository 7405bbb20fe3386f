import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { weChatClientFor } from '../client';
import { toNodeError } from '../errors';
import { listAccountTemplates } from '../../protocol/templateApi';

/**
 * listSearch for a template resource locator: the account's templates as `title (templateId)`,
 * filtered by title or ID (case-insensitive). WeChat returns the whole list at once, so no paging.
 */
export async function searchTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	try {
		const client = await weChatClientFor(this);
		const templates = await listAccountTemplates(client, 'Load Account Templates');
		const needle = (filter ?? '').trim().toLowerCase();
		const results = templates
			.filter((t) => !needle || t.title.toLowerCase().includes(needle) || t.templateId.toLowerCase().includes(needle))
			.map((t) => ({ name: `${t.title} (${t.templateId})`, value: t.templateId }));
		return { results };
	} catch (error) {
		throw toNodeError(this, error);
	}
}
