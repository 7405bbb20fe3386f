import type { INodeParameters } from 'n8n-workflow';

import { batchParameterReader, holdsExpression, locatorValue } from '../../../nodes/shared/parameters';
import { fakeExecuteContext, locator, type ParameterRead } from '../../helpers/fakeN8nContext';
import { thrownBy } from '../../helpers/thrown';

describe('holdsExpression', () => {
	it.each([
		['a fixed string', 'pages/index', false],
		['an expression', '={{ $json.openid }}', true],
		['a number', 5, false],
		['null', null, false],
		['a fixed resource locator', locator('TPL1', 'list'), false],
		['a resource locator by expression', { __rl: true, mode: 'id', value: '={{ $json.tpl }}' }, true],
		['a resource mapper with fixed columns', { mappingMode: 'defineBelow', value: { thing1: '键盘', number2: 3 } }, false],
		['a resource mapper with one expression column', { mappingMode: 'defineBelow', value: { thing1: '键盘', time2: '={{ $now }}' } }, true],
		['a collection of fixed options', { concurrency: 16, truncateLongValues: true }, false],
		['a collection with an expression option', { concurrency: '={{ 4 * 4 }}' }, true],
		['a list holding an expression', [{ a: 'x' }, { b: ['=1'] }], true],
		['a string with "=" later on', 'a=b', false],
	])('%s → %s', (_name, value, expected) => {
		expect(holdsExpression(value)).toBe(expected);
	});
});

describe('batchParameterReader', () => {
	/** Values per item as n8n would give them: expressions differ per item, fixed values do not. */
	function context(nodeParameters: INodeParameters, reads: ParameterRead[]) {
		return fakeExecuteContext({
			nodeParameters,
			parameterReads: reads,
			items: [{}, {}, {}],
			parameters: (name, itemIndex) => {
				const raw = nodeParameters[name];
				return typeof raw === 'string' && raw.startsWith('=') ? `${name}-${itemIndex}` : raw;
			},
		});
	}
	const readsOf = (reads: ParameterRead[], name: string) => reads.filter((r) => r.name === name).map((r) => r.itemIndex);

	it('reads a parameter without an expression once, for item 0, and reuses it for every item', () => {
		const reads: ParameterRead[] = [];
		const read = batchParameterReader(context({ page: 'pages/index', options: { concurrency: 8 } }, reads));
		for (const item of [0, 1, 2]) {
			expect(read('page', item, '')).toBe('pages/index');
			expect(read('options', item, {})).toEqual({ concurrency: 8 });
		}
		expect(readsOf(reads, 'page')).toEqual([0]);
		expect(readsOf(reads, 'options')).toEqual([0]);
	});

	it('reads an expression parameter for every item', () => {
		const reads: ParameterRead[] = [];
		const read = batchParameterReader(context({ touser: '={{ $json.openid }}' }, reads));
		expect([0, 1, 2].map((item) => read('touser', item, ''))).toEqual(['touser-0', 'touser-1', 'touser-2']);
		expect(readsOf(reads, 'touser')).toEqual([0, 1, 2]);
	});

	it('reads a resource mapper per item when one column is an expression, once when none is', () => {
		const reads: ParameterRead[] = [];
		const mixed = { mappingMode: 'defineBelow', value: { thing1: 'fixed', time2: '={{ $now }}' } };
		const read = batchParameterReader(context({ templateData: mixed, other: { mappingMode: 'defineBelow', value: { thing1: 'fixed' } } }, reads));
		for (const item of [0, 1, 2]) {
			read('templateData', item, null);
			read('other', item, null);
		}
		expect(readsOf(reads, 'templateData')).toEqual([0, 1, 2]);
		expect(readsOf(reads, 'other')).toEqual([0]);
	});

	it('keeps the extracted value of a resource locator apart from its whole value', () => {
		const reads: ParameterRead[] = [];
		const read = batchParameterReader(context({ templateId: locator('TPL1', 'list') }, reads));
		expect(read('templateId', 0, '', { extractValue: true })).toBe('TPL1');
		expect(read('templateId', 1, '')).toEqual(locator('TPL1', 'list'));
		expect(read('templateId', 2, '', { extractValue: true })).toBe('TPL1');
		expect(readsOf(reads, 'templateId')).toEqual([0, 0]);
	});

	it('reads a parameter missing from the saved node per item (it cannot tell)', () => {
		const reads: ParameterRead[] = [];
		const read = batchParameterReader(context({}, reads));
		read('lang', 0, 'zh_CN');
		read('lang', 1, 'zh_CN');
		expect(readsOf(reads, 'lang')).toEqual([0, 1]);
	});

	it('does not remember a read that threw', () => {
		let calls = 0;
		const ctx = fakeExecuteContext({
			nodeParameters: { templateId: locator('bad id', 'id') },
			parameters: () => {
				calls++;
				throw new Error('Parameter "Template" is not valid');
			},
		});
		const read = batchParameterReader(ctx);
		thrownBy(Error, () => read('templateId', 0, '', { extractValue: true }));
		thrownBy(Error, () => read('templateId', 1, '', { extractValue: true }));
		expect(calls).toBe(2);
	});
});

describe('locatorValue', () => {
	it('reads a resource locator\'s value or a plain parameter, as trimmed text', () => {
		expect(locatorValue(locator(' 1001 ', 'list'))).toBe('1001');
		expect(locatorValue(' 1001 ')).toBe('1001');
		expect(locatorValue(1001)).toBe('1001');
		expect(locatorValue(undefined)).toBe('');
		expect(locatorValue({ __rl: true, mode: 'list' })).toBe('');
	});
});
