import type { Resource } from '../../../shared/resources';
import * as checkText from './checkText.operation';

export const contentSecurity: Resource = {
	name: 'Content Security',
	value: 'contentSecurity',
	description: "WeChat's check of a text before it goes out (for replies written by an AI agent or taken from users)",
	defaultOperation: checkText,
	operations: [checkText],
};
