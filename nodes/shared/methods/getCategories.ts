import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { weChatClientFor } from '../client';
import { toNodeError } from '../errors';
import { listCategories } from '../../protocol/templateApi';

/** loadOptions: the mini program's service categories, which scope the public template library. */
export async function getCategories(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const client = await weChatClientFor(this);
		const categories = await listCategories(client, 'Load Template Categories');
		return categories.map((c) => ({ name: `${c.name} (${c.id})`, value: c.id }));
	} catch (error) {
		throw toNodeError(this, error);
	}
}
