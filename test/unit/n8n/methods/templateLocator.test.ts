import { templateIdLocator } from '../../../../nodes/n8n/methods/templateLocator';
import { listSearch } from '../../../../nodes/n8n/methods';

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
