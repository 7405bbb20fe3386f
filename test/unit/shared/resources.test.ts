/** A node's description derived from its resource files: selectors, each operation's parameters, the router's table, the subtitle. */
import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../nodes/shared/operations';
import { operationTable, resourceProperties, subtitleFor, type Resource } from '../../../nodes/shared/resources';

function operation(value: string, action: string, properties: INodeProperties[]): ItemOperation {
	return { option: { name: value.toUpperCase(), value, action, description: `${action}, in detail` }, properties, execute: async () => [] };
}

const list = operation('list', 'List things', [{ displayName: 'Limit', name: 'limit', type: 'number', default: 5 }]);
const add = operation('add', 'Add a thing', [
	{ displayName: 'Name', name: 'name', type: 'string', default: '' },
	{ displayName: 'Colour', name: 'colour', type: 'string', default: '', displayOptions: { show: { kind: ['painted'] } } },
]);
const ping = operation('ping', 'Ping the account', []);
const RESOURCES: Resource[] = [
	{ name: 'Thing', value: 'thing', description: 'Things of the account', defaultOperation: list, operations: [list, add] },
	{ name: 'Account', value: 'account', defaultOperation: ping, operations: [ping] },
];

describe('resourceProperties', () => {
	const properties = resourceProperties(RESOURCES, 'thing');

	it('starts with the Resource selector, listing the resources in order, with the default given', () => {
		expect(properties[0]).toEqual({
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			default: 'thing',
			options: [
				{ name: 'Thing', value: 'thing', description: 'Things of the account' },
				{ name: 'Account', value: 'account' },
			],
		});
	});

	it("gives each resource an Operation selector of its operations' options, shown for it only", () => {
		const selectors = properties.filter((p) => p.name === 'operation');
		expect(selectors.map((p) => [p.displayOptions?.show?.resource, p.default, (p.options ?? []).map((o) => ('value' in o ? o.value : ''))])).toEqual([
			[['thing'], 'list', ['list', 'add']],
			[['account'], 'ping', ['ping']],
		]);
		expect(selectors[0].options?.[1]).toEqual({ name: 'ADD', value: 'add', action: 'Add a thing', description: 'Add a thing, in detail' });
	});

	it("shows an operation's parameters for its resource and operation only, keeping their own conditions", () => {
		expect(properties.find((p) => p.name === 'colour')?.displayOptions).toEqual({ show: { resource: ['thing'], operation: ['add'], kind: ['painted'] } });
		expect(properties.find((p) => p.name === 'limit')?.displayOptions).toEqual({ show: { resource: ['thing'], operation: ['list'] } });
	});

	it('lists each resource as its selector then its operations’ parameters, in order', () => {
		expect(properties.map((p) => p.name)).toEqual(['resource', 'operation', 'limit', 'name', 'colour', 'operation']);
	});
});

describe('resourceProperties with an operation that changes the account', () => {
	const remove: ItemOperation = { ...operation('remove', 'Remove a thing', []), changesAccount: true };
	const guarded: Resource[] = [{ name: 'Thing', value: 'thing', defaultOperation: list, operations: [list, remove] }, RESOURCES[1]];
	const properties = resourceProperties(guarded, 'thing');
	const optionValues = (p: INodeProperties) => (p.options ?? []).map((o) => ('value' in o ? o.value : ''));

	it('gives that resource three Operation selectors by `@tool`: all in the node, read-only in the tool unless allowed', () => {
		const selectors = properties.filter((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === 'thing');
		expect(selectors.map((p) => [p.displayOptions?.show, optionValues(p)])).toEqual([
			[{ resource: ['thing'], '@tool': [false] }, ['list', 'remove']],
			[{ resource: ['thing'], '@tool': [true], allowAccountChanges: [true] }, ['list', 'remove']],
			[{ resource: ['thing'], '@tool': [true], allowAccountChanges: [false] }, ['list']],
		]);
		// A resource with nothing to guard keeps its one selector.
		expect(properties.filter((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === 'account')).toHaveLength(1);
	});

	it('adds the tool-only switch after the Resource selector, for the guarded resources only', () => {
		expect(properties.slice(1, 3).map((p) => [p.name, p.displayOptions?.show?.resource])).toEqual([
			['allowAccountChanges', ['thing']],
			['allowAccountChanges', ['thing']],
		]);
		expect(resourceProperties(RESOURCES, 'thing').some((p) => p.name === 'allowAccountChanges')).toBe(false);
	});

	it('refuses a resource whose default operation changes the account (a new tool node would start on a hidden operation)', () => {
		expect(() => resourceProperties([{ name: 'Thing', value: 'thing', defaultOperation: remove, operations: [list, remove] }], 'thing')).toThrow(/default operation must not change the account/);
	});
});

it('operationTable routes resource → operation → the module', () => {
	expect(operationTable(RESOURCES)).toEqual({ thing: { list, add }, account: { ping } });
});

describe('subtitleFor', () => {
	const subtitle = subtitleFor(RESOURCES);
	/** The subtitle's expression as n8n evaluates it, with $parameter holding the node's choice. */
	const evaluate = (resource: string, operation: string) => {
		const body = /^=\{\{ (.*) \}\}$/.exec(subtitle)?.[1];
		if (body === undefined) throw new Error(`not an expression: ${subtitle}`);
		return new Function('$parameter', `return ${body};`)({ resource, operation }) as unknown;
	};

	it("is the chosen operation's action", () => {
		expect(evaluate('thing', 'add')).toBe('Add a thing');
		expect(evaluate('account', 'ping')).toBe('Ping the account');
	});
});
