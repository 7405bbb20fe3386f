import { readTemplateId, templateIdLocator } from '../../../../nodes/shared/methods/templateLocator';
import { listSearch } from '../../../../nodes/shared/methods';
import { InvalidInputError } from '../../../../nodes/protocol/errors';
import { fakeExecuteContext, locator } from '../../../helpers/fakeN8nContext';
import { thrownBy } from '../../../helpers/thrown';

describe('templateIdLocator', () => {
	it('is the required templateId locator: from the list (searchable) or by ID', () => {
		const property = templateIdLocator();
		expect(property).toMatchObject({ displayName: 'Template', name: 'templateId', type: 'resourceLocator', default: { mode: 'list', value: '' }, required: true });
		expect(property.modes?.map((mode) => [mode.name, mode.type])).toEqual([
			['list', 'list'],
			['id', 'string'],
		]);
	});

	it('searches with a listSearch method the nodes offer', () => {
		const method = templateIdLocator().modes?.[0].typeOptions?.searchListMethod;
		expect(method).toBe('searchTemplates');
		expect(Object.keys(listSearch)).toContain(method);
	});

	it('accepts a template ID of letters, digits, - and _, with spaces around it', () => {
		const validation = templateIdLocator().modes?.[1].validation?.[0] as unknown as { properties: { regex: string } };
		const pattern = new RegExp(validation.properties.regex);
		for (const id of ['_oN_DAJRafnih7LkqOD1Ulz5a1RZ8u480jHtcFDpvF8', ' 9Aw5ZV1j9xdW-TFEk ']) expect(pattern.test(id)).toBe(true);
		for (const id of ['', 'has space inside', 'semi;colon', '{{ $json.id }}']) expect(pattern.test(id)).toBe(false);
	});

	it('takes overrides for a node’s own wording', () => {
		const property = templateIdLocator({ description: 'The template to send' });
		expect(property.description).toBe('The template to send');
		expect(property.name).toBe('templateId');
	});
});

describe('readTemplateId', () => {
	it('reads the chosen template of each item, from either mode, trimmed', () => {
		const ctx = fakeExecuteContext({ parameters: (name, itemIndex) => (name === 'templateId' ? locator(itemIndex === 0 ? ' tmpl-A ' : 'tmpl-B', itemIndex === 0 ? 'list' : 'id') : undefined) });
		expect(readTemplateId(ctx, 0)).toBe('tmpl-A');
		expect(readTemplateId(ctx, 1)).toBe('tmpl-B');
	});

	it.each([
		['an empty locator', locator('')],
		['only spaces', locator('   ')],
		['no parameter at all', undefined],
	])('refuses %s with the field and the fix, before anything is sent', (_, value) => {
		const ctx = fakeExecuteContext({ parameters: { templateId: value } });
		const thrown = thrownBy(InvalidInputError, () => readTemplateId(ctx, 0));
		expect(thrown.message).toBe('Template is empty');
		expect(thrown.fix).toBe('Pick a template from the list, or give its ID (priTmplId).');
	});
});
