import type { INodeProperties } from 'n8n-workflow';

/** The public template's tid, asked for by Get Public Template Keywords and Add Template to Account. */
export const publicTemplateIdProperty: INodeProperties = {
	displayName: 'Public Template ID',
	name: 'tid',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 1001',
	description: 'The tid of a public template, from Search Public Templates',
};
