import {
	checkText,
	CONTENT_CHECK_ERRCODES,
	parseTextCheck,
	prepareTextCheck,
	type TextCheckInput,
} from '../../../nodes/protocol/contentSecurity';
import { ERRCODES, InvalidInputError, WeChatApiError } from '../../../nodes/protocol/errors';
import { recordingClient } from '../../helpers/recordingClient';
import { rejectionOf, thrownBy } from '../../helpers/thrown';

const OPENID = 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M';
const input = (overrides: Partial<TextCheckInput> = {}): TextCheckInput => ({ content: '你好', scene: 2, openid: OPENID, ...overrides });

/** The official example's answer: a keyword hit. */
const RISKY = {
	errcode: 0,
	errmsg: 'ok',
	result: { suggest: 'risky', label: 20001 },
	detail: [
		{ strategy: 'content_model', errcode: 0, suggest: 'risky', label: 20006, prob: 90 },
		{ strategy: 'keyword', errcode: 0, suggest: 'pass', label: 20006, level: 20, keyword: '命中的关键词1' },
		{ strategy: 'keyword', errcode: 0, suggest: 'risky', label: 20006, level: 90, keyword: '命中的关键词2' },
	],
	trace_id: '60ae120f-371d5872-7941a05b',
};

describe('prepareTextCheck', () => {
	it('version 2 with scene and openid; optional fields only when given', () => {
		expect(prepareTextCheck(input({ title: '标题', nickname: '' }))).toEqual({ content: '你好', version: 2, scene: 2, openid: OPENID, title: '标题' });
	});

	it('content: 2500 characters pass (counted as characters), 2501 are refused; empty refused', () => {
		expect(prepareTextCheck(input({ content: '字'.repeat(2500) })).content).toHaveLength(2500);
		expect(thrownBy(InvalidInputError, () => prepareTextCheck(input({ content: '字'.repeat(2501) }))).message).toBe(
			'Content has 2501 characters; WeChat checks at most 2500: split the text and check each part.',
		);
		expect(thrownBy(InvalidInputError, () => prepareTextCheck(input({ content: ' ' }))).message).toContain('Content is empty');
	});

	it('scene 1 to 4; openid required', () => {
		for (const scene of [0, 5, 2.5]) expect(thrownBy(InvalidInputError, () => prepareTextCheck(input({ scene }))).message).toContain('40129');
		expect(thrownBy(InvalidInputError, () => prepareTextCheck(input({ openid: '' }))).message).toContain('OpenID is empty');
	});
});

describe('parseTextCheck / checkText', () => {
	it('reads suggest, the label with its name, passed, trace_id and every detail', () => {
		expect(parseTextCheck(RISKY)).toEqual({
			suggest: 'risky',
			label: 20001,
			labelName: 'politics',
			passed: false,
			traceId: '60ae120f-371d5872-7941a05b',
			detail: [
				{ strategy: 'content_model', errcode: 0, suggest: 'risky', label: 20006, labelName: 'crime', prob: 90 },
				{ strategy: 'keyword', errcode: 0, suggest: 'pass', label: 20006, labelName: 'crime', level: 20, keyword: '命中的关键词1' },
				{ strategy: 'keyword', errcode: 0, suggest: 'risky', label: 20006, labelName: 'crime', level: 90, keyword: '命中的关键词2' },
			],
		});
	});

	it('pass is passed; an unknown label keeps its number', () => {
		expect(parseTextCheck({ result: { suggest: 'pass', label: 100 } })).toMatchObject({ passed: true, labelName: 'normal', detail: [] });
		expect(parseTextCheck({ result: { suggest: 'review', label: 29999 } })).toMatchObject({ passed: false, labelName: 'unknown' });
	});

	it('POSTs to /wxa/msg_sec_check as a read with its own errcodes; a risky text is a result, not an error', async () => {
		const { calls, client } = recordingClient(RISKY);
		expect((await checkText(client, prepareTextCheck(input()))).suggest).toBe('risky');
		expect(calls[0]).toMatchObject({ method: 'POST', path: '/wxa/msg_sec_check', retry: 'idempotent', errcodes: CONTENT_CHECK_ERRCODES });
	});

	it('an answer without a result is a bad response', async () => {
		expect((await rejectionOf(WeChatApiError, checkText(recordingClient({ errcode: 0 }).client, prepareTextCheck(input())))).kind).toBe('bad-response');
	});

	it('61010 says the user has not visited in 2 hours, and what to do', () => {
		const error = new WeChatApiError({ operation: 'Check Text Content', kind: 'errcode', errcode: 61010, errmsg: 'code is expired' });
		expect(error.message).toBe(`Check Text Content failed: WeChat errcode 61010: ${ERRCODES[61010].meaning}. ${ERRCODES[61010].fix}`);
		expect(ERRCODES[61010].meaning).toContain('last 2 hours');
		expect(CONTENT_CHECK_ERRCODES[40129].meaning).toContain('1 to 4');
	});
});
