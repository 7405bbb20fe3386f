/**
 * The node as n8n and an AI agent see it: type name, tool flag, operations and their parameters.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { WeChatTemplateLookup } from '../../../nodes/WeChatTemplateLookup/WeChatTemplateLookup.node';
import { parseKeywordIds } from '../../../nodes/WeChatTemplateLookup/actions/accountTemplate/add.operation';
import { filterTemplates } from '../../../nodes/WeChatTemplateLookup/actions/accountTemplate/getAll.operation';
import { parseCategoryIds } from '../../../nodes/WeChatTemplateLookup/actions/publicTemplate/search.operation';

const node = new WeChatTemplateLookup();
const { description } = node;
const nodeDir = path.join(__dirname, '../../../nodes/WeChatTemplateLookup');

function operationsOf(resource: string): NonNullable<INodeProperties['options']> {
	const property = description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource));
	return property?.options ?? [];
}

function propertiesFor(resource: string, operation: string): string[] {
	return description.properties
		.filter((p) => p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes(operation))
		.map((p) => p.name);
}

describe('WeChat Template Lookup description', () => {
	it('is the weChatTemplateLookup node, usable as an AI tool, with the WeChat credential', () => {
		expect(description.name).toBe('weChatTemplateLookup');
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toEqual([{ name: 'weChatMiniProgramApi', required: true }]);
		expect(description.inputs).toEqual(['main']);
		expect(description.outputs).toEqual(['main']);
	});

	it('offers the seven operations of the issue, each with an action and a description', () => {
		const names = ['accountTemplate', 'category', 'publicTemplate'].flatMap((r) => operationsOf(r).map((o) => (o as { name: string }).name));
		expect(names.sort()).toEqual(
			[
				'Get Many',
				'Get Account Template',
				'Get Many',
				'Search Public Templates',
				'Get Public Template Keywords',
				'Add Template to Account',
				'Delete Account Template',
			].sort(),
		);
		for (const resource of ['accountTemplate', 'category', 'publicTemplate']) {
			for (const option of operationsOf(resource) as Array<{ action?: string; description?: string }>) {
				expect(option.action).toBeTruthy();
				expect((option.description ?? '').length).toBeGreaterThan(20);
			}
		}
	});

	it('says which operations change the account', () => {
		const changing = (operationsOf('accountTemplate') as Array<{ value: string; description?: string }>).filter((o) => o.description?.startsWith('Changes the account'));
		expect(changing.map((o) => o.value).sort()).toEqual(['add', 'delete']);
		expect(propertiesFor('accountTemplate', 'add')).toContain('changesAccountNotice');
		expect(propertiesFor('accountTemplate', 'delete')).toContain('changesAccountNotice');
	});

	it('shows each operation its own parameters', () => {
		expect(propertiesFor('accountTemplate', 'getAll')).toEqual(['filters']);
		expect(propertiesFor('accountTemplate', 'get')).toEqual(['templateId']);
		expect(propertiesFor('accountTemplate', 'add')).toEqual(['changesAccountNotice', 'tid', 'keywordIds', 'sceneDesc']);
		expect(propertiesFor('publicTemplate', 'search')).toEqual(['categoryIds', 'keyword', 'returnAll', 'limit']);
		expect(propertiesFor('publicTemplate', 'getKeywords')).toEqual(['tid']);
	});

	it('picks templates with a resource locator (list or ID) backed by searchTemplates', () => {
		const locator = description.properties.find((p) => p.name === 'templateId');
		expect(locator?.type).toBe('resourceLocator');
		expect(locator?.modes?.map((m) => m.name)).toEqual(['list', 'id']);
		expect(locator?.modes?.[0].typeOptions?.searchListMethod).toBe('searchTemplates');
		// The shared design-time methods: the template search, and the carrier search the action node uses.
		expect(Object.keys(node.methods.listSearch)).toEqual(['searchDeliveryCompanies', 'searchTemplates']);
	});

	it('loads categories for the search and tells that the keyword is filtered locally', () => {
		const categories = description.properties.find((p) => p.name === 'categoryIds');
		expect(categories?.typeOptions?.loadOptionsMethod).toBe('getCategories');
		expect(Object.keys(node.methods.loadOptions)).toEqual(['getCategories']);
		const keyword = description.properties.find((p) => p.name === 'keyword');
		expect(keyword?.description).toMatch(/WeChat has no keyword search/);
		const limit = description.properties.find((p) => p.name === 'limit');
		expect(limit?.displayOptions?.show).toMatchObject({ returnAll: [false], resource: ['publicTemplate'], operation: ['search'] });
	});

	it('ships its icons and a codex file naming the node', () => {
		expect(description.icon).toEqual({ light: 'file:wechat.svg', dark: 'file:wechat.dark.svg' });
		expect(fs.existsSync(path.join(nodeDir, 'wechat.svg'))).toBe(true);
		expect(fs.existsSync(path.join(nodeDir, 'wechat.dark.svg'))).toBe(true);
		const codex = JSON.parse(fs.readFileSync(path.join(nodeDir, 'WeChatTemplateLookup.node.json'), 'utf8'));
		expect(codex.node).toBe('n8n-nodes-wechat-miniprogram.weChatTemplateLookup');
	});
});

describe('parameter parsing', () => {
	it.each([
		['1,3,2', [1, 3, 2]],
		[' 1, 3 ,2 ', [1, 3, 2]],
		['1 3 2', [1, 3, 2]],
		['1，3、2', [1, 3, 2]],
		['[1,3,2]', [1, 3, 2]],
		[[1, '3', 2], [1, 3, 2]],
		[7, [7]],
		['', []],
	])('keyword IDs %j', (value, expected) => {
		expect(parseKeywordIds(value)).toEqual(expected);
	});

	it('marks a non-numeric keyword ID as NaN so the check refuses it', () => {
		expect(parseKeywordIds('1,a')).toEqual([1, Number.NaN]);
		expect(parseKeywordIds('1,-2')).toEqual([1, Number.NaN]);
	});

	it.each([
		[[612, 307], ['612', '307']],
		['612,307', ['612', '307']],
		['612 ， 307', ['612', '307']],
		[612, ['612']],
		[[], []],
		['', []],
	])('category IDs %j', (value, expected) => {
		expect(parseCategoryIds(value)).toEqual(expected);
	});

	it('filters account templates by title (case-insensitive) and type', () => {
		const base = { content: '', example: '', keywords: [], typeCode: 2 };
		const templates = [
			{ ...base, templateId: 'a', title: 'Order Shipped', type: 'one-time' as const },
			{ ...base, templateId: 'b', title: '停车缴费', type: 'long-term' as const, typeCode: 3 },
		];
		expect(filterTemplates(templates, { titleContains: 'order' }).map((t) => t.templateId)).toEqual(['a']);
		expect(filterTemplates(templates, { type: 'long-term' }).map((t) => t.templateId)).toEqual(['b']);
		expect(filterTemplates(templates, {}).map((t) => t.templateId)).toEqual(['a', 'b']);
		expect(filterTemplates(templates, { titleContains: 'order', type: 'long-term' })).toEqual([]);
	});
});
