/**
 * Design-time methods shared by the WeChat nodes. Spread them into a node's `methods`:
 * `methods = { listSearch, loadOptions, resourceMapping }`.
 */
import { getCategories } from './getCategories';
import { getPublicTemplateKeywords } from './getPublicTemplateKeywords';
import { searchDeliveryCompanies } from './searchDeliveryCompanies';
import { getTemplateKeywordFields } from './getTemplateKeywordFields';
import { searchPublicTemplates } from './searchPublicTemplates';
import { searchTemplates } from './searchTemplates';

export { getCategories } from './getCategories';
export { getTemplateKeywordFields, keywordToField, TEMPLATE_ID_PARAMETER } from './getTemplateKeywordFields';
export { searchDeliveryCompanies } from './searchDeliveryCompanies';
export { getPublicTemplateKeywords } from './getPublicTemplateKeywords';
export { searchPublicTemplates } from './searchPublicTemplates';
export { searchTemplates } from './searchTemplates';
export { readTemplateId, templateIdLocator } from './templateLocator';

export const listSearch = { searchDeliveryCompanies, searchPublicTemplates, searchTemplates };
export const loadOptions = { getCategories, getPublicTemplateKeywords };
export const resourceMapping = { getTemplateKeywordFields };
