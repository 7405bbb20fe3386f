import { accountTemplate } from './accountTemplate/AccountTemplate.resource';
import { category } from './category/Category.resource';
import { publicTemplate } from './publicTemplate/PublicTemplate.resource';

/** The Template Lookup node's resources, in the order its Resource selector lists them. */
export const RESOURCES = [accountTemplate, category, publicTemplate];
