/**
 * Design-time methods shared by the WeChat nodes. Spread them into a node's `methods`:
 * `methods = { listSearch, loadOptions, resourceMapping }`.
 */
import { getCategories } from './getCategories';
import { getTemplateKeywordFields } from './getTemplateKeywordFields';
import { searchTemplates } from './searchTemplates';

export { getCategories } from './getCategories';
export { getTemplateKeywordFields, keywordToField, TEMPLATE_ID_PARAMETER } from './getTemplateKeywordFields';
export { searchTemplates } from './searchTemplates';
export { readTemplateId, templateIdLocator } from './templateLocator';

export const listSearch = { searchTemplates };
export const loadOptions = { getCategories };
export const resourceMapping = { getTemplateKeywordFields };
