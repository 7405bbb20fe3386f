import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listDeliveryCompanies } from '../../protocol/shippingOrder';
import { weChatClientFor } from '../client';
import { toNodeError } from '../errors';

/**
 * listSearch for the carrier of a shipping upload: WeChat's delivery companies (get_delivery_list, about
 * 1 400 of them) as `name (delivery ID)`, filtered by name or ID (case-insensitive). WeChat returns the whole
 * list at once, so no paging; the value is the delivery ID the upload takes (e.g. SF).
 */
export async function searchDeliveryCompanies(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	try {
		const companies = await listDeliveryCompanies(await weChatClientFor(this));
		const needle = (filter ?? '').trim().toLowerCase();
		const results = companies
			.filter((c) => !needle || c.deliveryName.toLowerCase().includes(needle) || c.deliveryId.toLowerCase().includes(needle))
			.map((c) => ({ name: `${c.deliveryName} (${c.deliveryId})`, value: c.deliveryId }));
		return { results };
	} catch (error) {
		throw toNodeError(this, error);
	}
}
