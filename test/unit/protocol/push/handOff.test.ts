import { isUserMessage, parseHandOffKeywords, wantsHandOff } from '../../../../nodes/protocol/push/handOff';

const text = (Content: string) => ({ ToUserName: 'gh_1', FromUserName: 'oUser', MsgType: 'text', Content });
const IMAGE = { ToUserName: 'gh_1', FromUserName: 'oUser', MsgType: 'image', PicUrl: 'https://example.com/a.jpg' };
const ENTER = { ToUserName: 'gh_1', FromUserName: 'oUser', MsgType: 'event', Event: 'user_enter_tempsession' };

describe('parseHandOffKeywords', () => {
	it('splits on ASCII and Chinese commas, 、 and new lines; trims, lower-cases and drops empty words', () => {
		expect(parseHandOffKeywords(' 人工, Human ,客服、投诉\nREFUND,, ')).toEqual(['人工', 'human', '客服', '投诉', 'refund']);
		expect(parseHandOffKeywords('  ')).toEqual([]);
	});
});

describe('wantsHandOff', () => {
	it('selects a text containing a word, ignoring case, and no other text', () => {
		expect(wantsHandOff(text('I want a HUMAN please'), ['human'])).toBe(true);
		expect(wantsHandOff(text('转人工'), ['人工'])).toBe(true);
		expect(wantsHandOff(text('订单到哪了'), ['人工', 'human'])).toBe(false);
	});

	it('with no words selects every user message, and never an event', () => {
		expect(wantsHandOff(text('hi'), [])).toBe(true);
		expect(wantsHandOff(IMAGE, [])).toBe(true);
		expect(wantsHandOff(IMAGE, ['人工'])).toBe(false);
		expect(wantsHandOff(ENTER, [])).toBe(false);
		expect(isUserMessage(ENTER)).toBe(false);
		expect(isUserMessage(IMAGE)).toBe(true);
	});
});
