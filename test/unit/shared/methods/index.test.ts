import { getCategories } from '../../../../nodes/shared/methods/getCategories';
import { getPublicTemplateKeywords } from '../../../../nodes/shared/methods/getPublicTemplateKeywords';
import { getTemplateKeywordFields } from '../../../../nodes/shared/methods/getTemplateKeywordFields';
import { listSearch, loadOptions, resourceMapping } from '../../../../nodes/shared/methods';
import { searchDeliveryCompanies } from '../../../../nodes/shared/methods/searchDeliveryCompanies';
import { searchPublicTemplates } from '../../../../nodes/shared/methods/searchPublicTemplates';
import { searchTemplates } from '../../../../nodes/shared/methods/searchTemplates';

describe('the methods a node spreads into its `methods`', () => {
	it('offer each design-time method under the name the parameters reference', () => {
		expect(listSearch).toEqual({ searchTemplates, searchDeliveryCompanies, searchPublicTemplates });
		expect(loadOptions).toEqual({ getCategories, getPublicTemplateKeywords });
		expect(resourceMapping).toEqual({ getTemplateKeywordFields });
	});
});
