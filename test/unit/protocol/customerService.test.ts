import {
	customerServiceOutcome,
	prepareCustomerServiceMessage,
	sendCustomerServiceMessage,
	setTyping,
	setTypingUnlessRefused,
	type CustomerServiceMessage,
	type TypingCommand,
} from '../../../nodes/protocol/customerService';
import { InvalidInputError, WeChatApiError } from '../../../nodes/protocol/errors';
import { recordingClient } from '../../helpers/recordingClient';
import { rejectionOf, thrownBy } from '../../helpers/thrown';

const OPENID = 'oUser00000000000000000000001';

/** A client that records each call and answers as WeChat does to a reply or typing status it accepted. */
function acceptingClient() {
	return recordingClient({ errcode: 0, errmsg: 'ok' });
}

describe('prepareCustomerServiceMessage: the bodies WeChat documents', () => {
	it('text: the content as written, spacing and mini-program links included', () => {
		const content = ' 您好\n<a href="https://example.com" data-miniprogram-appid="wxfdae81166329a09f" data-miniprogram-path="pages/index/index">打开</a> ';
		expect(prepareCustomerServiceMessage(` ${OPENID} `, { msgtype: 'text', content })).toEqual({ touser: OPENID, msgtype: 'text', text: { content } });
	});

	it('image: media_id', () => {
		expect(prepareCustomerServiceMessage(OPENID, { msgtype: 'image', mediaId: ' M1 ' })).toEqual({ touser: OPENID, msgtype: 'image', image: { media_id: 'M1' } });
	});

	it('link: title, description, url, thumb_url', () => {
		const message: CustomerServiceMessage = { msgtype: 'link', title: 'T', description: 'D', url: 'https://e.com/a', thumbUrl: 'http://e.com/t.jpg' };
		expect(prepareCustomerServiceMessage(OPENID, message)).toEqual({
			touser: OPENID,
			msgtype: 'link',
			link: { title: 'T', description: 'D', url: 'https://e.com/a', thumb_url: 'http://e.com/t.jpg' },
		});
	});

	it('miniprogrampage: title, pagepath, thumb_media_id', () => {
		const message: CustomerServiceMessage = { msgtype: 'miniprogrampage', title: '订单', pagepath: 'pages/order/detail?id=1', thumbMediaId: 'THUMB' };
		expect(prepareCustomerServiceMessage(OPENID, message)).toEqual({
			touser: OPENID,
			msgtype: 'miniprogrampage',
			miniprogrampage: { title: '订单', pagepath: 'pages/order/detail?id=1', thumb_media_id: 'THUMB' },
		});
	});
});

describe('prepareCustomerServiceMessage: refusals before sending', () => {
	it('lists every problem, naming the field', () => {
		const error = thrownBy(InvalidInputError, () =>
			prepareCustomerServiceMessage('', { msgtype: 'link', title: '', description: 'd', url: 'ftp://x', thumbUrl: '' }),
		);
		expect(error.message).toContain('Recipient OpenID is empty');
		expect(error.problems).toEqual([
			expect.stringContaining('Recipient OpenID is empty'),
			'Link URL "ftp://x" must start with http:// or https://.',
			expect.stringContaining('Link Thumbnail URL is empty'),
			expect.stringContaining('Link Title is empty'),
		]);
		expect(error.fix).toContain('nothing was sent');
	});

	it('refuses an empty text, a bad OpenID, a page path with spaces and an unknown type', () => {
		expect(thrownBy(InvalidInputError, () => prepareCustomerServiceMessage(OPENID, { msgtype: 'text', content: '  \n' })).message).toContain('Text is empty');
		expect(thrownBy(InvalidInputError, () => prepareCustomerServiceMessage('o a', { msgtype: 'text', content: 'x' })).message).toContain('is not an OpenID');
		expect(
			thrownBy(InvalidInputError, () => prepareCustomerServiceMessage(OPENID, { msgtype: 'miniprogrampage', title: 't', pagepath: 'pages/a b', thumbMediaId: 'm' })).message,
		).toContain('no spaces');
		const unknown = { msgtype: 'voice' } as unknown as CustomerServiceMessage; // what an expression could hand in
		expect(thrownBy(InvalidInputError, () => prepareCustomerServiceMessage(OPENID, unknown)).message).toContain('"voice" is not one of text, image, link, miniprogrampage');
	});
});

describe('the calls', () => {
	it('send: POST custom/send with the body, never resent when WeChat may have acted', async () => {
		const { client, calls } = acceptingClient();
		const body = prepareCustomerServiceMessage(OPENID, { msgtype: 'text', content: 'hi' });
		await sendCustomerServiceMessage(client, body);
		expect(calls).toEqual([{ method: 'POST', path: '/cgi-bin/message/custom/send', json: body, retry: 'not-accepted-only', operation: 'Send Customer Service Message' }]);
	});

	it('typing: POST custom/typing with touser and command, checked first', async () => {
		const { client, calls } = acceptingClient();
		await setTyping(client, OPENID, 'CancelTyping');
		expect(calls[0]).toMatchObject({ path: '/cgi-bin/message/custom/typing', json: { touser: OPENID, command: 'CancelTyping' }, retry: 'idempotent' });
		const error = await rejectionOf(InvalidInputError, setTyping(client, OPENID, 'typing' as TypingCommand));
		expect(error.message).toContain('not Typing or CancelTyping');
		expect(calls).toHaveLength(1);
	});
});

describe('customerServiceOutcome', () => {
	const answer = (errcode: number) => new WeChatApiError({ operation: 'Send Customer Service Message', kind: 'errcode', errcode });
	it('names 45015 and 45047, and nothing else', () => {
		expect(customerServiceOutcome(answer(45015))).toBe('window_closed');
		expect(customerServiceOutcome(answer(45047))).toBe('reply_limit');
		expect(customerServiceOutcome(answer(43101))).toBeUndefined();
		expect(customerServiceOutcome(new Error('x'))).toBeUndefined();
	});
});

describe('setTypingUnlessRefused', () => {
	const failing = (errcode: number) => ({
		call: async (): Promise<never> => Promise.reject(new WeChatApiError({ operation: 'Set Typing', kind: 'errcode', errcode })),
	});
	it('gives back 45015 as a value, rejects with anything else, resolves undefined on success', async () => {
		expect((await setTypingUnlessRefused(failing(45015), OPENID, 'Typing'))?.errcode).toBe(45015);
		expect((await rejectionOf(WeChatApiError, setTypingUnlessRefused(failing(40003), OPENID, 'Typing'))).errcode).toBe(40003);
		expect(await setTypingUnlessRefused(acceptingClient().client, OPENID, 'Typing')).toBeUndefined();
	});
});
