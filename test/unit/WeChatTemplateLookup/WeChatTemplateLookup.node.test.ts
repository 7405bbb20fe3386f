/**
 * The node as n8n and an AI agent see it: type name, tool flag, operations and their parameters.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { NodeHelpers, type INode, type INodeParameters, type INodeProperties, type INodePropertyOptions, type INodeTypeDescription } from 'n8n-workflow';

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
		// tid and keywordIds twice: as text for version 1, as pickers from version 2.
		expect(propertiesFor('accountTemplate', 'add')).toEqual(['changesAccountNotice', 'tid', 'tid', 'keywordIds', 'keywordIds', 'sceneDesc']);
		expect(propertiesFor('publicTemplate', 'search')).toEqual(['categoryIds', 'keyword', 'returnAll', 'limit']);
		expect(propertiesFor('publicTemplate', 'getKeywords')).toEqual(['tid', 'tid']);
	});

	it('picks templates with a resource locator (list or ID) backed by searchTemplates', () => {
		const locator = description.properties.find((p) => p.name === 'templateId');
		expect(locator?.type).toBe('resourceLocator');
		expect(locator?.modes?.map((m) => m.name)).toEqual(['list', 'id']);
		expect(locator?.modes?.[0].typeOptions?.searchListMethod).toBe('searchTemplates');
		// The shared design-time methods: the template search, and the carrier search the action node uses.
		expect(Object.keys(node.methods.listSearch)).toEqual(['searchDeliveryCompanies', 'searchPublicTemplates', 'searchTemplates']);
	});

	it('loads categories for the search and tells that the keyword is filtered locally', () => {
		const categories = description.properties.find((p) => p.name === 'categoryIds');
		expect(categories?.typeOptions?.loadOptionsMethod).toBe('getCategories');
		expect(Object.keys(node.methods.loadOptions)).toEqual(['getCategories', 'getPublicTemplateKeywords']);
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

/**
 * What the editor shows, evaluated with n8n's own display logic (NodeHelpers.displayParameter, which the
 * editor and the Workflow use): the node at a version, as itself or as n8n's AI-tool variant.
 */
function asTool(base: INodeTypeDescription): INodeTypeDescription {
	// What n8n's createAiTools does to the name (the `@tool` condition reads only it).
	return { ...base, name: `${base.name}Tool`, displayName: `${base.displayName} Tool` };
}

function shown(type: INodeTypeDescription, typeVersion: number, parameters: INodeParameters): INodeProperties[] {
	const saved: INode = { id: 'n', name: 'Lookup', type: `n8n-nodes-wechat-miniprogram.${type.name}`, typeVersion, position: [0, 0], parameters };
	const values = NodeHelpers.getNodeParameters(type.properties, parameters, true, false, saved, type) ?? {};
	return type.properties.filter((property) => NodeHelpers.displayParameter(values, property, saved, type));
}

function operationValues(type: INodeTypeDescription, typeVersion: number, parameters: INodeParameters): unknown[] {
	const selectors = shown(type, typeVersion, parameters).filter((property) => property.name === 'operation');
	expect(selectors).toHaveLength(1);
	return ((selectors[0].options ?? []) as INodePropertyOptions[]).map((option) => option.value);
}

describe('version 2', () => {
	it('is the version new nodes get; saved workflows keep 1', () => {
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	it('picks the public template from a list (or by tid) and its keywords from the chosen template; version 1 keeps text', () => {
		const v2 = shown(description, 2, { resource: 'accountTemplate', operation: 'add' });
		const tid = v2.find((property) => property.name === 'tid');
		expect(tid?.type).toBe('resourceLocator');
		expect(tid?.modes?.map((mode) => [mode.name, mode.typeOptions?.searchListMethod])).toEqual([['list', 'searchPublicTemplates'], ['id', undefined]]);
		const keywords = v2.find((property) => property.name === 'keywordIds');
		expect(keywords).toMatchObject({ type: 'multiOptions', default: [], typeOptions: { loadOptionsMethod: 'getPublicTemplateKeywords', loadOptionsDependsOn: ['tid.value'] } });
		expect(keywords?.noDataExpression).toBeUndefined(); // an expression stays possible

		const v1 = shown(description, 1, { resource: 'accountTemplate', operation: 'add' });
		expect(v1.filter((property) => ['tid', 'keywordIds'].includes(property.name)).map((property) => [property.name, property.type, property.default])).toEqual([
			['tid', 'string', ''],
			['keywordIds', 'string', ''],
		]);
		expect(shown(description, 2, { resource: 'publicTemplate', operation: 'getKeywords' }).find((property) => property.name === 'tid')?.type).toBe('resourceLocator');
		expect(shown(description, 1, { resource: 'publicTemplate', operation: 'getKeywords' }).find((property) => property.name === 'tid')?.type).toBe('string');
	});
});

describe('as an AI tool (n8n\'s …Tool variant)', () => {
	const tool = asTool(description);

	it('offers an agent only the operations that read, at the version new nodes get', () => {
		expect(operationValues(tool, 2, { resource: 'accountTemplate' })).toEqual(['getAll', 'get']);
		expect(shown(tool, 2, { resource: 'accountTemplate' }).find((property) => property.name === 'allowAccountChanges')?.default).toBe(false);
	});

	it('offers Add and Delete once the builder turns on Let the Agent Change the Account', () => {
		expect(operationValues(tool, 2, { resource: 'accountTemplate', allowAccountChanges: true })).toEqual(['getAll', 'get', 'add', 'delete']);
	});

	it('keeps offering them to a version 1 tool (saved before the switch; it starts on there, and can be turned off)', () => {
		expect(operationValues(tool, 1, { resource: 'accountTemplate' })).toEqual(['getAll', 'get', 'add', 'delete']);
		expect(operationValues(tool, 1, { resource: 'accountTemplate', allowAccountChanges: false })).toEqual(['getAll', 'get']);
	});

	it('the node itself offers all four and shows no switch; the other resources are the same in both', () => {
		for (const typeVersion of [1, 2]) {
			expect(operationValues(description, typeVersion, { resource: 'accountTemplate' })).toEqual(['getAll', 'get', 'add', 'delete']);
			expect(shown(description, typeVersion, { resource: 'accountTemplate' }).map((property) => property.name)).not.toContain('allowAccountChanges');
			for (const resource of ['category', 'publicTemplate']) {
				expect(operationValues(tool, typeVersion, { resource })).toEqual(operationValues(description, typeVersion, { resource }));
				expect(shown(tool, typeVersion, { resource }).map((property) => property.name)).not.toContain('allowAccountChanges');
			}
		}
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
