import type { INodeProperties } from 'n8n-workflow';

import { showOnlyFor, toItems } from '../../../nodes/shared/display';

describe('showOnlyFor', () => {
	const plain: INodeProperties = { displayName: 'Tid', name: 'tid', type: 'string', default: '' };
	const withOwn: INodeProperties = {
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 30,
		displayOptions: { show: { returnAll: [false] }, hide: { resource: ['category'] } },
	};

	it('shows each property only for the given resource and operation', () => {
		const [property] = showOnlyFor({ show: { resource: ['publicTemplate'], operation: ['getKeywords'] } }, [plain]);
		expect(property).toEqual({ ...plain, displayOptions: { show: { resource: ['publicTemplate'], operation: ['getKeywords'] } } });
	});

	it("keeps the property's own display options next to the given ones", () => {
		const [property] = showOnlyFor({ show: { resource: ['publicTemplate'], operation: ['search'] } }, [withOwn]);
		expect(property.displayOptions).toEqual({
			show: { resource: ['publicTemplate'], operation: ['search'], returnAll: [false] },
			hide: { resource: ['category'] },
		});
	});

	it('leaves the given properties unchanged', () => {
		const before = JSON.stringify([plain, withOwn]);
		showOnlyFor({ show: { resource: ['x'] } }, [plain, withOwn]);
		expect(JSON.stringify([plain, withOwn])).toBe(before);
	});
});

describe('toItems', () => {
	it('wraps each value as the json of one item, in order', () => {
		expect(toItems([{ id: 612, name: '电商平台' }, { id: 307 }])).toEqual([{ json: { id: 612, name: '电商平台' } }, { json: { id: 307 } }]);
		expect(toItems([])).toEqual([]);
	});
});
