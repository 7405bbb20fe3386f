/**
 * Content Security → Check Text (/wxa/msg_sec_check, version 2): WeChat's verdict on a text before it is
 * published or sent: pass, review or risky, with the label. A risky text is an answer, not an error
 * (errcode 0); the item says `passed` so an IF node can branch on it.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { WeChatClient } from '../../../protocol/client';
import { checkText, CONTENT_MAX_CHARACTERS, CONTENT_SCENES, prepareTextCheck } from '../../../protocol/contentSecurity';
import type { OperationOption } from '../../../shared/operations';

export const option: OperationOption = {
	name: 'Check Text',
	value: 'checkText',
	action: 'Check a text for risky content',
	description:
		"WeChat's content security check of a text (a reply, a comment, a profile): pass, review or risky, with the reason; its author must have used the mini program in the last 2 hours",
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: `The text to check, at most ${CONTENT_MAX_CHARACTERS} characters`,
	},
	{
		displayName: 'Author OpenID',
		name: 'openid',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.openid }}',
		description: 'The OpenID of the user the text is from or for, who must have opened the mini program in the last 2 hours (errcode 61010 otherwise)',
	},
	{
		displayName: 'Scene',
		name: 'scene',
		type: 'options',
		default: 2, // CONTENT_SCENES.comment, written as a literal: n8n's linter reads a member expression as no default
		description: 'Where the text appears; WeChat judges each scene by its own rules',
		options: [
			{ name: 'Comment', value: CONTENT_SCENES.comment },
			{ name: 'Forum', value: CONTENT_SCENES.forum },
			{ name: 'Profile', value: CONTENT_SCENES.profile },
			{ name: 'Social Log', value: CONTENT_SCENES.socialLog },
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{ displayName: 'Nickname', name: 'nickname', type: 'string', default: '', description: "The author's nickname, checked with the text" },
			{ displayName: 'Signature', name: 'signature', type: 'string', default: '', description: "The author's profile signature (read only in the Profile scene)" },
			{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'A title published with the text' },
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: WeChatClient): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as { nickname?: string; signature?: string; title?: string };
	const body = prepareTextCheck({
		content: String(this.getNodeParameter('content', itemIndex, '') ?? ''),
		openid: String(this.getNodeParameter('openid', itemIndex, '') ?? ''),
		scene: Number(this.getNodeParameter('scene', itemIndex, CONTENT_SCENES.comment)),
		...options,
	});
	const result = await checkText(client, body);
	return [{ json: { passed: result.passed, suggest: result.suggest, label: result.label, labelName: result.labelName, traceId: result.traceId, openid: body.openid, scene: body.scene, detail: result.detail.map((d) => ({ ...d })) } }];
}
