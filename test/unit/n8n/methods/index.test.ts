import { getCategories } from '../../../../nodes/n8n/methods/getCategories';
import { getTemplateKeywordFields } from '../../../../nodes/n8n/methods/getTemplateKeywordFields';
import { listSearch, loadOptions, resourceMapping } from '../../../../nodes/n8n/methods';
import { searchTemplates } from '../../../../nodes/n8n/methods/searchTemplates';

describe('the methods a node spreads into its `methods`', () => {
	it('offer each design-time method under the name the parameters reference', () => {
		expect(listSearch).toEqual({ searchTemplates });
		expect(loadOptions).toEqual({ getCategories });
		expect(resourceMapping).toEqual({ getTemplateKeywordFields });
	});
});
