import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listCategories, searchPublicTemplates as searchPublicLibrary } from '../../protocol/templateApi';
import { weChatClientFor } from '../client';
import { toNodeError } from '../errors';

/** How many titles the picker shows at once: typing narrows them (WeChat filters nothing itself). */
export const PUBLIC_TEMPLATE_PICKER_LIMIT = 100;

/**
 * listSearch for the public-template resource locator: the library within all of this mini program's
 * service categories, as `title (tid)`, titles containing the filter (case-insensitive), at most
 * PUBLIC_TEMPLATE_PICKER_LIMIT. The value is the tid.
 */
export async function searchPublicTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	try {
		const client = await weChatClientFor(this);
		const categories = await listCategories(client, 'Load Public Templates');
		if (categories.length === 0) return { results: [] };
		const titles = await searchPublicLibrary(
			client,
			{ categoryIds: categories.map((category) => category.id), keyword: filter ?? '', returnAll: false, limit: PUBLIC_TEMPLATE_PICKER_LIMIT },
			'Load Public Templates',
		);
		return { results: titles.map((title) => ({ name: `${title.title} (${title.tid})`, value: String(title.tid) })) };
	} catch (error) {
		throw toNodeError(this, error);
	}
}
