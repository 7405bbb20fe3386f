import { ALLOW_ACCOUNT_CHANGES, allowAccountChangesDefault, allowAccountChangesProperties, GUARDED_FROM_VERSION, isToolNode } from '../../../nodes/shared/toolGuard';

describe('the AI-tool guard', () => {
	it('knows n8n\'s tool variant by its type name', () => {
		expect(isToolNode('n8n-nodes-wechat-miniprogram.weChatTemplateLookupTool')).toBe(true);
		expect(isToolNode('n8n-nodes-wechat-miniprogram.weChatTemplateLookup')).toBe(false);
	});

	it('starts off from the guarded version, on before it (tool nodes saved then ran what their builder chose)', () => {
		expect(GUARDED_FROM_VERSION).toBe(2);
		expect([1, 2, 3].map(allowAccountChangesDefault)).toEqual([true, false, false]);
	});

	it('is a switch shown only in the tool variant, for the given resources, one default per version range', () => {
		const [before, from] = allowAccountChangesProperties(['accountTemplate']);
		for (const property of [before, from]) {
			expect(property).toMatchObject({ name: ALLOW_ACCOUNT_CHANGES, type: 'boolean' });
			expect(property.displayOptions?.show).toMatchObject({ '@tool': [true], resource: ['accountTemplate'] });
			expect(property.description).toMatch(/^Whether /);
		}
		expect([before.default, from.default]).toEqual([true, false]);
	});
});
