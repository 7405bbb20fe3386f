/**
 * Design-time methods shared by the WeChat nodes. Spread them into a node's `methods`:
 * `methods = { listSearch, loadOptions, resourceMapping }`.
 */
import { getCategories } from './getCategories';
import { searchDeliveryCompanies } from './searchDeliveryCompanies';
import { getTemplateKeywordFields } from './getTemplateKeywordFields';
import { searchTemplates } from './searchTemplates';

export { getCategories } from './getCategories';
export { getTemplateKeywordFields, keywordToField, TEMPLATE_ID_PARAMETER } from './getTemplateKeywordFields';
export { searchDeliveryCompanies } from './searchDeliveryCompanies';
export { searchTemplates } from './searchTemplates';
export { readTemplateId, templateIdLocator } from './templateLocator';

export const listSearch = { searchDeliveryCompanies, searchTemplates };
export const loadOptions = { getCategories };
export const resourceMapping = { getTemplateKeywordFields };
