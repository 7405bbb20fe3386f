import type { INodeProperties } from 'n8n-workflow';

/**
 * The recipient's OpenID (touser), asked for by every operation that writes to one user; `description`
 * says where that OpenID usually comes from and what limits the operation puts on it.
 */
export function recipientOpenIdProperty(description: string): INodeProperties {
	return {
		displayName: 'Recipient OpenID',
		name: 'touser',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.openid }}',
		description,
	};
}
