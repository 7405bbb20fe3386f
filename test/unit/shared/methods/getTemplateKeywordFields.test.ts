import { NodeOperationError } from 'n8n-workflow';

import type { WeChatHttpRequest } from '../../../../nodes/protocol/http';
import { sharedTokenCache } from '../../../../nodes/protocol/token';
import { getTemplateKeywordFields, keywordToField } from '../../../../nodes/shared/methods/getTemplateKeywordFields';
import { fakeLoadOptionsContext, httpThroughSend, locator } from '../../../helpers/fakeN8nContext';

const CREDENTIALS = { appId: 'wx0123456789abcdef', appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', baseUrl: 'custom', customBaseUrl: 'http://wechat.test' };
const REVIEW = {
	priTmplId: 'REVIEW_TEMPLATE',
	title: '审核结果通知',
	content: '审核结果:{{enum_string1.DATA}}\n备注:{{thing2.DATA}}\n',
	example: '审核结果:通过\n备注:资料齐全\n',
	type: 3,
	keywordEnumValueList: [{ keywordCode: 'enum_string1.DATA', enumValueList: ['通过', '驳回'] }],
};

/** WeChat's answers scripted through n8n's helper: a token, and the account's template list. */
function context(parameters: Record<string, unknown>) {
	const requests: WeChatHttpRequest[] = [];
	const http = httpThroughSend(async (request) => {
		requests.push(request);
		if (request.url.includes('/cgi-bin/stable_token')) return { statusCode: 200, body: '{"access_token":"TOKEN-1","expires_in":7200}' };
		return { statusCode: 200, body: JSON.stringify({ errcode: 0, errmsg: 'ok', data: [REVIEW] }) };
	});
	return { ctx: fakeLoadOptionsContext({ credentials: CREDENTIALS, parameters, http }), requests };
}

beforeEach(() => sharedTokenCache.clear());

describe('getTemplateKeywordFields (resourceMapping)', () => {
	it('gives one required field per keyword of the chosen template, an enum as a dropdown of its values', async () => {
		const { ctx } = context({ templateId: locator('REVIEW_TEMPLATE', 'list') });
		expect(await getTemplateKeywordFields.call(ctx)).toEqual({
			fields: [
				{
					id: 'enum_string1',
					displayName: '审核结果 (enum_string1)',
					required: true,
					display: true,
					defaultMatch: false,
					canBeUsedToMatch: false,
					type: 'options',
					options: [
						{ name: '通过', value: '通过' },
						{ name: '驳回', value: '驳回' },
					],
				},
				{ id: 'thing2', displayName: '备注 (thing2)', required: true, display: true, defaultMatch: false, canBeUsedToMatch: false, type: 'string' },
			],
			emptyFieldsNotice: 'This template has no keywords.',
		});
	});

	it('asks for a template first when none is chosen, without calling WeChat', async () => {
		const empty = context({ templateId: locator('', 'list') });
		expect(await getTemplateKeywordFields.call(empty.ctx)).toEqual({
			fields: [],
			emptyFieldsNotice: 'Choose a template first: its keywords appear here.',
		});
		const none = context({});
		expect((await getTemplateKeywordFields.call(none.ctx)).fields).toEqual([]);
		expect([...empty.requests, ...none.requests]).toEqual([]);
	});

	it('fails as an n8n error naming the template the account does not have', async () => {
		const { ctx } = context({ templateId: locator(' NoSuchTemplate123 ', 'id') });
		const failure = getTemplateKeywordFields.call(ctx);
		await expect(failure).rejects.toBeInstanceOf(NodeOperationError);
		await expect(failure).rejects.toThrow('This mini program has no template with ID "NoSuchTemplate123"');
	});
});

describe('keywordToField', () => {
	it('uses the key alone when the label is empty, and a string for an enum without values', () => {
		expect(keywordToField({ key: 'enum_string3', label: '', type: 'enum', index: 3, rule: 'x' })).toEqual({
			id: 'enum_string3',
			displayName: 'enum_string3',
			required: true,
			display: true,
			defaultMatch: false,
			canBeUsedToMatch: false,
			type: 'string',
		});
	});
});
