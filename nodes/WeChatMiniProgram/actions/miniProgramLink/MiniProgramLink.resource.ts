import type { Resource } from '../../../shared/resources';
import * as createShortLink from './createShortLink.operation';
import * as createUrlLink from './createUrlLink.operation';
import * as createUrlScheme from './createUrlScheme.operation';

export const miniProgramLink: Resource = {
	name: 'Mini Program Link',
	value: 'miniProgramLink',
	description: 'Links that open a page of the mini program: from SMS, e-mail and web pages, or inside WeChat',
	defaultOperation: createUrlLink,
	operations: [createUrlLink, createUrlScheme, createShortLink],
};
